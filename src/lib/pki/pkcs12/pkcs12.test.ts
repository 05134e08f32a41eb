import * as asn1js from 'asn1js';
import fc from 'fast-check';
import { sha1 } from '@noble/hashes/legacy.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRootCa, createCertificate } from '../cert.ts';
import { derOf, expectOctetString, expectOid, expectSequence, expectSet, parseDer } from '../asn1.ts';
import { isPkiError, type PkiErrorCode } from '../errors.ts';
import { generateKey } from '../keys.ts';
import { CMS_OID, PKCS9_OID, PKCS12_BAG_OID } from '../oids.ts';
import { parsePbeAlgorithm, pbeDecrypt, type PbeAlgorithm } from '../pbe/index.ts';
import { equalBytes, toArrayBuffer } from '../pem.ts';
import { certificateSpki } from './common.ts';
import { createPkcs12, parsePkcs12, type Pkcs12Profile } from './index.ts';
import type { KeySpec, PrivateKeyMaterial } from '../types.ts';

const PASSWORD = 'Xk7-pQ2w-Zr9m';

interface Identity {
  key: PrivateKeyMaterial;
  cert: Uint8Array;
}
let ca: Identity;
const leaves = new Map<string, Identity>();
const SPECS: Array<[string, KeySpec]> = [
  ['RSA 2048', { kind: 'RSA', bits: 2048 }],
  ['EC P-256', { kind: 'EC', curve: 'P-256' }],
];

beforeAll(async () => {
  const caKey = await generateKey({ kind: 'EC', curve: 'P-384' });
  const caCert = await createRootCa({ key: caKey, subject: [{ type: 'O', value: 'PKCS12 test' }, { type: 'CN', value: 'Test Root CA' }] });
  ca = { key: caKey, cert: caCert };
  for (const [name, spec] of SPECS) {
    const key = await generateKey(spec);
    const cert = await createCertificate({
      issuerCert: caCert,
      issuerKey: caKey,
      profile: 'client',
      subject: [{ type: 'CN', value: `user ${name}` }],
      sans: [{ type: 'email', value: 'user@example.jp' }],
      spki: key.spki,
    });
    leaves.set(name, { key, cert });
  }
});

async function expectCode(promise: Promise<unknown>, code: PkiErrorCode): Promise<void> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(isPkiError(error) ? error.code : error).toBe(code);
}

function make(profile: Pkcs12Profile, name = 'RSA 2048', extra: { password?: string; friendlyName?: string } = {}): Promise<Uint8Array> {
  const leaf = leaves.get(name)!;
  return createPkcs12({
    key: leaf.key.pkcs8,
    certificate: leaf.cert,
    caCertificates: [ca.cert],
    password: extra.password ?? PASSWORD,
    friendlyName: extra.friendlyName ?? 'メール user',
    profile,
  });
}

/** Walks the PFX the way a consumer does and returns every structure a test wants to look at. */
async function dissect(p12: Uint8Array) {
  const [version, authSafeInfo, macData] = expectSequence(parseDer(p12, 'pfx'), 'pfx');
  const authSafe = expectOctetString((expectSequence(authSafeInfo, 'authSafe')[1] as asn1js.Constructed).valueBlock.value[0], 'authSafe');
  const [digestInfo, macSalt, macIterations] = expectSequence(macData, 'macData');
  const macOid = expectOid(expectSequence(expectSequence(digestInfo, 'di')[0], 'alg')[0], 'alg');
  const [certsInfo, keyInfo] = expectSequence(parseDer(authSafe, 'authSafe'), 'authSafe');
  const [certsType, certsContent] = expectSequence(certsInfo, 'ci');
  const eci = expectSequence(expectSequence((certsContent as asn1js.Constructed).valueBlock.value[0], 'ed')[1], 'eci');
  const certAlg = parsePbeAlgorithm(eci[1]);
  const certCipher = (eci[2] as asn1js.Primitive).valueBlock.valueHexView;
  const certContents = await pbeDecrypt(certAlg, PASSWORD, certCipher);
  const [keyType, keyContent] = expectSequence(keyInfo, 'ci');
  const keyContents = expectOctetString((keyContent as asn1js.Constructed).valueBlock.value[0], 'key contents');
  const [keyBag] = expectSequence(parseDer(keyContents, 'key safe contents'), 'key safe contents');
  const keyAlg = parsePbeAlgorithm(expectSequence((expectSequence(keyBag, 'bag')[1] as asn1js.Constructed).valueBlock.value[0], 'epki')[0]);
  const certBags = expectSequence(parseDer(certContents, 'cert safe contents'), 'cert safe contents');
  return {
    version: (version as asn1js.Integer).valueBlock.valueDec,
    macOid,
    macSalt: expectOctetString(macSalt, 'salt'),
    macIterations: (macIterations as asn1js.Integer).valueBlock.valueDec,
    certsType: expectOid(certsType, 't'),
    keyType: expectOid(keyType, 't'),
    certAlg,
    keyAlg,
    derParts: [p12, authSafe, keyContents, certContents],
    keyBag,
    certBags,
  };
}

