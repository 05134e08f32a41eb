/**
 * Safe on a running server (issue 10), in Chromium. The command line the administrator gives in
 * 現在の環境 is reused by the other flows in this page (memory only). A server-certificate bundle
 * (self-signed, private CA, and public CA with the key file and an openssl CA signing the CSR)
 * never carries startup files or a restart, with or without that command line. The TLS-modes flow
 * ships the user's own line with only the TLS switches changed (from 現在の環境, or read from a
 * dropped `reg export` file), and without a line ships no startup file and lists the switches instead.
 */
import { readFileSync } from 'node:fs';
import { en } from '../../src/i18n/en.ts';
import { parseCommandLine } from '../../src/lib/xmail/index.ts';
import { run, stopServers, tmpDir, unzipToMap, writeTree } from './checks.ts';
import { captureDownload, expect, expectNoKeyMaterial, openFlow, test } from './fixtures.ts';
import { runPrivateCaFlow } from './private-ca-driver.ts';
import { makeCa, signCsr } from './public-ca-driver.ts';
import { chooseLang, createVault } from './ui-steps.ts';
import type { Page } from '@playwright/test';

const USER_LINE = '-Md -Ms "C:\\Mail Root" -Sp 2525 -Pl -Qn 4';
const USER_TOKENS = parseCommandLine(USER_LINE).tokens;
const dir = tmpDir('e2e-live-server-');
test.afterAll(() => {
  stopServers();
  dir.cleanup();
});

const decode = (b: Uint8Array | undefined) => new TextDecoder().decode(b).replace(/^\ufeff/, '');

/** Gives the command line in 現在の環境 and runs the diagnosis, so the page remembers it. */
async function giveCommandLineInCurrent(page: Page, line: string): Promise<void> {
  await openFlow(page, 'served', 'current');
  await chooseLang(page, 'en');
  const main = page.getByRole('main');
  await main.getByLabel(en['current.cmd.label']).fill(line);
  await main.getByRole('button', { name: en['current.run'] }).click();
  await expect(main.getByTestId('current-report')).toBeVisible();
}

/** Moves within the same document (a hash change), so what 現在の環境 remembered stays. */
async function goWithinPage(page: Page, route: string): Promise<void> {
  await page.evaluate((r) => { location.hash = `#/${r}`; }, route);
  await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toBeVisible();
}

/** Opens a server flow: straight (no command line), or after giving the line in 現在の環境 and moving within the page. */
async function openServerFlow(page: Page, route: string, withLine: boolean): Promise<void> {
  if (withLine) {
    await giveCommandLineInCurrent(page, USER_LINE);
    await goWithinPage(page, route);
  } else {
    await openFlow(page, 'served', route);
    await chooseLang(page, 'en');
  }
}

/** A server-certificate bundle: key and certificate, no startup files, no restart, no command line. */
function expectServerCertOnly(files: Map<string, Uint8Array>): void {
  expect([...files.keys()].filter((p) => p.startsWith('startup/'))).toEqual([]);
  expect([...files.keys()]).toEqual(expect.arrayContaining(['MailRoot/server.key', 'MailRoot/server.cert']));
  const install = decode(files.get('INSTALL.en.txt'));
  expect(install).not.toContain('Restart XMail');
  expect(install).not.toContain('XMAIL_CMD_LINE');
  expect(install).not.toContain('reg import');
}

/** With the line from 現在の環境, the summary says the listeners stay and no restart is needed; without it, nothing. */
async function expectListenersNote(page: Page, withLine: boolean): Promise<void> {
  const note = page.getByRole('main').getByTestId('server-listeners-unchanged');
  if (withLine) await expect(note).toHaveText(en['server.listenersUnchanged']);
  else await expect(note).toHaveCount(0);
}

/** After the flow, the line given in 現在の環境 is still remembered (the with-line case really had it). */
async function expectLineKept(page: Page, withLine: boolean): Promise<void> {
  if (!withLine) return;
  await goWithinPage(page, 'tls-modes');
  await expect(page.getByRole('main').getByLabel(en['tls-modes.cmd.label'])).toHaveValue(USER_LINE);
}

const lineCase = (withLine: boolean) => (withLine ? 'after a command line was given in 現在の環境' : 'without a command line');

