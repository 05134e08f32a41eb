/**
 * The server.tab patch applies with the real GNU `patch` to the stock server.tab (LF and CRLF)
 * and gives exactly the merged file, for every TLS mode.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planMode, TLS_MODES, type ModeOptions } from '../../src/lib/xmail/index.ts';
import { run, tmpDir, writeFiles } from './helpers.ts';

const FIXTURES = new URL('../fixtures/xmail/', import.meta.url);
const dir = tmpDir('xmail-patch-');
afterAll(() => dir.cleanup());

const options: ModeOptions = { clientVerify: { certsFile: true, certsDir: true, requireCertificate: false }, requireTls: { smtpAddress: '192.0.2.1' } };

describe('server.tab.patch with the real patch command', () => {
  const cases = TLS_MODES.flatMap((mode) => ['server.tab', 'server-crlf.tab', 'duplicates.tab', 'no-final-newline.tab'].map((file) => ({ mode, file })));
  it.each(cases)('$mode on $file', async ({ mode, file }) => {
    const stock = readFileSync(new URL(file, FIXTURES), 'utf8');
    const plan = planMode(mode, options, { serverTab: stock });
    expect(plan.serverTab!.patch).not.toBe('');
    const work = join(dir.path, `${mode}-${file}`);
    mkdirSync(work);
    writeFiles(work, { 'server.tab': stock, 'server.tab.patch': plan.serverTab!.patch });
    const r = await run('patch', ['-p0', '--batch', '--forward', '-i', 'server.tab.patch'], { cwd: work, timeoutMs: 10_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(join(work, 'server.tab'), 'utf8')).toBe(plan.serverTab!.text);
  });
});
