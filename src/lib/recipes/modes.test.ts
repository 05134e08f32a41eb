import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { TLS_MODES, type ModeOptions } from '../xmail/index.ts';
import { buildModeBundle, modeBundleFileName, planModeChange, stockServerTab, tryPlanModeChange, zipModeBundle } from './modes.ts';
import { STOCK_SERVER_TAB } from './stock-server-tab.ts';

const FIXTURES = new URL('../../../tests/fixtures/xmail/', import.meta.url);
const options: ModeOptions = { clientVerify: { certsFile: true, certsDir: false, requireCertificate: true }, requireTls: { smtpAddress: '192.0.2.1' } };
const paths = async (files: Array<{ path: string }>) => files.map((f) => f.path);

describe('the stock server.tab', () => {
  it('is the XMail 1.27 file byte for byte (LF), and CRLF for Windows', () => {
    expect(STOCK_SERVER_TAB).toBe(readFileSync(new URL('server.tab', FIXTURES), 'utf8'));
    expect(stockServerTab('windows')).toBe(readFileSync(new URL('server-crlf.tab', FIXTURES), 'utf8'));
  });
});

describe('planModeChange', () => {
  it.each(TLS_MODES)('%s without user files: a patch against the stock file', (mode) => {
    const c = planModeChange({ mode, options, os: 'unix' });
    expect(c.serverTabBase).toBe('stock');
    expect(c.commandLineBase).toBe('default');
    expect(c.plan.serverTab.patch).toMatch(/^--- server\.tab\n\+\+\+ server\.tab\n/);
  });

  it('off: the listeners go off, so the command line changes', () => {
    const c = planModeChange({ mode: 'off', commandLine: '-Md -Sp 2525' });
    expect(c.commandLineBefore).toBe('-Md -Sp 2525');
    expect(c.plan.startup.plain).toBe('-Md -Sp 2525 -B- -W- -X-');
    expect(c.commandLineChanged).toBe(true);
    expect(c.plan.serverTab.text).toContain('"EnableSMTP-TLS"\t"0"\r\n');
  });

  it('client verification does not touch the command line', () => {
    const c = planModeChange({ mode: 'client-verify', options, commandLine: '-Md' });
    expect(c.commandLineChanged).toBe(false);
    expect(c.plan.consequences.map((x) => x.code)).toContain('WANTCERT_BREAKS_INBOUND_SMTP');
  });

  it('keeps the user server.tab and reports "yours"', () => {
    const mine = '"RootDomain"\t"mail.example.test"\n';
    const c = planModeChange({ mode: 'full', serverTab: mine });
    expect(c.serverTabBase).toBe('yours');
    expect(c.plan.serverTab.text.startsWith(mine)).toBe(true);
  });
});

describe('tryPlanModeChange', () => {
  it.each([
    [{ mode: 'require-tls', options: { requireTls: { smtpAddress: '300.1.1.1' } } }, 'smtpAddress', 'MODE_ADDRESS_INVALID'],
    [{ mode: 'client-verify', options: { clientVerify: { certsFile: false, certsDir: false, requireCertificate: false } } }, 'clientVerify', 'MODE_OPTIONS_INVALID'],
    [{ mode: 'off', serverTab: new Uint8Array([0, 1, 2, 0xff, 0]) }, 'serverTab', 'SERVER_TAB_BINARY'],
    [{ mode: 'off', commandLine: '-Xp' }, 'commandLine', undefined],
  ] as const)('%j → %s', (input, field, code) => {
    const r = tryPlanModeChange(input);
    if (field === 'commandLine' && r.ok) {
      // -Xp without a port is an issue on the model, not an error: the plan still works
      expect(r.value.plan.commandLine.issues.length).toBeGreaterThan(0);
      return;
    }
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.field).toBe(field);
      if (code) expect(r.code).toBe(code);
    }
  });
});

