import { describe, expect, it } from 'vitest';
import { certificateCoversHost, diagnose, dnsIdMatches, FINDING_IDS, pickMailRootFiles } from './diagnostics.ts';

describe('dnsIdMatches (RFC 6125 6.4)', () => {
  it.each([
    ['mail.example.test', 'mail.example.test', true],
    ['MAIL.Example.test', 'mail.example.test', true],
    ['mail.example.test.', 'mail.example.test', true],
    ['*.example.test', 'mail.example.test', true],
    ['*.example.test', 'example.test', false],
    ['*.example.test', 'a.b.example.test', false],
    ['*.test', 'example.test', false],
    ['m*.example.test', 'mail.example.test', false],
    ['other.example.test', 'mail.example.test', false],
  ])('%s vs %s → %s', (pattern, host, expected) => {
    expect(dnsIdMatches(pattern, host)).toBe(expected);
  });
});

describe('certificateCoversHost', () => {
  const cn = [{ type: 'CN', value: 'mail.example.test' }];
  it('uses SANs when present, ignoring the CN', () => {
    expect(certificateCoversHost({ sans: [{ type: 'dns', value: 'other.test' }], subject: cn }, 'mail.example.test')).toBe(false);
    expect(certificateCoversHost({ sans: [{ type: 'dns', value: '*.example.test' }], subject: cn }, 'pop.example.test')).toBe(true);
    expect(certificateCoversHost({ sans: [{ type: 'ip', value: '192.0.2.1' }], subject: cn }, '192.0.2.1')).toBe(true);
  });
  it('falls back to the CN only without DNS/IP SANs', () => {
    expect(certificateCoversHost({ sans: [], subject: cn }, 'mail.example.test')).toBe(true);
    expect(certificateCoversHost({ sans: [{ type: 'email', value: 'a@b.test' }], subject: cn }, 'mail.example.test')).toBe(true);
    expect(certificateCoversHost({ sans: [], subject: [] }, 'mail.example.test')).toBe(false);
  });
  it('does not fall back to the CN when the only dNSNames were dropped as invalid (issue 12 item 2; RFC 6125 6.4.4)', () => {
    const dropped = [{ field: 'sans', code: 'san.dns.character', params: { value: 'mail.example.test;curl x|sh' } }];
    expect(certificateCoversHost({ sans: [], sanIssues: dropped, subject: cn }, 'mail.example.test')).toBe(false);
    const droppedMailbox = [{ field: 'sans', code: 'san.email.localPart', params: { value: 'a\n@b.test' } }];
    expect(certificateCoversHost({ sans: [], sanIssues: droppedMailbox, subject: cn }, 'mail.example.test')).toBe(true);
  });
});

describe('pickMailRootFiles', () => {
  const b = (s: string) => new TextEncoder().encode(s);
  it('finds the shallowest MailRoot and its certs/ children only', () => {
    const p = pickMailRootFiles([
      { path: '/x/MailRoot/server.key', bytes: b('k') },
      { path: 'x\\MailRoot\\certs.pem', bytes: b('p') },
      { path: 'x/MailRoot/certs/abcd0123.0', bytes: b('c') },
      { path: 'x/MailRoot/certs/', bytes: b('') },
      { path: 'x/MailRoot/domains/d/server.tab', bytes: b('deep') },
    ]);
    expect(p.serverKey).toEqual(b('k'));
    expect(p.certsPem).toEqual(b('p'));
    expect(p.serverTab).toBeUndefined();
    expect(p.certsDir).toEqual([{ name: 'abcd0123.0', bytes: b('c') }]);
  });
  it('accepts files at the top level', () => {
    expect(pickMailRootFiles([{ path: 'server.tab', bytes: b('t') }]).serverTab).toEqual(b('t'));
  });
});

describe('diagnose without certificates', () => {
  it('never throws on bad input and reports it', async () => {
    const f = await diagnose({ target: 'official-1.27-win', serverTab: new Uint8Array([0, 1, 2, 3]), commandLine: '"x', serverKey: 'junk', serverCert: 'junk' });
    expect(f.map((x) => x.id)).toEqual(expect.arrayContaining(['SERVER_TAB_UNREADABLE', 'COMMAND_LINE_UNTERMINATED_QUOTE', 'KEY_UNPARSABLE', 'CERT_UNPARSABLE']));
    for (const x of f) expect(FINDING_IDS).toContain(x.id);
  });
  it('does not call a file missing unless the input is a whole MailRoot', async () => {
    const ids = (await diagnose({ target: 'openssl-1.0.1+', serverTab: '"SSLWantVerify"\t"1"\n"SSLUseCertsFile"\t"1"\n' })).map((x) => x.id);
    expect(ids).not.toContain('KEY_MISSING');
    expect(ids).not.toContain('CERTS_FILE_MISSING');
    expect(ids).toContain('WANTVERIFY_ON');
  });
});
