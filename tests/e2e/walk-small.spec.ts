/**
 * Small things that cost trust (issue 17 item 8), each a test that failed on main first:
 * after a restore into a fresh browser the success message stays above the unlock screen.
 */
import { readFileSync } from 'node:fs';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { captureDownload, expect, openFlow, test } from './fixtures.ts';
import { chooseLang, createVault, VAULT_PASSPHRASE } from './ui-steps.ts';

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
