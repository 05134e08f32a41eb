/**
 * 現在の環境 / current setup in Chromium: the stock server.tab and an openssl-made key and
 * certificate that do not belong together → the report names the findings (data-finding-id) in
 * both languages; a whole MailRoot folder through the webkitdirectory input; a 50 MB file refused
 * unread. Screenshots in ja and en; axe on the report.
 */
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { openssl, tmpDir } from './checks.ts';
import { expect, expectNoKeyMaterial, expectNoSeriousA11y, MODE_LANGS, openFlow, RUN_MODES, saveScreenshot, test } from './fixtures.ts';
import { chooseLang } from './ui-steps.ts';

const STOCK = new URL('../fixtures/xmail/server.tab', import.meta.url);
const dir = tmpDir('e2e-current-');
test.afterAll(() => dir.cleanup());

/** server.tab (stock), server.key of one RSA key, server.cert (self-signed, xmailserver.test) of another. */
async function mismatchedFiles(): Promise<string[]> {
  const d = join(dir.path, `pair-${Math.random().toString(36).slice(2)}`);
  mkdirSync(d);
  const a = await openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', join(d, 'server.key'));
  expect(a.code, a.stderr).toBe(0);
  const b = await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(d, 'other.key'), '-out', join(d, 'server.cert'),
    '-days', '200', '-subj', '/CN=xmailserver.test', '-addext', 'subjectAltName=DNS:xmailserver.test');
  expect(b.code, b.stderr).toBe(0);
  writeFileSync(join(d, 'server.tab'), readFileSync(STOCK));
  return ['server.tab', 'server.key', 'server.cert'].map((n) => join(d, n));
}

const findingIds = (page: Page) => page.locator('[data-finding-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding-id')));

for (const { mode, lang } of MODE_LANGS) {
  test(`current setup (${lang}, ${mode}): stock server.tab + mismatched pair → the findings`, async ({ page, guard }) => {
    const text = lang === 'ja' ? ja : en;
    await openFlow(page, mode, 'current');
    await chooseLang(page, lang);
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { level: 2 })).toHaveText(text['flow.current.title']);
    // The default target, with its limits shown beside the choice.
    await expect(main.getByLabel(text['settings.target.label'])).toHaveValue('official-1.27-win');

    await main.locator('#current-files').setInputFiles(await mismatchedFiles());
    const report = main.getByTestId('current-report');
    await expect(report).toBeVisible();
    const ids = await findingIds(page);
    expect(ids).toEqual(expect.arrayContaining(['KEY_MISMATCH', 'CERT_SELF_SIGNED', 'CERT_VALID', 'CERT_HOSTS_COVERED', 'STARTTLS_OFFERED_FAILS', 'IMPLICIT_TLS_LISTENING_FAILS', 'TARGET_TLS_1_0_ONLY']));
    // A mismatched pair: no "XMail can use it", no "encryption available" (issue 16).
    for (const id of ['KEY_MISSING', 'KEY_OK', 'STARTTLS_OFFERED', 'IMPLICIT_TLS_LISTENING']) expect(ids).not.toContain(id);
    // The mismatch is under the errors, in the user's language, with a link into the flow that fixes it.
    const mismatch = report.locator('[data-severity="error"] [data-finding-id="KEY_MISMATCH"]');
    await expect(mismatch).toContainText(text['current.finding.KEY_MISMATCH']);
    await expect(mismatch.getByRole('link', { name: text['current.fix.self-signed'] })).toHaveAttribute('href', '#/self-signed');
    // The services table follows the same facts: STARTTLS offered on 25/110/6017 and SSL listening on
    // 465/995/6018, every handshake failing.
    const rows = main.getByTestId('current-services').locator('tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute('data-service')}:${tr.querySelector('td')?.textContent}:${tr.getAttribute('data-state')}`)))
      .toEqual(['SMTP:25:tls-fails', 'POP3:110:tls-fails', 'CTRL:6017:tls-fails', 'SMTPS:465:tls-fails', 'POP3S:995:tls-fails', 'CTRLS:6018:tls-fails']);
    await expect(rows.first()).toContainText(text['current.services.state.starttlsFails']);
    await expect(rows.nth(3)).toContainText(text['current.services.state.implicitFails']);
    await expect(main.getByTestId('current-certificate')).toContainText('CN=xmailserver.test');

    // The pasted command line switches the SSL ports off; the report follows after "check".
    await main.getByLabel(text['current.cmd.label']).fill('-B- -W- -X-');
    await main.getByRole('button', { name: text['current.run'] }).click();
    await expect(report.locator('[data-finding-id="IMPLICIT_TLS_OFF"]')).toHaveCount(3);
    await expect(main.getByTestId('current-services').locator('tr[data-service="SMTPS"]')).toHaveAttribute('data-tls', 'off');

    // Another target: the official build's TLS 1.0 warning disappears.
    await main.getByLabel(text['settings.target.label']).selectOption('openssl-1.0.1+');
    await expect(report.locator('[data-finding-id="TARGET_TLS_1_0_ONLY"]')).toHaveCount(0);

    await expectNoSeriousA11y(page);
    if (mode === 'served') await saveScreenshot(page, 'current', lang);
    await expectNoKeyMaterial(page, guard);
  });
}

