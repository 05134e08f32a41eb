/**
 * Diagnostics over real keys and certificates made by the openssl CLI: every finding id has an
 * input that triggers it and one that does not (a meta test checks the table covers FINDING_IDS),
 * certs/ names come from `openssl x509 -hash` / `-subject_hash_old`, and a dropped MailRoot folder
 * is picked apart correctly.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose, diagnoseMailRoot, FINDING_IDS, findingSummary, MAX_CERTS_DIR_FILES, pickMailRootFiles, type DiagnoseInput, type FindingId } from '../../src/lib/xmail/index.ts';
import { diagnoseSetup, type DiagnosisFile, type DiagnosisReport } from '../../src/lib/recipes/index.ts';
import { LANGS, translate } from '../../src/i18n/translate.ts';
import { findingMessage, findingParams } from '../../src/i18n/findings.ts';
import { openssl, run, tmpDir, writeFiles } from './helpers.ts';

const findingsOf = async (input: DiagnoseInput) => (await diagnose(input)).findings;
const mailRootFindingsOf = async (...args: Parameters<typeof diagnoseMailRoot>) => (await diagnoseMailRoot(...args)).findings;

const dir = tmpDir('xmail-diag-');
afterAll(() => dir.cleanup());
const FIXTURES = new URL('../fixtures/xmail/', import.meta.url);
const stockTab = readFileSync(new URL('server.tab', FIXTURES), 'utf8');
const goodTab = stockTab.replace(/xmailserver\.test/g, 'mail.example.test').replace('"RootDomain"\t"mail.example.test"', '"RootDomain"\t"example.test"');

interface Material {
  caPem: string; intPem: string; leafKey: string; leafPem: string; selfKey: string; selfPem: string; ecKey: string; ecPem: string;
  encKey: string; legacyKey: string; derKey: Uint8Array; derLeaf: Uint8Array; caHash: string; caHashOld: string; leafNotAfter: Date;
}
let m: Material;

async function ok(args: string[]): Promise<string> {
  const r = await run('openssl', args, { cwd: dir.path });
  if (r.code !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

beforeAll(async () => {
  writeFiles(dir.path, {
    'ca.ext': 'basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n',
    'leaf.ext': 'basicConstraints=CA:false\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:mail.example.test,DNS:*.example.test,DNS:example.test\n',
  });
  await ok(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=Test Root CA', '-days', '3650', '-sha256',
    '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await ok(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'int.key', '-out', 'int.csr', '-subj', '/CN=Test Intermediate CA']);
  await ok(['x509', '-req', '-in', 'int.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '2', '-out', 'int.pem', '-days', '1825', '-sha256', '-extfile', 'ca.ext']);
  await ok(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=mail.example.test']);
  await ok(['x509', '-req', '-in', 'leaf.csr', '-CA', 'int.pem', '-CAkey', 'int.key', '-set_serial', '3', '-out', 'leaf.pem', '-days', '365', '-sha256', '-extfile', 'leaf.ext']);
  await ok(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'self.key', '-out', 'self.pem', '-subj', '/CN=mail.example.test', '-days', '365', '-addext', 'subjectAltName=DNS:mail.example.test']);
  await ok(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ec.key', '-out', 'ec.pem', '-subj', '/CN=mail.example.test', '-days', '365',
    '-addext', 'subjectAltName=DNS:mail.example.test,DNS:example.test']);
  await ok(['pkcs8', '-topk8', '-in', 'leaf.key', '-v2', 'aes-256-cbc', '-passout', 'pass:secret', '-out', 'leaf.enc.key']);
  await ok(['rsa', '-in', 'leaf.key', '-aes256', '-traditional', '-passout', 'pass:secret', '-out', 'leaf.legacy.key']);
  await ok(['pkey', '-in', 'leaf.key', '-outform', 'DER', '-out', 'leaf.key.der']);
  await ok(['x509', '-in', 'leaf.pem', '-outform', 'DER', '-out', 'leaf.der']);
  const read = (n: string) => readFileSync(join(dir.path, n), 'utf8');
  const endDate = (await openssl('x509', '-in', join(dir.path, 'leaf.pem'), '-noout', '-enddate')).stdout.trim().replace('notAfter=', '');
  m = {
    caPem: read('ca.pem'), intPem: read('int.pem'), leafKey: read('leaf.key'), leafPem: read('leaf.pem'), selfKey: read('self.key'), selfPem: read('self.pem'),
    ecKey: read('ec.key'), ecPem: read('ec.pem'), encKey: read('leaf.enc.key'), legacyKey: read('leaf.legacy.key'),
    derKey: new Uint8Array(readFileSync(join(dir.path, 'leaf.key.der'))), derLeaf: new Uint8Array(readFileSync(join(dir.path, 'leaf.der'))),
    caHash: await ok(['x509', '-in', 'ca.pem', '-noout', '-hash']), caHashOld: await ok(['x509', '-in', 'ca.pem', '-noout', '-subject_hash_old']),
    leafNotAfter: new Date(endDate),
  };
}, 120_000);

const enc = (s: string) => new TextEncoder().encode(s);
const off = '"EnableSMTP-TLS"\t"0"\n"EnablePOP3-TLS"\t"0"\n"EnableCTRL-TLS"\t"0"\n';
const verifyFile = '"SSLWantVerify"\t"1"\n"SSLUseCertsFile"\t"1"\n';
const verifyDir = '"SSLWantVerify"\t"1"\n"SSLUseCertsDir"\t"1"\n';

/** A healthy MailRoot on a modern build: leaf + intermediate, matching key, host names covered. */
function base(): DiagnoseInput {
  return { target: 'openssl-1.0.1+', serverTab: goodTab, commandLine: '', serverKey: m.leafKey, serverCert: m.leafPem + m.intPem, complete: true };
}
const tab = (extra: string) => goodTab + extra;
const caDir = () => [{ name: `${m.caHash}.0`, bytes: enc(m.caPem) }, { name: `${m.caHashOld}.0`, bytes: enc(m.caPem) }];
const days = (n: number) => new Date(Date.now() + n * 86_400_000);