function bagAttributes(bag: asn1js.AsnType): Map<string, asn1js.AsnType> {
  const parts = expectSequence(bag, 'bag');
  const attrs = new Map<string, asn1js.AsnType>();
  if (parts[2] === undefined) return attrs;
  for (const attr of expectSet(parts[2], 'attrs')) {
    const [type, values] = expectSequence(attr, 'attr');
    attrs.set(expectOid(type, 'attr type'), expectSet(values, 'values')[0]!);
  }
  return attrs;
}

/** Every node of a BER tree: definite lengths only, no constructed strings (DER, X.690 §10). */
function assertDerNodes(node: asn1js.AsnType): void {
  expect(node.lenBlock.isIndefiniteForm).toBe(false);
  if (node instanceof asn1js.OctetString || node instanceof asn1js.Primitive) expect(node.idBlock.isConstructed).toBe(false);
  const children = (node.valueBlock as { value?: unknown }).value;
  if (Array.isArray(children) && node.idBlock.isConstructed) for (const c of children) assertDerNodes(c as asn1js.AsnType);
}

describe.each<[Pkcs12Profile]>([['compatible'], ['modern']])('PKCS#12 %s profile', (profile) => {
  it.each(SPECS.map(([name]) => [name]))('round-trips key, leaf, CA and friendlyName (%s)', async (name) => {
    expect.hasAssertions();
    const leaf = leaves.get(name)!;
    const parsed = await parsePkcs12(await make(profile, name), PASSWORD);
    expect(parsed.key).toEqual(leaf.key.pkcs8);
    expect(parsed.certificate).toEqual(leaf.cert);
    expect(parsed.caCertificates).toEqual([ca.cert]);
    expect(parsed.friendlyName).toBe('メール user');
    expect(parsed.profile).toBe(profile);
  });

  it('reads a file handed over as a view into a larger buffer (a pooled Node Buffer, a subarray)', async () => {
    expect.hasAssertions();
    const p12 = await make(profile);
    const pool = new Uint8Array(p12.length + 300).fill(0x30);
    pool.set(p12, 123);
    const parsed = await parsePkcs12(pool.subarray(123, 123 + p12.length), PASSWORD);
    expect(parsed.certificate).toEqual(leaves.get('RSA 2048')!.cert);
    // Buffer.prototype.slice does not copy: the bytes around the file must never reach the decoder.
    const buffer = Buffer.from(pool.buffer, 123, p12.length);
    expect((await parsePkcs12(buffer, PASSWORD)).key).toEqual(parsed.key);
  });

  it('refuses a wrong password with PKCS12_BAD_PASSWORD', async () => {
    expect.hasAssertions();
    const p12 = await make(profile);
    await expectCode(parsePkcs12(p12, `${PASSWORD}x`), 'PKCS12_BAD_PASSWORD');
    await expectCode(parsePkcs12(p12, ''), 'PKCS12_BAD_PASSWORD');
  });

  it('refuses an empty password when creating', async () => {
    expect.hasAssertions();
    await expectCode(make(profile, 'RSA 2048', { password: '' }), 'PKCS12_EMPTY_PASSWORD');
  });

  it('is DER throughout: re-encoding each layer gives the same bytes', async () => {
    expect.hasAssertions();
    const { derParts } = await dissect(await make(profile, 'EC P-256'));
    for (const der of derParts) {
      const parsed = asn1js.fromBER(toArrayBuffer(der));
      expect(parsed.offset).toBe(der.length);
      assertDerNodes(parsed.result);
      expect(new Uint8Array(parsed.result.toBER(false))).toEqual(der);
    }
  });

  it('uses the profile algorithms, 2048 iterations and 8-byte PKCS#12 salts', async () => {
    expect.hasAssertions();
    const d = await dissect(await make(profile));
    expect(d.version).toBe(3);
    expect(d.certsType).toBe(CMS_OID.encryptedData);
    expect(d.keyType).toBe(CMS_OID.data);
    expect(d.macSalt.length).toBe(8);
    expect(d.macIterations).toBe(2048);
    const expected: (alg: PbeAlgorithm) => void = profile === 'compatible'
      ? (alg) => expect(alg).toMatchObject({ kind: 'pkcs12', cipher: '3des', iterations: 2048, salt: expect.objectContaining({ length: 8 }) })
      : (alg) => {
          expect(alg).toMatchObject({ kind: 'pbes2', prf: 'SHA-256', cipher: 'aes-256-cbc', iterations: 2048 });
          expect(alg.kind === 'pbes2' && [alg.salt.length, alg.iv.length]).toEqual([16, 16]);
        };
    expected(d.certAlg);
    expected(d.keyAlg);
    expect(d.macOid).toBe(profile === 'compatible' ? '1.3.14.3.2.26' : '2.16.840.1.101.3.4.2.1');
    // fresh salts for every encryption
    expect(equalBytes(d.certAlg.salt, d.keyAlg.salt)).toBe(false);
  });

  it('gives key and leaf the same localKeyID (SHA-1 of the leaf), CA bags none, never the CSP name', async () => {
    expect.hasAssertions();
    const leaf = leaves.get('RSA 2048')!;
    const d = await dissect(await make(profile));
    expect(expectOid(expectSequence(d.keyBag, 'bag')[0], 'bag id')).toBe(PKCS12_BAG_OID.pkcs8ShroudedKeyBag);
    const keyAttrs = bagAttributes(d.keyBag!);
    const [leafBag, caBag, ...rest] = d.certBags;
    expect(rest).toHaveLength(0);
    const leafAttrs = bagAttributes(leafBag!);
    const keyId = expectOctetString(keyAttrs.get(PKCS9_OID.localKeyId), 'key id');
    expect(keyId).toEqual(sha1(leaf.cert));
    expect(expectOctetString(leafAttrs.get(PKCS9_OID.localKeyId), 'leaf id')).toEqual(keyId);
    expect(keyAttrs.get(PKCS9_OID.friendlyName)).toBeInstanceOf(asn1js.BmpString);
    expect((leafAttrs.get(PKCS9_OID.friendlyName) as asn1js.BmpString).valueBlock.value).toBe('メール user');
    expect(bagAttributes(caBag!).size).toBe(0);
    for (const attrs of [keyAttrs, leafAttrs]) expect([...attrs.keys()].sort()).toEqual([PKCS9_OID.friendlyName, PKCS9_OID.localKeyId].sort());
    // DER SET OF: attributes in ascending order of their encodings (X.690 §11.6)
    for (const bag of [d.keyBag!, leafBag!]) {
      const encodings = expectSet(expectSequence(bag, 'bag')[2], 'attrs').map((a) => Array.from(derOf(a), (x) => x.toString(16).padStart(2, '0')).join(''));
      expect(encodings).toEqual([...encodings].sort());
    }
  });
});

