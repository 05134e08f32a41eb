import { beforeAll, describe, expect, it } from 'vitest';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createRootCa, createSelfSignedServerCertificate, decodeCertificate, createCertificate, createCertificateFromCsr, serializeCertificatePem } from './cert.ts';
import { createCsr, parseCsr } from './csr.ts';
import { isPkiError } from './errors.ts';
import { parseCertificate, verifyCertificateSignature } from './inspect.ts';
import { generateKey } from './keys.ts';
import { EXTENSION_OID } from './oids.ts';
import type { KeySpec, PrivateKeyMaterial, SanEntry } from './types.ts';

const SPECS: KeySpec[] = [
  { kind: 'RSA', bits: 2048 },
  { kind: 'EC', curve: 'P-256' },
  { kind: 'EC', curve: 'P-384' },
];
const keys = new Map<string, PrivateKeyMaterial>();
const keyOf = (s: KeySpec) => keys.get(JSON.stringify(s))!;
let caKey: PrivateKeyMaterial;
let ca: Uint8Array;

beforeAll(async () => {
  for (const s of SPECS) keys.set(JSON.stringify(s), await generateKey(s));
  caKey = await generateKey({ kind: 'EC', curve: 'P-384' });
  ca = await createRootCa({ key: caKey, subject: [{ type: 'O', value: 'Example' }, { type: 'CN', value: 'Example Root CA' }] });
});

const SERVER_SANS: SanEntry[] = [{ type: 'dns', value: 'mail.example.test' }, { type: 'ip', value: '192.0.2.25' }];

