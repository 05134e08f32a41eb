/**
 * "I already have a certificate": files made by real tools (openssl .pfx in several protections,
 * .p7b + key, fullchain.pem + key, root included, wrong order) go through the recipe to a MailRoot
 * zip whose server.key/server.cert pass `openssl verify -untrusted`, match each other and serve a
 * verified handshake (`openssl s_server` + `s_client -verify_return_error`, tests/e2e/checks.ts).
 * Without the intermediate the bundle waits for the user's explicit confirmation.
 */
import 'fake-indexeddb/auto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPkiError, parsePrivateKey, type UserFile } from '../../src/lib/pki/index.ts';
import {
  assembleReturnedChain,
  buildOwnCertificateBundle,
  checkOwnCertificate,
  exportOwnCertificatePfx,
  keepOwnCertificateInVault,
  readOwnCertificateFiles,
  serverBundleZip,
} from '../../src/lib/recipes/index.ts';
import { exportCertificate, listCertificates, openCertificateKey } from '../../src/lib/store/index.ts';
import { openTestStore } from '../../src/lib/store/test-support.ts';
import { publicKeyOf } from '../e2e/checks.ts';
import { checkServerBundle, stopServers } from '../e2e/checks.ts';
import { openssl, run, tmpDir, writeFiles } from './helpers.ts';
import { BYO_HOST, BYO_PASSWORD, makeByoFixtures, makeP7b, makePfx, type ByoFixtures } from './pki-fixtures.ts';

const dir = tmpDir('byo-recipe-');
afterAll(() => {
  stopServers();
  dir.cleanup();
});
let fx: ByoFixtures;
const file = (name: string, password?: string): UserFile => ({ name, bytes: fx.bytes(name), ...(password ? { password } : {}) });

beforeAll(async () => {
  fx = await makeByoFixtures(dir.path);
  await makeP7b(dir.path, 'chain.p7b', ['root.pem', 'leaf.pem', 'inter.pem']);
  await makePfx(dir.path, 'legacy.pfx', ['-legacy']);
  await makePfx(dir.path, 'default.pfx', []);
  await makePfx(dir.path, 'ec.pfx', [], { key: 'ec-leaf.key', cert: 'ec-leaf.pem' });
}, 60_000);

