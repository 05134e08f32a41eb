/**
 * The signature AlgorithmIdentifier bytes of everything we sign (issue 13 item 8): RSA PKCS#1 v1.5
 * carries NULL parameters (RFC 3279 2.2.1, RFC 4055 5: "MUST be present and MUST be NULL"), as
 * OpenSSL writes them; ECDSA carries none (RFC 5758 3.2: "MUST omit the parameters field").
 * Certificates and CRLs repeat the identifier inside the signed part; both copies are checked.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as asn1js from 'asn1js';
import { createCertificate, createRootCa, createSelfSignedServerCertificate } from './cert.ts';
import { createCrl } from './crl.ts';
import { createCsr } from './csr.ts';
import { generateKey } from './keys.ts';
import { toHex } from './pem.ts';
import type { HashName, KeySpec, PrivateKeyMaterial } from './types.ts';

/** DER AlgorithmIdentifier, written out: SEQUENCE { OID, [NULL] }. */
const EXPECTED: Array<{ kind: KeySpec['kind']; hash: HashName; der: string }> = [
  { kind: 'RSA', hash: 'SHA-256', der: '300d06092a864886f70d01010b0500' },
  { kind: 'RSA', hash: 'SHA-384', der: '300d06092a864886f70d01010c0500' },
  { kind: 'RSA', hash: 'SHA-1', der: '300d06092a864886f70d0101050500' },
  { kind: 'EC', hash: 'SHA-256', der: '300a06082a8648ce3d040302' },
  { kind: 'EC', hash: 'SHA-384', der: '300a06082a8648ce3d040303' },
];

const SPEC: Record<KeySpec['kind'], KeySpec> = { RSA: { kind: 'RSA', bits: 2048 }, EC: { kind: 'EC', curve: 'P-256' } };
const keys = new Map<KeySpec['kind'], PrivateKeyMaterial>();
const cas = new Map<KeySpec['kind'], Uint8Array>();

beforeAll(async () => {
  for (const kind of ['RSA', 'EC'] as const) {
    const key = await generateKey(SPEC[kind]);
    keys.set(kind, key);
    cas.set(kind, await createRootCa({ key, subject: [{ type: 'CN', value: `${kind} signature CA` }] }));
  }
});
beforeEach(() => {
  expect.hasAssertions();
});

/** [outer signatureAlgorithm, the copy inside the signed part (absent for a CSR)] as hex. */
function algorithmIdentifiers(der: Uint8Array, tbsIndex: ((tbs: asn1js.AsnType[]) => number) | null): string[] {
  const top = asn1js.fromBER(der.slice().buffer).result as asn1js.Sequence;
  const [tbs, outer] = top.valueBlock.value as [asn1js.Sequence, asn1js.Sequence];
  const found = [toHex(outer.valueBeforeDecodeView)];
  if (tbsIndex) {
    const fields = tbs.valueBlock.value;
    found.push(toHex(fields[tbsIndex(fields)]!.valueBeforeDecodeView));
  }
  return found;
}
// TBSCertificate: [0] version, serialNumber, signature (RFC 5280 4.1); TBSCertList: version, signature (5.1).
const CERT_TBS = (f: asn1js.AsnType[]) => (f[0]!.idBlock.tagClass === 3 ? 2 : 1);
const CRL_TBS = (f: asn1js.AsnType[]) => (f[0] instanceof asn1js.Integer ? 1 : 0);

describe.each(EXPECTED)('signature AlgorithmIdentifier for $kind with $hash', ({ kind, hash, der: expected }) => {
  const sans = [{ type: 'dns' as const, value: 'mail.example.test' }];
  it('root CA certificate: outer and TBS copies', async () => {
    const der = await createRootCa({ key: keys.get(kind)!, subject: [{ type: 'CN', value: 'Root' }], hash });
    expect(algorithmIdentifiers(der, CERT_TBS)).toEqual([expected, expected]);
  });
  it('self-signed server certificate: outer and TBS copies', async () => {
    const der = await createSelfSignedServerCertificate({ key: keys.get(kind)!, subject: [], sans, hash });
    expect(algorithmIdentifiers(der, CERT_TBS)).toEqual([expected, expected]);
  });
  it('certificate issued by our CA: outer and TBS copies', async () => {
    const der = await createCertificate({
      issuerCert: cas.get(kind)!, issuerKey: keys.get(kind)!, profile: 'server', subject: [], sans, spki: keys.get('EC')!.spki, hash,
    });
    expect(algorithmIdentifiers(der, CERT_TBS)).toEqual([expected, expected]);
  });
  it('CSR: signatureAlgorithm', async () => {
    const der = await createCsr({ key: keys.get(kind)!, subject: [], sans, hash });
    expect(algorithmIdentifiers(der, null)).toEqual([expected]);
  });
  it('CRL: outer and TBS copies', async () => {
    const der = await createCrl({
      issuerCert: cas.get(kind)!, issuerKey: keys.get(kind)!, revoked: [{ serialHex: '0a', revokedAt: new Date('2026-01-01T00:00:00Z') }],
      crlNumber: 1, nextUpdate: new Date(Date.now() + 86_400_000), hash,
    });
    expect(algorithmIdentifiers(der, CRL_TBS)).toEqual([expected, expected]);
  });
});