describe('createPkcs12 input checks', () => {
  it('refuses a key that does not belong to the certificate', async () => {
    expect.hasAssertions();
    const rsa = leaves.get('RSA 2048')!;
    const ec = leaves.get('EC P-256')!;
    await expectCode(createPkcs12({ key: rsa.key.pkcs8, certificate: ec.cert, password: PASSWORD, friendlyName: 'x', profile: 'compatible' }), 'KEY_MISMATCH');
    await expectCode(createPkcs12({ key: rsa.key, certificate: ec.cert, password: PASSWORD, friendlyName: 'x', profile: 'compatible' }), 'KEY_MISMATCH');
    await expectCode(createPkcs12({ key: rsa.key, certificate: rsa.cert, caCertificates: [Uint8Array.of(0x30, 0x00)], password: PASSWORD, friendlyName: 'x', profile: 'compatible' }), 'DER_MALFORMED');
  });

  it('finds each certificate\'s SubjectPublicKeyInfo by its tags and lengths, as pkijs reads it', () => {
    expect.hasAssertions();
    for (const { key, cert } of [...leaves.values(), ca]) expect(certificateSpki(cert, 'cert')).toEqual(key.spki);
    expect(() => certificateSpki(leaves.get('RSA 2048')!.key.spki, 'not a certificate')).toThrow(expect.objectContaining({ code: 'DER_MALFORMED' }));
  });

  it.each(['compatible', 'modern'] as const)('takes PrivateKeyMaterial as it is (no second import) and writes the same key (%s)', async (profile) => {
    expect.hasAssertions();
    const { key, cert } = leaves.get('EC P-256')!;
    const p12 = await createPkcs12({ key, certificate: cert, caCertificates: [ca.cert], password: PASSWORD, friendlyName: 'x', profile });
    const parsed = await parsePkcs12(p12, PASSWORD);
    expect([parsed.key, parsed.certificate, parsed.caCertificates, parsed.profile]).toEqual([key.pkcs8, cert, [ca.cert], profile]);
  });

  it('omits a blank friendlyName and still pairs key and leaf', async () => {
    expect.hasAssertions();
    const rsa = leaves.get('RSA 2048')!;
    const p12 = await createPkcs12({ key: rsa.key.pkcs8, certificate: rsa.cert, password: PASSWORD, friendlyName: '  ', profile: 'modern' });
    const parsed = await parsePkcs12(p12, PASSWORD);
    expect(parsed.friendlyName).toBeUndefined();
    expect(parsed.certificate).toEqual(rsa.cert);
    expect(parsed.caCertificates).toEqual([]);
  });

  it('refuses absurd iteration counts', async () => {
    expect.hasAssertions();
    const rsa = leaves.get('RSA 2048')!;
    for (const iterations of [0, 1.5, 10_000_001]) {
      await expectCode(createPkcs12({ key: rsa.key.pkcs8, certificate: rsa.cert, password: PASSWORD, friendlyName: 'x', profile: 'compatible', iterations }), 'PKCS12_UNSUPPORTED');
    }
  });
});

