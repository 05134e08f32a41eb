/**
 * Names and hashed-directory names against OpenSSL: certificates made by `openssl req -x509` over a
 * table of tricky subjects (case, spaces, UTF-8 Japanese, multi-valued RDN, emailAddress, C only),
 * and certificates we make over names we encode ourselves (tabs, BMPString, T61String,
 * NumericString, an unsorted multi-valued RDN). Our subjectHashes must equal `openssl x509
 * -subject_hash` and `-subject_hash_old`, our parseName must read what openssl wrote, and openssl
 * must print what we wrote with one attribute per RDN.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKey, importSigningKey } from '../../src/lib/pki/keys.ts';
import { encodeName, nameFromDer, nameToText, parseName } from '../../src/lib/pki/names.ts';
import { certificateNameDer, subjectHashes, subjectHashesOfCertificate } from '../../src/lib/pki/subject-hash.ts';
import { ensurePkijsEngine } from '../../src/lib/pki/webcrypto.ts';
import { encodePem } from '../../src/lib/pki/pem.ts';
import type { DistinguishedName } from '../../src/lib/pki/types.ts';
import { openssl, tmpDir, writeFiles, type RunResult } from './helpers.ts';

const dir = tmpDir('names-');
afterAll(() => dir.cleanup());
const p = (name: string) => join(dir.path, name);

function ok(r: RunResult): string {
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

async function opensslHashes(certFile: string): Promise<{ hash: string; hashOld: string }> {
  const [hash, hashOld] = ok(await openssl('x509', '-in', certFile, '-noout', '-subject_hash', '-subject_hash_old')).trim().split(/\s+/);
  return { hash: hash!, hashOld: hashOld! };
}

/** A minimal self-signed certificate (P-256, SHA-256) whose subject and issuer are exactly `nameDer`. */
async function selfSigned(nameDer: Uint8Array): Promise<Uint8Array> {
  ensurePkijsEngine();
  const key = await generateKey({ kind: 'EC', curve: 'P-256' });
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: new Uint8Array([0x01, 0x23, 0x45]).buffer });
  cert.subject = nameFromDer(nameDer);
  cert.issuer = nameFromDer(nameDer);
  cert.notBefore.value = new Date(Date.now() - 60_000);
  cert.notAfter.value = new Date(Date.now() + 86_400_000);
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(key.spki.slice().buffer);
  await cert.sign(await importSigningKey(key, 'SHA-256'), 'SHA-256');
  return new Uint8Array(cert.toSchema().toBER(false));
}