for (const withLine of [false, true]) {
  test(`server bundle (self-signed flow) ${lineCase(withLine)}: no startup files, no restart`, async ({ page, guard }) => {
    await openServerFlow(page, 'self-signed', withLine);
    const main = page.getByRole('main');
    await main.getByLabel(en['server.hostNames.label']).fill('mail.example.test');
    await main.getByRole('button', { name: en['server.make'] }).click();
    const download = main.getByRole('button', { name: /xmail-tls-mail\.example\.test-self-signed\.zip/ });
    await expect(download).toBeVisible({ timeout: 60_000 });
    const got = await captureDownload(page, () => download.click());
    expectServerCertOnly(await unzipToMap(got.bytes));
    await expectListenersNote(page, withLine);
    await expectLineKept(page, withLine);
    await expectNoKeyMaterial(page, guard);
  });

  test(`server bundle (private CA flow) ${lineCase(withLine)}: no startup files, no restart`, async ({ page, guard }) => {
    await openServerFlow(page, 'private-ca', withLine);
    const files = await runPrivateCaFlow(page, { lang: 'en', host: 'mail.example.test', dir: `${dir.path}/private-ca-${withLine}` });
    expectServerCertOnly(files);
    await expectListenersNote(page, withLine);
    await expectLineKept(page, withLine);
    await expectNoKeyMaterial(page, guard);
  });

  test(`server bundle (public CA flow, key file) ${lineCase(withLine)}: no startup files, no restart`, async ({ page, guard }) => {
    const prefix = `public-${withLine}-`;
    await makeCa(dir.path, prefix);
    await openServerFlow(page, 'public-ca', withLine);
    const main = page.getByRole('main');
    await main.getByLabel(en['server.hostNames.label']).fill('mail.example.test');
    await main.getByRole('button', { name: en['public-ca.make'] }).click();
    const csrButton = main.getByRole('button', { name: en['public-ca.csr.download'].replace('{name}', 'mail.example.test.csr') });
    await expect(csrButton).toBeVisible({ timeout: 60_000 });
    const csr = await captureDownload(page, () => csrButton.click());
    await main.getByLabel(en['public-ca.key.password.label']).fill('keep this key safe');
    await captureDownload(page, () => main.getByRole('button', { name: en['public-ca.key.download'].replace('{name}', 'mail.example.test.key.pem') }).click());
    const leafPem = await signCsr(dir.path, prefix, csr.path);
    await main.getByLabel(en['public-ca.cert.paste']).fill(leafPem + readFileSync(`${dir.path}/${prefix}inter.pem`, 'utf8'));
    await main.getByRole('button', { name: en['public-ca.cert.check'] }).click();
    const download = main.getByRole('button', { name: en['server.download'].replace('{name}', 'xmail-tls-mail.example.test-public-ca.zip') });
    await expect(download).toBeVisible({ timeout: 60_000 });
    const got = await captureDownload(page, () => download.click());
    expectServerCertOnly(await unzipToMap(got.bytes));
    await expectListenersNote(page, withLine);
    await expectLineKept(page, withLine);
    await expectNoKeyMaterial(page, guard);
  });
}

test('TLS modes: the line from 現在の環境 comes back with only the TLS switches changed (Windows .reg)', async ({ page, guard }) => {
  await giveCommandLineInCurrent(page, USER_LINE);
  await goWithinPage(page, 'tls-modes');
  const main = page.getByRole('main');
  await expect(main.getByLabel(en['tls-modes.cmd.label'])).toHaveValue(USER_LINE);
  await expect(main.getByTestId('tls-modes-cmd-from-current')).toHaveText(en['tls-modes.cmd.fromCurrent']);
  await main.getByLabel(en['tls-modes.mode.off']).check();
  await expect(main.getByTestId('tls-modes-cmd-after')).toHaveValue(`${USER_LINE} -B- -W- -X-`);
  const got = await captureDownload(page, () => main.getByRole('button', { name: en['tls-modes.download'] }).click());
  const files = await unzipToMap(got.bytes);
  expect([...files.keys()].filter((p) => p.startsWith('startup/')).sort()).toEqual([
    'startup/xmail-cmdline.txt', 'startup/xmail-registry-32bit-xmail-on-64bit-windows.reg', 'startup/xmail-registry.reg',
  ]);
  const out = `${dir.path}/from-current`;
  writeTree(out, files);
  for (const reg of ['startup/xmail-registry.reg', 'startup/xmail-registry-32bit-xmail-on-64bit-windows.reg']) {
    const r = await run('iconv', ['-f', 'UTF-16', '-t', 'UTF-8', `${out}/${reg}`]);
    expect(r.code, r.stderr).toBe(0);
    const tokens = parseCommandLine(r.stdout).tokens;
    expect(tokens.filter((t) => !/^-[XBW]-/.test(t))).toEqual(USER_TOKENS);
    expect(tokens).toEqual(expect.arrayContaining(['-B-', '-W-', '-X-']));
  }
  await expectNoKeyMaterial(page, guard);
});

test('TLS modes without a command line: no startup file, the switches are listed; a reg export fills the line', async ({ page, guard }) => {
  await openFlow(page, 'served', 'tls-modes');
  await chooseLang(page, 'en');
  const main = page.getByRole('main');
  await main.getByLabel(en['tls-modes.mode.require-tls']).check();
  await expect(main.getByTestId('tls-modes-switches-add')).toHaveText('-P- -C-');
  await expect(main.getByTestId('tls-modes-switches-remove')).toHaveText('-B- -W- -X-');
  const got = await captureDownload(page, () => main.getByRole('button', { name: en['tls-modes.download'] }).click());
  const files = await unzipToMap(got.bytes);
  expect([...files.keys()].filter((p) => p.startsWith('startup/'))).toEqual([]);
  const install = decode(files.get('INSTALL.en.txt'));
  expect(install).toContain('Add these switches to your command line, keeping every other option: -P- -C-');
  expect(install).not.toMatch(/XMAIL_CMD_LINE=""|"MAIL_CMD_LINE"=""/);

  // A `reg export` file (UTF-16LE, as regedit writes it) dropped on the page gives the line.
  const reg = `Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\GNU\\XMail]\r\n"MAIL_ROOT"="C:\\\\MailRoot"\r\n"MAIL_CMD_LINE"="-Md -Ms \\"C:\\\\Mail Root\\" -Sp 2525 -Pl -Qn 4"\r\n\r\n`;
  await page.locator('#tls-modes-cmd-file').setInputFiles({ name: 'xmail.reg', mimeType: 'application/octet-stream', buffer: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(reg, 'utf16le')]) });
  await expect(main.getByLabel(en['tls-modes.cmd.label'])).toHaveValue(USER_LINE);
  await expect(main.getByTestId('tls-modes-cmd-after')).toHaveValue(`${USER_LINE} -P- -C-`);
  await expectNoKeyMaterial(page, guard);
});

