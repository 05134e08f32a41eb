/**
 * 公的運用 / public CA in Chromium: form → CSR downloaded (openssl req -verify, SANs) and the key
 * file downloaded (encrypted, opens with openssl); an openssl CA in the test signs the CSR; the
 * certificate and intermediate are pasted back in reverse order; the downloaded zip's server.cert
 * is leaf first, verifies against the root and serves a verified TLS handshake. Then the same after
 * a reload, with the kept key file dropped back. And with the key kept in the vault instead: a new
 * vault, CSR, reload, unlock, the pending request picked, the answer pasted, the same checks; the
 * request is then complete (gone from the list). The key-file run also goes from file:// with the
 * network cut (issue 6), same body and checks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { checkServerBundle, openssl, stopServers, tmpDir } from './checks.ts';
import { captureDownload, expect, expectNoKeyMaterial, expectNoSeriousA11y, MODE_LANGS, openFlow, saveScreenshot, test } from './fixtures.ts';
import { PASSPHRASE } from './private-ca-driver.ts';
import { makeCa, ok, signCsr } from './public-ca-driver.ts';

const HOSTS = ['mail.example.test', 'smtp.example.test'];
const KEY_PASSWORD = 'keep this key safe';
const dir = tmpDir('e2e-public-ca-');
const p = (name: string) => join(dir.path, name);
test.afterAll(() => {
  stopServers();
  dir.cleanup();
});

async function pasteAndCheck(page: Page, text: typeof ja | typeof en, prefix: string, leafPem: string, out: string): Promise<void> {
  const main = page.getByRole('main');
  // Reverse order on purpose: intermediate first, then the leaf, then the root.
  await main.getByLabel(text['public-ca.cert.paste']).fill(readFileSync(p(`${prefix}inter.pem`), 'utf8') + leafPem + readFileSync(p(`${prefix}root.pem`), 'utf8'));
  await main.getByRole('button', { name: text['public-ca.cert.check'] }).click();
  const download = main.getByRole('button', { name: text['server.download'].replace('{name}', `xmail-tls-${HOSTS[0]}-public-ca.zip`) });
  await expect(download).toBeVisible({ timeout: 60_000 });
  await expect(main.getByText(text['public-ca.cert.root'])).toBeVisible();
  const got = await captureDownload(page, () => download.click());
  const check = await checkServerBundle(got.bytes, p(out), { caPath: '', caFile: p(`${prefix}root.pem`), hostname: HOSTS[1]! });
  expect(check.certCount).toBe(2);
  writeFileSync(p(`${out}-first.pem`), /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/.exec(new TextDecoder().decode(check.files.get('MailRoot/server.cert')))![0]);
  expect(ok(await openssl('x509', '-in', p(`${out}-first.pem`), '-noout', '-subject'))).toContain(HOSTS[0]);
  expect(check.verify.code, check.verify.stderr + check.verify.stdout).toBe(0);
  expect(check.keyMatchesCert).toBe(true);
  expect(check.handshake.verified, check.handshake.client.stdout + check.handshake.client.stderr).toBe(true);
  expect([...check.files.keys()].some((k) => k.startsWith('clients/'))).toBe(false);
}

for (const { mode, lang } of MODE_LANGS) {
  test(`public CA (${lang}, ${mode}): CSR → openssl CA → certificate + intermediate back → zip → verify + handshake; again after a reload with the key file`, async ({ page, guard }) => {
    const text = lang === 'ja' ? ja : en;
    const served = mode === 'served';
    const prefix = `${mode}-${lang}-`;
    await makeCa(dir.path, prefix);
    await openFlow(page, mode, 'public-ca');
    await page.getByRole('banner').getByRole('combobox').selectOption(lang);
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { level: 2 })).toHaveText(text['flow.public-ca.title']);
    await expect(main.getByText(text['public-ca.validity.title'])).toBeVisible();

    const hosts = main.getByLabel(text['server.hostNames.label']);
    await hosts.fill('192.0.2.10');
    await expect(main.getByText(text['server.issue.san.publicIp'].replace('{value}', '192.0.2.10'))).toBeVisible();
    await hosts.fill(HOSTS.join(', '));
    await expectNoSeriousA11y(page);
    if (served) await saveScreenshot(page, 'public-ca-form', lang);
    await main.getByRole('button', { name: text['public-ca.make'] }).click();

    // The CSR: openssl verifies its signature and sees both SANs.
    const csrButton = main.getByRole('button', { name: text['public-ca.csr.download'].replace('{name}', `${HOSTS[0]}.csr`) });
    await expect(csrButton).toBeVisible({ timeout: 60_000 });
    const csr = await captureDownload(page, () => csrButton.click());
    const req = await openssl('req', '-in', csr.path, '-verify', '-noout', '-text');
    expect(req.code, req.stderr).toBe(0);
    expect(req.stderr + req.stdout).toMatch(/verify OK|Certificate request self-signature verify OK/);
    for (const h of HOSTS) expect(req.stdout).toContain(`DNS:${h}`);

    // The key file: encrypted with the password, opens with openssl.
    await main.getByLabel(text['public-ca.key.password.label']).fill(KEY_PASSWORD);
    const keyFile = await captureDownload(page, () => main.getByRole('button', { name: text['public-ca.key.download'].replace('{name}', `${HOSTS[0]}.key.pem`) }).click());
    expect(readFileSync(keyFile.path, 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    ok(await openssl('pkey', '-in', keyFile.path, '-passin', `pass:${KEY_PASSWORD}`, '-noout'));
    await expectNoSeriousA11y(page);
    if (served) await saveScreenshot(page, 'public-ca', lang);

    const leafPem = await signCsr(dir.path, prefix, csr.path);
    await pasteAndCheck(page, text, prefix, leafPem, `${prefix}first-run`);

    // After a reload: the key file dropped back (with its password), the same answer, the same checks.
    await page.reload();
    await main.getByLabel(text['public-ca.key.reload.password']).fill(KEY_PASSWORD);
    await main.locator('#public-ca-key-file').setInputFiles(keyFile.path);
    await expect(main.getByText(text['public-ca.key.reload.ok'].replace('{spec}', 'RSA 2048'))).toBeVisible({ timeout: 30_000 });
    await pasteAndCheck(page, text, prefix, leafPem, `${prefix}reloaded`);
    await expectNoKeyMaterial(page, guard);
  });
}

for (const lang of ['ja', 'en'] as const) {
  test(`public CA (${lang}): key kept in the vault → reload → unlock → pick the pending request → CA answer → verify + handshake`, async ({ page, guard }) => {
    const text = lang === 'ja' ? ja : en;
    const prefix = `${lang}-vault-`;
    await makeCa(dir.path, prefix);
    await page.goto('/#/public-ca');
    await page.getByRole('banner').getByRole('combobox').selectOption(lang);
    const main = page.getByRole('main');
    await main.getByLabel(text['server.hostNames.label']).fill(HOSTS.join(', '));

    // No vault yet: keeping is off until chosen; choosing it asks for a new vault first.
    const keep = main.getByRole('checkbox', { name: text['public-ca.vault.keep'] });
    await expect(keep).not.toBeChecked();
    await keep.check();
    const make = main.getByRole('button', { name: text['public-ca.make'] });
    await expect(make).toBeDisabled();
    await main.getByLabel(text['vault.create.label']).fill(PASSPHRASE);
    await main.getByLabel(text['vault.create.confirm']).fill(PASSPHRASE);
    await main.getByRole('button', { name: text['vault.create.submit'] }).click();
    await expect(main.getByText(text['vault.unlocked'])).toBeVisible({ timeout: 60_000 });
    await expect(keep).toBeChecked();
    await make.click();

    const label = HOSTS.join(', ');
    await expect(main.getByText(text['public-ca.vault.kept'].replace('{label}', label))).toBeVisible({ timeout: 60_000 });
    const csr = await captureDownload(page, () => main.getByRole('button', { name: text['public-ca.csr.download'].replace('{name}', `${HOSTS[0]}.csr`) }).click());
    // The key file stays offered (a spare copy, here without a password).
    const keyFile = await captureDownload(page, () => main.getByRole('button', { name: text['public-ca.key.download'].replace('{name}', `${HOSTS[0]}.key.pem`) }).click());
    expect(readFileSync(keyFile.path, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    await expectNoSeriousA11y(page);
    await saveScreenshot(page, 'public-ca-vault-kept', lang);

    const leafPem = await signCsr(dir.path, prefix, csr.path);

    // A new page: the request waits in the vault; unlock, pick it, paste the answer.
    await page.reload();
    await expect(main.getByRole('heading', { name: text['public-ca.vault.pick.title'] })).toBeVisible({ timeout: 30_000 });
    await main.getByRole('textbox', { name: text['vault.unlock.label'] }).fill(PASSPHRASE);
    await main.getByRole('button', { name: text['vault.unlock.submit'] }).click();
    const picker = main.getByLabel(text['public-ca.vault.pick.label']);
    await expect(picker).toContainText(label, { timeout: 60_000 });
    await expect(keep).toBeChecked(); // on by default while the vault is unlocked
    await main.getByRole('button', { name: text['public-ca.vault.pick.use'] }).click();
    await expect(main.getByText(text['public-ca.vault.pick.ok'].replace('{label}', label).replace('{spec}', 'RSA 2048'))).toBeVisible({ timeout: 30_000 });
    await expect(main.getByText(text['public-ca.key.reload.hint'])).toHaveCount(0); // no key file needed now
    await expectNoSeriousA11y(page);
    await saveScreenshot(page, 'public-ca-vault-pick', lang);
    await pasteAndCheck(page, text, prefix, leafPem, `${prefix}from-vault`);
    await expect(main.getByText(text['public-ca.vault.recorded'])).toBeVisible();

    // The key from the vault is the key of the spare file and of the certificate.
    writeFileSync(p(`${prefix}leaf-only.pem`), leafPem);
    const certPub = ok(await openssl('x509', '-in', p(`${prefix}leaf-only.pem`), '-pubkey', '-noout'));
    expect(ok(await openssl('pkey', '-in', keyFile.path, '-pubout'))).toBe(certPub);

    // Completed: in IndexedDB the request is gone and the certificate is an outside one with its key.
    const stored = await page.evaluate(
      () =>
        new Promise<{ pending: number; certs: Array<{ caId: unknown; keyId: unknown; chain: number }> }>((resolve, reject) => {
          const open = indexedDB.open('xmail-tls');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(['pendingRequests', 'certificates']);
            const pending = tx.objectStore('pendingRequests').count();
            const certs = tx.objectStore('certificates').getAll();
            tx.oncomplete = () => {
              resolve({
                pending: pending.result,
                certs: certs.result.map((c: { caId: unknown; keyId: unknown; chain?: unknown[] }) => ({ caId: c.caId, keyId: c.keyId, chain: c.chain?.length ?? 0 })),
              });
              open.result.close();
            };
          };
        }),
    );
    expect(stored.pending).toBe(0);
    expect(stored.certs).toEqual([{ caId: null, keyId: expect.any(String), chain: 1 }]);
    await page.reload();
    await expect(main.getByRole('heading', { level: 2 })).toHaveText(text['flow.public-ca.title']);
    await expect(main.getByRole('heading', { name: text['public-ca.vault.pick.title'] })).toHaveCount(0);
    await expectNoKeyMaterial(page, guard);
  });
}

for (const lang of ['ja', 'en'] as const) {
  test(`host names (${lang}): the names that go into the CSR are shown first; a space splits and a dot-less name is refused in public-CA mode, not in self-signed`, async ({ page }) => {
    const text = lang === 'ja' ? ja : en;
    await openFlow(page, 'served', 'public-ca');
    await page.getByRole('banner').getByRole('combobox').selectOption(lang);
    const main = page.getByRole('main');
    await main.getByLabel(text['server.hostNames.label']).fill('mail example.com');
    const names = main.getByTestId('public-ca-names');
    await expect(names).toContainText(text['server.names.title'].replace('{count}', '2'));
    await expect(names.locator('li')).toHaveText(['mail', 'example.com']);
    await expect(names.getByText(text['server.names.spaceSplits'])).toBeVisible();
    await expect(main.getByText(text['server.issue.san.dns.noDot'].replace('{value}', 'mail'))).toBeVisible();
    await main.getByRole('button', { name: text['public-ca.make'] }).click();
    await expect(main.getByRole('button', { name: text['public-ca.csr.download'].replace('{name}', 'mail.csr') })).toHaveCount(0);
    await expect(main.getByText(text['server.issue.san.dns.noDot'].replace('{value}', 'mail'))).toBeVisible();
    // Full-width separators are separators, as a Japanese IME types them.
    await main.getByLabel(text['server.hostNames.label']).fill('mail.example.com，smtp.example.com');
    await expect(names.locator('li')).toHaveText(['mail.example.com', 'smtp.example.com']);
    await expect(names.getByText(text['server.names.spaceSplits'])).toHaveCount(0);
    await expect(main.getByText(text['server.issue.san.dns.noDot'].replace('{value}', 'mail'))).toHaveCount(0);

    // Self-signed: a LAN name without a dot is fine, but the list still shows what goes in.
    await openFlow(page, 'served', 'self-signed');
    await main.getByLabel(text['server.hostNames.label']).fill('mail example.com');
    await expect(main.getByTestId('self-signed-names').locator('li')).toHaveText(['mail', 'example.com']);
    await expect(main.getByText(text['server.issue.san.dns.noDot'].replace('{value}', 'mail'))).toHaveCount(0);
  });
}
