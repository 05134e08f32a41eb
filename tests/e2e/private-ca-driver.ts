/**
 * Drives the 私的認証局 / private CA flow from its first screen to the downloaded zip and checks
 * the zip with openssl (verify against the downloaded CA, key ↔ certificate, a verified TLS
 * handshake). Shared by private-ca.spec.ts (served) and offline-private-ca.spec.ts (file://, offline).
 */
import type { Page } from '@playwright/test';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { checkServerBundle } from './checks.ts';
import { captureDownload, expect, expectNoSeriousA11y, saveScreenshot } from './fixtures.ts';

export const PASSPHRASE = 'a long vault passphrase for tests';

/** Returns the downloaded zip's files (path → bytes). */
export async function runPrivateCaFlow(page: Page, opts: { lang: 'ja' | 'en'; host: string; dir: string; screenshot?: string }): Promise<Map<string, Uint8Array>> {
  const text = opts.lang === 'ja' ? ja : en;
  await page.getByRole('banner').getByRole('combobox').selectOption(opts.lang);
  await expect(page.locator('html')).toHaveAttribute('lang', opts.lang);
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 2 })).toHaveText(text['flow.private-ca.title']);

  // First use: choose the vault passphrase, with a strength hint.
  await expect(main.getByRole('heading', { name: text['vault.create.title'] })).toBeVisible();
  await main.getByLabel(text['vault.create.label']).fill('short');
  await expect(main.getByText(text['vault.strength.too-short'].replace('{min}', '12'))).toBeVisible();
  // Long enough but a listed word: refused, with the reason beside the field (issue 12 item 7).
  await main.getByLabel(text['vault.create.label']).fill('password1234');
  await main.getByLabel(text['vault.create.confirm']).fill('password1234');
  await expect(main.getByText(text['vault.strength.common'])).toBeVisible();
  await expect(main.getByRole('button', { name: text['vault.create.submit'] })).toBeDisabled();
  await main.getByLabel(text['vault.create.label']).fill(PASSPHRASE);
  await main.getByLabel(text['vault.create.confirm']).fill(PASSPHRASE);
  if (opts.screenshot) await expectNoSeriousA11y(page);
  await main.getByRole('button', { name: text['vault.create.submit'] }).click();
  await expect(main.getByText(text['vault.unlocked'])).toBeVisible({ timeout: 60_000 });

  // Step 1: a new CA (the vault is empty).
  await expect(main.getByText(text['private-ca.ca.pickNone'])).toBeVisible();
  await expect(main.getByLabel(text['private-ca.ca.key.label'])).toHaveValue('rsa-3072');
  await main.getByLabel(text['private-ca.ca.name.label']).fill('Example Test Mail CA');
  await main.getByLabel(text['private-ca.ca.org.label']).fill('Example');
  if (opts.screenshot) {
    await expectNoSeriousA11y(page);
    await saveScreenshot(page, `${opts.screenshot}-ca`, opts.lang);
  }
  await main.getByRole('button', { name: text['private-ca.ca.create'] }).click();

  // Step 2: the server certificate under it.
  await expect(main.getByText(text['private-ca.ca.chosen'].replace('{name}', 'Example Test Mail CA'))).toBeVisible({ timeout: 60_000 });
  await main.getByLabel(text['server.hostNames.label']).fill(opts.host);
  await main.getByRole('button', { name: text['server.make'] }).click();
  const download = main.getByRole('button', { name: text['server.download'].replace('{name}', `xmail-tls-${opts.host}-private-ca.zip`) });
  await expect(download).toBeVisible({ timeout: 60_000 });
  await expect(main.getByRole('img', { name: /Example Test Mail CA/ })).toBeVisible();
  if (opts.screenshot) {
    await expectNoSeriousA11y(page);
    await saveScreenshot(page, opts.screenshot, opts.lang);
  }

  const got = await captureDownload(page, () => download.click());
  const check = await checkServerBundle(got.bytes, opts.dir, { caPath: 'clients/ca.pem', hostname: opts.host });
  const paths = [...check.files.keys()];
  expect(paths).toEqual(expect.arrayContaining(['MailRoot/server.key', 'MailRoot/server.cert', 'clients/ca.cer', 'clients/ca.pem', 'clients/trust-ca.mobileconfig', 'INSTALL.ja.txt', 'INSTALL.en.txt']));
  expect(paths).not.toContain('clients/server-selfsigned.cer');
  expect(check.verify.code, check.verify.stderr + check.verify.stdout).toBe(0);
  expect(check.verify.stdout).toMatch(/: OK\s*$/);
  expect(check.keyMatchesCert).toBe(true);
  expect(check.handshake.verified, check.handshake.client.stdout + check.handshake.client.stderr).toBe(true);
  // The DER .cer for Windows/Android is the same CA as the PEM.
  const der = check.files.get('clients/ca.cer')!;
  const pem = new TextDecoder().decode(check.files.get('clients/ca.pem'));
  expect(pem).toContain(Buffer.from(der).toString('base64').slice(0, 64));
  return check.files;
}
