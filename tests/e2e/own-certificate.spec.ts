/**
 * "I already have a certificate" in Chromium, with files made by openssl in the test: an OpenSSL 3
 * .pfx (password asked, then the zip), a DER .p7b (leaf, intermediate, root) and the key dropped
 * together (root dropped), and a leaf + key without the intermediate (the download waits until the
 * intermediate is added or the user confirms). Every zip: server.cert leaf first, openssl verify
 * -untrusted against the root, key ↔ certificate, a verified s_server/s_client handshake.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { BYO_HOST, BYO_PASSWORD, makeByoFixtures, makeP7b, makePfx, type ByoFixtures } from '../interop/pki-fixtures.ts';
import { checkServerBundle, openssl, stopServers, tmpDir } from './checks.ts';
import { captureDownload, expect, expectNoKeyMaterial, expectNoSeriousA11y, gotoRoute, openFlow, test } from './fixtures.ts';
import { chooseLang, createVault } from './ui-steps.ts';

const dir = tmpDir('e2e-own-');
test.afterAll(() => {
  stopServers();
  dir.cleanup();
});

async function downloadAndCheck(page: Page, text: typeof ja | typeof en, fx: ByoFixtures, out: string): Promise<void> {
  const main = page.getByRole('main');
  await main.getByRole('button', { name: text['own.build'] }).click();
  const button = main.getByRole('button', { name: text['server.download'].replace('{name}', `xmail-tls-${BYO_HOST}-own-certificate.zip`) });
  await expect(button).toBeVisible({ timeout: 60_000 });
  const got = await captureDownload(page, () => button.click());
  const check = await checkServerBundle(got.bytes, join(dir.path, out), { caPath: '', caFile: fx.path('root.pem'), hostname: BYO_HOST });
  expect(check.certCount).toBe(2);
  expect(check.verify.code, check.verify.stderr + check.verify.stdout).toBe(0);
  expect(check.keyMatchesCert).toBe(true);
  expect(check.handshake.verified, check.handshake.client.stdout + check.handshake.client.stderr).toBe(true);
  expect(new TextDecoder().decode(check.files.get('MailRoot/server.key'))).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
}

for (const lang of ['ja', 'en'] as const) {
  test(`own certificate (${lang}): .pfx with password, .p7b + key, missing intermediate → zips that verify and handshake`, async ({ page, guard }) => {
    const text = lang === 'ja' ? ja : en;
    const fxDir = join(dir.path, lang);
    mkdirSync(fxDir);
    const fx = await makeByoFixtures(fxDir);
    await makePfx(fxDir, 'server.pfx', []);
    await makeP7b(fxDir, 'chain.p7b', ['root.pem', 'inter.pem', 'leaf.pem'], true);

    await openFlow(page, 'served', 'own-certificate');
    await page.getByRole('banner').getByRole('combobox').selectOption(lang);
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { level: 2 })).toHaveText(text['flow.own-certificate.title']);
    const input = main.locator('#own-files');

    // 1. A .pfx: the password is asked for, then key + leaf + intermediate come out.
    await input.setInputFiles(fx.path('server.pfx'));
    await expect(main.getByText(text['own.kind.pkcs12'])).toBeVisible({ timeout: 30_000 });
    const password = main.getByLabel(text['own.password.label'].replace('{name}', 'server.pfx'));
    await password.fill(BYO_PASSWORD);
    await main.getByRole('button', { name: text['own.password.apply'] }).click();
    await expect(main.getByText(text['own.role.intermediate'], { exact: false })).toBeVisible({ timeout: 30_000 });
    await expectNoSeriousA11y(page);
    await downloadAndCheck(page, text, fx, `${lang}-pfx`);
    // Export back: a compatible .pfx that openssl opens without -legacy, key and both certificates inside.
    await main.getByLabel(text['own.pfx.password'].replace('{min}', '8')).fill('Export-Pfx-Pass-9');
    const pfxName = `xmail-tls-${BYO_HOST}-own-certificate.pfx`;
    const pfx = await captureDownload(page, () => main.getByRole('button', { name: text['own.pfx.download'].replace('{name}', pfxName) }).click());
    const opened = await openssl('pkcs12', '-in', pfx.path, '-passin', 'pass:Export-Pfx-Pass-9', '-nodes');
    expect(opened.code, opened.stderr).toBe(0);
    expect((opened.stdout.match(/BEGIN CERTIFICATE/g) ?? []).length).toBe(2);
    expect(opened.stdout).toContain('PRIVATE KEY');
    await main.getByRole('button', { name: text['own.files.remove'].replace('{name}', 'server.pfx') }).click();
    await expect(main.getByTestId('own-file')).toHaveCount(0);

    // 2. A DER .p7b with the root, and the key, picked together.
    await input.setInputFiles([fx.path('chain.p7b'), fx.path('leaf.key')]);
    await expect(main.getByTestId('own-file')).toHaveCount(2);
    await expect(main.getByText(text['own.kind.pkcs7'])).toBeVisible({ timeout: 30_000 });
    await expect(main.locator('[data-finding="own.rootDropped"]')).toBeVisible();
    await downloadAndCheck(page, text, fx, `${lang}-p7b`);
    for (const name of ['chain.p7b', 'leaf.key']) await main.getByRole('button', { name: text['own.files.remove'].replace('{name}', name) }).click();

    // 3. Leaf + key only: the intermediate is named and the zip waits; adding it completes the chain.
    await input.setInputFiles([fx.path('leaf.pem'), fx.path('leaf.key')]);
    await expect(main.locator('[data-finding="own.intermediateMissing"]')).toContainText('BYO Test Intermediate', { timeout: 30_000 });
    const build = main.getByRole('button', { name: text['own.build'] });
    await expect(build).toBeDisabled();
    await main.getByLabel(text['own.confirmMissing']).check();
    await expect(build).toBeEnabled();
    await input.setInputFiles(fx.path('inter.pem'));
    await expect(main.locator('[data-finding="own.intermediateMissing"]')).toHaveCount(0, { timeout: 30_000 });
    await expect(main.locator('[data-finding="own.chainComplete"]')).toBeVisible();
    await downloadAndCheck(page, text, fx, `${lang}-added`);
    await expectNoKeyMaterial(page, guard);
  });
}

test('own certificate keeps the key in the vault (issue 11 item 1): off with the reason while no vault exists; ticked, the zip waits for the vault; 証明書の管理 lists it and makes the zip again with the intermediate; the same .pfx again changes nothing', async ({ page, guard }) => {
  const fxDir = join(dir.path, 'keep');
  mkdirSync(fxDir);
  const fx = await makeByoFixtures(fxDir);
  await makePfx(fxDir, 'server.pfx', ['-legacy']);
  await openFlow(page, 'served', 'own-certificate');
  await chooseLang(page, 'ja');
  const main = page.getByRole('main');
  const dropPfx = async (text: typeof ja | typeof en) => {
    await main.locator('#own-files').setInputFiles(fx.path('server.pfx'));
    await main.getByLabel(text['own.password.label'].replace('{name}', 'server.pfx')).fill(BYO_PASSWORD);
    await main.getByRole('button', { name: text['own.password.apply'] }).click();
    await expect(main.getByText(text['own.role.intermediate'], { exact: false })).toBeVisible({ timeout: 30_000 });
  };
  await dropPfx(ja);
  const keep = main.getByLabel(ja['own.vault.keep']);
  await expect(keep).not.toBeChecked();
  await expect(main.getByTestId('own-keep-off')).toHaveText(ja['own.vault.off.uninitialized']);
  await chooseLang(page, 'en');
  await expect(main.getByTestId('own-keep-off')).toHaveText(en['own.vault.off.uninitialized']);
  await chooseLang(page, 'ja');
  await keep.check();
  await expect(main.getByTestId('own-keep-off')).toHaveCount(0);
  const build = main.getByRole('button', { name: ja['own.build'] });
  await expect(build).toBeDisabled(); // waits for the vault
  await expect(main.getByText(ja['own.vault.waiting'])).toBeVisible();
  await createVault(page, ja);
  await expect(build).toBeEnabled();
  await build.click();
  await expect(main.getByTestId('own-kept')).toHaveText(ja['own.vault.kept'], { timeout: 60_000 });
  await chooseLang(page, 'en');
  await expect(main.getByTestId('own-kept')).toHaveText(en['own.vault.kept']);
  await expectNoSeriousA11y(page);

  // 証明書の管理 lists it; the MailRoot zip made again from the vault verifies and handshakes.
  await gotoRoute(page, 'manage');
  await expect(main.getByTestId('certificate-list').locator('tbody tr')).toHaveCount(1, { timeout: 30_000 });
  await main.getByRole('button', { name: `${en['manage.list.select']}: ${BYO_HOST}` }).click();
  const again = await captureDownload(page, () => main.getByRole('button', { name: en['manage.download.bundle'] }).click());
  const check = await checkServerBundle(again.bytes, join(dir.path, 'keep-manage'), { caPath: '', caFile: fx.path('root.pem'), hostname: BYO_HOST });
  expect(check.certCount).toBe(2);
  expect(check.verify.code, check.verify.stderr + check.verify.stdout).toBe(0);
  expect(check.keyMatchesCert).toBe(true);
  expect(check.handshake.verified, check.handshake.client.stdout + check.handshake.client.stderr).toBe(true);

  // Back in the flow with the vault unlocked: the tick is on by itself; the same .pfx writes nothing new.
  await gotoRoute(page, 'own-certificate');
  await dropPfx(en);
  await expect(main.getByLabel(en['own.vault.keep'])).toBeChecked();
  await expect(main.getByTestId('own-keep-off')).toHaveCount(0);
  await main.getByRole('button', { name: en['own.build'] }).click();
  await expect(main.getByTestId('own-kept')).toHaveText(en['own.vault.already'], { timeout: 60_000 });
  await gotoRoute(page, 'manage');
  await expect(main.getByTestId('certificate-list').locator('tbody tr')).toHaveCount(1, { timeout: 30_000 });
  await expectNoKeyMaterial(page, guard);
});

test('public CA answer step (ja): several files at once, each listed; without the intermediate the zip waits for it or for a confirmation', async ({ page }) => {
  const text = ja;
  const fxDir = join(dir.path, 'answer');
  mkdirSync(fxDir);
  const fx = await makeByoFixtures(fxDir);
  await makeP7b(fxDir, 'inter.p7c', ['inter.pem'], true);
  await openFlow(page, 'served', 'public-ca');
  await page.getByRole('banner').getByRole('combobox').selectOption('ja');
  const main = page.getByRole('main');
  await main.locator('#public-ca-key-file').setInputFiles(fx.path('leaf.key'));
  await expect(main.getByText(text['public-ca.key.reload.ok'].replace('{spec}', 'RSA 2048'))).toBeVisible({ timeout: 30_000 });

  const files = main.locator('#public-ca-cert-file');
  await files.setInputFiles(fx.path('leaf.cer'));
  await expect(main.getByTestId('answer-file')).toHaveCount(1);
  await main.getByRole('button', { name: text['public-ca.cert.check'] }).click();
  await expect(main.getByText(text['public-ca.cert.missingIntermediate'])).toBeVisible({ timeout: 30_000 });
  const download = main.getByRole('button', { name: text['server.download'].replace('{name}', `xmail-tls-${BYO_HOST}-public-ca.zip`) });
  await expect(download).toHaveCount(0);
  await main.getByLabel(text['own.confirmMissing']).check();
  await expect(download).toBeVisible();

  // The intermediate as a DER .p7c and the root, picked together: both listed, the chain is complete.
  await files.setInputFiles([fx.path('inter.p7c'), fx.path('root.pem')]);
  await expect(main.getByTestId('answer-file')).toHaveCount(3);
  await expect(main.getByTestId('answer-file').nth(1)).toContainText(text['own.kind.pkcs7']);
  await main.getByRole('button', { name: text['public-ca.cert.check'] }).click();
  await expect(download).toBeVisible({ timeout: 30_000 });
  await expect(main.getByText(text['public-ca.cert.missingIntermediate'])).toHaveCount(0);
  await expect(main.getByTestId('answer-file').nth(1)).toContainText(text['own.role.intermediate']);
  const got = await captureDownload(page, () => download.click());
  const check = await checkServerBundle(got.bytes, join(dir.path, 'answer-zip'), { caPath: '', caFile: fx.path('root.pem'), hostname: BYO_HOST });
  expect(check.certCount).toBe(2);
  expect(check.verify.code, check.verify.stderr + check.verify.stdout).toBe(0);
  expect(check.handshake.verified, check.handshake.client.stdout + check.handshake.client.stderr).toBe(true);
  // Removing the intermediate's file takes the zip away until the answer is checked again.
  await main.getByRole('button', { name: text['own.files.remove'].replace('{name}', 'inter.p7c') }).click();
  await expect(main.getByTestId('answer-file')).toHaveCount(2);
  await expect(download).toHaveCount(0);
});
