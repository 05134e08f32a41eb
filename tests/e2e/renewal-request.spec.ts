/**
 * Renewing an outside CA's certificate in Chromium (issue 11 item 1: "renewal later reuses the key or
 * replaces it"): a .pfx made by openssl is brought in with 手持ちの証明書を使う, its key kept in the
 * vault; in 証明書の管理 the renewal CSR is made (ja: a new key of the same spec, the default; en: the
 * default discarded after confirming, then the kept key); openssl verifies the CSR and, playing the public CA, signs it; the answer comes back
 * through 公的運用's waiting request; the zip's server.key/server.cert verify (-untrusted) and match,
 * with the kept key (reuse) or another one (new; with reuse, the old certificate given as the answer is
 * refused first and no zip is offered); manage lists only the new certificate and shows
 * the old one as renewed from, superseded.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { BYO_HOST, BYO_PASSWORD, makeByoFixtures, makePfx } from '../interop/pki-fixtures.ts';
import { checkServerBundle, openssl, publicKeyOf, stopServers, tmpDir, writeFiles } from './checks.ts';
import { captureDownload, expect, expectNoKeyMaterial, expectNoSeriousA11y, gotoRoute, openFlow, test } from './fixtures.ts';
import { ok } from './public-ca-driver.ts';
import { chooseLang, createVault } from './ui-steps.ts';

const dir = tmpDir('e2e-renewal-');
test.afterAll(() => {
  stopServers();
  dir.cleanup();
});

const serialOf = async (path: string) => ok(await openssl('x509', '-in', path, '-noout', '-serial')).trim().replace(/^serial=0*/, '');

