/**
 * The TLS-modes recipe's bundle checked with real tools: unzip (the zip itself), GNU patch (the
 * server.tab.patch on the stock 1.27 server.tab, LF for Unix and CRLF for Windows), iconv (the .reg
 * files are UTF-16LE with a BOM, as regedit expects), sha256sum (MANIFEST.sha256).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planModeChange, zipModeBundle } from '../../src/lib/recipes/index.ts';
import { TLS_MODES, type ModeOptions } from '../../src/lib/xmail/index.ts';
import { run, tmpDir, writeFiles } from './helpers.ts';

const FIXTURES = new URL('../fixtures/xmail/', import.meta.url);
const dir = tmpDir('recipes-modes-');
afterAll(() => dir.cleanup());

const options: ModeOptions = { clientVerify: { certsFile: true, certsDir: true, requireCertificate: true }, requireTls: { smtpAddress: '192.0.2.1,25' } };

async function unzip(mode: string, os: 'windows' | 'unix', commandLine?: string): Promise<string> {
  const change = planModeChange({ mode: mode as never, options, os, ...(commandLine ? { commandLine } : {}) });
  const work = join(dir.path, `${mode}-${os}${commandLine ? "-cmd" : ""}`);
  mkdirSync(work);
  writeFiles(work, { 'bundle.zip': await zipModeBundle({ change, os }) });
  const r = await run('unzip', ['-q', 'bundle.zip', '-d', 'out'], { cwd: work });
  expect(r.code, r.stderr).toBe(0);
  return join(work, 'out');
}

describe('TLS-modes bundle with real tools', () => {
  it.each(TLS_MODES.flatMap((mode) => (['unix', 'windows'] as const).map((os) => ({ mode, os }))))('$mode ($os): patch applies to the stock server.tab', async ({ mode, os }) => {
    const out = await unzip(mode, os);
    const stock = readFileSync(new URL(os === 'windows' ? 'server-crlf.tab' : 'server.tab', FIXTURES), 'utf8');
    writeFiles(out, { 'server.tab': stock });
    const r = await run('patch', ['-p0', '--batch', '--forward', '-i', 'server.tab.patch'], { cwd: out, timeoutMs: 10_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const patched = readFileSync(join(out, 'server.tab'), 'utf8');
    expect(patched).toBe(planModeChange({ mode, options, os }).plan.serverTab.text);
    const sums = await run('sha256sum', ['-c', '--quiet', 'MANIFEST.sha256'], { cwd: out });
    expect(sums.code, sums.stdout + sums.stderr).toBe(0);
  });

  it('off (Windows): the .reg files are UTF-16LE with a BOM and hold the new command line', async () => {
    const out = await unzip('off', 'windows', '-Md');
    for (const name of ['xmail-registry.reg', 'xmail-registry-32bit-xmail-on-64bit-windows.reg']) {
      const bytes = readFileSync(join(out, 'startup', name));
      expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
      const r = await run('iconv', ['-f', 'UTF-16', '-t', 'UTF-8', join(out, 'startup', name)]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('Windows Registry Editor Version 5.00');
      expect(r.stdout).toContain('"MAIL_CMD_LINE"="-Md -B- -W- -X-"');
    }
  });
});
