/**
 * The MailRoot bundle checked by real tools: a root CA, a second CA with the same subject (so the
 * certs/ numbering HASH.0/HASH.1 matters), an intermediate, a server certificate and client
 * certificates are made with the openssl CLI; the bundle is built, zipped, unzipped with Info-ZIP
 * `unzip` and checked file by file with openssl, `openssl rehash`, `sha256sum -c` and Python's
 * plistlib.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_PATHS, buildMailRootBundle, isBundleError, zipBundle, type MailRootBundleInput } from '../../src/lib/bundle/index.ts';
import { decodePem } from '../../src/lib/pki/pem.ts';
import { encodeServerTabOutputs, parseCommandLine, planMode, planStartupChange, type StartupOutputs } from '../../src/lib/xmail/index.ts';
import { openssl, run, tmpDir, writeFiles, type RunResult } from './helpers.ts';

const dir = tmpDir('bundle-');
afterAll(() => dir.cleanup());
const p = (name: string) => join(dir.path, name);
const out = join(dir.path, 'unzipped');
const inBundle = (path: string) => join(out, path);

function ok(r: RunResult): string {
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

async function makeCa(name: string, subject: string, issuer?: string): Promise<void> {
  ok(await openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', p(`${name}.key`)));
  const ext = ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'];
  if (!issuer) {
    ok(await openssl('req', '-x509', '-new', '-key', p(`${name}.key`), '-subj', subject, '-days', '3650', '-sha256', ...ext, '-out', p(`${name}.pem`)));
  } else {
    ok(await openssl('req', '-new', '-key', p(`${name}.key`), '-subj', subject, '-out', p(`${name}.csr`)));
    writeFiles(dir.path, { [`${name}.ext`]: 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' });
    ok(await openssl('x509', '-req', '-in', p(`${name}.csr`), '-CA', p(`${issuer}.pem`), '-CAkey', p(`${issuer}.key`), '-CAcreateserial',
      '-days', '3650', '-sha256', '-extfile', p(`${name}.ext`), '-out', p(`${name}.pem`)));
  }
}

async function issueLeaf(name: string, subject: string, issuer: string, ext: string): Promise<void> {
  ok(await openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', p(`${name}.key`)));
  ok(await openssl('req', '-new', '-key', p(`${name}.key`), '-subj', subject, '-out', p(`${name}.csr`)));
  writeFiles(dir.path, { [`${name}.ext`]: ext });
  ok(await openssl('x509', '-req', '-in', p(`${name}.csr`), '-CA', p(`${issuer}.pem`), '-CAkey', p(`${issuer}.key`), '-CAcreateserial',
    '-days', '397', '-sha256', '-extfile', p(`${name}.ext`), '-out', p(`${name}.pem`)));
}

const der = (name: string) => decodePem(readFileSync(p(`${name}.pem`), 'utf8'), ['CERTIFICATE']).der;
const fixedUUID = () => {
  let n = 0;
  return () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
};

let input: MailRootBundleInput;
let zip: Uint8Array;
let plan: ReturnType<typeof planMode>;
let startup: StartupOutputs;

beforeAll(async () => {
  // Mixed case in the subject: the new (canonical, lower-cased) and old (raw DER) hashes differ.
  await makeCa('root', '/C=JP/O=Example Mail/CN=Example Root CA');
  await makeCa('root2', '/C=JP/O=Example Mail/CN=Example Root CA'); // same subject, other key
  await makeCa('stranger', '/CN=Stranger CA');
  await makeCa('inter', '/C=JP/O=Example Mail/CN=Example Issuing CA', 'root');
  await issueLeaf('server', '/CN=mail.example.com', 'inter',
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:mail.example.com\n');
  const clientExt = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth,emailProtection\nsubjectAltName=email:taro@example.com\n';
  await issueLeaf('client', '/CN=taro@example.com', 'root', clientExt);
  await issueLeaf('client2', '/CN=hanako@example.com', 'root2', clientExt);
  await issueLeaf('client3', '/CN=mallory@example.com', 'stranger', clientExt);
  // XMail's most conservative key form: PKCS#1 "RSA PRIVATE KEY" (what serializePrivateKeyPem(key, 'pkcs1') writes).
  const serverKeyPem = ok(await openssl('pkey', '-in', p('server.key'), '-traditional'));
  expect(serverKeyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);

  const stockTab = readFileSync(new URL('../fixtures/xmail/server.tab', import.meta.url), 'utf8');
  plan = planMode('client-verify', { clientVerify: { certsFile: true, certsDir: true, requireCertificate: false } }, {
    serverTab: stockTab,
  });
  // The user's line with the implicit-TLS listeners turned off: a change that ships startup files.
  const startupChange = planStartupChange({ smtps: 'off', pop3s: 'off', ctrls: 'off' }, parseCommandLine('-Pl -Sl -Ql -Yl -Ll -Md "C:\\Program Files\\XMail\\MailRoot"'));
  if (startupChange.kind !== 'merged') throw new Error('expected a merged command line');
  startup = startupChange.outputs;
  input = {
    os: 'windows',
    lang: 'ja',
    serverKeyPem,
    serverCertChainPem: readFileSync(p('server.pem'), 'utf8') + readFileSync(p('inter.pem'), 'utf8'),
    caCertificates: [der('root')],
    clientVerifyCas: [der('root'), der('root2')],
    hashStyle: 'both',
    serverTab: encodeServerTabOutputs(plan.serverTab!),
    startup: startupChange,
    hostNames: ['mail.example.com'],
    caName: 'Example Root CA',
    extraFiles: [{ path: 'clients/taro.p12', bytes: new Uint8Array([0x30, 0x80]) }],
  };
  zip = await zipBundle(await buildMailRootBundle(input, { randomUUID: fixedUUID() }));
  writeFileSync(p('bundle.zip'), zip);
  mkdirSync(out);
  ok(await run('unzip', ['-q', p('bundle.zip'), '-d', out], { timeoutMs: 30_000 }));
});

describe('the unzipped MailRoot bundle', () => {
  it('unzip -t finds no error and every entry stays inside the folder', async () => {
    const test = ok(await run('unzip', ['-t', p('bundle.zip')]));
    expect(test).toContain('No errors detected');
    const listing = ok(await run('unzip', ['-Z1', p('bundle.zip')])).trim().split('\n');
    expect(listing).toContain('MailRoot/server.key');
    for (const name of listing) expect(name).not.toMatch(/(^\/|\.\.|\\)/);
  });

  it('every entry is stored (method 0, issue 15 page size), and unzip and Python\'s zipfile read it', async () => {
    // `unzip -v`: one row per entry, "Length Method Size Cmpr ... Name"; stored means Size = Length.
    const rows = ok(await run('unzip', ['-v', p('bundle.zip')])).split('\n').filter((line) => / \d\d:\d\d /.test(line));
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(row, row).toMatch(/^\s*(\d+)\s+Stored\s+\1\s/);
    const script = [
      'import sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1])',
      'assert z.testzip() is None',
      'assert {i.compress_type for i in z.infolist()} == {zipfile.ZIP_STORED}, {i.compress_type for i in z.infolist()}',
      'print(len(z.infolist()))',
    ].join('\n');
    const entries = ok(await run('python3', ['-c', script, p('bundle.zip')]));
    expect(Number(entries.trim())).toBe(rows.length);
  });

  it('server.key is an unencrypted PKCS#1 key that matches the leaf in server.cert', async () => {
    const key = readFileSync(inBundle('MailRoot/server.key'), 'utf8');
    expect(key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(key).not.toContain('ENCRYPTED');
    const fromKey = ok(await openssl('pkey', '-in', inBundle('MailRoot/server.key'), '-pubout', '-passin', 'pass:'));
    const fromCert = ok(await openssl('x509', '-in', inBundle('MailRoot/server.cert'), '-noout', '-pubkey'));
    expect(fromKey).toMatch(/BEGIN PUBLIC KEY/);
    expect(fromKey).toBe(fromCert);
  });

  it('server.cert is leaf then intermediate, and the chain verifies to the CA in clients/', async () => {
    const certPem = readFileSync(inBundle('MailRoot/server.cert'), 'utf8');
    expect(certPem.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);
    expect(ok(await openssl('x509', '-in', inBundle('MailRoot/server.cert'), '-noout', '-subject'))).toContain('mail.example.com');
    const v = ok(await openssl('verify', '-CAfile', inBundle('clients/ca.pem'), '-untrusted', inBundle('MailRoot/server.cert'),
      '-purpose', 'sslserver', inBundle('MailRoot/server.cert')));
    expect(v.trim()).toMatch(/: OK$/);
  });

  it('certs/ names equal openssl x509 -hash and -subject_hash_old, numbered like openssl rehash -compat', async () => {
    const expected: string[] = [];
    const count = new Map<string, number>();
    for (const name of ['root', 'root2']) {
      const hash = ok(await openssl('x509', '-in', p(`${name}.pem`), '-noout', '-hash')).trim();
      const old = ok(await openssl('x509', '-in', p(`${name}.pem`), '-noout', '-subject_hash_old')).trim();
      expect(hash).not.toBe(old);
      for (const h of [hash, old]) {
        const n = count.get(h) ?? 0;
        count.set(h, n + 1);
        expected.push(`${h}.${n}`);
      }
    }
    const actual = readdirSync(inBundle('MailRoot/certs')).sort();
    expect(actual).toEqual(expected.sort());
    // The reference tool over the same two certificates gives the same names.
    const ref = join(dir.path, 'rehash');
    mkdirSync(ref);
    cpSync(p('root.pem'), join(ref, 'root.pem'));
    cpSync(p('root2.pem'), join(ref, 'root2.pem'));
    ok(await openssl('rehash', '-compat', ref));
    expect(readdirSync(ref).filter((f) => /^[0-9a-f]{8}\.\d+$/.test(f)).sort()).toEqual(actual);
  });

  it('openssl verify -CApath MailRoot/certs accepts clients of both CAs (HASH.0 and HASH.1) and refuses a stranger', async () => {
    for (const c of ['client', 'client2']) {
      const v = ok(await openssl('verify', '-CApath', inBundle('MailRoot/certs'), '-purpose', 'sslclient', p(`${c}.pem`)));
      expect(v.trim()).toBe(`${p(`${c}.pem`)}: OK`);
    }
    const bad = await openssl('verify', '-CApath', inBundle('MailRoot/certs'), p('client3.pem'));
    expect(bad.code).not.toBe(0);
    expect(bad.stdout + bad.stderr).toMatch(/unable to get local issuer certificate/);
  });

  it('certs.pem holds both CAs and verifies the client too', async () => {
    expect(readFileSync(inBundle('MailRoot/certs.pem'), 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    const v = ok(await openssl('verify', '-CAfile', inBundle('MailRoot/certs.pem'), p('client.pem')));
    expect(v.trim()).toMatch(/: OK$/);
  });

  it.each([
    [BUNDLE_PATHS.regNative, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\GNU\\XMail'],
    [BUNDLE_PATHS.regWow64, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node\\GNU\\XMail'],
  ])('%s is UTF-16LE with BOM and CRLF, names %s and holds the escaped command line', async (path, key) => {
    const bytes = readFileSync(inBundle(path));
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    // iconv as an independent decoder; then every line end must be CRLF.
    const text = ok(await run('iconv', ['-f', 'UTF-16LE', '-t', 'UTF-8', inBundle(path)])).replace(/^\ufeff/, '');
    expect(text.startsWith('Windows Registry Editor Version 5.00\r\n\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n');
    expect(lines).toContain(`[${key}]`);
    const escaped = startup.windowsValue.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    expect(lines).toContain(`"MAIL_CMD_LINE"="${escaped}"`);
    expect(escaped).toContain('\\"C:\\\\Program Files\\\\XMail\\\\MailRoot\\"');
  });

  it('startup/ holds the plain command line and no init-script line (a Windows bundle); server.tab and its patch are placed', () => {
    expect(readFileSync(inBundle(BUNDLE_PATHS.commandLine), 'utf8')).toBe(`${startup.plain}\r\n`);
    expect(readdirSync(join(out, 'startup')).sort()).toEqual(['xmail-cmdline.txt', 'xmail-registry-32bit-xmail-on-64bit-windows.reg', 'xmail-registry.reg']);
    expect(readFileSync(inBundle('MailRoot/server.tab'), 'utf8')).toBe(plan.serverTab!.text);
    expect(readFileSync(inBundle('server.tab.patch'), 'utf8')).toBe(plan.serverTab!.patch);
  });

  it('clients/ holds the CA as DER and PEM and a .mobileconfig plistlib reads with the same DER', async () => {
    const subject = ok(await openssl('x509', '-inform', 'DER', '-in', inBundle('clients/ca.cer'), '-noout', '-subject'));
    expect(subject).toContain('Example Root CA');
    expect(readFileSync(inBundle('clients/ca.cer')).equals(Buffer.from(der('root')))).toBe(true);
    const script = [
      'import plistlib, sys',
      'p = plistlib.load(open(sys.argv[1], "rb"))',
      'r = p["PayloadContent"][0]',
      'assert p["PayloadType"] == "Configuration", p["PayloadType"]',
      'assert r["PayloadType"] == "com.apple.security.root", r["PayloadType"]',
      'assert r["PayloadContent"] == open(sys.argv[2], "rb").read()',
      'print(p["PayloadDisplayName"])',
    ].join('\n');
    const shown = ok(await run('python3', ['-c', script, inBundle(BUNDLE_PATHS.mobileconfig), inBundle('clients/ca.cer')]));
    expect(shown.trim()).toBe('CA 証明書: Example Root CA');
  });

  it('INSTALL files use CRLF for a Windows user', () => {
    for (const path of [BUNDLE_PATHS.installJa, BUNDLE_PATHS.installEn]) {
      const text = readFileSync(inBundle(path), 'utf8');
      expect(text).toContain('\r\n');
      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    }
    expect(readFileSync(inBundle(BUNDLE_PATHS.installJa), 'utf8')).toContain('net stop XMail');
  });

  it('sha256sum -c accepts MANIFEST.sha256, covering every other file, and catches a changed file', async () => {
    const manifest = readFileSync(inBundle(BUNDLE_PATHS.manifest), 'utf8');
    const listed = manifest.trim().split('\n').map((l) => l.slice(66));
    const all = ok(await run('unzip', ['-Z1', p('bundle.zip')])).trim().split('\n').filter((n) => !n.endsWith('/') && n !== BUNDLE_PATHS.manifest);
    expect(listed.sort()).toEqual(all.sort());
    expect(ok(await run('sha256sum', ['-c', '--strict', BUNDLE_PATHS.manifest], { cwd: out }))).toMatch(/MailRoot\/server.key: OK/);
    const copy = join(dir.path, 'tampered');
    cpSync(out, copy, { recursive: true });
    writeFileSync(join(copy, 'MailRoot/server.cert'), 'changed');
    const r = await run('sha256sum', ['-c', BUNDLE_PATHS.manifest], { cwd: copy });
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/MailRoot\/server.cert: FAILED/);
  });
});

describe('the zip', () => {
  it('is deterministic: the same input gives the same bytes', async () => {
    const again = await zipBundle(await buildMailRootBundle(input, { randomUUID: fixedUUID() }));
    expect(Buffer.from(again).equals(Buffer.from(zip))).toBe(true);
  });

  it.each(['../escape.txt', '/etc/cron.d/x', 'clients\\x.p12', 'MailRoot/../../x'])('refuses extra file %j with BUNDLE_PATH_INVALID', async (path) => {
    expect.assertions(1);
    await buildMailRootBundle({ ...input, extraFiles: [{ path, bytes: new Uint8Array([1]) }] }, { randomUUID: fixedUUID() })
      .catch((e: unknown) => expect(isBundleError(e, 'BUNDLE_PATH_INVALID')).toBe(true));
  });
});

describe('a Unix bundle for a self-signed certificate', () => {
  const unixOut = join(dir.path, 'unix');
  beforeAll(async () => {
    ok(await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('self.key'), '-subj', '/CN=mail.example.org',
      '-addext', 'subjectAltName=DNS:mail.example.org', '-days', '397', '-sha256', '-out', p('self.pem')));
    const files = await buildMailRootBundle({
      os: 'unix',
      serverKeyPem: ok(await openssl('pkey', '-in', p('self.key'), '-traditional')),
      serverCertChainPem: readFileSync(p('self.pem'), 'utf8'),
      hostNames: ['mail.example.org'],
    });
    writeFileSync(p('unix.zip'), await zipBundle(files));
    mkdirSync(unixOut);
    ok(await run('unzip', ['-q', p('unix.zip'), '-d', unixOut]));
  });

  it('offers the server certificate itself to clients, and it verifies server.cert', async () => {
    expect(readdirSync(join(unixOut, 'clients')).sort()).toEqual(['server-selfsigned.cer', 'server-selfsigned.pem']);
    const v = ok(await openssl('verify', '-CAfile', join(unixOut, BUNDLE_PATHS.selfSignedPem), join(unixOut, 'MailRoot/server.cert')));
    expect(v.trim()).toMatch(/: OK$/);
    const fromKey = ok(await openssl('pkey', '-in', join(unixOut, 'MailRoot/server.key'), '-pubout'));
    expect(ok(await openssl('x509', '-in', join(unixOut, BUNDLE_PATHS.selfSignedDer), '-inform', 'DER', '-noout', '-pubkey'))).toBe(fromKey);
  });

  it('has LF-only INSTALL files without a restart (no command-line change), no startup/ or certs/, and a manifest sha256sum accepts', async () => {
    expect(readdirSync(unixOut).sort()).toEqual(['INSTALL.en.txt', 'INSTALL.ja.txt', 'MANIFEST.sha256', 'MailRoot', 'clients']);
    expect(readdirSync(join(unixOut, 'MailRoot')).sort()).toEqual(['server.cert', 'server.key']);
    for (const path of [BUNDLE_PATHS.installJa, BUNDLE_PATHS.installEn]) {
      const text = readFileSync(join(unixOut, path), 'utf8');
      expect(text).not.toContain('\r');
      expect(text).not.toContain('/etc/init.d/xmail restart');
    }
    ok(await run('sha256sum', ['-c', '--strict', BUNDLE_PATHS.manifest], { cwd: unixOut }));
  });
});
