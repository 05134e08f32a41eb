import { describe, expect, it } from 'vitest';
import { diagnose, FINDING_IDS, pickMailRootFiles, type DiagnoseInput } from './diagnostics.ts';

const findingsOf = async (input: DiagnoseInput) => (await diagnose(input)).findings;

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
    const f = await findingsOf({ target: 'official-1.27-win', serverTab: new Uint8Array([0, 1, 2, 3]), commandLine: '"x', serverKey: 'junk', serverCert: 'junk' });
    expect(f.map((x) => x.id)).toEqual(expect.arrayContaining(['SERVER_TAB_UNREADABLE', 'COMMAND_LINE_UNTERMINATED_QUOTE', 'KEY_UNPARSABLE', 'CERT_UNPARSABLE']));
    for (const x of f) expect(FINDING_IDS).toContain(x.id);
  });
  it('does not call a file missing unless the input is a whole MailRoot', async () => {
    const ids = (await findingsOf({ target: 'openssl-1.0.1+', serverTab: '"SSLWantVerify"\t"1"\n"SSLUseCertsFile"\t"1"\n' })).map((x) => x.id);
    expect(ids).not.toContain('KEY_MISSING');
    expect(ids).not.toContain('CERTS_FILE_MISSING');
    expect(ids).toContain('WANTVERIFY_ON');
  });
});