for (const { lang, choice } of [{ lang: 'ja', choice: 'new' }, { lang: 'en', choice: 'reuse' }] as const) {
  test(`renewal CSR of an outside certificate (${lang}, ${choice} key): own certificate kept → 証明書の管理 → openssl CA → waiting request → zip verifies; the old one superseded`, async ({ page, guard }) => {
    const text = lang === 'ja' ? ja : en;
    const fxDir = join(dir.path, lang);
    mkdirSync(fxDir);
    const fx = await makeByoFixtures(fxDir);
    await makePfx(fxDir, 'server.pfx', []);
    const main = page.getByRole('main');

    // 1. The certificate the user already has, kept in the vault with its key.
    await openFlow(page, 'served', 'own-certificate');
    await chooseLang(page, lang);
    await main.locator('#own-files').setInputFiles(fx.path('server.pfx'));
    await main.getByLabel(text['own.password.label'].replace('{name}', 'server.pfx')).fill(BYO_PASSWORD);
    await main.getByRole('button', { name: text['own.password.apply'] }).click();
    await expect(main.getByText(text['own.role.intermediate'], { exact: false })).toBeVisible({ timeout: 30_000 });
    await main.getByLabel(text['own.vault.keep']).check();
    await createVault(page, text);
    await main.getByRole('button', { name: text['own.build'] }).click();
    await expect(main.getByTestId('own-kept')).toHaveText(text['own.vault.kept'], { timeout: 60_000 });

    // 2. 証明書の管理: the renewal CSR, with the key choice, its spec and reasons.
    await gotoRoute(page, 'manage');
    await main.getByRole('button', { name: `${text['manage.list.select']}: ${BYO_HOST}` }).click({ timeout: 30_000 });
    await expect(main.getByRole('button', { name: text['manage.renew'] })).toHaveCount(0); // our CA cannot sign it
    await main.getByRole('button', { name: text['renewal.open'] }).click();
    const fresh = main.getByRole('radio', { name: text['renewal.key.new'].replace('{spec}', 'RSA 2048'), exact: false });
    const reuse = main.getByRole('radio', { name: text['renewal.key.reuse'], exact: false });
    await expect(fresh).toBeChecked({ timeout: 30_000 });
    await expect(main.getByText(text['renewal.key.new.why'])).toBeVisible();
    await expect(main.getByText(text['renewal.key.reuse.why'])).toBeVisible();
    await expect(reuse).toBeEnabled();
    await expectNoSeriousA11y(page);
    const make = main.getByRole('button', { name: text['renewal.make'] });
    if (choice === 'reuse') {
      // A CSR made with the default and not sent: discarded (only once confirmed), then the kept key chosen.
      await make.click();
      await expect(main.getByText(text['renewal.made'])).toBeVisible({ timeout: 60_000 });
      const discard = main.getByRole('button', { name: text['renewal.discard'] });
      await expect(discard).toBeDisabled();
      await main.getByLabel(text['renewal.discard.check']).check();
      await discard.click();
      await expect(reuse).toBeVisible({ timeout: 30_000 });
      await reuse.check();
    }
    await make.click();
    await expect(main.getByText(text['renewal.made'])).toBeVisible({ timeout: 60_000 });
    const csr = await captureDownload(page, () => main.getByRole('button', { name: text['renewal.download'] }).click());
    expect(csr.name).toBe(`${BYO_HOST}.csr`);
    const verified = await openssl('req', '-in', csr.path, '-verify', '-noout');
    expect(verified.code, verified.stderr).toBe(0);
    const csrKey = ok(await openssl('req', '-in', csr.path, '-noout', '-pubkey')).trim();
    const oldKey = await publicKeyOf(fx.path('leaf.key'), 'key');
    expect(csrKey === oldKey).toBe(choice === 'reuse');
    expect(ok(await openssl('req', '-in', csr.path, '-noout', '-subject', '-nameopt', 'RFC2253'))).toBe(ok(await openssl('x509', '-in', fx.path('leaf.pem'), '-noout', '-subject', '-nameopt', 'RFC2253')));

    // 3. openssl plays the public CA: signs the CSR (its SANs copied) with the intermediate.
    writeFiles(fxDir, { 'renew.ext': 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' });
    ok(await openssl('x509', '-req', '-in', csr.path, '-CA', fx.path('inter.pem'), '-CAkey', fx.path('inter.key'), '-CAcreateserial', '-days', '90', '-sha256',
      '-copy_extensions', 'copy', '-extfile', fx.path('renew.ext'), '-out', fx.path('renewed.pem')));

    // 4. The answer through 公的運用's waiting request, as every public-CA answer comes back.
    await main.getByRole('link', { name: text['renewal.next.link'] }).click();
    await expect(main.getByRole('heading', { level: 2 })).toHaveText(text['flow.public-ca.title']);
    const label = `${BYO_HOST}, smtp.example.test`;
    await expect(main.getByLabel(text['public-ca.vault.pick.label'])).toContainText(label, { timeout: 30_000 });
    await main.getByRole('button', { name: text['public-ca.vault.pick.use'] }).click();
    await expect(main.getByText(text['public-ca.vault.pick.ok'].replace('{label}', label).replace('{spec}', 'RSA 2048'))).toBeVisible({ timeout: 30_000 });
    const download = main.getByRole('button', { name: text['server.download'].replace('{name}', `xmail-tls-${BYO_HOST}-public-ca.zip`) });
    if (choice === 'reuse') {
      // With the kept key, the old certificate (still in the folder) passes the key check: refused, no zip offered.
      await main.getByLabel(text['public-ca.cert.paste']).fill(readFileSync(fx.path('leaf.pem'), 'utf8') + readFileSync(fx.path('inter.pem'), 'utf8'));
      await main.getByRole('button', { name: text['public-ca.cert.check'] }).click();
      await expect(main.getByText(text['error.store.RENEWAL_ANSWER_MISMATCH'])).toBeVisible({ timeout: 60_000 });
      await expect(download).toHaveCount(0);
    }
    await main.getByLabel(text['public-ca.cert.paste']).fill(readFileSync(fx.path('renewed.pem'), 'utf8') + readFileSync(fx.path('inter.pem'), 'utf8'));
    await main.getByRole('button', { name: text['public-ca.cert.check'] }).click();
    await expect(download).toBeVisible({ timeout: 60_000 });
    await expect(main.getByText(text['renewal.recorded'], { exact: false })).toBeVisible();
    const zip = await captureDownload(page, () => download.click());
    const check = await checkServerBundle(zip.bytes, join(fxDir, 'zip'), { caPath: '', caFile: fx.path('root.pem'), hostname: BYO_HOST });
    expect(check.certCount).toBe(2);
    expect(check.verify.code, check.verify.stderr + check.verify.stdout).toBe(0);
    expect(check.keyMatchesCert).toBe(true);
    expect(check.handshake.verified, check.handshake.client.stdout + check.handshake.client.stderr).toBe(true);
    expect((await publicKeyOf(join(fxDir, 'zip/MailRoot/server.key'), 'key')) === oldKey).toBe(choice === 'reuse');

    // 5. 証明書の管理: only the new certificate is listed; it was renewed from the old one, now superseded.
    await gotoRoute(page, 'manage');
    await expect(main.getByTestId('certificate-list').locator('tbody tr')).toHaveCount(1, { timeout: 30_000 });
    await main.getByRole('button', { name: `${text['manage.list.select']}: ${BYO_HOST}` }).click();
    const newSerial = await serialOf(fx.path('renewed.pem'));
    await expect(main.getByTestId('details-serial')).toHaveText(new RegExp(`^0*${newSerial}$`), { timeout: 30_000 });
    const renewedFrom = main.getByTestId('details-renewed-from');
    await expect(renewedFrom).toContainText(await serialOf(fx.path('leaf.pem')));
    await expect(renewedFrom).toContainText(lang === 'ja' ? '置き換え済み' : 'superseded');
    await expect(main.getByRole('button', { name: text['renewal.open'] })).toBeVisible(); // the new one renews the same way
    await expectNoKeyMaterial(page, guard);
  });
}