describe('parsePkcs12 on hostile input', () => {
  it('names garbage PKCS12_MALFORMED', async () => {
    expect.hasAssertions();
    await expectCode(parsePkcs12(new Uint8Array([1, 2, 3]), PASSWORD), 'PKCS12_MALFORMED');
    await expectCode(parsePkcs12(ca.cert, PASSWORD), 'PKCS12_MALFORMED');
    await expectCode(parsePkcs12(new Uint8Array(0), PASSWORD), 'PKCS12_MALFORMED');
  });

  it('never throws anything but a PkiError on random bytes', async () => {
    expect.hasAssertions();
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
      const error = await parsePkcs12(bytes, PASSWORD).then(() => undefined, (e: unknown) => e);
      if (error !== undefined) expect(isPkiError(error)).toBe(true);
    }), { numRuns: 300 });
  });

  it('never throws anything but a PkiError on truncated or corrupted files, nor returns other contents', async () => {
    expect.hasAssertions();
    const files = [await make('compatible', 'EC P-256'), await make('modern', 'EC P-256')];
    const originals = await Promise.all(files.map((f) => parsePkcs12(f, PASSWORD)));
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 0, max: 1 }), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(),
      async (which, cut, at, xor, truncate) => {
        const file = files[which]!;
        const bytes = truncate ? file.slice(0, cut % file.length) : file.slice();
        if (!truncate) bytes[at % bytes.length]! ^= xor;
        const result = await parsePkcs12(bytes, PASSWORD).then((r) => r, (e: unknown) => e);
        // A change is caught by the DER decoder, the structure walk or the MAC, as a PKCS12_ code;
        // outside the MAC's reach a change may be harmless (NULL parameters of the MAC digest
        // algorithm), and then the contents are the original ones.
        if (isPkiError(result)) expect(result.code).toMatch(/^PKCS12_/);
        else expect(result).toEqual(originals[which]);
      },
    ), { numRuns: 150 });
  });

  it('refuses a 50 MB input at once', async () => {
    expect.hasAssertions();
    await expectCode(parsePkcs12(new Uint8Array(50 * 1024 * 1024), PASSWORD), 'INPUT_TOO_LARGE');
  });
});
