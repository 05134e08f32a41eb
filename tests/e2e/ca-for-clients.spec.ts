/**
 * CA証明書 / CA for client verification, end to end in Chromium: vault → create the client CA
 * (validation beside the fields) → choose SSLWantCert and see its consequences BEFORE the download
 * (the download stays disabled until they are acknowledged) → zip. In Node: certs/ names equal
 * `openssl x509 -hash` / `-subject_hash_old`, and `openssl verify -CApath MailRoot/certs` accepts a
 * client certificate issued by the page. Screenshots in ja and en; axe on each screen. The same
 * body runs from file:// with the network cut (issue 6), in one language.
 */
import { join } from 'node:path';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { interpolate } from '../../src/i18n/translate.ts';
import { opensslSubjectHashes, opensslVerify, pkcs12ToPem, tmpDir, unzipToMap, writeFiles, writeTree } from './checks.ts';
import { captureDownload, expect, expectNoKeyMaterial, expectNoSeriousA11y, gotoRoute, MODE_LANGS, openFlow, saveScreenshot, test } from './fixtures.ts';
import { chooseLang, createVault } from './ui-steps.ts';

const dir = tmpDir('e2e-ca-for-clients-');
test.afterAll(() => dir.cleanup());

for (const { mode, lang } of MODE_LANGS) {
  test(`CA for client verification (${lang}, ${mode}): consequences before download → zip → openssl hash names and verify -CApath`, async ({ page, guard }) => {
    const text = lang === 'ja' ? ja : en;
    const served = mode === 'served';
    const out = join(dir.path, `${mode}-${lang}`);
    await openFlow(page, mode, 'ca-for-clients');
    await chooseLang(page, lang);
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { level: 2 })).toHaveText(text['flow.ca-for-clients.title']);
    await createVault(page, text);
    await expect(main.getByText(text['ca-for-clients.pick.none'])).toBeVisible();

    // Defaults with their reasons; validation beside the field as the user types.
    await expect(main.getByLabel(text['ca-for-clients.key.label'])).toHaveValue('rsa-2048');
    await expect(main.getByLabel(text['ca-for-clients.validity.label'])).toHaveValue('3650');
    await main.getByLabel(text['ca-for-clients.key.label']).selectOption('ec-p-256');
    await expect(main.getByText(text['ca-for-clients.issue.key.kindTarget'])).toBeVisible();
    await main.getByLabel(text['ca-for-clients.key.label']).selectOption('rsa-2048');
    await main.getByLabel(text['ca-for-clients.validity.label']).fill('0');
    await expect(main.getByText(text['ca-for-clients.issue.validity.range'].replace('{min}', '1').replace('{max}', '9125'))).toBeVisible();
    await main.getByLabel(text['ca-for-clients.validity.label']).fill('3650');
    await main.getByLabel(text['ca-for-clients.name.label']).fill('E2E クライアント CA');
    await expectNoSeriousA11y(page);
    if (served) await saveScreenshot(page, 'ca-for-clients-form', lang);
    await main.getByRole('button', { name: text['ca-for-clients.create.submit'] }).click();
    await expect(main.getByText(text['ca-for-clients.create.done'].replace('{name}', 'E2E クライアント CA'))).toBeVisible({ timeout: 60_000 });

    // Request-only by default; requiring shows the port-25 consequence before anything is downloaded.
    const consequences = main.getByTestId('client-verify-consequences');
    await expect(consequences).toContainText(text['ca-for-clients.consequence.WANTVERIFY_REQUEST_ONLY']);
    await expect(consequences).toContainText(text['ca-for-clients.consequence.CRL_NOT_CHECKED']);
    // Issue 17 item 3: the effect on outgoing mail follows this server's server.tab, with its way out in
    // the same sentence, and "(recommended)" only where requesting a certificate is safe.
    await expect(consequences).toContainText(text['tls-modes.consequence.WANTVERIFY_OUTBOUND_ONLY_CERTS_PEM']);
    await expect(main.getByText(text['ca-for-clients.mode.recommended'])).toBeVisible();
    await main.locator('#client-verify-server-tab').setInputFiles({ name: 'server.tab', mimeType: 'text/plain', buffer: Buffer.from('"SmtpGwConfig"\t"NeedTLS=1"\n') });
    await expect(consequences).toContainText(interpolate(text['tls-modes.consequence.WANTVERIFY_BREAKS_OUTBOUND'], { level: 1 }));
    await expect(consequences).not.toContainText(text['tls-modes.consequence.WANTVERIFY_OUTBOUND_ONLY_CERTS_PEM']);
    await expect(main.getByText(text['ca-for-clients.mode.recommended'])).toHaveCount(0);
    await main.getByLabel(text['ca-for-clients.mode.require']).check();
    await expect(consequences).toContainText(text['ca-for-clients.consequence.WANTCERT_BREAKS_INBOUND_SMTP'].replace('{port}', '25'));
    await expect(consequences).toContainText(text['ca-for-clients.consequence.CLIENT_CERT_NO_USER_MAPPING']);
    const download = main.getByRole('button', { name: text['ca-for-clients.download'] });
    await expect(download).toBeDisabled();
    await main.getByLabel(text['ca-for-clients.ack']).check();
    await expect(download).toBeEnabled();
    await expectNoSeriousA11y(page);
    if (served) await saveScreenshot(page, 'ca-for-clients', lang);

    const zip = await captureDownload(page, () => download.click());
    expect(zip.name).toBe('xmail-client-ca.zip');
    const files = await unzipToMap(zip.bytes);
    writeTree(join(out, 'ca'), files);
    const patch = new TextDecoder().decode(files.get('server.tab.patch'));
    expect(patch).toContain('+"SSLWantCert"\t"1"');
    expect(patch).toContain('+"SSLUseCertsDir"\t"1"');
    const h = await opensslSubjectHashes(join(out, 'ca/MailRoot/certs.pem'));
    const names = [...files.keys()].filter((p) => p.startsWith('MailRoot/certs/')).map((p) => p.slice('MailRoot/certs/'.length));
    expect(names.sort()).toEqual([`${h.hash}.0`, `${h.hashOld}.0`].sort());
    for (const n of names) await expect(main.getByText(n, { exact: false }).first()).toBeVisible();

    // A client certificate from the page verifies against MailRoot/certs/ as a hashed directory.
    await gotoRoute(page, 'client-certs');
    await main.getByLabel(text['client-certs.users.label']).fill('Taro,taro@example.jp');
    await main.getByRole('button', { name: text['client-certs.issue'], exact: true }).click();
    await expect(main.getByText(interpolate(text['client-certs.done'], { count: 1 }))).toBeVisible({ timeout: 60_000 });
    const card = main.getByTestId('hand-over-sheet').getByRole('article').first();
    const password = (await card.locator('code.password').textContent())!.trim();
    // The sheet names the user's file as it sits in the zip (clients/<user>/<user>.p12, issue 14).
    const file = (await card.locator('code').first().textContent())!.trim();
    const users = await unzipToMap((await captureDownload(page, () => main.getByRole('button', { name: text['client-certs.download'] }).click())).bytes);
    writeTree(join(out, 'users'), users);
    const pem = await pkcs12ToPem(join(out, 'users/clients', file), password);
    expect(pem.result.code, pem.result.stderr).toBe(0);
    const cert = writeFiles(out, { 'taro.pem': pem.cert })['taro.pem']!;
    // The default target is the official 1.27 build: a SHA-1 CA, which `openssl verify` still accepts.
    const byDir = await opensslVerify(cert, { caPath: join(out, 'ca/MailRoot/certs') }, 'sslclient');
    expect(byDir.stdout + byDir.stderr).toMatch(/: OK/);
    await expectNoKeyMaterial(page, guard);
  });
}