describe('root CA profile', () => {
  it('is a critical CA:TRUE, keyCertSign+cRLSign, SKI only, no EKU, self-signed with SHA-384 for P-384', async () => {
    const s = parseCertificate(ca);
    expect(s.isCa).toBe(true);
    expect(s.selfIssued).toBe(true);
    expect(s.keyUsage).toEqual(['keyCertSign', 'cRLSign']);
    expect(s.extKeyUsage).toEqual([]);
    expect(s.subjectKeyId).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
    expect(s.authorityKeyId).toBeUndefined();
    expect(s.signatureHash).toBe('SHA-384');
    expect(s.extensions.find((e) => e.oid === EXTENSION_OID.basicConstraints)?.critical).toBe(true);
    expect(s.extensions.find((e) => e.oid === EXTENSION_OID.keyUsage)?.critical).toBe(true);
    const days = (s.notAfter.getTime() - s.notBefore.getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(3652);
    expect(await verifyCertificateSignature(ca, ca)).toBe(true);
  });
});

describe.each(SPECS)('issued certificates for %o', (spec) => {
  it('server: CA:FALSE, digitalSignature (+keyEncipherment for RSA), serverAuth+clientAuth, SANs, AKI = CA SKI', async () => {
    const der = await createCertificate({ issuerCert: ca, issuerKey: caKey, profile: 'server', subject: [{ type: 'O', value: 'Example' }], sans: SERVER_SANS, spki: keyOf(spec).spki });
    const s = parseCertificate(der);
    const root = parseCertificate(ca);
    expect(s.isCa).toBe(false);
    expect(s.keyUsage).toEqual(spec.kind === 'RSA' ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature']);
    expect(s.extKeyUsage).toEqual(['serverAuth', 'clientAuth']);
    expect(s.sans).toEqual(SERVER_SANS);
    // CN repeats the first DNS name when the subject has none.
    expect(s.subject).toEqual([{ type: 'O', value: 'Example' }, { type: 'CN', value: 'mail.example.test' }]);
    expect(s.authorityKeyId).toBe(root.subjectKeyId);
    expect(s.subjectKeyId).toBeDefined();
    expect(s.issuerText).toBe(root.subjectText);
    expect(s.key).toEqual(spec);
    expect(s.serialHex).toMatch(/^[0-7][0-9a-f]{31}$/);
    expect(s.signatureHash).toBe('SHA-384');
    const days = (s.notAfter.getTime() - s.notBefore.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(397 + 5 / 1440, 3);
    expect(await verifyCertificateSignature(der, ca)).toBe(true);
  });

  it('client: clientAuth+emailProtection, rfc822Name SAN', async () => {
    const der = await createCertificate({
      issuerCert: ca, issuerKey: caKey, profile: 'client',
      subject: [{ type: 'CN', value: '山田 太郎' }, { type: 'emailAddress', value: 'taro@example.test' }],
      sans: [{ type: 'email', value: 'taro@example.test' }], spki: keyOf(spec).spki,
    });
    const s = parseCertificate(der);
    expect(s.extKeyUsage).toEqual(['clientAuth', 'emailProtection']);
    expect(s.sans).toEqual([{ type: 'email', value: 'taro@example.test' }]);
    expect(s.subject[0]).toEqual({ type: 'CN', value: '山田 太郎' });
    expect(Math.round((s.notAfter.getTime() - s.notBefore.getTime()) / 86_400_000)).toBe(730);
  });
});

describe('validity and time encoding', () => {
  it('writes GeneralizedTime for a notAfter in 2050 or later and UTCTime before', async () => {
    const key = keyOf({ kind: 'EC', curve: 'P-256' });
    const now = new Date('2045-06-01T00:00:00Z');
    const der = await createRootCa({ key, subject: [{ type: 'CN', value: 'Long Root' }], validityDays: 3652, now });
    const cert = decodeCertificate(der);
    expect(cert.notBefore.type).toBe(pkijs.TimeType.UTCTime);
    expect(cert.notAfter.type).toBe(pkijs.TimeType.GeneralizedTime);
    const tbs = asn1js.fromBER(cert.tbsView.slice().buffer).result as asn1js.Sequence;
    const validity = tbs.valueBlock.value[4] as asn1js.Sequence;
    expect(validity.valueBlock.value[0]).toBeInstanceOf(asn1js.UTCTime);
    expect(validity.valueBlock.value[1]).toBeInstanceOf(asn1js.GeneralizedTime);
    expect(parseCertificate(der).notAfter.toISOString()).toBe('2055-06-01T00:00:00.000Z');
  });

  it('backdates notBefore by 5 minutes', async () => {
    const now = new Date('2030-01-01T12:00:00Z');
    const der = await createSelfSignedServerCertificate({ key: keyOf({ kind: 'EC', curve: 'P-256' }), subject: [], sans: SERVER_SANS, now });
    expect(parseCertificate(der).notBefore.toISOString()).toBe('2030-01-01T11:55:00.000Z');
  });

  it.each([
    ['server', 826],
    ['client', 826],
    ['server', 0],
  ] as const)('refuses %s validity of %d days with PROFILE_INVALID', async (profile, validityDays) => {
    expect.hasAssertions();
    const sans: SanEntry[] = profile === 'server' ? SERVER_SANS : [{ type: 'email', value: 'a@example.test' }];
    await expect(createCertificate({ issuerCert: ca, issuerKey: caKey, profile, subject: [{ type: 'CN', value: 'x' }], sans, spki: keyOf(SPECS[0]!).spki, validityDays }))
      .rejects.toSatisfy((e) => isPkiError(e, 'PROFILE_INVALID'));
  });

  it('refuses a server certificate without DNS/IP names', async () => {
    await expect(createCertificate({ issuerCert: ca, issuerKey: caKey, profile: 'server', subject: [{ type: 'CN', value: 'x' }], sans: [], spki: keyOf(SPECS[0]!).spki }))
      .rejects.toSatisfy((e) => isPkiError(e, 'PROFILE_INVALID'));
  });
});

describe('issuing', () => {
  it('refuses an issuer key that does not match the CA certificate', async () => {
    await expect(createCertificate({ issuerCert: ca, issuerKey: keyOf(SPECS[1]!), profile: 'server', subject: [], sans: SERVER_SANS, spki: keyOf(SPECS[0]!).spki }))
      .rejects.toSatisfy((e) => isPkiError(e, 'KEY_MISMATCH'));
  });

  it('refuses a non-CA issuer', async () => {
    const leaf = await createCertificate({ issuerCert: ca, issuerKey: caKey, profile: 'server', subject: [], sans: SERVER_SANS, spki: keyOf(SPECS[1]!).spki });
    await expect(createCertificate({ issuerCert: leaf, issuerKey: keyOf(SPECS[1]!), profile: 'server', subject: [], sans: SERVER_SANS, spki: keyOf(SPECS[0]!).spki }))
      .rejects.toSatisfy((e) => isPkiError(e, 'PROFILE_INVALID'));
  });

  it('uses SHA-1 only when asked for by name', async () => {
    const rsa = keyOf({ kind: 'RSA', bits: 2048 });
    const root = await createRootCa({ key: rsa, subject: [{ type: 'CN', value: 'Old XMail CA' }] });
    expect(parseCertificate(root).signatureHash).toBe('SHA-256');
    const old = await createRootCa({ key: rsa, subject: [{ type: 'CN', value: 'Old XMail CA' }], hash: 'SHA-1' });
    expect(parseCertificate(old).signatureHash).toBe('SHA-1');
  });

  it('keeps every SAN of a CSR when issuing from it, and its subject', async () => {
    const key = keyOf({ kind: 'RSA', bits: 2048 });
    const sans: SanEntry[] = [
      { type: 'dns', value: 'mail.example.test' },
      { type: 'dns', value: 'smtp.example.test' },
      { type: 'dns', value: '*.pop.example.test' },
      { type: 'ip', value: '2001:db8::25' },
    ];
    const csr = await createCsr({ key, subject: [{ type: 'C', value: 'JP' }, { type: 'CN', value: 'mail.example.test' }], sans });
    const summary = await parseCsr(csr);
    expect(summary.signatureValid).toBe(true);
    expect(summary.sans).toEqual(sans);
    const der = await createCertificateFromCsr({ csrDer: csr, issuerCert: ca, issuerKey: caKey, profile: 'server', extraSans: [{ type: 'dns', value: 'SMTP.example.test' }, { type: 'dns', value: 'imap.example.test' }] });
    const s = parseCertificate(der);
    expect(s.sans).toEqual([...sans, { type: 'dns', value: 'imap.example.test' }]);
    expect(s.subjectText).toContain('CN=mail.example.test');
    expect(s.spki).toEqual(key.spki);
  });

  it('makes a client CSR and refuses a server CSR without names', async () => {
    const key = keyOf({ kind: 'EC', curve: 'P-256' });
    const csr = await parseCsr(await createCsr({ key, profile: 'client', subject: [{ type: 'CN', value: 'Taro' }], sans: [{ type: 'email', value: 'taro@example.test' }] }));
    expect(csr.extKeyUsage).toEqual(['clientAuth', 'emailProtection']);
    expect(csr.keyUsage).toEqual(['digitalSignature']);
    await expect(createCsr({ key, subject: [{ type: 'CN', value: 'x' }], sans: [] })).rejects.toSatisfy((e) => isPkiError(e, 'PROFILE_INVALID'));
  });

  it('refuses a CSR whose signature does not verify', async () => {
    const key = keyOf({ kind: 'EC', curve: 'P-256' });
    const csr = await createCsr({ key, subject: [{ type: 'CN', value: 'mail.example.test' }], sans: SERVER_SANS });
    const bad = csr.slice();
    bad[bad.length - 5]! ^= 0x01;
    await expect(createCertificateFromCsr({ csrDer: bad, issuerCert: ca, issuerKey: caKey, profile: 'server' }))
      .rejects.toSatisfy((e) => isPkiError(e, 'SIGNATURE_INVALID'));
  });

  it('serializes PEM as a CERTIFICATE block', () => {
    expect(serializeCertificatePem(ca)).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
  });
});
