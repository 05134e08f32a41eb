/**
 * The PKI core's own pkijs engine (lib/pki/webcrypto.ts SignatureEngine; issue 15 page size: the
 * single file no longer carries pkijs's CryptoEngine) against openssl: what openssl signs with
 * every algorithm pkijs's engine verified (RSA PKCS#1 v1.5 and RSA-PSS, ECDSA on P-256/P-384/P-521,
 * SHA-1 to SHA-512) verifies here, and one flipped signature bit does not; what we sign (certificate,
 * CSR, CRL with RSA and ECDSA keys) openssl verifies, the CRL with our CA certificate.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import {
  createCrl,
  createCsr,
  createRootCa,
  generateKey,
  serializeCertificatePem,
  serializeCsrPem,
  verifyCertificateSignature,
  verifyCrl,
  verifyCsr,
  type KeySpec,
} from '../../src/lib/pki/index.ts';
import { ensurePkijsEngine } from '../../src/lib/pki/webcrypto.ts';
import { openssl, tmpDir, writeFiles } from './helpers.ts';

const dir = tmpDir('xmail-sigengine-');
afterAll(() => dir.cleanup());
beforeEach(() => {
  expect.hasAssertions();
});

/** Self-signed by openssl: the key (genpkey options), the digest, and extra `req` signing options. */
const OPENSSL_SIGNED: Array<{ name: string; key: string[]; digest: string; sigopt?: string[] }> = [
  { name: 'RSA 2048 SHA-256', key: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], digest: '-sha256' },
  { name: 'RSA 2048 SHA-1', key: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], digest: '-sha1' },
  { name: 'RSA 2048 SHA-512', key: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], digest: '-sha512' },
  {
    name: 'RSA-PSS SHA-256 salt 32',
    key: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
    digest: '-sha256',
    sigopt: ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32'],
  },
  {
    name: 'RSA-PSS SHA-384 salt 20',
    key: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
    digest: '-sha384',
    sigopt: ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:20'],
  },
  {
    // SHA-1 and salt 20 are RSASSA-PSS-params' defaults: openssl writes an empty SEQUENCE.
    name: 'RSA-PSS SHA-1 salt 20 (all defaults)',
    key: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
    digest: '-sha1',
    sigopt: ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:20'],
  },
  { name: 'ECDSA P-256 SHA-256', key: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], digest: '-sha256' },
  { name: 'ECDSA P-384 SHA-384', key: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'], digest: '-sha384' },
  { name: 'ECDSA P-521 SHA-512', key: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'], digest: '-sha512' },
  { name: 'ECDSA P-256 SHA-1', key: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], digest: '-sha1' },
];

/** The DER with one bit of the signature's last byte flipped (the signature is the end of the DER). */
function flipLastBit(der: Uint8Array): Uint8Array {
  const out = der.slice();
  out[out.length - 1]! ^= 0x01;
  return out;
}

describe.each(OPENSSL_SIGNED)('openssl signs with $name', ({ name, key, digest, sigopt }) => {
  it('our engine verifies the certificate and the CSR, and refuses them with one signature bit flipped', async () => {
    const base = join(dir.path, name.replace(/\W+/g, '-'));
    expect((await openssl('genpkey', ...key, '-out', `${base}.key`)).code).toBe(0);
    const subj = ['-subj', `/CN=${name}`];
    const cert = await openssl('req', '-new', '-x509', '-key', `${base}.key`, digest, ...(sigopt ?? []), ...subj, '-days', '1', '-outform', 'DER', '-out', `${base}.cer`);
    expect(cert.stderr).toBe('');
    const csr = await openssl('req', '-new', '-key', `${base}.key`, digest, ...(sigopt ?? []), ...subj, '-outform', 'DER', '-out', `${base}.csr`);
    expect(csr.code).toBe(0);
    const certDer = new Uint8Array(readFileSync(`${base}.cer`));
    const csrDer = new Uint8Array(readFileSync(`${base}.csr`));
    expect(await verifyCertificateSignature(certDer, certDer)).toBe(true);
    expect(await verifyCertificateSignature(flipLastBit(certDer), certDer)).toBe(false);
    expect(await verifyCsr(csrDer)).toBe(true);
    expect(await verifyCsr(flipLastBit(csrDer))).toBe(false);
  });
});

const OUR_KEYS: KeySpec[] = [
  { kind: 'RSA', bits: 2048 },
  { kind: 'EC', curve: 'P-256' },
  { kind: 'EC', curve: 'P-384' },
];

describe.each(OUR_KEYS)('we sign with $kind $bits$curve', (spec) => {
  it('openssl verifies our certificate, CSR and CRL; so do we', async () => {
    const name = `ours-${spec.kind}-${spec.kind === 'RSA' ? spec.bits : spec.curve}`;
    const base = join(dir.path, name);
    const key = await generateKey(spec);
    const subject = [{ type: 'CN' as const, value: `engine ${spec.kind}` }];
    const ca = await createRootCa({ key, subject });
    const csr = await createCsr({ key, profile: 'server', subject, sans: [{ type: 'dns', value: 'mail.example.test' }] });
    const crl = await createCrl({ issuerCert: ca, issuerKey: key, revoked: [{ serialHex: '0a', revokedAt: new Date(), reason: 'keyCompromise' }], crlNumber: 1, nextUpdate: new Date(Date.now() + 86_400_000) });
    writeFiles(dir.path, { [`${name}-ca.pem`]: serializeCertificatePem(ca), [`${name}.csr`]: serializeCsrPem(csr), [`${name}.crl`]: crl });
    expect((await openssl('verify', '-check_ss_sig', '-CAfile', `${base}-ca.pem`, `${base}-ca.pem`)).stdout).toContain('OK');
    expect((await openssl('req', '-in', `${base}.csr`, '-noout', '-verify')).stderr).toMatch(/verify OK|Certificate request self-signature verify OK/);
    expect((await openssl('crl', '-inform', 'DER', '-in', `${base}.crl`, '-noout', '-CAfile', `${base}-ca.pem`)).stderr).toContain('verify OK');
    expect([await verifyCertificateSignature(ca, ca), await verifyCsr(csr), await verifyCrl(crl, ca)]).toEqual([true, true, true]);
  });
});

describe('the engine pkijs is given', () => {
  it('is ours: pkijs signs and verifies only through SignatureEngine', () => {
    ensurePkijsEngine();
    expect(pkijs.getEngine().name).toBe('xmail');
  });
});
