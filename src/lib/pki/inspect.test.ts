import { beforeAll, describe, expect, it } from 'vitest';
import * as asn1js from 'asn1js';
import fc from 'fast-check';
import { createRootCa, createCertificate } from './cert.ts';
import { createCrl } from './crl.ts';
import { createCsr } from './csr.ts';
import { isPkiError, type PkiErrorCode } from './errors.ts';
import { inspectAny, parseCertificate, parseCertificates } from './inspect.ts';
import { generateKey } from './keys.ts';
import { serializePrivateKeyPem } from './key-files.ts';
import { encodePem } from './pem.ts';
import { createPkcs12 } from './pkcs12/index.ts';
import type { PrivateKeyMaterial } from './types.ts';

let key: PrivateKeyMaterial;
let ca: Uint8Array;
let leaf: Uint8Array;
let csr: Uint8Array;
let crl: Uint8Array;

beforeAll(async () => {
  key = await generateKey({ kind: 'EC', curve: 'P-256' });
  ca = await createRootCa({ key, subject: [{ type: 'CN', value: 'Inspect CA' }] });
  leaf = await createCertificate({ issuerCert: ca, issuerKey: key, profile: 'server', subject: [], sans: [{ type: 'dns', value: 'mail.example.test' }], spki: key.spki });
  csr = await createCsr({ key, subject: [{ type: 'CN', value: 'mail.example.test' }], sans: [{ type: 'dns', value: 'mail.example.test' }] });
  crl = await createCrl({ issuerCert: ca, issuerKey: key, revoked: [], crlNumber: 1, nextUpdate: new Date(Date.now() + 86_400_000) });
});

function p12(profile: 'compatible' | 'modern'): Promise<Uint8Array> {
  return createPkcs12({ key: key.pkcs8, certificate: leaf, caCertificates: [ca], password: 'inspect p12 password', friendlyName: 'x', profile });
}

function sequence(value: asn1js.AsnType[]): Uint8Array {
  return new Uint8Array(new asn1js.Sequence({ value }).toBER(false));
}

/** The PFX's top-level elements, changed by `edit`, encoded again. */
function reshape(der: Uint8Array, edit: (v: asn1js.AsnType[]) => asn1js.AsnType[]): Uint8Array {
  const root = asn1js.fromBER(der).result as asn1js.Sequence;
  return sequence(edit(root.valueBlock.value));
}

async function codeOf(run: () => unknown): Promise<PkiErrorCode | 'no error' | 'not a PkiError'> {
  try {
    await run();
    return 'no error';
  } catch (e) {
    return isPkiError(e) ? e.code : 'not a PkiError';
  }
}

describe('inspectAny detects the kind', () => {
  it.each([
    ['certificate PEM', () => encodePem('CERTIFICATE', ca), 'certificate'],
    ['certificate DER', () => ca, 'certificate'],
    ['CSR PEM', () => encodePem('CERTIFICATE REQUEST', csr), 'csr'],
    ['CSR DER', () => csr, 'csr'],
    ['CRL PEM', () => encodePem('X509 CRL', crl), 'crl'],
    ['CRL DER', () => crl, 'crl'],
    ['PKCS#8 key PEM', () => serializePrivateKeyPem(key, 'pkcs8'), 'key'],
    ['SEC1 key PEM', () => serializePrivateKeyPem(key, 'sec1'), 'key'],
    ['PKCS#8 key DER', () => key.pkcs8, 'key'],
    ['public key PEM', () => encodePem('PUBLIC KEY', key.spki), 'public-key'],
  ] as const)('%s', async (_name, make, kind) => {
    const result = await inspectAny(make());
    expect(result.kind).toBe(kind);
  });

  // A PKCS#12 is told by its PFX shape, not with pkijs.PFX (which pulls ~60 pkijs classes into the
  // page, issue 15 page size); these pin that the shape check says yes and no where pkijs did.
  it.each([
    ['PKCS#12 compatible', async () => p12('compatible'), 'pkcs12'],
    ['PKCS#12 modern', async () => p12('modern'), 'pkcs12'],
    ['PKCS#12 without macData', async () => reshape(await p12('modern'), (v) => v.slice(0, 2)), 'pkcs12'],
    ['PFX whose macData is an INTEGER', async () => reshape(await p12('modern'), (v) => [v[0]!, v[1]!, new asn1js.Integer({ value: 1 })]), 'DER_WRONG_TYPE'],
    ['PFX whose authSafe has no [0]', async () => reshape(await p12('modern'), (v) => [v[0]!, new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' })] })]), 'DER_WRONG_TYPE'],
    ['PKCS#7 ContentInfo (a .p7b is no PKCS#12)', async () => sequence([
      new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.2' }),
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Sequence({ value: [new asn1js.Integer({ value: 1 })] })] }),
    ]), 'DER_WRONG_TYPE'],
  ] as const)('%s', async (_name, make, expected) => {
    const input = await make();
    const outcome = await inspectAny(input).then((r) => r.kind, (e: unknown) => (isPkiError(e) ? e.code : 'not a PkiError'));
    expect(outcome).toBe(expected);
  });

  it('summarises every certificate of a bundle, in order', async () => {
    const bundle = 'leaf follows\n' + encodePem('CERTIFICATE', leaf) + '\r\n\r\n' + encodePem('CERTIFICATE', ca).replace(/\n/g, '\r\n');
    const r = await inspectAny(bundle);
    expect(r.kind === 'certificate' && r.certificates.map((c) => c.subjectText)).toEqual(['CN=mail.example.test', 'CN=Inspect CA']);
    expect(parseCertificates(bundle)).toHaveLength(2);
  });

  it('gives colon upper-case fingerprints', () => {
    const s = parseCertificate(ca);
    expect(s.sha256Fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(s.sha1Fingerprint).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
  });
});

// Damaged input for every parser, inspectAny included, is one table: bad-input.test.ts.
describe('passwords', () => {
  it('an encrypted key without a password is KEY_PASSWORD_REQUIRED', async () => {
    const { serializeEncryptedPrivateKeyPem } = await import('./key-files.ts');
    const enc = await serializeEncryptedPrivateKeyPem(key, 'secret', { iterations: 1000 });
    expect(await codeOf(() => inspectAny(enc))).toBe('KEY_PASSWORD_REQUIRED');
    expect((await inspectAny(enc, 'secret')).kind).toBe('key');
  });
});

describe('properties', () => {
  it('inspectAny throws nothing but PkiError on random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.uint8Array({ maxLength: 300 }).map((b) => Uint8Array.of(0x30, b.length & 0x7f, ...b)),
          fc.integer({ min: 1, max: 300 }).map((n) => ca.slice(0, n)),
          fc.tuple(fc.nat({ max: 10_000 }), fc.integer({ min: 0, max: 255 })).map(([i, v]) => {
            const c = ca.slice();
            c[i % c.length] = v;
            return c;
          }),
        ),
        async (bytes) => {
          const code = await codeOf(() => inspectAny(bytes));
          expect(code).not.toBe('not a PkiError');
        },
      ),
      { numRuns: 400 },
    );
  });

  it('inspectAny throws nothing but PkiError on random text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }).map((s) => `-----BEGIN CERTIFICATE-----\n${s}\n-----END CERTIFICATE-----\n`), async (text) => {
        expect(await codeOf(() => inspectAny(text))).not.toBe('not a PkiError');
      }),
      { numRuns: 200 },
    );
  });
});
