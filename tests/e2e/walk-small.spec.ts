/**
 * Small things that cost trust (issue 17 item 8), each a test that failed on main first:
 * after a restore into a fresh browser the success message stays above the unlock screen;
 * in 公的運用 step 2 a key-file error shows beside the key field (not at the page bottom), the retry
 * button does not repeat the heading's words, and a wrong answer file is replaced by the next pick.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { makeByoFixtures } from '../interop/pki-fixtures.ts';
import { openssl, tmpDir, writeFiles } from './checks.ts';
import { captureDownload, expect, openFlow, test } from './fixtures.ts';
import { chooseLang, createVault, VAULT_PASSPHRASE } from './ui-steps.ts';

const dir = tmpDir('e2e-walk-');
test.afterAll(() => dir.cleanup());

/** How far below `fieldSelector` the first alert in main starts (negative: above it). */
function alertBelow(page: Page, fieldSelector: string): Promise<number> {
  return page.evaluate((sel) => {
    const field = document.querySelector(sel)!.getBoundingClientRect();
    const alert = document.querySelector('main [role="alert"]')!.getBoundingClientRect();
    return alert.top - field.bottom;
  }, fieldSelector);
}

for (const lang of ['ja', 'en'] as const) {
  test(`restore into a fresh browser (${lang}): the success message is shown before the unlock screen`, async ({ page, browser, baseURL }) => {
    const text = lang === 'ja' ? ja : en;
    const main = page.getByRole('main');
    await openFlow(page, 'served', 'manage');
    await chooseLang(page, lang);
    await createVault(page, text);
    const backup = await captureDownload(page, () => main.getByRole('button', { name: text['manage.backup.download'] }).click());

    const context = await browser.newContext({ baseURL: baseURL!, acceptDownloads: true });
    const other = await context.newPage();
    await other.goto('/#/manage');
    await chooseLang(other, lang);
    const otherMain = other.getByRole('main');
    await otherMain.locator('#restore-empty-file').setInputFiles({ name: backup.name, mimeType: 'application/json', buffer: Buffer.from(readFileSync(backup.path)) });
    await otherMain.locator('#restore-empty-passphrase').fill(VAULT_PASSPHRASE);
    await otherMain.getByRole('button', { name: text['manage.restore.submit'], exact: true }).click();
    await expect(otherMain.getByRole('button', { name: text['vault.unlock.submit'] })).toBeVisible({ timeout: 30_000 });
    const done = text['manage.restore.done'].split('{')[0]!;
    await expect(otherMain.locator('.notice.success').getByText(done, { exact: false })).toBeVisible();
    await context.close();
  });
}

for (const lang of ['ja', 'en'] as const) {
  test(`公的運用 step 2 (${lang}): errors beside the field, a retry button of its own words, a wrong file replaced by the next`, async ({ page }) => {
    const text = lang === 'ja' ? ja : en;
    mkdirSync(join(dir.path, lang));
    const fx = await makeByoFixtures(join(dir.path, lang));
    const encrypted = await openssl('pkey', '-in', fx.path('leaf.key'), '-aes256', '-passout', 'pass:Key-File-Pass-1', '-out', fx.path('leaf-enc.key'));
    expect(encrypted.code, encrypted.stderr).toBe(0);
    writeFiles(fx.dir, { 'notes.txt': 'not a certificate\n' });
    const main = page.getByRole('main');
    await openFlow(page, 'served', 'public-ca');
    await chooseLang(page, lang);

    // The kept key file, encrypted, picked without its password: the error is right under the key field.
    await main.locator('#public-ca-key-file').setInputFiles(fx.path('leaf-enc.key'));
    await expect(main.getByRole('alert')).toBeVisible({ timeout: 30_000 });
    const below = await alertBelow(page, '#public-ca-key-file-password');
    expect(below).toBeGreaterThanOrEqual(0);
    expect(await alertBelow(page, '#public-ca-cert-text')).toBeLessThan(0);
    // The retry button says what it does, not the heading's words.
    await expect(main.getByRole('button', { name: text['public-ca.key.reload.label'], exact: true })).toHaveCount(0);
    await main.getByLabel(text['public-ca.key.reload.password']).fill('Key-File-Pass-1');
    await main.getByRole('button', { name: text['walk.key.retry'] }).click();
    await expect(main.getByText(text['public-ca.key.reload.ok'].split('(')[0]!.trim())).toBeVisible({ timeout: 30_000 });
    await expect(main.getByRole('alert')).toHaveCount(0);

    // A wrong answer file, then the right ones: the wrong one is replaced, no reload, no remove click.
    await main.locator('#public-ca-cert-file').setInputFiles(fx.path('notes.txt'));
    await expect(main.getByTestId('answer-file')).toHaveCount(1);
    await expect(main.getByTestId('answer-file').getByRole('alert')).toBeVisible();
    await main.locator('#public-ca-cert-file').setInputFiles([fx.path('leaf.pem'), fx.path('inter.pem')]);
    await expect(main.getByTestId('answer-file')).toHaveCount(2);
    await expect(main.getByTestId('answer-file').filter({ hasText: 'notes.txt' })).toHaveCount(0);
    await main.getByRole('button', { name: text['public-ca.cert.check'] }).click();
    await expect(main.getByRole('button', { name: text['server.download'].replace('{name}', 'xmail-tls-mail.example.test-public-ca.zip') })).toBeVisible({ timeout: 60_000 });
  });
}