describe('subject hashes of certificates openssl made', () => {
  const table: Array<[string, string[], DistinguishedName]> = [
    ['lower case', ['-subj', '/CN=mail.example.com'], [{ type: 'CN', value: 'mail.example.com' }]],
    ['mixed case', ['-subj', '/CN=MAIL.Example.COM'], [{ type: 'CN', value: 'MAIL.Example.COM' }]],
    ['inner spaces', ['-subj', '/O=Example    Mail   Co/CN=Mail  Server'], [{ type: 'O', value: 'Example    Mail   Co' }, { type: 'CN', value: 'Mail  Server' }]],
    ['UTF-8 Japanese', ['-utf8', '-subj', '/C=JP/ST=東京都/O=株式会社 例/CN=メール.example.jp'],
      [{ type: 'C', value: 'JP' }, { type: 'ST', value: '東京都' }, { type: 'O', value: '株式会社 例' }, { type: 'CN', value: 'メール.example.jp' }]],
    ['multi-valued RDN', ['-multivalue-rdn', '-subj', '/C=JP/O=Example+OU=Mail/CN=mail.example.com'],
      // openssl writes the SET in DER order (shorter encoding first), so OU comes before O
      [{ type: 'C', value: 'JP' }, { type: 'OU', value: 'Mail' }, { type: 'O', value: 'Example' }, { type: 'CN', value: 'mail.example.com' }]],
    ['emailAddress', ['-subj', '/CN=Postmaster/emailAddress=PostMaster@Example.COM'],
      [{ type: 'CN', value: 'Postmaster' }, { type: 'emailAddress', value: 'PostMaster@Example.COM' }]],
    ['C only', ['-subj', '/C=JP'], [{ type: 'C', value: 'JP' }]],
  ];
  it.each(table)('%s', async (name, args, expected) => {
    expect.hasAssertions();
    const file = p(`o-${name.replace(/\W+/g, '_')}.pem`);
    ok(await openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${file}.key`,
      '-days', '1', ...args, '-out', file));
    ok(await openssl('x509', '-in', file, '-outform', 'DER', '-out', `${file}.der`));
    const der = new Uint8Array(readFileSync(`${file}.der`));
    expect(subjectHashesOfCertificate(der)).toEqual(await opensslHashes(file));
    expect(parseName(certificateNameDer(der, 'subject'))).toEqual(expected);
  });
});

describe('names we encode, read by openssl', () => {
  const atv = (oid: string, v: asn1js.AsnType) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), v] });
  const rawName = (...rdns: asn1js.AsnType[][]) =>
    new Uint8Array(new asn1js.Sequence({ value: rdns.map((r) => new asn1js.Set({ value: r })) }).toBER(false));

  const table: Array<[string, Uint8Array]> = [
    ['Japanese DN, one attribute per RDN', encodeName([
      { type: 'C', value: 'JP' }, { type: 'ST', value: '大阪府' }, { type: 'L', value: '大阪市' },
      { type: 'O', value: 'テスト 株式会社' }, { type: 'OU', value: 'メール' }, { type: 'CN', value: 'メール.例え.jp' },
      { type: 'emailAddress', value: 'Admin@Example.JP' }])],
    ['tabs, leading and trailing spaces', encodeName([{ type: 'O', value: ' \tACME\t\t Widgets ' }, { type: 'CN', value: '  Mail.Example.COM  ' }])],
    ['DC components', encodeName([{ type: 'DC', value: 'COM' }, { type: 'DC', value: 'Example' }, { type: 'CN', value: 'Mail' }])],
    ['BMPString and T61String', rawName(
      [atv('2.5.4.10', new asn1js.BmpString({ value: 'Ünïcode Org' }))],
      [atv('2.5.4.3', new asn1js.TeletexString({ valueHex: new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x20, 0x4d, 0x41, 0x49, 0x4c]).buffer }))])],
    ['NumericString (not canonicalised)', rawName([atv('2.5.4.5', new asn1js.NumericString({ value: '0123 4567' }))], [atv('2.5.4.3', new asn1js.Utf8String({ value: 'x' }))])],
    ['unsorted multi-valued RDN', rawName([atv('2.5.4.11', new asn1js.Utf8String({ value: 'Zeta' })), atv('2.5.4.10', new asn1js.PrintableString({ value: 'ALPHA Corp' }))],
      [atv('2.5.4.3', new asn1js.Utf8String({ value: 'mail' }))])],
  ];
  it.each(table)('%s: same hashes as openssl', async (name, nameDer) => {
    expect.hasAssertions();
    const file = p(`w-${name.replace(/\W+/g, '_')}.pem`);
    writeFiles(dir.path, { [file.slice(dir.path.length + 1)]: encodePem('CERTIFICATE', await selfSigned(nameDer)) });
    expect(subjectHashes(nameDer)).toEqual(await opensslHashes(file));
  });

  it('openssl prints our Japanese DN attribute by attribute, in order, as UTF-8', async () => {
    expect.hasAssertions();
    const dn: DistinguishedName = [
      { type: 'C', value: 'JP' }, { type: 'O', value: '株式会社 例' }, { type: 'OU', value: 'メール管理' },
      { type: 'CN', value: 'mail.example.jp' }, { type: 'emailAddress', value: 'postmaster@example.jp' },
    ];
    writeFiles(dir.path, { 'w-text.pem': encodePem('CERTIFICATE', await selfSigned(encodeName(dn))) });
    const subject = ok(await openssl('x509', '-in', p('w-text.pem'), '-noout', '-subject', '-nameopt', 'RFC2253,-esc_msb')).trim();
    expect(subject).toBe(`subject=${nameToText(dn).replace(/, /g, ',')}`);
    // one SET per attribute, and the string types of RFC 5280
    const asn1 = ok(await openssl('asn1parse', '-in', p('w-text.pem')));
    const subjectPart = asn1.split('\n').filter((l) => / SET |PRINTABLESTRING|UTF8STRING|IA5STRING/.test(l)).slice(-(dn.length * 2));
    expect(subjectPart.filter((l) => / SET /.test(l))).toHaveLength(dn.length);
    expect(subjectPart.filter((l) => /PRINTABLESTRING/.test(l))).toEqual([expect.stringContaining(':JP')]);
    expect(subjectPart.filter((l) => /IA5STRING/.test(l))).toEqual([expect.stringContaining(':postmaster@example.jp')]);
    expect(subjectPart.filter((l) => /UTF8STRING/.test(l))).toHaveLength(3);
  });
});
