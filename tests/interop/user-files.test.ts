/**
 * "Bring your own certificate" readers against files made by real tools at test time:
 * `openssl crl2pkcs7 -nocrl` (.p7b in PEM and DER), PEM bundles in any order, concatenated DER,
 * `openssl pkcs12 -export` in every protection users meet (-legacy RC2-40, RC2-128, OpenSSL 3 default
 * AES/PBES2, -certpbe PBE-SHA1-3DES, -nomac, SHA-512 MAC, non-ASCII password, -nokeys),
 * `pk12util -o` (NSS), `certtool --to-p12` (GnuTLS) and Java `keytool` PKCS12 (one and two keys).
 * Each set of files is sorted by sortUserFiles: the leaf is the key's certificate, the chain is
 * leaf → intermediate, the root is dropped, a missing intermediate is named.
 * Each bad or unsupported file (wrong or missing password, no key, cut short, Ed25519, a CSR or a
 * public key instead, an empty .p7b, a text file) gets a coded error whose ja and en text say what
 * the file is and what to do.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAndSortUserFiles, readUserFile, type UserFile } from '../../src/lib/pki/user-files.ts';
import { translate, type MessageKey } from '../../src/i18n/translate.ts';
import { run, tmpDir } from './helpers.ts';
import { BYO_PASSWORD, makeByoFixtures, makeP7b, makePfx, okOrThrow, type ByoFixtures } from './pki-fixtures.ts';

const dir = tmpDir('byo-files-');
afterAll(() => dir.cleanup());
let fx: ByoFixtures;
const file = (name: string, password?: string): UserFile => ({ name, bytes: fx.bytes(name), ...(password !== undefined ? { password } : {}) });

beforeAll(async () => {
  fx = await makeByoFixtures(dir.path);
  await makeP7b(dir.path, 'chain.p7b', ['leaf.pem', 'inter.pem', 'root.pem']);
  await makeP7b(dir.path, 'chain-der.p7b', ['inter.pem', 'leaf.pem'], true);
  await makeP7b(dir.path, 'inter-only.p7c', ['inter.pem'], true);
}, 60_000);

describe('certificate files read by readUserFile', () => {
  const cases: Array<{ name: string; kind: string; count: number }> = [
    { name: 'chain.p7b', kind: 'pkcs7', count: 3 },
    { name: 'chain-der.p7b', kind: 'pkcs7', count: 2 },
    { name: 'fullchain.pem', kind: 'certificates', count: 2 },
    { name: 'wrong-order.pem', kind: 'certificates', count: 3 },
    { name: 'chain.der', kind: 'certificates', count: 2 },
    { name: 'leaf.cer', kind: 'certificates', count: 1 },
    { name: 'leaf.key', kind: 'key', count: 0 },
    { name: 'leaf-and-key.pem', kind: 'key-and-certificates', count: 1 },
    { name: 'leaf.csr', kind: 'unknown', count: 0 },
  ];
  it.each(cases)('$name is $kind with $count certificate(s)', async ({ name, kind, count }) => {
    expect.hasAssertions();
    const read = await readUserFile(file(name));
    expect(read.kind).toBe(kind);
    expect(read.certificates).toHaveLength(count);
    if (kind === 'unknown') expect(read.error?.code).toMatch(/^(FILE_NOT_CERTIFICATE|FILE_UNRECOGNIZED)$/);
    else expect(read.error).toBeUndefined();
  });
});

describe('sets of files sorted into key + chain', () => {
  const sets: Array<{ label: string; files: string[]; root: boolean; missing: boolean }> = [
    { label: 'key + PEM .p7b with root', files: ['leaf.key', 'chain.p7b'], root: true, missing: false },
    { label: 'DER .p7b + key', files: ['chain-der.p7b', 'leaf.key'], root: false, missing: false },
    { label: 'fullchain.pem + key', files: ['fullchain.pem', 'leaf.key'], root: false, missing: false },
    { label: 'root, intermediate, leaf in the wrong order', files: ['wrong-order.pem', 'leaf.key'], root: true, missing: false },
    { label: 'DER leaf + concatenated DER intermediate and root + key', files: ['leaf.key', 'leaf.cer', 'chain.der'], root: true, missing: false },
    { label: 'intermediate as a DER .p7c, leaf .cer, key and certificate in one .pem', files: ['inter-only.p7c', 'leaf-and-key.pem'], root: false, missing: false },
    { label: 'leaf without the intermediate', files: ['leaf.pem', 'leaf.key'], root: false, missing: true },
  ];
  it.each(sets)('$label', async ({ files, root, missing }) => {
    expect.hasAssertions();
    const sorted = await readAndSortUserFiles(files.map((n) => file(n)));
    expect(sorted.problem).toBeUndefined();
    expect(sorted.chain).toEqual(missing ? [fx.der.leaf] : [fx.der.leaf, fx.der.intermediate]);
    expect(sorted.droppedRoot?.der).toEqual(root ? fx.der.root : undefined);
    expect(sorted.missingIssuer).toBe(missing ? fx.intermediateSubject : undefined);
    expect(sorted.certificates.find((c) => c.role === 'server')?.summary.der).toEqual(fx.der.leaf);
  });

  it('certificates without a key: NO_KEY; a key without its certificate: NO_MATCHING_CERTIFICATE', async () => {
    expect.hasAssertions();
    expect((await readAndSortUserFiles([file('fullchain.pem')])).problem).toBe('NO_KEY');
    expect((await readAndSortUserFiles([file('ec-leaf.key'), file('fullchain.pem')])).problem).toBe('NO_MATCHING_CERTIFICATE');
  });
});

describe('PKCS#12 files from real tools', () => {
  const NON_ASCII = 'パスワード-Ünï';
  const variants: Array<{ name: string; args: string[]; password?: string }> = [
    { name: 'legacy-rc2.pfx', args: ['-legacy'] },
    { name: 'default-aes.pfx', args: [] },
    { name: 'certpbe-3des.pfx', args: ['-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES'] },
    { name: 'rc2-128.pfx', args: ['-legacy', '-certpbe', 'PBE-SHA1-RC2-128', '-keypbe', 'PBE-SHA1-RC2-128'] },
    { name: 'nomac.pfx', args: ['-nomac'] },
    { name: 'mac-sha512.pfx', args: ['-macalg', 'sha512'] },
    { name: 'mac-sha256-legacy.p12', args: ['-legacy', '-macalg', 'sha256'] },
    { name: 'non-ascii.pfx', args: [], password: NON_ASCII },
    { name: 'non-ascii-legacy.pfx', args: ['-legacy'], password: NON_ASCII },
  ];
  for (const v of variants) {
    it(`openssl pkcs12 -export ${v.args.join(' ') || '(default)'}${v.password ? ' with a non-ASCII password' : ''}: key, leaf, intermediate; wrong or no password asks again`, async () => {
      expect.hasAssertions();
      await makePfx(dir.path, v.name, v.args, v.password ? { password: v.password } : {});
      const password = v.password ?? BYO_PASSWORD;
      const sorted = await readAndSortUserFiles([file(v.name, password)]);
      expect(sorted.files[0]!.error).toBeUndefined();
      expect(sorted.chain).toEqual([fx.der.leaf, fx.der.intermediate]);
      const none = await readUserFile(file(v.name));
      expect(none.needsPassword).toBe(true);
      // without a MAC only the decryption can fail: bad padding (asks again) or, rarely, garbage (malformed)
      expect(none.error?.code).toMatch(v.args.includes('-nomac') ? /^PKCS12_(PASSWORD_REQUIRED|MALFORMED)$/ : /^PKCS12_PASSWORD_REQUIRED$/);
      const wrong = await readUserFile(file(v.name, `${password}x`));
      expect(wrong.error?.code).toMatch(v.args.includes('-nomac') ? /PKCS12_BAD_PASSWORD|PKCS12_MALFORMED/ : /^PKCS12_BAD_PASSWORD$/);
    });
  }

  it('openssl pkcs12 -export -nokeys: PKCS12_NO_KEY, and the set says which .pfx lacks the key', async () => {
    expect.hasAssertions();
    okOrThrow(await run('openssl', ['pkcs12', '-export', '-nokeys', '-in', fx.path('leaf.pem'), '-certfile', fx.path('inter.pem'), '-passout', `pass:${BYO_PASSWORD}`, '-out', fx.path('nokey.pfx')]), 'nokeys');
    const sorted = await readAndSortUserFiles([file('nokey.pfx', BYO_PASSWORD)]);
    expect(sorted.files[0]!.error?.code).toBe('PKCS12_NO_KEY');
    expect(sorted.problem).toBe('NO_KEY');
    expect(sorted.pfxWithoutKey).toBe('nokey.pfx');
    // the same .pfx plus the key file is complete
    expect((await readAndSortUserFiles([file('nokey.pfx', BYO_PASSWORD), file('leaf.key')])).chain).toEqual([fx.der.leaf, fx.der.intermediate]);
  });

  it('pk12util -o (NSS export of an imported .pfx)', async () => {
    expect.hasAssertions();
    await makePfx(dir.path, 'for-nss.pfx', []);
    const db = fx.path('nss');
    mkdirSync(db);
    okOrThrow(await run('certutil', ['-N', '-d', `sql:${db}`, '--empty-password']), 'certutil -N');
    okOrThrow(await run('pk12util', ['-i', fx.path('for-nss.pfx'), '-d', `sql:${db}`, '-W', BYO_PASSWORD]), 'pk12util -i');
    okOrThrow(await run('pk12util', ['-o', fx.path('nss.p12'), '-n', 'mail server', '-d', `sql:${db}`, '-W', BYO_PASSWORD]), 'pk12util -o');
    const sorted = await readAndSortUserFiles([file('nss.p12', BYO_PASSWORD)]);
    expect(sorted.files[0]!.error).toBeUndefined();
    expect(sorted.chain).toEqual([fx.der.leaf, fx.der.intermediate]);
  });

  it('certtool --to-p12 (GnuTLS, EC key) plus the intermediate as a DER .p7c', async () => {
    expect.hasAssertions();
    okOrThrow(await run('certtool', ['--to-p12', '--load-privkey', fx.path('ec-leaf.key'), '--load-certificate', fx.path('ec-leaf.pem'), '--p12-name', 'gnutls',
      '--password', BYO_PASSWORD, '--outder', '--outfile', fx.path('gnutls.p12')]), 'certtool');
    const sorted = await readAndSortUserFiles([file('gnutls.p12', BYO_PASSWORD), file('inter-only.p7c')]);
    expect(sorted.files.map((f) => f.error)).toEqual([undefined, undefined]);
    expect(sorted.chain).toEqual([fx.der.ecLeaf, fx.der.intermediate]);
    expect(sorted.identity?.key.spec.kind).toBe('EC');
  });

  it('keytool PKCS12 with one key, then with two keys: SEVERAL_IDENTITIES until one is chosen', async () => {
    expect.hasAssertions();
    const store = fx.path('java.p12');
    const gen = (alias: string, cn: string) => run('keytool', ['-genkeypair', '-storetype', 'PKCS12', '-keystore', store, '-storepass', BYO_PASSWORD,
      '-alias', alias, '-keyalg', 'RSA', '-keysize', '2048', '-dname', `CN=${cn}`, '-validity', '90', '-ext', `SAN=dns:${cn}`], { timeoutMs: 60_000 });
    okOrThrow(await gen('mail', 'mail.example.test'), 'keytool 1');
    const one = await readAndSortUserFiles([file('java.p12', BYO_PASSWORD)]);
    expect(one.files[0]!.error).toBeUndefined();
    expect(one.chain).toHaveLength(1);
    expect(one.certificates[0]!.summary.subjectText).toContain('mail.example.test');
    okOrThrow(await gen('smtp', 'smtp.example.test'), 'keytool 2');
    const two = await readAndSortUserFiles([file('java.p12', BYO_PASSWORD)]);
    expect(two.identities).toHaveLength(2);
    expect(two.problem).toBe('SEVERAL_IDENTITIES');
    expect(two.chain).toEqual([]);
    const chosen = await readAndSortUserFiles([file('java.p12', BYO_PASSWORD)], { choose: 1 });
    expect(chosen.problem).toBeUndefined();
    expect(chosen.chain).toHaveLength(1);
    expect(chosen.identity).toBe(chosen.identities[1]);
  }, 120_000);
});

describe('each bad or unsupported file: a coded error whose ja and en text say what the file is and what to do (issue 11 item 2)', () => {
  const KEY_PASS = 'Key-Pass-7q2';
  beforeAll(async () => {
    const p = fx.path;
    await makePfx(dir.path, 'errors.pfx', []);
    okOrThrow(await run('openssl', ['pkcs12', '-export', '-nokeys', '-in', p('leaf.pem'), '-passout', `pass:${BYO_PASSWORD}`, '-out', p('errors-nokey.pfx')]), 'nokeys');
    writeFileSync(p('truncated.pfx'), fx.bytes('errors.pfx').subarray(0, 700));
    writeFileSync(p('truncated.cer'), fx.der.leaf.subarray(0, 300));
    okOrThrow(await run('openssl', ['pkcs8', '-topk8', '-in', p('leaf.key'), '-v2', 'aes-256-cbc', '-passout', `pass:${KEY_PASS}`, '-out', p('errors-enc.key')]), 'pkcs8');
    okOrThrow(await run('openssl', ['pkey', '-in', p('leaf.key'), '-pubout', '-out', p('public.pem')]), 'pubout');
    okOrThrow(await run('openssl', ['crl2pkcs7', '-nocrl', '-out', p('empty.p7b')]), 'empty p7b');
    okOrThrow(await run('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', p('ed25519.key')]), 'ed25519');
    okOrThrow(await run('openssl', ['req', '-x509', '-key', p('ed25519.key'), '-subj', '/CN=ed.example.test', '-days', '30', '-out', p('ed25519.pem')]), 'ed25519 cert');
    okOrThrow(await run('openssl', ['pkcs12', '-export', '-inkey', p('ed25519.key'), '-in', p('ed25519.pem'), '-passout', `pass:${BYO_PASSWORD}`, '-out', p('ed25519.pfx')]), 'ed25519 pfx');
    okOrThrow(await run('openssl', ['rand', '-base64', '-out', p('notes.txt'), '300']), 'rand');
  }, 60_000);

  const cases: Array<{ label: string; file: string; password?: string; code: string }> = [
    { label: '.pfx without its password', file: 'errors.pfx', code: 'PKCS12_PASSWORD_REQUIRED' },
    { label: '.pfx with a wrong password', file: 'errors.pfx', password: 'wrong-password', code: 'PKCS12_BAD_PASSWORD' },
    { label: '.pfx exported without the private key', file: 'errors-nokey.pfx', password: BYO_PASSWORD, code: 'PKCS12_NO_KEY' },
    { label: 'a .pfx cut short', file: 'truncated.pfx', password: BYO_PASSWORD, code: 'DER_MALFORMED' },
    { label: 'a .pfx with an Ed25519 key', file: 'ed25519.pfx', password: BYO_PASSWORD, code: 'KEY_UNSUPPORTED' },
    { label: 'a DER certificate cut short', file: 'truncated.cer', code: 'DER_MALFORMED' },
    { label: 'encrypted key without its passphrase', file: 'errors-enc.key', code: 'KEY_PASSWORD_REQUIRED' },
    { label: 'encrypted key with a wrong passphrase', file: 'errors-enc.key', password: 'wrong-passphrase', code: 'KEY_BAD_PASSWORD' },
    { label: 'an Ed25519 key file', file: 'ed25519.key', code: 'KEY_UNSUPPORTED' },
    { label: 'a public key instead of the private key', file: 'public.pem', code: 'FILE_NOT_CERTIFICATE' },
    { label: 'a CSR instead of the certificate', file: 'leaf.csr', code: 'FILE_NOT_CERTIFICATE' },
    { label: 'a .p7b with no certificate', file: 'empty.p7b', code: 'PKCS7_NO_CERTIFICATES' },
    { label: 'a text file', file: 'notes.txt', code: 'FILE_UNRECOGNIZED' },
  ];
  it.each(cases)('$label: $code', async ({ file: name, password, code }) => {
    expect.hasAssertions();
    const read = await readUserFile(file(name, password));
    expect(read.error?.code).toBe(code);
    const ja = translate('ja', `error.pki.${read.error!.code}` as MessageKey);
    const en = translate('en', `error.pki.${read.error!.code}` as MessageKey);
    // what the file is: its kind named; what to do: an instruction
    expect(ja).toMatch(/\.pfx|\.p12|\.p7b|鍵|証明書|ファイル/);
    expect(ja).toMatch(/ください/);
    expect(en).toMatch(/\.pfx|\.p12|\.p7b|key|certificate|file/i);
    expect(en).toMatch(/\b(Enter|Export|Add|Choose|Get|Use|Check|Download|Make|Type)\b/i);
  });
});
