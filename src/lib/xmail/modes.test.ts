import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_XMAIL_INPUT_BYTES } from './errors.ts';
import { encodeServerTabOutputs, planMode } from './modes.ts';
import { getVariable } from './server-tab.ts';

const FIXTURES = new URL('../../../tests/fixtures/xmail/', import.meta.url);
const stock = readFileSync(new URL('server.tab', FIXTURES), 'utf8');
const stockCrlf = readFileSync(new URL('server-crlf.tab', FIXTURES), 'utf8');

/** The lines a plan adds or removes, as diff marks (context dropped). */
const changedLines = (patch: string) => patch.split('\n').filter((l) => /^[-+][^-+]/.test(l) || /^[-+]$/.test(l));

describe('planMode on the stock server.tab', () => {
  it('full: TLS variables "1", TLS listeners on', () => {
    const p = planMode('full', {}, { serverTab: stock, commandLine: '-Md -X- -B-' });
    expect(p.serverTabChanges).toEqual([
      { name: 'EnableSMTP-TLS', value: '1' },
      { name: 'EnablePOP3-TLS', value: '1' },
      { name: 'EnableCTRL-TLS', value: '1' },
    ]);
    expect(changedLines(p.serverTab!.patch)).toEqual(['+"EnableCTRL-TLS"\t"1"', '+"EnableSMTP-TLS"\t"1"', '+"EnablePOP3-TLS"\t"1"']);
    expect(p.startup.plain).toBe('-Md');
  });

  it('ssl-only: the three Enable*-TLS "0", listeners on', () => {
    const p = planMode('ssl-only', {}, { serverTab: stock, commandLine: '-Md' });
    expect(changedLines(p.serverTab!.patch)).toEqual(['+"EnableCTRL-TLS"\t"0"', '+"EnableSMTP-TLS"\t"0"', '+"EnablePOP3-TLS"\t"0"']);
    expect(p.startup.plain).toBe('-Md');
    expect(p.consequences.map((c) => c.code)).toContain('NO_STARTTLS_INBOUND_SMTP');
  });

  it('off: -B- -W- -X- and the three Enable*-TLS "0" (the seed recipe)', () => {
    const p = planMode('off', {}, { serverTab: stockCrlf });
    expect(p.startup).toEqual({ plain: '-B- -W- -X-', unixLine: 'XMAIL_CMD_LINE="-B- -W- -X-"', windowsValue: '-B- -W- -X-' });
    const m = p.serverTab!.model;
    for (const n of ['EnableSMTP-TLS', 'EnablePOP3-TLS', 'EnableCTRL-TLS']) expect(getVariable(m, n)?.value).toBe('0');
    expect(p.serverTab!.text).toContain('#"EnableCTRL-TLS"\t"1"\r\n"EnableCTRL-TLS"\t"0"\r\n');
    expect(p.serverTab!.text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('require-tls for all addresses: SmtpConfig WantTLS, -P- -C-, no AUTH in clear', () => {
    const p = planMode('require-tls', {}, { serverTab: stock, commandLine: '-Md -B-' });
    expect(p.serverTabChanges).toEqual([
      { name: 'SmtpConfig', value: 'WantTLS' },
      { name: 'EnableSMTP-TLS', value: '1' },
      { name: 'SmtpNoTLSAuths', value: '' },
    ]);
    expect(changedLines(p.serverTab!.patch)).toEqual(['+"EnableSMTP-TLS"\t"1"', '+"SmtpConfig"\t"WantTLS"', '+"SmtpNoTLSAuths"\t""']);
    expect(p.startup.plain).toBe('-Md -P- -C-');
    expect(p.consequences.map((c) => c.code)).toEqual(expect.arrayContaining(['WANTTLS_ALL_INBOUND_SMTP', 'PLAIN_POP3_CTRL_OFF', 'NO_AUTH_IN_CLEAR']));
  });

  it('require-tls on one address merges the existing flags, exact case, no spaces', () => {
    const tab = stock + '"SmtpConfig"\t"MailAuth"\n"SmtpConfig-192.0.2.1"\t"MailAuth, WantTLS"\n';
    expect(planMode('require-tls', { requireTls: { smtpAddress: '192.0.2.1' } }, { serverTab: tab }).serverTabChanges[0]).toEqual({
      name: 'SmtpConfig-192.0.2.1',
      value: 'MailAuth,WantTLS',
    });
    // A new address-specific entry inherits the broader SmtpConfig's flags (XMail uses only the most specific one).
    expect(planMode('require-tls', { requireTls: { smtpAddress: '192.0.2.9,587' } }, { serverTab: tab }).serverTabChanges[0]).toEqual({
      name: 'SmtpConfig-192.0.2.9,587',
      value: 'MailAuth,WantTLS',
    });
    expect(() => planMode('require-tls', { requireTls: { smtpAddress: 'mail.example.test' } })).toThrow(expect.objectContaining({ code: 'MODE_ADDRESS_INVALID' }));
    expect(() => planMode('require-tls', { requireTls: { smtpAddress: '192.0.2.1,99999' } })).toThrow(expect.objectContaining({ code: 'MODE_ADDRESS_INVALID' }));
  });

  it('client-verify: flags and consequences, listeners untouched', () => {
    const p = planMode('client-verify', { clientVerify: { certsFile: true, certsDir: true, requireCertificate: true }, target: 'official-1.27-win' }, { serverTab: stock, commandLine: '-Md -X-' });
    expect(p.serverTabChanges).toEqual([
      { name: 'SSLUseCertsFile', value: '1' },
      { name: 'SSLUseCertsDir', value: '1' },
      { name: 'SSLWantVerify', value: '1' },
      { name: 'SSLWantCert', value: '1' },
    ]);
    expect(p.startup.plain).toBe('-Md -X-');
    expect(p.consequences.map((c) => c.code).sort()).toEqual(
      ['WANTCERT_BREAKS_INBOUND_SMTP', 'WANTCERT_ALL_LISTENERS', 'WANTVERIFY_OUTBOUND_UNUSED', 'CRL_NOT_CHECKED', 'CLIENT_CERT_NO_USER_MAPPING', 'CERTS_DIR_BOTH_HASH_NAMES', 'TARGET_SHA256_CLIENT_CHAIN'].sort(),
    );
    const request = planMode('client-verify', { clientVerify: { certsFile: true, certsDir: false, requireCertificate: false }, target: 'openssl-1.0.1+' });
    expect(request.serverTabChanges.find((c) => c.name === 'SSLWantCert')?.value).toBe('0');
    expect(request.consequences.map((c) => c.code)).toContain('WANTVERIFY_REQUEST_ONLY');
    expect(request.consequences.map((c) => c.code)).not.toContain('WANTCERT_BREAKS_INBOUND_SMTP');
    expect(request.serverTab).toBeUndefined();
    expect(() => planMode('client-verify', { clientVerify: { certsFile: false, certsDir: false, requireCertificate: false } })).toThrow(expect.objectContaining({ code: 'MODE_OPTIONS_INVALID' }));
  });

  // Issue 17 item 3: what SSLWantVerify does to outbound mail depends on SmtpGwConfig NeedTLS, which
  // the user's server.tab tells; SSLAllowSelfSigned "1" would let any self-signed client certificate in.
  it.each([
    { name: 'no server.tab: the condition is stated', tab: undefined, outbound: 'WANTVERIFY_OUTBOUND_ONLY_CERTS_PEM', params: undefined },
    { name: 'no NeedTLS: outbound mail is not touched', tab: stock, outbound: 'WANTVERIFY_OUTBOUND_UNUSED', params: undefined },
    { name: 'the stock file standing in for theirs: the condition is stated', tab: stock, stock: true, outbound: 'WANTVERIFY_OUTBOUND_ONLY_CERTS_PEM', params: undefined },
    { name: 'NeedTLS=1: outbound TLS fails', tab: `${stock}"SmtpGwConfig"\t"NeedTLS=1"\n`, outbound: 'WANTVERIFY_BREAKS_OUTBOUND', params: { level: 1 } },
    { name: 'NeedTLS=2: outbound TLS fails', tab: `${stock}"SmtpGwConfig"\t"NeedTLS=2"\n`, outbound: 'WANTVERIFY_BREAKS_OUTBOUND', params: { level: 2 } },
  ])('client-verify, $name', ({ tab, stock: isStock, outbound, params }) => {
    const p = planMode('client-verify', { clientVerify: { certsFile: true, certsDir: false, requireCertificate: false } }, tab === undefined ? {} : { serverTab: tab, serverTabIsStock: isStock === true });
    const others = ['WANTVERIFY_OUTBOUND_ONLY_CERTS_PEM', 'WANTVERIFY_OUTBOUND_UNUSED', 'WANTVERIFY_BREAKS_OUTBOUND'].filter((c) => c !== outbound);
    expect(p.consequences.find((c) => c.code === outbound)?.params).toEqual(params);
    expect(p.consequences.filter((c) => others.includes(c.code))).toEqual([]);
  });

  it.each([
    ['"SSLAllowSelfSigned"\t"1"', true],
    ['"SSLAllowSelfSigned"\t"0"', false],
    ['', false],
  ] as const)('client-verify with %j turns SSLAllowSelfSigned off: %s', (line, turnsOff) => {
    const p = planMode('client-verify', { clientVerify: { certsFile: true, certsDir: false, requireCertificate: false } }, { serverTab: `${stock}${line}\n` });
    expect(p.serverTabChanges.some((c) => c.name === 'SSLAllowSelfSigned' && c.value === '0')).toBe(turnsOff);
    expect(p.consequences.some((c) => c.code === 'ALLOW_SELF_SIGNED_TURNED_OFF')).toBe(turnsOff);
  });

  it('re-planning on the merged file changes nothing more', () => {
    const first = planMode('off', {}, { serverTab: stock });
    const again = planMode('off', {}, { serverTab: first.serverTab!.text, commandLine: first.commandLine });
    expect(again.serverTab!.patch).toBe('');
    expect(again.startup.plain).toBe(first.startup.plain);
  });
});

describe('encodeServerTabOutputs: the files in the encoding of the user\'s server.tab', () => {
  const sjis = new Uint8Array(readFileSync(new URL('shift-jis.tab', FIXTURES)));

  it('a Shift_JIS file: merged and patch keep its bytes (was the UTF-8 of their Latin-1 reading)', () => {
    const out = encodeServerTabOutputs(planMode('full', {}, { serverTab: sjis }).serverTab!);
    const added = '"EnableSMTP-TLS"\t"1"\n"EnablePOP3-TLS"\t"1"\n"EnableCTRL-TLS"\t"1"\n';
    expect(Buffer.from(out.merged).equals(Buffer.concat([sjis, Buffer.from(added)]))).toBe(true);
    // The last line of the file is a context line of the patch, byte for byte.
    const lastLine = Buffer.from(sjis.subarray(sjis.indexOf(0x0a) + 1));
    expect(Buffer.from(out.patch).includes(Buffer.concat([Buffer.from(' '), lastLine]))).toBe(true);
  });

  it('a UTF-8 file: UTF-8, the text as planned', () => {
    const plan = planMode('full', {}, { serverTab: stock }).serverTab!;
    const out = encodeServerTabOutputs(plan);
    expect(new TextDecoder().decode(out.merged)).toBe(plan.text);
    expect(new TextDecoder().decode(out.patch)).toBe(plan.patch);
  });

  it('require-tls refuses to copy non-ASCII SmtpConfig flags into a Shift_JIS file (SERVER_TAB_ADDED_NOT_ASCII)', () => {
    const tab = Buffer.concat([Buffer.from('"SmtpConfig"\t"mail-auth,'), Buffer.from([0x83, 0x65]), Buffer.from('"\n')]);
    expect(() => planMode('require-tls', {}, { serverTab: new Uint8Array(tab) })).toThrow(expect.objectContaining({ code: 'SERVER_TAB_ADDED_NOT_ASCII' }));
  });
});

describe('planMode on a big server.tab (issue 12)', () => {
  // Issue 12: one entry, then thousands of comment lines. The earlier diff filled an (N+1) x (M+1)
  // LCS table: 16,000 lines took 21 s and ~1 GB in Node. Each case is bounded by its own test
  // timeout (no timer assertion); it failed that way before the diff became Myers' O(ND) search.
  const cases = [
    { what: '16,000 one-character comment lines (the issue\'s file, doubled)', text: '"EnableSMTP-TLS"\t"0"\n' + '#\n'.repeat(16_000) },
    { what: '1 MB of 64-byte comment lines, CRLF', text: '"EnableSMTP-TLS"\t"0"\r\n' + `#${'x'.repeat(61)}\r\n`.repeat(Math.floor((MAX_XMAIL_INPUT_BYTES - 64) / 64)) },
  ];
  it.each(cases)('$what: only the changed lines are in the patch', { timeout: 10_000 }, ({ text }) => {
    expect.hasAssertions();
    const p = planMode('full', {}, { serverTab: text });
    expect(changedLines(p.serverTab!.patch.replace(/\r/g, ''))).toEqual(['-"EnableSMTP-TLS"\t"0"', '+"EnableSMTP-TLS"\t"1"', '+"EnablePOP3-TLS"\t"1"', '+"EnableCTRL-TLS"\t"1"']);
    expect(p.serverTab!.text.length).toBe(text.length + 2 * '"EnablePOP3-TLS"\t"1"'.length + 2 * (text.includes('\r') ? 2 : 1));
  });

  it('a server.tab over the size bound is INPUT_TOO_LARGE before any work', () => {
    expect.hasAssertions();
    expect(() => planMode('full', {}, { serverTab: '#\n'.repeat(MAX_XMAIL_INPUT_BYTES / 2 + 1) })).toThrow(expect.objectContaining({ code: 'INPUT_TOO_LARGE' }));
  });
});
