/**
 * 私的認証局 / private CA in Chromium, served: vault passphrase → new CA → server certificate →
 * downloaded zip checked with openssl and a verified TLS handshake; then, after a reload, the vault
 * asks for the passphrase once (a wrong one is refused) and offers the stored CA.
 */
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { stopServers, tmpDir } from './checks.ts';
import { expect, expectNoKeyMaterial, test } from './fixtures.ts';
import { PASSPHRASE, runPrivateCaFlow } from './private-ca-driver.ts';

const dir = tmpDir('e2e-private-ca-');
test.afterAll(() => {
  stopServers();
  dir.cleanup();
});

for (const lang of ['ja', 'en'] as const) {
  test(`private CA (${lang}): vault → CA → server certificate → zip → openssl verify + TLS handshake`, async ({ page, guard }) => {
    await page.goto('/#/private-ca');
    await runPrivateCaFlow(page, { lang, host: `mail-${lang}.example.test`, dir: `${dir.path}/${lang}`, screenshot: 'private-ca' });

    // After a reload: unlock once (wrong passphrase refused), the CA is offered from the vault.
    const text = lang === 'ja' ? ja : en;
    await page.reload();
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { name: text['vault.unlock.title'] })).toBeVisible();
    // The unlock field by its id: its accessible name is "Passphrase (required)", and the create
    // form's "New passphrase" and the progress text also contain the word.
    await main.locator('#vault-pass').fill('not the passphrase');
    await main.getByRole('button', { name: text['vault.unlock.submit'] }).click();
    await expect(main.getByText(text === ja ? 'パスフレーズが違います。' : 'The passphrase is wrong.')).toBeVisible({ timeout: 30_000 });
    await main.locator('#vault-pass').fill(PASSPHRASE);
    await main.getByRole('button', { name: text['vault.unlock.submit'] }).click();
    await expect(main.getByLabel(text['private-ca.ca.pick'])).toContainText('Example Test Mail CA', { timeout: 30_000 });
    await main.getByRole('button', { name: text['vault.lock'] }).click();
    await expect(main.getByRole('heading', { name: text['vault.unlock.title'] })).toBeVisible();
    await expectNoKeyMaterial(page, guard);
  });
}