describe('own certificate recipe through openssl', () => {
  const sets: Array<{ label: string; files: () => UserFile[]; keyLabel: RegExp }> = [
    { label: 'openssl -legacy .pfx (RC2-40)', files: () => [file('legacy.pfx', BYO_PASSWORD)], keyLabel: /BEGIN RSA PRIVATE KEY/ },
    { label: 'OpenSSL 3 default .pfx (AES)', files: () => [file('default.pfx', BYO_PASSWORD)], keyLabel: /BEGIN RSA PRIVATE KEY/ },
    { label: '.p7b with the root + key', files: () => [file('chain.p7b'), file('leaf.key')], keyLabel: /BEGIN RSA PRIVATE KEY/ },
    { label: 'root, intermediate, leaf in the wrong order + key', files: () => [file('wrong-order.pem'), file('leaf.key')], keyLabel: /BEGIN RSA PRIVATE KEY/ },
    { label: 'EC .pfx', files: () => [file('ec.pfx', BYO_PASSWORD)], keyLabel: /BEGIN EC PRIVATE KEY/ },
  ];
  it.each(sets)('$label: verify -untrusted, key match, verified handshake', async ({ label, files, keyLabel }) => {
    expect.hasAssertions();
    const sorted = await readOwnCertificateFiles(files());
    const r = await buildOwnCertificateBundle(sorted, { os: 'windows', lang: 'ja' });
    expect(r.hostNames).toEqual([BYO_HOST, 'smtp.example.test']);
    const c = await checkServerBundle(r.zip, join(dir.path, label.replace(/\W+/g, '-')), { caPath: '', caFile: fx.path('root.pem'), hostname: BYO_HOST });
    expect(c.certCount).toBe(2); // leaf + intermediate, root dropped
    expect(c.verify.code, c.verify.stderr).toBe(0);
    expect(c.keyMatchesCert).toBe(true);
    expect(c.handshake.verified, c.handshake.client.stderr).toBe(true);
    expect(new TextDecoder().decode(c.files.get('MailRoot/server.key'))).toMatch(keyLabel);
    expect([...c.files.keys()]).toEqual(expect.arrayContaining(['MailRoot/server.key', 'MailRoot/server.cert', 'INSTALL.ja.txt', 'INSTALL.en.txt', 'MANIFEST.sha256']));
  });

  it('without the intermediate: CHAIN_INCOMPLETE naming the issuer until the user confirms; the finding names it', async () => {
    expect.hasAssertions();
    const sorted = await readOwnCertificateFiles([file('leaf.pem'), file('leaf.key')]);
    const error = await buildOwnCertificateBundle(sorted, { os: 'unix', lang: 'en' }).then(() => undefined, (e: unknown) => e);
    expect(isPkiError(error, 'CHAIN_INCOMPLETE')).toBe(true);
    const findings = checkOwnCertificate(sorted, { target: 'openssl-1.0.1+' });
    expect(findings).toContainEqual(expect.objectContaining({ code: 'own.intermediateMissing', params: expect.objectContaining({ issuer: fx.intermediateSubject }) }));
    const r = await buildOwnCertificateBundle(sorted, { os: 'unix', lang: 'en', acceptMissingIntermediate: true });
    const c = await checkServerBundle(r.zip, join(dir.path, 'missing'), { caPath: '', caFile: fx.path('root.pem'), hostname: BYO_HOST });
    expect(c.certCount).toBe(1);
    expect(c.verify.code).not.toBe(0); // what every mail client will see
  });

  it('findings: typed names vs the certificate, expiry, EC key on the official 1.27 Windows build, the chain by subjects', async () => {
    expect.hasAssertions();
    const rsa = await readOwnCertificateFiles([file('default.pfx', BYO_PASSWORD)]);
    const findings = checkOwnCertificate(rsa, { target: 'official-1.27-win', hostNames: 'mail.example.test, pop.example.test' });
    const codes = findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['own.hostsCovered', 'own.hostNotCovered', 'own.valid', 'own.chainComplete']));
    expect(codes).not.toContain('own.keyNotForTarget');
    expect(findings.find((f) => f.code === 'own.hostNotCovered')?.params?.host).toBe('pop.example.test');
    expect(findings.find((f) => f.code === 'own.chainComplete')?.params?.subjects).toBe(`CN=${BYO_HOST} → ${fx.intermediateSubject}`);
    const later = checkOwnCertificate(rsa, { target: 'official-1.27-win', now: new Date(Date.now() + 100 * 24 * 3600 * 1000) });
    expect(later.map((f) => f.code)).toContain('own.expired');
    const ec = await readOwnCertificateFiles([file('ec.pfx', BYO_PASSWORD)]);
    expect(checkOwnCertificate(ec, { target: 'official-1.27-win' }).map((f) => f.code)).toContain('own.keyNotForTarget');
    expect(checkOwnCertificate(ec, { target: 'openssl-1.0.1+' }).map((f) => f.code)).not.toContain('own.keyNotForTarget');
  });
  it('findings: the host names of the user\'s server.tab (RootDomain, SmtpServerDomain, POP3Domain, HeloDomain) are checked like typed ones, each named with its source', async () => {
    expect.hasAssertions();
    const rsa = await readOwnCertificateFiles([file('default.pfx', BYO_PASSWORD)]);
    const tab = ['"RootDomain"\t"mail.example.test"', '"SmtpServerDomain"\t"smtp.example.test"', '"POP3Domain"\t"pop.example.test"', '"HeloDomain"\t"MAIL.example.test."', ''].join('\r\n');
    for (const serverTab of [tab, new TextEncoder().encode(tab)]) {
      const findings = checkOwnCertificate(rsa, { target: 'openssl-1.0.1+', serverTab });
      expect(findings.filter((f) => f.code === 'own.hostNotCovered').map((f) => f.params)).toEqual([
        expect.objectContaining({ host: 'pop.example.test', source: 'server.tab' }),
      ]);
      expect(findings.find((f) => f.code === 'own.hostsCovered')?.params?.hosts).toBe(`${BYO_HOST}, smtp.example.test`);
    }
    const typedFirst = checkOwnCertificate(rsa, { target: 'openssl-1.0.1+', hostNames: 'pop.example.test', serverTab: tab });
    expect(typedFirst.filter((f) => f.code === 'own.hostNotCovered').map((f) => f.params?.source)).toEqual(['typed']);
    const unreadable = checkOwnCertificate(rsa, { target: 'openssl-1.0.1+', serverTab: new Uint8Array([0xff, 0xfe, 0x00]) });
    expect(unreadable.map((f) => f.code)).not.toContain('own.hostNotCovered');
  });
});

