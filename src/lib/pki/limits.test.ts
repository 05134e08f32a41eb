/**
 * Size limits on what a hostile file can make the parsers do (issue 12 item 5): the ASN.1 node
 * bounds (MAX_DER_NODES for certificates, keys and the rest, MAX_CRL_DER_NODES for CRLs), checked
 * by a counting walk before asn1js builds anything, and the number of certificates in one file.
 * Each case is bounded by its test's timeout; no timer assertions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_CRL_DER_NODES, MAX_DER_NODES } from './asn1.ts';
import {
  MAX_CERTIFICATES_PER_FILE, createCrl, createRootCa, createSelfSignedServerCertificate, generateKey, inspectAny, orderChain, parseCertificate, parseCertificates, parseCrl,
  parsePrivateKey, serializeCertificatePem,
} from './index.ts';

/** SEQUENCE { NULL x n }, optionally inside SEQUENCE { OCTET STRING { ... } } (asn1js parses it as embedded). */
function nulls(n: number, wrapped = false): Uint8Array {
  const tl = (tag: number, len: number) => [tag, 0x83, len >> 16, (len >> 8) & 0xff, len & 0xff];
  const inner = [...tl(0x30, 2 * n)];
  const head = wrapped ? [...tl(0x30, 2 * n + 10), ...tl(0x04, 2 * n + 5), ...inner] : inner;
  const der = new Uint8Array(head.length + 2 * n);
  der.set(head);
  for (let i = 0; i < n; i++) der[head.length + 2 * i] = 0x05;
  return der;
}

describe('ASN.1 node bounds', () => {
  const bomb = nulls(Math.floor((1024 * 1024 - 5) / 2));
  it.each([
    { what: '1 MB of NULLs as a certificate', run: () => parseCertificate(bomb), code: 'DER_TOO_COMPLEX' },
    { what: '1 MB of NULLs as a private key', run: () => parsePrivateKey(bomb), code: 'DER_TOO_COMPLEX' },
    { what: '1 MB of NULLs as a CRL', run: () => parseCrl(bomb), code: 'DER_TOO_COMPLEX' },
    { what: '1 MB of NULLs, inspected', run: () => inspectAny(bomb), code: 'DER_TOO_COMPLEX' },
    { what: `${MAX_DER_NODES} NULLs inside an OCTET STRING, as a certificate`, run: () => parseCertificate(nulls(MAX_DER_NODES, true)), code: 'DER_TOO_COMPLEX' },
    { what: `${MAX_DER_NODES} NULLs as a CRL: within the CRL bound, so only the wrong type`, run: () => parseCrl(nulls(MAX_DER_NODES)), code: 'DER_WRONG_TYPE' },
    { what: `${MAX_CRL_DER_NODES} NULLs as a CRL`, run: () => parseCrl(nulls(MAX_CRL_DER_NODES)), code: 'DER_TOO_COMPLEX' },
    { what: `${MAX_DER_NODES + 1} NULLs, inspected: only a CRL may be that big`, run: () => inspectAny(nulls(MAX_DER_NODES + 1)), code: 'DER_WRONG_TYPE' },
  ])('$what: $code', { timeout: 15_000 }, async ({ run, code }) => {
    expect.hasAssertions();
    await expect((async () => run())()).rejects.toMatchObject({ code });
  });
});

describe('a CRL past the certificate bound', () => {
  it(`a CRL of 5,000 entries (over ${MAX_DER_NODES} nodes) is read and inspected`, { timeout: 30_000 }, async () => {
    expect.hasAssertions();
    const key = await generateKey({ kind: 'EC', curve: 'P-256' });
    const ca = await createRootCa({ key, subject: [{ type: 'CN', value: 'Big CRL CA' }] });
    const revoked = Array.from({ length: 5000 }, (_, i) => ({ serialHex: (0x100000 + i).toString(16), revokedAt: new Date('2026-01-02T00:00:00Z'), reason: 'keyCompromise' as const }));
    const der = await createCrl({ issuerCert: ca, issuerKey: key, revoked, crlNumber: 1, nextUpdate: new Date(Date.now() + 86_400_000) });
    expect(parseCrl(der).entries).toHaveLength(5000);
    const inspected = await inspectAny(der);
    expect(inspected.kind === 'crl' && inspected.crl.entries.length).toBe(5000);
  });
});

describe('certificates per file', () => {
  let certs: Uint8Array[] = [];
  beforeAll(async () => {
    // One real certificate, then copies told apart by the digits in their names (same length, still DER).
    const key = await generateKey({ kind: 'EC', curve: 'P-256' });
    const der = await createSelfSignedServerCertificate({ key, subject: [{ type: 'CN', value: 'n00000.example.test' }], sans: [{ type: 'dns', value: 'n00000.example.test' }], validityDays: 100 });
    const pattern = new TextEncoder().encode('n00000');
    certs = Array.from({ length: MAX_CERTIFICATES_PER_FILE + 1 }, (_, i) => {
      const copy = der.slice();
      const digits = new TextEncoder().encode(`n${String(i).padStart(5, '0')}`);
      for (let j = 0; j + pattern.length <= copy.length; j++) if (pattern.every((b, k) => copy[j + k] === b)) copy.set(digits, j);
      return copy;
    });
  });
  const pem = (n: number) => certs.slice(0, n).map(serializeCertificatePem).join('');

  it(`${MAX_CERTIFICATES_PER_FILE} are read and put in order; one more is TOO_MANY_CERTIFICATES`, { timeout: 15_000 }, async () => {
    expect.hasAssertions();
    const all = parseCertificates(pem(MAX_CERTIFICATES_PER_FILE));
    expect(all).toHaveLength(MAX_CERTIFICATES_PER_FILE);
    const { chain, issues } = orderChain(all.map((c) => c.der));
    expect(chain).toHaveLength(1);
    expect(issues.filter((i) => i.code === 'CHAIN_EXTRA_CERTIFICATE')).toHaveLength(MAX_CERTIFICATES_PER_FILE - 1);
    expect(() => parseCertificates(pem(MAX_CERTIFICATES_PER_FILE + 1))).toThrow(expect.objectContaining({ code: 'TOO_MANY_CERTIFICATES' }));
    await expect(inspectAny(pem(MAX_CERTIFICATES_PER_FILE + 1))).rejects.toMatchObject({ code: 'TOO_MANY_CERTIFICATES' });
    expect(parseCertificate(pem(MAX_CERTIFICATES_PER_FILE + 1)).subjectText).toBe('CN=n00000.example.test');
  });
});
