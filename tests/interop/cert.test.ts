/**
 * Our certificates and CSRs checked by the openssl CLI, and openssl's read by us.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import * as asn1js from 'asn1js';
import {
  createCsr,
  createRootCa,
  createSelfSignedServerCertificate,
  generateKey,
  inspectAny,
  createCertificate,
  createCertificateFromCsr,
  parseCertificate,
  parseCertificates,
  parseCsr,
  serializeCertificatePem,
  serializeCsrPem,
  serializePrivateKeyPem,
  type KeySpec,
  type SanEntry,
} from '../../src/lib/pki/index.ts';
import { openssl, tmpDir, writeFiles } from './helpers.ts';

const SPECS: KeySpec[] = [
  { kind: 'RSA', bits: 2048 },
  { kind: 'EC', curve: 'P-256' },
  { kind: 'EC', curve: 'P-384' },
];
const SERVER_SANS: SanEntry[] = [
  { type: 'dns', value: 'mail.example.test' },
  { type: 'dns', value: 'smtp.example.test' },
  { type: 'ip', value: '192.0.2.25' },
];
const CLIENT_MAILBOX = 'taro@example.test';

const dir = tmpDir('xmail-cert-');
afterAll(() => dir.cleanup());

const slug = (s: KeySpec) => (s.kind === 'RSA' ? `rsa${s.bits}` : s.curve.toLowerCase());

describe.each(SPECS)('our output for %o, checked by openssl', (spec) => {
  const d = join(dir.path, slug(spec));
  let files: Record<string, string>;
  let serialHex: string;

  beforeAll(async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(d);
    const caKey = await generateKey(spec);
    const serverKey = await generateKey(spec);
    const clientKey = await generateKey(spec);
    const ca = await createRootCa({ key: caKey, subject: [{ type: 'C', value: 'JP' }, { type: 'O', value: 'Example 株式会社' }, { type: 'CN', value: 'Example Root CA' }] });
    const server = await createCertificate({ issuerCert: ca, issuerKey: caKey, profile: 'server', subject: [{ type: 'O', value: 'Example' }], sans: SERVER_SANS, spki: serverKey.spki });
    const client = await createCertificate({
      issuerCert: ca, issuerKey: caKey, profile: 'client',
      subject: [{ type: 'CN', value: '山田 太郎' }, { type: 'emailAddress', value: CLIENT_MAILBOX }],
      sans: [{ type: 'email', value: CLIENT_MAILBOX }], spki: clientKey.spki,
    });
    const selfSigned = await createSelfSignedServerCertificate({ key: serverKey, subject: [], sans: SERVER_SANS });
    const csr = await createCsr({ key: serverKey, subject: [{ type: 'C', value: 'JP' }, { type: 'CN', value: 'mail.example.test' }], sans: SERVER_SANS });
    serialHex = parseCertificate(server).serialHex;
    files = writeFiles(d, {
      'ca.pem': serializeCertificatePem(ca),
      'server.pem': serializeCertificatePem(server),
      'client.pem': serializeCertificatePem(client),
      'self.pem': serializeCertificatePem(selfSigned),
      'server.csr': serializeCsrPem(csr),
      'server.key': serializePrivateKeyPem(serverKey, 'pkcs8'),
    });
  });

  it.each(['ca.pem', 'server.pem', 'client.pem', 'self.pem'])('openssl x509 -text parses %s', async (name) => {
    const r = await openssl('x509', '-noout', '-text', '-in', files[name]!);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(spec.kind === 'RSA' ? 'Public Key Algorithm: rsaEncryption' : 'Public Key Algorithm: id-ecPublicKey');
    expect(r.stdout).toContain(spec.kind === 'EC' && spec.curve === 'P-384' ? 'ecdsa-with-SHA384' : spec.kind === 'RSA' ? 'sha256WithRSAEncryption' : 'ecdsa-with-SHA256');
  });

  const EXT = 'basicConstraints,keyUsage,extendedKeyUsage,subjectAltName,subjectKeyIdentifier,authorityKeyIdentifier';

  it('root CA: critical CA:TRUE, critical keyCertSign+cRLSign, SKI, no EKU/AKI', async () => {
    const r = await openssl('x509', '-noout', '-ext', EXT, '-in', files['ca.pem']!);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/X509v3 Basic Constraints: critical\n\s+CA:TRUE\n/);
    expect(r.stdout).toMatch(/X509v3 Key Usage: critical\n\s+Certificate Sign, CRL Sign\n/);
    expect(r.stdout).toContain('X509v3 Subject Key Identifier');
    expect(r.stdout).not.toContain('Extended Key Usage');
    expect(r.stdout).not.toContain('Authority Key Identifier');
  });

  it('server: CA:FALSE, key usage by key type, serverAuth+clientAuth, SANs, SKI+AKI', async () => {
    const r = await openssl('x509', '-noout', '-ext', EXT, '-in', files['server.pem']!);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/X509v3 Basic Constraints: \n\s+CA:FALSE\n/);
    expect(r.stdout).toMatch(new RegExp(`X509v3 Key Usage: critical\\n\\s+${spec.kind === 'RSA' ? 'Digital Signature, Key Encipherment' : 'Digital Signature'}\\n`));
    expect(r.stdout).toMatch(/X509v3 Extended Key Usage: \n\s+TLS Web Server Authentication, TLS Web Client Authentication\n/);
    expect(r.stdout).toMatch(/X509v3 Subject Alternative Name: \n\s+DNS:mail.example.test, DNS:smtp.example.test, IP Address:192.0.2.25\n/);
    expect(r.stdout).toContain('X509v3 Subject Key Identifier');
    expect(r.stdout).toContain('X509v3 Authority Key Identifier');
    const ca = await openssl('x509', '-noout', '-ext', 'subjectKeyIdentifier', '-in', files['ca.pem']!);
    const caSki = /Identifier: \n\s+([0-9A-F:]+)/.exec(ca.stdout)![1]!;
    expect(r.stdout).toContain(caSki);
  });

  it('client: clientAuth+emailProtection, email SAN, subject CN and emailAddress', async () => {
    const r = await openssl('x509', '-noout', '-ext', EXT, '-subject', '-nameopt', 'utf8,sep_comma_plus', '-in', files['client.pem']!);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/X509v3 Extended Key Usage: \n\s+TLS Web Client Authentication, E-mail Protection\n/);
    expect(r.stdout).toMatch(new RegExp(`X509v3 Subject Alternative Name: \\n\\s+email:${CLIENT_MAILBOX}\\n`));
    expect(r.stdout).toContain(`subject=CN=山田 太郎,emailAddress=${CLIENT_MAILBOX}`);
  });

  it('serial and subject as openssl prints them', async () => {
    const r = await openssl('x509', '-noout', '-serial', '-subject', '-nameopt', 'RFC2253', '-in', files['server.pem']!);
    expect(r.stdout).toContain(`serial=${serialHex.toUpperCase()}`);
    expect(serialHex).toHaveLength(32);
    expect(r.stdout).toContain('subject=CN=mail.example.test,O=Example');
  });

  it('openssl req -verify accepts our CSR and sees its SANs', async () => {
    const r = await openssl('req', '-verify', '-noout', '-text', '-in', files['server.csr']!);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/verify OK/);
    expect(r.stdout).toMatch(/Requested Extensions:/);
    expect(r.stdout).toMatch(/DNS:mail.example.test, DNS:smtp.example.test, IP Address:192.0.2.25/);
  });

  it('openssl verify -CAfile accepts server (sslserver) and client (sslclient)', async () => {
    for (const [file, purpose] of [['server.pem', 'sslserver'], ['client.pem', 'sslclient'], ['client.pem', 'smimesign']] as const) {
      const r = await openssl('verify', '-CAfile', files['ca.pem']!, '-purpose', purpose, files[file]!);
      expect(r.stdout.trim(), `${file} ${purpose}: ${r.stderr}`).toBe(`${files[file]}: OK`);
    }
    const host = await openssl('verify', '-CAfile', files['ca.pem']!, '-verify_hostname', 'smtp.example.test', '-verify_ip', '192.0.2.25', files['server.pem']!);
    expect(host.code, host.stderr).toBe(0);
    const wrong = await openssl('verify', '-CAfile', files['ca.pem']!, '-verify_hostname', 'other.example.test', files['server.pem']!);
    expect(wrong.code).not.toBe(0);
  });

  it('openssl verify accepts the self-signed server certificate as its own anchor', async () => {
    const r = await openssl('verify', '-CAfile', files['self.pem']!, '-purpose', 'sslserver', files['self.pem']!);
    expect(r.stdout.trim(), r.stderr).toBe(`${files['self.pem']}: OK`);
  });

  it('the key matches the certificate for openssl', async () => {
    const a = await openssl('x509', '-noout', '-pubkey', '-in', files['server.pem']!);
    const b = await openssl('pkey', '-pubout', '-in', files['server.key']!);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });
});

describe('openssl CLI output, read by us', () => {
  const d = join(dir.path, 'openssl-made');
  let files: Record<string, string>;

  beforeAll(async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(d);
    files = writeFiles(d, {});
    const p = (n: string) => join(d, n);
    const ca = await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('ca.key'), '-out', p('ca.pem'), '-days', '30',
      '-subj', '/C=JP/O=OpenSSL Test/CN=OpenSSL Root', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    expect(ca.code, ca.stderr).toBe(0);
    const csr = await openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', p('srv.key'), '-out', p('srv.csr'),
      '-subj', '/C=JP/ST=Tokyo/O=Example/CN=mail.example.test',
      '-addext', 'subjectAltName=DNS:mail.example.test,DNS:pop.example.test,IP:192.0.2.1,IP:2001:db8::1,email:postmaster@example.test');
    expect(csr.code, csr.stderr).toBe(0);
    const crt = await openssl('x509', '-req', '-in', p('srv.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-set_serial', '0x00f1e2d3c4b5a69788', '-days', '30',
      '-copy_extensions', 'copy', '-out', p('srv.pem'));
    expect(crt.code, crt.stderr).toBe(0);
    for (const n of ['ca.key', 'ca.pem', 'srv.key', 'srv.csr', 'srv.pem']) files[n] = p(n);
  });

  it('parseCertificate reads an openssl leaf: subject, issuer, SANs, serial, key', async () => {
    const s = parseCertificate(readFileSync(files['srv.pem']!, 'utf8'));
    expect(s.subject).toEqual([
      { type: 'C', value: 'JP' }, { type: 'ST', value: 'Tokyo' }, { type: 'O', value: 'Example' }, { type: 'CN', value: 'mail.example.test' },
    ]);
    expect(s.issuer).toEqual([{ type: 'C', value: 'JP' }, { type: 'O', value: 'OpenSSL Test' }, { type: 'CN', value: 'OpenSSL Root' }]);
    expect(s.sans).toEqual([
      { type: 'dns', value: 'mail.example.test' }, { type: 'dns', value: 'pop.example.test' },
      { type: 'ip', value: '192.0.2.1' }, { type: 'ip', value: '2001:db8::1' }, { type: 'email', value: 'postmaster@example.test' },
    ]);
    const serial = await openssl('x509', '-noout', '-serial', '-in', files['srv.pem']!);
    expect(`serial=${s.serialHex.toUpperCase()}`).toBe(serial.stdout.trim());
    expect(s.serialHex).toBe('f1e2d3c4b5a69788');
    expect(s.key).toEqual({ kind: 'EC', curve: 'P-256' });
    const fp = await openssl('x509', '-noout', '-fingerprint', '-sha256', '-in', files['srv.pem']!);
    expect(fp.stdout.trim()).toBe(`sha256 Fingerprint=${s.sha256Fingerprint}`);
  });

  it('parseCertificate reads an openssl root (DER too)', async () => {
    const der = await openssl('x509', '-in', files['ca.pem']!, '-outform', 'DER', '-out', join(d, 'ca.der'));
    expect(der.code).toBe(0);
    const s = parseCertificate(new Uint8Array(readFileSync(join(d, 'ca.der'))));
    expect(s.isCa).toBe(true);
    expect(s.selfIssued).toBe(true);
    expect(s.keyUsage).toEqual(['keyCertSign', 'cRLSign']);
    expect(s.key).toEqual({ kind: 'RSA', bits: 2048 });
    expect(parseCertificates(readFileSync(files['ca.pem']!, 'utf8') + readFileSync(files['srv.pem']!, 'utf8'))).toHaveLength(2);
  });

  it('parseCsr reads an openssl CSR and verifies its signature', async () => {
    const s = await parseCsr(readFileSync(files['srv.csr']!, 'utf8'));
    expect(s.signatureValid).toBe(true);
    expect(s.subject.at(-1)).toEqual({ type: 'CN', value: 'mail.example.test' });
    expect(s.sans).toHaveLength(5);
    expect(s.key).toEqual({ kind: 'EC', curve: 'P-256' });
  });

  it('createCertificateFromCsr on an openssl CSR keeps all its SANs, and openssl verifies the result', async () => {
    const caKey = await generateKey({ kind: 'RSA', bits: 2048 });
    const ca = await createRootCa({ key: caKey, subject: [{ type: 'CN', value: 'Our CA for their CSR' }] });
    const csrPem = readFileSync(files['srv.csr']!, 'utf8');
    const csrDer = (await parseCsr(csrPem)).der;
    // Email SANs are outside the server profile: issuing must refuse rather than drop them.
    await expect(createCertificateFromCsr({ csrDer, issuerCert: ca, issuerKey: caKey, profile: 'server' })).rejects.toMatchObject({ code: 'PROFILE_INVALID' });
    const csr2 = await openssl('req', '-new', '-key', files['srv.key']!, '-out', join(d, 'srv2.csr'), '-subj', '/CN=mail.example.test',
      '-addext', 'subjectAltName=DNS:mail.example.test,DNS:pop.example.test,IP:192.0.2.1');
    expect(csr2.code, csr2.stderr).toBe(0);
    const csr2Der = (await parseCsr(readFileSync(join(d, 'srv2.csr'), 'utf8'))).der;
    const cert = await createCertificateFromCsr({ csrDer: csr2Der, issuerCert: ca, issuerKey: caKey, profile: 'server' });
    const out = writeFiles(d, { 'our-ca.pem': serializeCertificatePem(ca), 'from-csr.pem': serializeCertificatePem(cert) });
    const v = await openssl('verify', '-CAfile', out['our-ca.pem']!, '-purpose', 'sslserver', out['from-csr.pem']!);
    expect(v.stdout.trim(), v.stderr).toBe(`${out['from-csr.pem']}: OK`);
    const ext = await openssl('x509', '-noout', '-ext', 'subjectAltName', '-in', out['from-csr.pem']!);
    expect(ext.stdout).toContain('DNS:mail.example.test, DNS:pop.example.test, IP Address:192.0.2.1');
  });

  it('inspectAny recognises each openssl file: certificate, CSR, key, PKCS#12', async () => {
    const p12 = await openssl('pkcs12', '-export', '-in', files['srv.pem']!, '-inkey', files['srv.key']!, '-passout', 'pass:test', '-out', join(d, 'srv.p12'));
    expect(p12.code, p12.stderr).toBe(0);
    expect((await inspectAny(new Uint8Array(readFileSync(join(d, 'srv.p12'))))).kind).toBe('pkcs12');
    expect((await inspectAny(readFileSync(files['srv.pem']!, 'utf8'))).kind).toBe('certificate');
    expect((await inspectAny(readFileSync(files['srv.csr']!, 'utf8'))).kind).toBe('csr');
    const key = await inspectAny(readFileSync(files['srv.key']!, 'utf8'));
    expect(key.kind === 'key' && key.description).toBe('ECDSA P-256');
  });
});

describe('RSA signature AlgorithmIdentifier (issue 13 item 8)', () => {
  /** Hex of the outer signatureAlgorithm of a certificate or CSR (DER from PEM). */
  const outerAlgorithm = async (pemPath: string, kind: 'x509' | 'req'): Promise<string> => {
    const der = join(dir.path, `alg-${Math.random().toString(36).slice(2)}.der`);
    const conv = await openssl(kind, '-in', pemPath, '-outform', 'DER', '-out', der);
    expect(conv.code, conv.stderr).toBe(0);
    const top = asn1js.fromBER(new Uint8Array(readFileSync(der)).buffer).result as asn1js.Sequence;
    return Buffer.from((top.valueBlock.value[1] as asn1js.Sequence).valueBeforeDecodeView).toString('hex');
  };

  it('our certificate and CSR carry the same bytes as the ones openssl writes with the same key (NULL parameters)', async () => {
    const key = await generateKey({ kind: 'RSA', bits: 2048 });
    const ca = await createRootCa({ key, subject: [{ type: 'CN', value: 'Ours' }] });
    const csr = await createCsr({ key, subject: [], sans: [{ type: 'dns', value: 'mail.example.test' }] });
    const f = writeFiles(dir.path, {
      'alg.key': serializePrivateKeyPem(key, 'pkcs8'), 'alg-ours.pem': serializeCertificatePem(ca), 'alg-ours.csr': serializeCsrPem(csr),
    });
    const theirs = join(dir.path, 'alg-theirs.pem');
    const theirsCsr = join(dir.path, 'alg-theirs.csr');
    expect((await openssl('req', '-x509', '-new', '-key', f['alg.key']!, '-sha256', '-subj', '/CN=Theirs', '-days', '1', '-out', theirs)).code).toBe(0);
    expect((await openssl('req', '-new', '-key', f['alg.key']!, '-sha256', '-subj', '/CN=Theirs', '-out', theirsCsr)).code).toBe(0);
    const openSslCert = await outerAlgorithm(theirs, 'x509');
    expect(openSslCert).toBe('300d06092a864886f70d01010b0500');
    expect(await outerAlgorithm(f['alg-ours.pem']!, 'x509')).toBe(openSslCert);
    expect(await outerAlgorithm(theirsCsr, 'req')).toBe(openSslCert);
    expect(await outerAlgorithm(f['alg-ours.csr']!, 'req')).toBe(openSslCert);
  });
});
