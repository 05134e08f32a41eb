import { beforeAll, describe, expect, it } from 'vitest';
import {
  createRootCa,
  createSelfSignedServerCertificate,
  generateKey,
  createCertificate,
  serializeCertificatePem,
  serializePrivateKeyPem,
  type PrivateKeyMaterial,
} from '../pki/index.ts';
import { LEAKED_KEY_STEPS, leakedKeyProcedure, readLeakedCertificate } from './leaked-key.ts';

const HOST = 'mail.example.com';
let key: PrivateKeyMaterial;
let root: Uint8Array;
let leaf: Uint8Array;
let selfSigned: Uint8Array;

beforeAll(async () => {
  key = await generateKey({ kind: 'EC', curve: 'P-256' });
  const rootKey = await generateKey({ kind: 'EC', curve: 'P-256' });
  root = await createRootCa({ key: rootKey, subject: [{ type: 'CN', value: 'Leak Test Root' }] });
  const sans = [{ type: 'dns' as const, value: HOST }];
  leaf = await createCertificate({ issuerCert: root, issuerKey: rootKey, profile: 'server', subject: [{ type: 'CN', value: HOST }], sans, spki: key.spki });
  selfSigned = await createSelfSignedServerCertificate({ key, subject: [{ type: 'CN', value: HOST }], sans });
});

describe('readLeakedCertificate (issue 17 item 7: any certificate, vault or not)', () => {
  it.each([
    ['server.cert: leaf then CA, PEM', () => serializeCertificatePem(leaf) + serializeCertificatePem(root), 'ca'],
    ['CA first, then the leaf (the leaf is the non-CA one)', () => serializeCertificatePem(root) + serializeCertificatePem(leaf), 'ca'],
    ['a DER .cer', () => leaf, 'ca'],
    ['a self-signed server.cert', () => serializeCertificatePem(selfSigned), 'self-signed'],
  ] as const)('%s', async (_name, input, issuedBy) => {
    expect.hasAssertions();
    const got = await readLeakedCertificate(input(), 'server.cert');
    expect(got.issuedBy).toBe(issuedBy);
    expect(got.certificate.sans.map((s) => s.value)).toEqual([HOST]);
    expect(got.certificate.isCa).toBe(false);
  });

  it.each([
    ['a private key instead of the certificate', (): string => serializePrivateKeyPem(key, 'pkcs8'), 'FILE_NOT_CERTIFICATE'],
    ['text that is no certificate', (): string => 'hello', 'FILE_UNRECOGNIZED'],
  ] as const)('refuses %s with a code', async (_name, input, code) => {
    expect.hasAssertions();
    await expect(readLeakedCertificate(input(), 'x')).rejects.toMatchObject({ code });
  });
});

describe('leakedKeyProcedure', () => {
  it('keeps the seed order, with the revocation made explicit, for every variant', async () => {
    expect.hasAssertions();
    const ca = await readLeakedCertificate(leaf);
    const self = await readLeakedCertificate(selfSigned);
    for (const [given, variant] of [[null, 'generic'], [ca, 'ca'], [self, 'self-signed']] as const) {
      const steps = leakedKeyProcedure(given);
      expect(steps.map((s) => s.code)).toEqual([...LEAKED_KEY_STEPS]);
      expect(new Set(steps.map((s) => s.variant))).toEqual(new Set([variant]));
    }
    const revoke = leakedKeyProcedure(ca).find((s) => s.code === 'revoke');
    expect(revoke?.params).toMatchObject({ names: HOST, serial: ca.certificate.serialHex.toUpperCase(), issuer: 'CN=Leak Test Root' });
  });
});
