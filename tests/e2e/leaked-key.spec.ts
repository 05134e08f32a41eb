/**
 * 秘密鍵が流出した場合の対応 (issue 17 item 7) in Chromium: the procedure is reached from 証明書の管理
 * and from 公的運用 with no vault at all, for a public-style certificate made by openssl in the test
 * (leaf under an intermediate): dropped as a file, or pasted. A key file dropped by mistake is
 * refused next to the field, and the next file replaces it. XMailCFG's menu names are there.
 * Also: the vault wizard's checkbox (the revoke-and-reissue button waits for it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { makeByoFixtures, type ByoFixtures } from '../interop/pki-fixtures.ts';
import { openssl, tmpDir } from './checks.ts';
import { expect, expectNoSeriousA11y, gotoRoute, openFlow, saveScreenshot, test } from './fixtures.ts';
import { runPrivateCaFlow } from './private-ca-driver.ts';
import { chooseLang } from './ui-steps.ts';

const dir = tmpDir('e2e-leak-');
test.afterAll(() => dir.cleanup());

let fx: ByoFixtures;
let serial: string;
test.beforeAll(async () => {
  fx = await makeByoFixtures(dir.path);
  const out = await openssl('x509', '-in', fx.path('leaf.pem'), '-noout', '-serial');
  serial = out.stdout.trim().replace(/^serial=/, '').toUpperCase();
});

for (const lang of ['ja', 'en'] as const) {
  test(`leaked key (${lang}): reached from 証明書の管理 and 公的運用 for a certificate not in the vault`, async ({ page }) => {
    const text = lang === 'ja' ? ja : en;
    const main = page.getByRole('main');
    await openFlow(page, 'served', 'manage');
    await chooseLang(page, lang);

    // From 証明書の管理, before any vault exists.
    await main.getByRole('link', { name: text['leak.entry'] }).click();
    await expect(main.getByRole('heading', { level: 2 })).toHaveText(text['flow.leaked-key.title']);
    await expect(main.getByTestId('leak-steps').locator('li')).toHaveCount(6);
    // XMailCFG's menus, named where the seed named them.
    await expect(main.getByTestId('leak-stop')).toContainText('[環境設定]-[XMail 環境設定]-[SSL/TLS 関連の設定]');
    await expect(main.getByTestId('leak-stop')).toContainText('[基本セットアップ]-[レジストリの登録]');

    // A key picked by mistake: refused beside the field; the right file then replaces it.
    const input = main.locator('#leak-cert-file');
    await input.setInputFiles(fx.path('leaf.key'));
    const error = main.getByRole('alert');
    await expect(error).toBeVisible({ timeout: 30_000 });
    const near = await page.evaluate(() => {
      const field = document.getElementById('leak-cert-file')!.getBoundingClientRect();
      const alert = document.querySelector('main [role="alert"]')!.getBoundingClientRect();
      return alert.top - field.bottom;
    });
    expect(near).toBeLessThan(400);
    await input.setInputFiles(fx.path('fullchain.pem'));
    await expect(main.getByTestId('leaked-certificate')).toContainText(serial, { timeout: 30_000 });
    await expect(main.getByRole('alert')).toHaveCount(0);
    const revoke = main.locator('[data-step="revoke"]');
    await expect(revoke).toContainText(serial);
    await expect(revoke).toContainText('BYO Test Intermediate');
    await expect(main.locator('[data-step="delete-cert"]')).toContainText('mail.example.test');
    await expect(main.locator('[data-step="new-key-and-cert"]').getByRole('link', { name: text['leak.link.public-ca'] })).toBeVisible();
    await expectNoSeriousA11y(page);
    await saveScreenshot(page, 'leaked-key', lang);

    // From 公的運用: the same procedure, the certificate pasted this time.
    await gotoRoute(page, 'public-ca');
    await main.getByRole('link', { name: text['leak.entry'] }).click();
    await expect(main.getByRole('heading', { level: 2 })).toHaveText(text['flow.leaked-key.title']);
    await main.getByLabel(text['leak.cert.paste']).fill(readFileSync(join(fx.dir, 'leaf.pem'), 'utf8'));
    await main.getByRole('button', { name: text['leak.cert.read'] }).click();
    await expect(main.locator('[data-step="revoke"]')).toContainText(serial, { timeout: 30_000 });
  });
}

test('the vault wizard (leaked key of a vault certificate): warned before, the button waits for the checkbox', async ({ page }) => {
  const text = en;
  const main = page.getByRole('main');
  await openFlow(page, 'served', 'private-ca');
  await runPrivateCaFlow(page, { lang: 'en', host: 'leak.example.test', dir: join(dir.path, 'wizard') });
  await gotoRoute(page, 'manage');
  await main.getByRole('button', { name: `${text['manage.list.select']}: leak.example.test` }).click();
  await main.getByRole('button', { name: text['manage.compromise.open'] }).click();
  const run = main.getByRole('button', { name: text['manage.compromise.run'] });
  await expect(main.getByTestId('manage-compromise-check-warning')).toHaveText(text['manage.compromise.intro']);
  await expect(main.getByTestId('manage-compromise-check-warning')).toBeVisible();
  await expect(run).toBeDisabled();
  // The revoke panel's own checkbox (same words) does not arm the wizard's button.
  await main.locator('#manage-revoke-check').check();
  await expect(run).toBeDisabled();
  await main.locator('#manage-compromise-check').check();
  await expect(run).toBeEnabled();
  await run.click();
  await expect(main.getByText(text['manage.compromise.done'].replace('{revoked}', '1').replace('{reissued}', '1'))).toBeVisible({ timeout: 60_000 });
  await expect(main.getByRole('button', { name: text['manage.compromise.download'] })).toBeVisible();
});