type Case = { trigger: () => Partial<DiagnoseInput>; clean: () => Partial<DiagnoseInput> };
const CASES: Record<FindingId, Case> = {
  SERVER_TAB_UNREADABLE: { trigger: () => ({ serverTab: new Uint8Array(readFileSync(new URL('binary.tab', FIXTURES))) }), clean: () => ({}) },
  SERVER_TAB_BOM: { trigger: () => ({ serverTab: '\uFEFF"SSLWantCert"\t"0"\n' + goodTab }), clean: () => ({ serverTab: '\uFEFF' + goodTab }) },
  SERVER_TAB_BOM_HARMLESS: { trigger: () => ({ serverTab: '\uFEFF' + goodTab }), clean: () => ({ serverTab: '\uFEFF"SSLWantCert"\t"0"\n' + goodTab }) },
  SERVER_TAB_ODD_LINE: { trigger: () => ({ serverTab: tab('"Foo"\t"bar"x\n') }), clean: () => ({ serverTab: tab('"Foo"\t"bar"\n') }) },
  SERVER_TAB_UNQUOTED: { trigger: () => ({ serverTab: tab('"Foo"\tbar\n') }), clean: () => ({ serverTab: tab('"Foo"\t"bar"\n') }) },
  SERVER_TAB_LINE_SPLIT: { trigger: () => ({ serverTab: tab(`#${'x'.repeat(2100)}\n`) }), clean: () => ({ serverTab: tab(`#${'x'.repeat(2045)}\n`) }) },
  SERVER_TAB_LINE_SPLIT_VALUE_CUT: { trigger: () => ({ serverTab: tab(`"CustomSMTPMessage"\t"${'x'.repeat(2100)}"\n`) }), clean: () => ({ serverTab: tab(`"CustomSMTPMessage"\t"${'x'.repeat(100)}"\n`) }) },
  SERVER_TAB_LINE_TAIL_SETTING: {
    trigger: () => ({ serverTab: `#${' '.repeat(2045)}"SSLWantCert"\t"1"\n` + goodTab }),
    clean: () => ({ serverTab: `#${' '.repeat(100)}"SSLWantCert"\t"1"\n` + goodTab }),
  },
  DUPLICATE_VARIABLE: { trigger: () => ({ serverTab: tab('"RootDomain"\t"other.test"\n') }), clean: () => ({}) },
  BOOLEAN_WORD: { trigger: () => ({ serverTab: tab('"EnableSMTP-TLS"\t"true"\n') }), clean: () => ({ serverTab: tab('"EnableSMTP-TLS"\t"1"\n') }) },
  SMTP_CONFIG_SPACES: { trigger: () => ({ serverTab: tab('"SmtpConfig"\t"MailAuth, WantTLS"\n') }), clean: () => ({ serverTab: tab('"SmtpConfig"\t"MailAuth,WantTLS"\n') }) },
  SMTP_WANTTLS_DEFAULT: { trigger: () => ({ serverTab: tab('"SmtpConfig"\t"MailAuth,WantTLS"\n') }), clean: () => ({ serverTab: tab('"SmtpConfig"\t"MailAuth,WantTLS=0"\n') }) },
  SMTP_WANTTLS_ADDRESS: { trigger: () => ({ serverTab: tab('"SmtpConfig-192.0.2.1,25"\t"WantTLS"\n') }), clean: () => ({ serverTab: tab('"SmtpConfig-192.0.2.1,25"\t"wanttls"\n') }) },
  SMTP_WANTTLS_OVERRIDDEN: {
    trigger: () => ({ serverTab: tab('"SmtpConfig"\t"WantTLS"\n"SmtpConfig-192.0.2.1"\t"MailAuth"\n') }),
    clean: () => ({ serverTab: tab('"SmtpConfig"\t"WantTLS"\n"SmtpConfig-192.0.2.1"\t"MailAuth,WantTLS"\n') }),
  },
  SMTP_WANTTLS_NO_STARTTLS: { trigger: () => ({ serverTab: tab('"SmtpConfig"\t"WantTLS"\n"EnableSMTP-TLS"\t"0"\n') }), clean: () => ({ serverTab: tab('"SmtpConfig"\t"WantTLS"\n') }) },
  SMTP_TLS_OBSOLETE: { trigger: () => ({ serverTab: tab('"SMTP-TLS"\t"1"\n') }), clean: () => ({}) },
  COMMAND_LINE_UNREADABLE: { trigger: () => ({ commandLine: 'x'.repeat(1100) }), clean: () => ({ commandLine: '-Md' }) },
  COMMAND_LINE_UNTERMINATED_QUOTE: { trigger: () => ({ commandLine: '-Ms "open' }), clean: () => ({ commandLine: '-Ms "closed"' }) },
  COMMAND_LINE_ARGUMENT_MISSING: { trigger: () => ({ commandLine: '-Md -Xp' }), clean: () => ({ commandLine: '-Md -Xp 10465' }) },
  COMMAND_LINE_SWITCH_TAIL_IGNORED: { trigger: () => ({ commandLine: '-X-off' }), clean: () => ({ commandLine: '-X-' }) },
  COMMAND_LINE_SWITCH_UNKNOWN: { trigger: () => ({ commandLine: '-Xq' }), clean: () => ({ commandLine: '-X6' }) },
  COMMAND_LINE_NOT_AN_OPTION: { trigger: () => ({ commandLine: '-x-' }), clean: () => ({ commandLine: '-X-' }) },
  COMMAND_LINE_ARGUMENT_IS_SWITCH: { trigger: () => ({ commandLine: '-Xp -B-' }), clean: () => ({ commandLine: '-Xp 10465 -B-' }) },
  COMMAND_LINE_PORT_RANDOM: { trigger: () => ({ commandLine: '-Xp smtps' }), clean: () => ({ commandLine: '-Xp 10465' }) },
  COMMAND_LINE_PORT_MISREAD: { trigger: () => ({ commandLine: '-Xp 10465x' }), clean: () => ({ commandLine: '-Xp 10465' }) },
  LISTENER_PORT_CONFLICT: { trigger: () => ({ commandLine: '-Xp 25' }), clean: () => ({ commandLine: '-Xp 2525' }) },
  LISTENER_ADDRESS_CONFLICT: { trigger: () => ({ commandLine: '-SI 192.0.2.1 -XI 192.0.2.1:25' }), clean: () => ({ commandLine: '-SI 192.0.2.1 -XI 192.0.2.1:465' }) },
  LISTENER_PORT_OVERLAP: { trigger: () => ({ commandLine: '-XI 192.0.2.1:25' }), clean: () => ({ commandLine: '-XI 192.0.2.1:465' }) },
  STARTTLS_OFFERED: { trigger: () => ({}), clean: () => ({ serverTab: tab(off) }) },
  STARTTLS_NOT_OFFERED: { trigger: () => ({ serverTab: tab(off) }), clean: () => ({}) },
  IMPLICIT_TLS_LISTENING: { trigger: () => ({}), clean: () => ({ commandLine: '-B- -W- -X-' }) },
  IMPLICIT_TLS_OFF: { trigger: () => ({ commandLine: '-X-' }), clean: () => ({}) },
  TLS_FULLY_OFF: { trigger: () => ({ serverTab: tab(off), commandLine: '-B- -W- -X-' }), clean: () => ({ serverTab: tab(off) }) },
  STARTTLS_OFFERED_FAILS: { trigger: () => ({ serverKey: m.derKey }), clean: () => ({}) },
  IMPLICIT_TLS_LISTENING_FAILS: { trigger: () => ({ serverKey: m.encKey }), clean: () => ({}) },
  OUTBOUND_TLS_FAILS: {
    trigger: () => ({ serverTab: tab(off + '"SmtpGwConfig"\t"NeedTLS=2"\n'), commandLine: '-B- -W- -X-', serverKey: undefined }),
    clean: () => ({ serverTab: tab(off + '"SmtpGwConfig"\t"NeedTLS=2"\n'), commandLine: '-B- -W- -X-' }),
  },
  KEY_READABLE: { trigger: () => ({ serverCert: undefined, complete: false }), clean: () => ({}) },
  KEY_CERT_UNUSED_TLS_OFF: {
    trigger: () => ({ serverKey: undefined, serverCert: undefined, serverTab: tab(off), commandLine: '-B- -W- -X-' }),
    clean: () => ({ serverKey: undefined, serverCert: undefined }),
  },
  CHAIN_INTERMEDIATES_OUT_OF_ORDER: { trigger: () => ({ serverCert: m.leafPem + m.caPem + m.intPem }), clean: () => ({ serverCert: m.leafPem + m.intPem + m.caPem }) },
  TARGET_TLS_1_0_ONLY: { trigger: () => ({ target: 'official-1.27-win' }), clean: () => ({ target: 'official-1.27-win', serverTab: tab(off), commandLine: '-B- -W- -X-' }) },
  KEY_MISSING: { trigger: () => ({ serverKey: undefined }), clean: () => ({ serverKey: undefined, complete: false }) },
  KEY_NOT_PEM: { trigger: () => ({ serverKey: m.derKey }), clean: () => ({ serverKey: enc(m.leafKey) }) },
  KEY_ENCRYPTED: { trigger: () => ({ serverKey: m.encKey }), clean: () => ({}) },
  KEY_UNPARSABLE: { trigger: () => ({ serverKey: 'not a key' }), clean: () => ({}) },
  KEY_MISMATCH: { trigger: () => ({ serverKey: m.selfKey }), clean: () => ({ serverKey: m.selfKey, serverCert: m.selfPem }) },
  KEY_NOT_RSA_FOR_TARGET: { trigger: () => ({ target: 'official-1.27-win', serverKey: m.ecKey, serverCert: m.ecPem }), clean: () => ({ serverKey: m.ecKey, serverCert: m.ecPem }) },
  KEY_OK: { trigger: () => ({}), clean: () => ({ serverKey: m.selfKey }) },
  CERT_MISSING: { trigger: () => ({ serverCert: undefined }), clean: () => ({}) },
  CERT_NOT_PEM: { trigger: () => ({ serverCert: m.derLeaf }), clean: () => ({ serverCert: enc(m.leafPem + m.intPem) }) },
  CERT_UNPARSABLE: { trigger: () => ({ serverCert: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' }), clean: () => ({}) },
  CERT_EXPIRED: { trigger: () => ({ now: days(800) }), clean: () => ({ now: days(300) }) },
  CERT_NOT_YET_VALID: { trigger: () => ({ now: new Date('2000-01-01T00:00:00Z') }), clean: () => ({}) },
  CERT_EXPIRES_SOON: { trigger: () => ({ now: new Date(m.leafNotAfter.getTime() - 10 * 86_400_000) }), clean: () => ({ now: new Date(m.leafNotAfter.getTime() - 40 * 86_400_000) }) },
  CERT_VALID: { trigger: () => ({}), clean: () => ({ now: days(800) }) },
  CERT_HOST_NOT_COVERED: { trigger: () => ({ serverTab: stockTab }), clean: () => ({}) },
  CERT_HOSTS_COVERED: { trigger: () => ({}), clean: () => ({ serverTab: stockTab }) },
  CERT_SELF_SIGNED: { trigger: () => ({ serverKey: m.selfKey, serverCert: m.selfPem }), clean: () => ({}) },
  CHAIN_OUT_OF_ORDER: { trigger: () => ({ serverCert: m.intPem + m.leafPem }), clean: () => ({}) },
  CHAIN_INCOMPLETE: { trigger: () => ({ serverCert: m.leafPem }), clean: () => ({}) },
  CHAIN_EXTRA_CERTIFICATE: { trigger: () => ({ serverCert: m.leafPem + m.intPem + m.selfPem }), clean: () => ({}) },
  CHAIN_INTERMEDIATES_IGNORED: { trigger: () => ({ target: 'pre-1.27' }), clean: () => ({ target: 'official-1.27-win' }) },
  WANTCERT_ON: { trigger: () => ({ serverTab: tab('"SSLWantCert"\t"1"\n"SSLUseCertsFile"\t"1"\n'), certsPem: m.caPem }), clean: () => ({ serverTab: tab(verifyFile), certsPem: m.caPem }) },
  WANTVERIFY_ON: { trigger: () => ({ serverTab: tab(verifyFile), certsPem: m.caPem }), clean: () => ({ serverTab: tab('"SSLWantVerify"\t"yes"\n') }) },
  VERIFY_NO_TRUST_SOURCE: { trigger: () => ({ serverTab: tab('"SSLWantVerify"\t"1"\n') }), clean: () => ({ serverTab: tab(verifyFile), certsPem: m.caPem }) },
  CERTS_FILE_MISSING: { trigger: () => ({ serverTab: tab(verifyFile) }), clean: () => ({ serverTab: tab(verifyFile), certsPem: m.caPem }) },
  CERTS_FILE_UNPARSABLE: { trigger: () => ({ serverTab: tab(verifyFile), certsPem: 'junk' }), clean: () => ({ serverTab: tab(verifyFile), certsPem: m.caPem }) },
  CERTS_DIR_MISSING: { trigger: () => ({ serverTab: tab(verifyDir), certsDir: [] }), clean: () => ({ serverTab: tab(verifyDir), certsDir: caDir() }) },
  CERTS_DIR_FILE_UNPARSABLE: { trigger: () => ({ serverTab: tab(verifyDir), certsDir: [...caDir(), { name: 'abcdef01.0', bytes: enc('junk') }] }), clean: () => ({ serverTab: tab(verifyDir), certsDir: caDir() }) },
  CERTS_DIR_NAME_MISMATCH: { trigger: () => ({ serverTab: tab(verifyDir), certsDir: [{ name: '00000000.0', bytes: enc(m.caPem) }] }), clean: () => ({ serverTab: tab(verifyDir), certsDir: caDir() }) },
  CERTS_DIR_WRONG_HASH_FOR_TARGET: {
    trigger: () => ({ target: 'official-1.27-win', serverTab: tab(verifyDir), certsDir: [{ name: `${m.caHash}.0`, bytes: enc(m.caPem) }] }),
    clean: () => ({ target: 'official-1.27-win', serverTab: tab(verifyDir), certsDir: caDir() }),
  },
  CERTS_DIR_GAP: {
    trigger: () => ({ serverTab: tab(verifyDir), certsDir: [{ name: `${m.caHash}.0`, bytes: enc(m.caPem) }, { name: `${m.caHash}.2`, bytes: enc(m.caPem) }] }),
    clean: () => ({ serverTab: tab(verifyDir), certsDir: [{ name: `${m.caHash}.0`, bytes: enc(m.caPem) }, { name: `${m.caHash}.1`, bytes: enc(m.caPem) }] }),
  },
  CERTS_DIR_TOO_MANY_FILES: {
    trigger: () => ({ serverTab: tab(verifyDir), certsDir: Array.from({ length: MAX_CERTS_DIR_FILES + 1 }, (_, i) => ({ name: `${m.caHash}.${i}`, bytes: enc(m.caPem) })) }),
    clean: () => ({ serverTab: tab(verifyDir), certsDir: caDir() }),
  },
  CERTS_UNUSED: { trigger: () => ({ certsPem: m.caPem }), clean: () => ({ serverTab: tab(verifyFile), certsPem: m.caPem }) },
  CLIENT_CHAIN_SHA256_FOR_TARGET: {
    trigger: () => ({ target: 'official-1.27-win', serverTab: tab(verifyFile), certsPem: m.caPem }),
    clean: () => ({ target: 'openssl-1.0.1+', serverTab: tab(verifyFile), certsPem: m.caPem }),
  },
};

describe('diagnostics: every finding id', () => {
  it('the table covers FINDING_IDS exactly', () => {
    expect(Object.keys(CASES).sort()).toEqual([...FINDING_IDS].sort());
  });
  it.each([...FINDING_IDS])('%s: triggered, and absent from its clean twin', async (id) => {
    const c = CASES[id];
    const hit = await findingsOf({ ...base(), ...c.trigger() });
    const miss = await findingsOf({ ...base(), ...c.clean() });
    const found = hit.filter((f) => f.id === id);
    expect(found.length, hit.map((f) => f.id).join(' ')).toBeGreaterThan(0);
    for (const f of found) expect(findingSummary(f)).not.toBe('');
    expect(miss.map((f) => f.id), miss.map(findingSummary).join('\n')).not.toContain(id);
  });
  it('a healthy MailRoot has no error and no warning', async () => {
    const findings = await findingsOf(base());
    expect(findings.filter((f) => f.severity === 'error' || f.severity === 'warning')).toEqual([]);
    expect(findings.map((f) => f.id)).toEqual(expect.arrayContaining(['KEY_OK', 'CERT_VALID', 'CERT_HOSTS_COVERED', 'STARTTLS_OFFERED', 'IMPLICIT_TLS_LISTENING']));
  });
  it('reports the legacy encrypted PEM key as encrypted', async () => {
    expect((await findingsOf({ ...base(), serverKey: m.legacyKey })).map((f) => f.id)).toContain('KEY_ENCRYPTED');
  });
  it('lists which services offer TLS on which ports', async () => {
    const f = await findingsOf({ ...base(), serverTab: tab('"EnablePOP3-TLS"\t"0"\n'), commandLine: '-Xp 10465 -W- -P-' });
    const info = f.filter((x) => x.id === 'STARTTLS_OFFERED' || x.id === 'IMPLICIT_TLS_LISTENING' || x.id === 'STARTTLS_NOT_OFFERED').map((x) => `${x.id} ${x.params.service} ${x.params.ports}`);
    expect(info.sort()).toEqual(['IMPLICIT_TLS_LISTENING POP3S 995', 'IMPLICIT_TLS_LISTENING SMTPS 10465', 'STARTTLS_OFFERED CTRL 6017', 'STARTTLS_OFFERED SMTP 25'].sort());
  });
});

// ---------------------------------------------------------------------------------------------
// Issue 13 item 1: a finding carries codes and data, never English words; the catalog and
// src/i18n/findings.ts make the sentence. Every finding, with the params lib really produces,
// rendered in ja: no parameter lib chose (a code, a number, a list, a file or variable name) may
// show English prose or an English list separator. Values copied from the admin's own files (a
// setting's name or value, a command-line token, a certificate's subject) are shown as they are.

const COPIED_FROM_FILES = new Set(['name', 'value', 'token', 'arg', 'readAs', 'subject', 'issuer', 'flag']);
/** Two words of English, or a list joined the English way ("server.key and server.cert", "outbound NeedTLS", "25, 587"). */
const ENGLISH = /[A-Za-z]{2,}[ \t]+[a-z]{2,}|[a-z]{2,}[ \t]+[A-Za-z]{2,}|, /;

describe('findings read in ja carry no English prose (issue 13 item 1)', () => {
  const scenarios = (): Array<[string, Partial<DiagnoseInput>]> => [
    ...FINDING_IDS.map((id): [string, Partial<DiagnoseInput>] => [id, CASES[id].trigger()]),
    ['healthy MailRoot (several host names covered)', {}],
    ['a service on two ports', { commandLine: '-SI 192.0.2.1:25 -SI 192.0.2.2:2525 -XI 192.0.2.1:465 -XI 192.0.2.2:10465' }],
    ['nothing but a MailRoot server.tab', { serverKey: undefined, serverCert: undefined }],
    ['outbound TLS with a missing key', { serverTab: tab('"SmtpGwConfig"\t"NeedTLS=2"\n'), serverKey: undefined }],
  ];
  it('holds for the trigger of every finding id and a few whole setups', async () => {
    expect.hasAssertions();
    const problems: string[] = [];
    for (const [label, input] of scenarios()) {
      const { findings } = await diagnose({ ...base(), ...input });
      for (const f of findings) {
        const shown = findingParams('ja', f.params);
        for (const [k, v] of Object.entries(shown)) {
          if (!COPIED_FROM_FILES.has(k) && ENGLISH.test(String(v))) problems.push(`${label}: ${f.id} {${k}} = "${v}" in "${findingMessage('ja', f)}"`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('diagnoseMailRoot', () => {
  it('picks the files out of a dropped folder with leading folders and backslashes', async () => {
    const files = [
      { path: 'backup\\MailRoot\\server.tab', bytes: enc(goodTab + verifyDir) },
      { path: 'backup\\MailRoot\\server.key', bytes: enc(m.leafKey) },
      { path: 'backup/MailRoot/server.cert', bytes: enc(m.leafPem + m.intPem) },
      { path: 'backup/MailRoot/certs/' + `${m.caHash}.0`, bytes: enc(m.caPem) },
      { path: 'backup/MailRoot/certs/' + `${m.caHashOld}.0`, bytes: enc(m.caPem) },
      { path: 'backup/MailRoot/certs/sub/ignored.0', bytes: enc('x') },
      { path: 'backup/MailRoot/domains/example.test/server.tab', bytes: enc('"X"\t"1"\n') },
    ];
    const picked = pickMailRootFiles(files);
    expect(new TextDecoder().decode(picked.serverKey)).toBe(m.leafKey);
    expect(picked.certsDir.map((f) => f.name).sort()).toEqual([`${m.caHash}.0`, `${m.caHashOld}.0`].sort());
    expect(picked.certsPem).toBeUndefined();
    const findings = await mailRootFindingsOf(files, { target: 'official-1.27-win' });
    const ids = findings.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['KEY_OK', 'WANTVERIFY_ON', 'TARGET_TLS_1_0_ONLY', 'CLIENT_CHAIN_SHA256_FOR_TARGET']));
    expect(ids).not.toContain('CERTS_DIR_WRONG_HASH_FOR_TARGET');
    expect(ids).not.toContain('CERTS_DIR_NAME_MISMATCH');
  });
  it('a MailRoot with no key or certificate and default TLS reports it', async () => {
    const ids = (await mailRootFindingsOf([{ path: 'MailRoot/server.tab', bytes: enc(stockTab) }], { target: 'openssl-1.0.1+' })).map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['KEY_MISSING', 'CERT_MISSING', 'STARTTLS_OFFERED_FAILS', 'IMPLICIT_TLS_LISTENING_FAILS']));
    expect(ids).not.toContain('STARTTLS_OFFERED');
  });
});

// ---------------------------------------------------------------------------------------------
// Issue 16 class 4/6: the report never contradicts itself, over every server.tab fixture, every
// key/certificate case and a few command lines, and every finding reads in ja and en.

/** Pairs of findings that cannot both be true; and findings that say "TLS works" vs "fails". */
const CANNOT_LOAD = ['KEY_NOT_PEM', 'KEY_MISMATCH', 'CHAIN_OUT_OF_ORDER', 'KEY_ENCRYPTED', 'KEY_UNPARSABLE', 'KEY_MISSING', 'KEY_NOT_RSA_FOR_TARGET', 'CERT_NOT_PEM', 'CERT_UNPARSABLE', 'CERT_MISSING'];
const CONTRADICTIONS: Array<[FindingId, readonly string[]]> = [
  ['KEY_OK', [...CANNOT_LOAD, 'KEY_READABLE', 'STARTTLS_OFFERED_FAILS', 'IMPLICIT_TLS_LISTENING_FAILS', 'OUTBOUND_TLS_FAILS']],
  ['KEY_READABLE', ['KEY_NOT_PEM', 'KEY_MISMATCH', 'KEY_ENCRYPTED', 'KEY_UNPARSABLE', 'KEY_NOT_RSA_FOR_TARGET']],
  ['STARTTLS_OFFERED', [...CANNOT_LOAD, 'STARTTLS_OFFERED_FAILS', 'TLS_FULLY_OFF']],
  ['IMPLICIT_TLS_LISTENING', [...CANNOT_LOAD, 'IMPLICIT_TLS_LISTENING_FAILS', 'TLS_FULLY_OFF']],
  ['STARTTLS_OFFERED_FAILS', ['TLS_FULLY_OFF', 'KEY_CERT_UNUSED_TLS_OFF']],
  ['IMPLICIT_TLS_LISTENING_FAILS', ['TLS_FULLY_OFF', 'KEY_CERT_UNUSED_TLS_OFF']],
  ['KEY_CERT_UNUSED_TLS_OFF', ['KEY_MISSING', 'CERT_MISSING']],
  ['SERVER_TAB_BOM', ['SERVER_TAB_BOM_HARMLESS']],
];

function contradictions(r: DiagnosisReport): string[] {
  const ids = new Set(r.findings.map((f) => f.id));
  const out: string[] = [];
  for (const [a, bs] of CONTRADICTIONS) for (const b of bs) if (ids.has(a) && ids.has(b as FindingId)) out.push(`${a} + ${b}`);
  const fails = ids.has('STARTTLS_OFFERED_FAILS') || ids.has('IMPLICIT_TLS_LISTENING_FAILS');
  const stops = ids.has('LISTENER_PORT_CONFLICT') || ids.has('LISTENER_ADDRESS_CONFLICT');
  for (const row of r.services) {
    if (row.state === 'tls' && (fails || [...ids].some((id) => CANNOT_LOAD.includes(id)))) out.push(`${row.service} table: tls, findings: fails`);
    if (row.state === 'tls-fails' && !fails) out.push(`${row.service} table: tls-fails, findings: no failure`);
    if ((row.state === 'not-started') !== stops) out.push(`${row.service} table: ${row.state}, start-up conflict: ${stops}`);
  }
  return out;
}

describe('the report never contradicts itself (every fixture x key/certificate case x command line)', () => {
  const tabDirs = [new URL('../fixtures/xmail/', import.meta.url).pathname, '/work/shared/fixtures/xmail-1.27/'].filter((d) => existsSync(d));
  const tabs = tabDirs.flatMap((d) => readdirSync(d).filter((n) => n.endsWith('.tab')).map((n) => ({ name: n, bytes: new Uint8Array(readFileSync(join(d, n))) })));
  const material = (): Array<[string, DiagnosisFile[]]> => [
    ['none', []],
    ['matching pair', [{ path: 'server.key', bytes: enc(m.leafKey) }, { path: 'server.cert', bytes: enc(m.leafPem + m.intPem) }]],
    ['DER key', [{ path: 'server.key', bytes: m.derKey }, { path: 'server.cert', bytes: enc(m.leafPem + m.intPem) }]],
    ['encrypted key', [{ path: 'server.key', bytes: enc(m.encKey) }, { path: 'server.cert', bytes: enc(m.leafPem + m.intPem) }]],
    ['mismatched key', [{ path: 'server.key', bytes: enc(m.selfKey) }, { path: 'server.cert', bytes: enc(m.leafPem + m.intPem) }]],
    ['reversed chain', [{ path: 'server.key', bytes: enc(m.leafKey) }, { path: 'server.cert', bytes: enc(m.intPem + m.leafPem) }]],
    ['DER certificate', [{ path: 'server.key', bytes: enc(m.leafKey) }, { path: 'server.cert', bytes: m.derLeaf }]],
    ['key only', [{ path: 'server.key', bytes: enc(m.leafKey) }]],
    ['DER key only', [{ path: 'server.key', bytes: m.derKey }]],
    ['certificate only', [{ path: 'server.cert', bytes: enc(m.leafPem) }]],
    ['EC pair', [{ path: 'server.key', bytes: enc(m.ecKey) }, { path: 'server.cert', bytes: enc(m.ecPem) }]],
    ['folder without key', [{ path: 'MailRoot/server.cert', bytes: enc(m.leafPem) }]],
  ];
  const commandLines = ['', '-B- -W- -X-', '-Xp 25', '-X-foo -Bp abc'];
  it('holds for every combination, and every finding reads in ja and en with every placeholder filled', async () => {
    expect.hasAssertions();
    expect(tabs.length).toBeGreaterThanOrEqual(13);
    const problems: string[] = [];
    let reports = 0;
    for (const target of ['openssl-1.0.1+', 'official-1.27-win'] as const) {
      // Every fixture on the modern build; the stock file on the official one (RSA only, TLS 1.0).
      for (const tab of target === 'openssl-1.0.1+' ? tabs : tabs.filter((t) => t.name === 'server.tab')) {
        for (const [label, files] of material()) {
          for (const commandLine of commandLines) {
            const inFolder = files.some((f) => f.path.startsWith('MailRoot/'));
            const all = [...files, { path: inFolder ? 'MailRoot/server.tab' : 'server.tab', bytes: tab.bytes }];
            const r = await diagnoseSetup({ target, files: all, commandLine, now: new Date() });
            reports++;
            for (const c of contradictions(r)) problems.push(`${target} ${tab.name} ${label} "${commandLine}": ${c}`);
            for (const lang of LANGS) {
              for (const f of r.findings) {
                const text = translate(lang, `current.finding.${f.id}`, Object.fromEntries(Object.entries(f.params).map(([k, v]) => [k, String(v)])));
                if (/\{\w+\}/.test(text) || text.trim() === '') problems.push(`${lang} ${f.id}: ${text}`);
              }
            }
          }
        }
      }
    }
    expect(reports).toBeGreaterThan(600);
    expect(problems).toEqual([]);
  }, 300_000);
});