for (const mode of RUN_MODES) {
  test(`current setup: a whole MailRoot folder (${mode})`, async ({ page, guard }) => {
    const root = join(dir.path, `folder-${mode}`, 'MailRoot');
    mkdirSync(join(root, 'certs'), { recursive: true });
    mkdirSync(join(root, 'spool'), { recursive: true });
    writeFileSync(join(root, 'server.tab'), readFileSync(STOCK));
    writeFileSync(join(root, 'spool', 'big.log'), 'x'.repeat(10));
    await openFlow(page, mode, 'current');
    await chooseLang(page, 'en');
    await page.locator('#current-folder').setInputFiles(join(dir.path, `folder-${mode}`));
    await expect(page.getByTestId('current-report')).toBeVisible();
    const ids = await findingIds(page);
    // A folder is a complete MailRoot: what is absent is missing.
    expect(ids).toEqual(expect.arrayContaining(['KEY_MISSING', 'CERT_MISSING', 'STARTTLS_OFFERED_FAILS', 'IMPLICIT_TLS_LISTENING_FAILS']));
    await expect(page.getByTestId('current-files')).toContainText('MailRoot/spool/big.log');
    await expect(page.getByTestId('current-files')).toContainText(en['current.role.unused']);
    await expectNoKeyMaterial(page, guard);
  });
}

test('current setup: server.tab alone says server.key and server.cert were not checked (issue 16)', async ({ page }) => {
  await page.goto('/#/current');
  await chooseLang(page, 'ja');
  await page.locator('#current-files').setInputFiles(STOCK.pathname);
  const report = page.getByTestId('current-report');
  await expect(report).toContainText(ja['current.report.notChecked.both']);
  // Key and certificate unknown: the table does not promise encryption.
  await expect(page.getByTestId('current-services').locator('tr[data-service="SMTP"]')).toHaveAttribute('data-state', 'tls-unchecked');
  await expect(page.getByTestId('current-services').locator('tr[data-service="SMTP"]')).toContainText(ja['current.services.state.tlsUnchecked']);
});

test('current setup: a 50 MB file is refused with a message, unread', async ({ page }) => {
  const big = join(dir.path, 'server.cert');
  writeFileSync(big, '');
  truncateSync(big, 50 * 1024 * 1024);
  await page.goto('/#/current');
  await chooseLang(page, 'en');
  await page.locator('#current-files').setInputFiles(big);
  await expect(page.getByRole('alert')).toContainText('server.cert');
  await expect(page.getByRole('alert')).toContainText('50.0 MB');
  await expect(page.getByTestId('current-report')).toHaveCount(0);
});
