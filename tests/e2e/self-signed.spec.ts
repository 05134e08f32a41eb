/**
 * 私的運用 / self-signed, end to end in Chromium: first screen → form → downloaded zip, then the
 * zip's files through openssl (verify against the certificate itself, key ↔ certificate, a real
 * TLS handshake with -verify_return_error and -verify_hostname). Served in ja and en (screenshots,
 * axe), and the same body from file:// with the network cut (issue 6).
 */
import { readFileSync } from 'node:fs';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { checkServerBundle, stopServers, tmpDir } from './checks.ts';
import { captureDownload, expect, expectNoKeyMaterial, expectNoSeriousA11y, MODE_LANGS, openFlow, saveScreenshot, test } from './fixtures.ts';
import { chooseLang } from './ui-steps.ts';

const HOST = 'mail.example.test';
const dir = tmpDir('e2e-self-signed-');
test.afterAll(() => {
  stopServers();
  dir.cleanup();
});

for (const { mode, lang } of MODE_LANGS) {
  test(`self-signed (${lang}, ${mode}): form → zip → openssl verify + TLS handshake`, async ({ page, guard }) => {
    const text = lang === 'ja' ? ja : en;
    const served = mode === 'served';
    await openFlow(page, mode, 'self-signed');
    await chooseLang(page, lang);
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { level: 2 })).toHaveText(text['flow.self-signed.title']);
    await expect(main.getByText(text['self-signed.clientsWarn.title'])).toBeVisible();

    // Defaults are shown with their reasons.
    await expect(main.getByLabel(text['server.key.label'])).toHaveValue('rsa-2048');
    await expect(main.getByLabel(text['server.validity.label'])).toHaveValue('397');

    // Validation as the user types, beside the field.
    const hosts = main.getByLabel(text['server.hostNames.label']);
    await hosts.fill('bad_name.example');
    await expect(main.getByText(text['server.issue.san.dns.character'].replace('{value}', 'bad_name.example'))).toBeVisible();
    await main.getByLabel(text['server.validity.label']).fill('900');
    await expect(main.getByText(text['server.issue.validity.apple'].replace('{max}', '825'))).toBeVisible();
    await main.getByLabel(text['server.validity.label']).fill('397');

    // A server.tab fills the host names when the field is empty.
    await hosts.fill('');
    const tab = `"RootDomain"\t"${HOST}"\r\n"SmtpServerDomain"\t"${HOST}"\r\n`;
    await main.locator('input[type=file]').first().setInputFiles({ name: 'server.tab', mimeType: 'text/plain', buffer: Buffer.from(tab) });
    await expect(hosts).toHaveValue(HOST);
    await hosts.fill(`${HOST}, 127.0.0.1`);

    await expectNoSeriousA11y(page);
    if (served) await saveScreenshot(page, 'self-signed-form', lang);

    await main.getByRole('button', { name: text['server.make'] }).click();
    const download = main.getByRole('button', { name: new RegExp(`xmail-tls-${HOST.replace(/\./g, '\\.')}-self-signed\\.zip`) });
    await expect(download).toBeVisible({ timeout: 60_000 });
    await expect(main.getByTestId('fingerprint')).toHaveText(/^[0-9A-F:]+$/i);
    await expectNoSeriousA11y(page);
    if (served) await saveScreenshot(page, 'self-signed', lang);

    const got = await captureDownload(page, () => download.click());
    expect(got.name).toBe(`xmail-tls-${HOST}-self-signed.zip`);

    const check = await checkServerBundle(got.bytes, `${dir.path}/${mode}-${lang}`, { caPath: 'clients/server-selfsigned.pem', hostname: HOST });
    const paths = [...check.files.keys()];
    expect(paths).toEqual(expect.arrayContaining(['MailRoot/server.key', 'MailRoot/server.cert', 'clients/server-selfsigned.cer', 'INSTALL.ja.txt', 'INSTALL.en.txt', 'MailRoot/server.tab']));
    expect(check.verify.code, check.verify.stderr + check.verify.stdout).toBe(0);
    expect(check.verify.stdout).toMatch(/: OK\s*$/);
    expect(check.keyMatchesCert).toBe(true);
    expect(check.certCount).toBe(1);
    expect(readFileSync(`${check.dir}/MailRoot/server.key`, 'utf8')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(check.handshake.verified, check.handshake.client.stdout + check.handshake.client.stderr).toBe(true);
    // The merged server.tab keeps the user's lines and turns TLS on.
    const merged = new TextDecoder().decode(check.files.get('MailRoot/server.tab'));
    expect(merged).toContain(`"RootDomain"\t"${HOST}"`);
    expect(merged).toMatch(/"EnableSMTP-TLS"\t"1"/);
    await expectNoKeyMaterial(page, guard);
  });
}