describe('buildModeBundle', () => {
  it('stock base without the user\'s line: the patch and INSTALL (which lists the switches); never a startup file, key or server.tab', async () => {
    const change = planModeChange({ mode: 'off', os: 'windows' });
    expect(change.startupChange).toEqual({ kind: 'switches', add: ['-B-', '-W-', '-X-'], remove: [] });
    const files = await buildModeBundle({ change, os: 'windows' });
    expect(await paths(files)).toEqual(['INSTALL.ja.txt', 'INSTALL.en.txt', 'server.tab.patch', 'MANIFEST.sha256']);
    expect(new TextDecoder().decode(files[1]!.bytes)).toContain('Add these switches to your command line, keeping every other option: -B- -W- -X-');
  });

  it.each([
    ['windows', ['startup/xmail-cmdline.txt', 'startup/xmail-registry.reg', 'startup/xmail-registry-32bit-xmail-on-64bit-windows.reg']],
    ['unix', ['startup/xmail-cmdline.txt', 'startup/xmail-init-script-line.txt']],
  ] as const)('%s with the user\'s line: only that OS\'s startup files, holding the user\'s options', async (os, startup) => {
    const change = planModeChange({ mode: 'require-tls', os, commandLine: '-Md -Ms "/var/Mail Root" -Sp 2525' });
    const files = await buildModeBundle({ change, os });
    expect((await paths(files)).filter((p) => p.startsWith('startup/'))).toEqual(startup);
    const cmd = new TextDecoder().decode(files.find((f) => f.path === 'startup/xmail-cmdline.txt')!.bytes);
    expect(cmd.trimEnd()).toBe('-Md -Ms "/var/Mail Root" -Sp 2525 -P- -C-');
  });

  it('user base: the merged server.tab; no startup files when the command line is unchanged', async () => {
    const change = planModeChange({ mode: 'ssl-only', serverTab: STOCK_SERVER_TAB, commandLine: '-Md' });
    const files = await buildModeBundle({ change, os: 'unix' });
    expect(await paths(files)).toEqual(['INSTALL.ja.txt', 'INSTALL.en.txt', 'MailRoot/server.tab', 'server.tab.patch', 'MANIFEST.sha256']);
    expect(files.some((f) => /server\.key|server\.cert/.test(f.path))).toBe(false);
  });

  // Issue 17 item 8: 現在の環境's BOM finding links here; the file the bundle writes must fix it.
  it.each(['full', 'off', 'ssl-only'] as const)('%s: a server.tab with a UTF-8 BOM comes out without it, its first setting read', async (mode) => {
    expect.hasAssertions();
    const bytes = new Uint8Array(readFileSync(new URL('utf8-bom.tab', FIXTURES)));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const change = planModeChange({ mode, serverTab: bytes, os: 'unix' });
    const files = await buildModeBundle({ change, os: 'unix' });
    const tab = files.find((f) => f.path === 'MailRoot/server.tab')!.bytes;
    expect([...tab.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(tab);
    expect(text.startsWith('"RootDomain"\t"mail.example.test"\n')).toBe(true);
    // The TLS switch that followed the BOM line is set once, in place (not appended as a duplicate).
    expect(text.match(/"EnableSMTP-TLS"/g)).toHaveLength(1);
    const patch = new TextDecoder().decode(files.find((f) => f.path === 'server.tab.patch')!.bytes);
    expect(patch).toContain('-\uFEFF"RootDomain"');
  });

  it('zips the same files', async () => {
    const change = planModeChange({ mode: 'full', os: 'unix' });
    const zip = await JSZip.loadAsync(await zipModeBundle({ change, os: 'unix' }));
    expect(Object.keys(zip.files).filter((p) => !zip.files[p]!.dir).sort()).toEqual((await paths(await buildModeBundle({ change, os: 'unix' }))).sort());
    expect(modeBundleFileName('require-tls')).toBe('xmail-tls-mode-require-tls.zip');
  });
});