describe('keeping the key in the vault (issue 11 item 1)', () => {
  it('the key decrypted from a -legacy .pfx is kept sealed with the chain; the stored key opens, matches the certificate and openssl agrees', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const sorted = await readOwnCertificateFiles([file('legacy.pfx', BYO_PASSWORD)]);
    const r = await buildOwnCertificateBundle(sorted, { os: 'windows', lang: 'ja' });
    const kept = await keepOwnCertificateInVault(store, sorted.identity!.key, r);
    expect(kept).toMatchObject({ added: true, keyReused: false, record: { caId: null, profile: 'server', commonName: BYO_HOST } });
    expect(kept.record.der).toEqual(fx.der.leaf);
    expect(kept.record.chain).toEqual([fx.der.intermediate]);
    expect((await listCertificates(store)).map((i) => i.record.id)).toEqual([kept.record.id]);
    expect((await openCertificateKey(store, kept.record)).pkcs8).toEqual(sorted.identity!.key.pkcs8);
    // the key taken out of the vault again is the one openssl put in the .pfx
    const keyPem = (await exportCertificate(store, kept.record.id, { kind: 'key-pem' })).bytes;
    const paths = writeFiles(dir.path, { 'vault-key.pem': keyPem });
    expect(await publicKeyOf(paths['vault-key.pem']!, 'key')).toBe(await publicKeyOf(fx.path('leaf.pem'), 'cert'));
    // the same certificate from a .p7b + key file: already kept, nothing written
    const again = await readOwnCertificateFiles([file('chain.p7b'), file('leaf.key')]);
    const second = await keepOwnCertificateInVault(store, again.identity!.key, await buildOwnCertificateBundle(again, { os: 'windows', lang: 'en' }));
    expect([second.added, second.record.id]).toEqual([false, kept.record.id]);
  });

  it('the MailRoot bundle made again from the vault (証明書の管理) carries the outside CA\'s intermediate: verify -untrusted and a verified handshake', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const sorted = await readOwnCertificateFiles([file('default.pfx', BYO_PASSWORD)]);
    const kept = await keepOwnCertificateInVault(store, sorted.identity!.key, await buildOwnCertificateBundle(sorted, { os: 'windows', lang: 'ja' }));
    const zip = await serverBundleZip(store, kept.record.id, { os: 'windows', lang: 'ja' });
    const c = await checkServerBundle(zip, join(dir.path, 'from-vault'), { caPath: '', caFile: fx.path('root.pem'), hostname: BYO_HOST });
    expect(c.certCount).toBe(2);
    expect(c.verify.code, c.verify.stderr + c.verify.stdout).toBe(0);
    expect(c.keyMatchesCert).toBe(true);
    expect(c.handshake.verified, c.handshake.client.stdout + c.handshake.client.stderr).toBe(true);
  });
});

describe('export back to .pfx (compatible profile)', () => {
  it('key + chain from a -legacy .pfx become a .pfx that openssl (no -legacy), pk12util and certtool open', async () => {
    expect.hasAssertions();
    const sorted = await readOwnCertificateFiles([file('legacy.pfx', BYO_PASSWORD)]);
    const r = await buildOwnCertificateBundle(sorted, { os: 'windows', lang: 'ja' });
    const password = 'Export-Pfx-Pass-9';
    const short = await exportOwnCertificatePfx(sorted.identity!.key, r.chain, 'short', BYO_HOST).then(() => undefined, (e: unknown) => e);
    expect(isPkiError(short, 'PKCS12_EMPTY_PASSWORD')).toBe(true);
    const pfx = await exportOwnCertificatePfx(sorted.identity!.key, r.chain, password, BYO_HOST);
    const paths = writeFiles(dir.path, { 'export.pfx': pfx });
    const out = paths['export.pfx']!;
    const info = await openssl('pkcs12', '-in', out, '-passin', `pass:${password}`, '-info', '-nodes');
    expect(info.code, info.stderr).toBe(0);
    expect(info.stdout + info.stderr).toMatch(/pbeWithSHA1And3-KeyTripleDES-CBC/);
    expect((info.stdout.match(/BEGIN CERTIFICATE/g) ?? []).length).toBe(2);
    const db = join(dir.path, 'nss-export');
    mkdirSync(db);
    expect((await run('certutil', ['-N', '-d', `sql:${db}`, '--empty-password'])).code).toBe(0);
    const imported = await run('pk12util', ['-i', out, '-d', `sql:${db}`, '-W', password]);
    expect(imported.code, imported.stderr).toBe(0);
    const keys = await run('certutil', ['-K', '-d', `sql:${db}`]);
    expect(keys.stdout).toContain(BYO_HOST);
    const gnutls = await run('certtool', ['--p12-info', '--inder', '--infile', out, '--password', password]);
    expect(gnutls.code, gnutls.stderr).toBe(0);
    expect(`${gnutls.stdout}\n${gnutls.stderr}`).not.toMatch(/error/i);
  });
});

describe('public-CA answer: the intermediate warning only when the leaf\'s issuer is missing (issue 11)', () => {
  it('leaf + intermediate without the root is complete; the leaf alone is not', async () => {
    expect.hasAssertions();
    const key = await parsePrivateKey(fx.bytes('leaf.key'));
    const both = await assembleReturnedChain(key, [fx.der.intermediate, fx.der.leaf]);
    expect([both.missingIntermediate, both.signatureChecked, both.chain.length]).toEqual([false, true, 2]);
    expect(both.subjects).toEqual([`CN=${BYO_HOST}`, fx.intermediateSubject]);
    const alone = await assembleReturnedChain(key, [fx.der.leaf]);
    expect([alone.missingIntermediate, alone.signatureChecked]).toEqual([true, false]);
  });
});