test('TLS modes: a change that would break the working server is named before the download', async ({ page }) => {
  await openFlow(page, 'served', 'tls-modes');
  await chooseLang(page, 'en');
  const main = page.getByRole('main');
  await main.getByLabel(en['tls-modes.cmd.label']).fill('-Md -P- -Bp 1995');
  await main.getByLabel(en['tls-modes.mode.off']).check();
  await expect(main.locator('[data-risk="NO_MAILBOX_ACCESS"]')).toHaveText(en['tls-modes.risk.NO_MAILBOX_ACCESS']);
  await main.getByLabel(en['tls-modes.mode.full']).check();
  await expect(main.locator('[data-risk]')).toHaveCount(0);
});

test('TLS modes: with the user\'s server.tab and command line, the services before and after are shown', async ({ page }) => {
  await openFlow(page, 'served', 'tls-modes');
  await chooseLang(page, 'en');
  const main = page.getByRole('main');
  const tab = '"RootDomain"\t"example.test"\n"EnableSMTP-TLS"\t"1"\n';
  await page.locator('#tls-modes-tab').setInputFiles({ name: 'server.tab', mimeType: 'text/plain', buffer: Buffer.from(tab) });
  await main.getByLabel(en['tls-modes.cmd.label']).fill('-Md -Bp 1995');
  await main.getByLabel(en['tls-modes.mode.off']).check();
  const preview = main.getByTestId('tls-modes-preview');
  await expect(preview.locator('tr[data-service="POP3S"]')).toHaveAttribute('data-before', 'tls');
  await expect(preview.locator('tr[data-service="POP3S"]')).toHaveAttribute('data-after', 'off');
  await expect(preview.locator('tr[data-service="POP3S"] td').first()).toHaveText(`${en['tls-modes.preview.tls']} (1995)`);
  await expect(preview.locator('tr[data-service="SMTP"]')).toHaveAttribute('data-after', 'plain');
});

test('CA for clients: with the line from 現在の環境 and the user\'s server.tab, the services and the client certificate before and after are shown and go into INSTALL', async ({ page, guard }) => {
  await giveCommandLineInCurrent(page, USER_LINE);
  await goWithinPage(page, 'ca-for-clients');
  const main = page.getByRole('main');
  await createVault(page, en);
  await main.getByLabel(en['ca-for-clients.name.label']).fill('E2E preview CA');
  await main.getByRole('button', { name: en['ca-for-clients.create.submit'] }).click();
  await expect(main.getByText(en['ca-for-clients.create.done'].replace('{name}', 'E2E preview CA'))).toBeVisible({ timeout: 60_000 });
  await expect(main.getByTestId('client-ca-preview')).toHaveCount(0);
  const tab = '"RootDomain"\t"example.test"\n"EnableSMTP-TLS"\t"1"\n';
  await page.locator('#client-verify-server-tab').setInputFiles({ name: 'server.tab', mimeType: 'text/plain', buffer: Buffer.from(tab) });
  await main.getByLabel(en['ca-for-clients.mode.require']).check();
  const smtp = main.getByTestId('client-ca-preview').locator('tr[data-service="SMTP"]');
  await expect(smtp).toHaveAttribute('data-before', 'starttls');
  await expect(smtp).toHaveAttribute('data-after', 'starttls');
  await expect(smtp.locator('td').first()).toHaveText(`${en['tls-modes.preview.starttls']} (2525)`);
  await expect(smtp.locator('[data-client-cert-after]')).toHaveAttribute('data-client-cert-after', 'required');
  await expect(smtp.locator('[data-client-cert-after]')).toHaveText(`${en['tls-modes.preview.clientCert.none']} → ${en['tls-modes.preview.clientCert.required']}`);
  await main.getByLabel(en['ca-for-clients.ack']).check();
  const zip = await captureDownload(page, () => main.getByRole('button', { name: en['ca-for-clients.download'] }).click());
  const install = decode((await unzipToMap(zip.bytes)).get('INSTALL.en.txt'));
  expect(install).toContain('  SMTP: STARTTLS (2525) -> STARTTLS (2525); client certificate: not asked -> required');
  await expectNoKeyMaterial(page, guard);
});
