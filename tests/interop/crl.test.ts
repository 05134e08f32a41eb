/**
 * Our CRLs checked by `openssl crl`, and a CRL made by `openssl ca -gencrl` read by us.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createCrl,
  createRootCa,
  generateKey,
  normalizeSerialHex,
  parseCertificate,
  parseCrl,
  serializeCertificatePem,
  serializeCrlPem,
  type KeySpec,
  type RevocationReason,
  type RevokedEntry,
} from '../../src/lib/pki/index.ts';
import { openssl, tmpDir, writeFiles } from './helpers.ts';

const dir = tmpDir('xmail-crl-');
afterAll(() => dir.cleanup());

const SPECS: KeySpec[] = [
  { kind: 'RSA', bits: 2048 },
  { kind: 'EC', curve: 'P-256' },
  { kind: 'EC', curve: 'P-384' },
];

/** What `openssl crl -text` prints for each reason (crypto/x509/v3_enum.c). */
const OPENSSL_REASON: Partial<Record<RevocationReason, string>> = {
  keyCompromise: 'Key Compromise',
  superseded: 'Superseded',
  cessationOfOperation: 'Cessation Of Operation',
  affiliationChanged: 'Affiliation Changed',
  cACompromise: 'CA Compromise',
  unspecified: 'Unspecified',
};

describe.each(SPECS)('our CRL for %o, checked by openssl', (spec) => {
  it('verifies with -CAfile and lists serials, reasons, number and nextUpdate', async () => {
    const d = join(dir.path, spec.kind === 'RSA' ? 'rsa' : spec.curve);
    mkdirSync(d);
    const key = await generateKey(spec);
    const ca = await createRootCa({ key, subject: [{ type: 'O', value: 'Example' }, { type: 'CN', value: 'CRL Root' }] });
    const reasons = Object.keys(OPENSSL_REASON) as RevocationReason[];
    const revoked: RevokedEntry[] = reasons.map((reason, i) => ({ serialHex: `7${i}a1b2c3d4e5f60718293a4b5c6d7e8f`, revokedAt: new Date(Date.UTC(2026, 0, i + 1)), reason }));
    revoked.push({ serialHex: '0b', revokedAt: new Date(Date.UTC(2026, 1, 1)) });
    const nextUpdate = new Date(Date.now() + 7 * 86_400_000);
    const crl = await createCrl({ issuerCert: ca, issuerKey: key, revoked, crlNumber: 4242, nextUpdate });
    const files = writeFiles(d, { 'ca.pem': serializeCertificatePem(ca), 'crl.pem': serializeCrlPem(crl), 'crl.der': crl });

    const v = await openssl('crl', '-in', files['crl.pem']!, '-CAfile', files['ca.pem']!, '-noout');
    expect(v.code, v.stderr).toBe(0);
    expect(v.stderr + v.stdout).toContain('verify OK');

    const t = await openssl('crl', '-in', files['crl.der']!, '-inform', 'DER', '-noout', '-text');
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain('Version 2 (0x1)');
    expect(t.stdout).toMatch(/X509v3 CRL Number: \n\s+4242\n/);
    expect(t.stdout).toContain('X509v3 Authority Key Identifier');
    expect(t.stdout).toContain(parseCertificate(ca).subjectKeyId!);
    expect(t.stdout).toMatch(/Next Update: \w{3} +\d+ \d\d:\d\d:\d\d \d{4} GMT/);
    for (const r of revoked) {
      const block = new RegExp(`Serial Number: ${r.serialHex.toUpperCase()}\\n\\s+Revocation Date: [^\\n]+\\n${r.reason ? `\\s+CRL entry extensions:\\n\\s+X509v3 CRL Reason Code: \\n\\s+${OPENSSL_REASON[r.reason]}\\n` : ''}`);
      expect(t.stdout).toMatch(block);
    }

    const wrongCa = await createRootCa({ key: await generateKey(spec), subject: [{ type: 'O', value: 'Example' }, { type: 'CN', value: 'CRL Root' }] });
    const wf = writeFiles(d, { 'wrong.pem': serializeCertificatePem(wrongCa) });
    const bad = await openssl('crl', '-in', files['crl.pem']!, '-CAfile', wf['wrong.pem']!, '-noout');
    expect(bad.stderr + bad.stdout).not.toContain('verify OK');
  });
});

describe('a 10,000-entry CRL of ours (issue 7: the revoked list written as DER bytes)', () => {
  it('verifies with openssl, which lists every serial with its reason', async () => {
    const d = join(dir.path, 'large');
    mkdirSync(d);
    const key = await generateKey({ kind: 'RSA', bits: 2048 });
    const ca = await createRootCa({ key, subject: [{ type: 'O', value: 'Example' }, { type: 'CN', value: 'Large CRL Root' }] });
    const n = 10_000;
    const reasons = Object.keys(OPENSSL_REASON) as RevocationReason[];
    // Distinct 16-byte serials, half with the high bit set (a 00 pad byte), a reason on most.
    const revoked: RevokedEntry[] = Array.from({ length: n }, (_, i) => ({
      serialHex: ((BigInt(i + 1) * 0x9e3779b97f4a7c15n) | (BigInt(i % 2) << 127n)).toString(16).padStart(32, '0'),
      revokedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
      reason: i % 7 === 0 ? undefined : reasons[i % reasons.length],
    }));
    const crl = await createCrl({ issuerCert: ca, issuerKey: key, revoked, crlNumber: 7, nextUpdate: new Date(Date.now() + 86_400_000) });
    const files = writeFiles(d, { 'ca.pem': serializeCertificatePem(ca), 'crl.der': crl });

    const v = await openssl('crl', '-in', files['crl.der']!, '-inform', 'DER', '-CAfile', files['ca.pem']!, '-noout');
    expect(v.code, v.stderr).toBe(0);
    expect(v.stderr + v.stdout).toContain('verify OK');

    const t = await openssl('crl', '-in', files['crl.der']!, '-inform', 'DER', '-noout', '-text');
    expect(t.code, t.stderr).toBe(0);
    const serials = [...t.stdout.matchAll(/Serial Number: ([0-9A-F]+)\n/g)].map((m) => normalizeSerialHex(m[1]!));
    expect(serials).toHaveLength(n);
    expect(new Set(serials)).toEqual(new Set(revoked.map((r) => normalizeSerialHex(r.serialHex))));
    expect(t.stdout.match(/X509v3 CRL Reason Code:/g)).toHaveLength(revoked.filter((r) => r.reason).length);
    expect(parseCrl(crl).entries).toHaveLength(n);
  }, 60_000);
});

describe('a CRL made by openssl ca, read by us', () => {
  it('has the issuer, number, dates, serials and reasons openssl wrote', async () => {
    const d = join(dir.path, 'openssl-ca');
    mkdirSync(d);
    const cnf = [
      '[ ca ]', 'default_ca = CA_default',
      '[ CA_default ]', `dir = ${d}`, 'database = $dir/index.txt', 'crlnumber = $dir/crlnumber', 'new_certs_dir = $dir',
      'certificate = $dir/ca.pem', 'private_key = $dir/ca.key', 'default_md = sha256', 'default_crl_days = 30',
      'policy = policy_any', 'serial = $dir/serial',
      '[ policy_any ]', 'commonName = supplied',
      '[ crl_ext ]', 'authorityKeyIdentifier = keyid:always',
    ].join('\n');
    const f = writeFiles(d, { 'ca.cnf': cnf, 'index.txt': '', crlnumber: '1000\n', serial: '01\n' });
    const p = (n: string) => join(d, n);
    const steps: string[][] = [
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', p('ca.key'), '-out', p('ca.pem'), '-days', '30', '-subj', '/C=JP/O=OpenSSL CA/CN=Their Root'],
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', p('a.key'), '-out', p('a.pem'), '-days', '1', '-subj', '/CN=a', '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-set_serial', '0x1234abcd'],
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', p('b.key'), '-out', p('b.pem'), '-days', '1', '-subj', '/CN=b', '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-set_serial', '0x00ff0102'],
      ['ca', '-config', f['ca.cnf']!, '-revoke', p('a.pem'), '-crl_reason', 'keyCompromise'],
      ['ca', '-config', f['ca.cnf']!, '-revoke', p('b.pem'), '-crl_reason', 'superseded'],
      ['ca', '-config', f['ca.cnf']!, '-gencrl', '-crlexts', 'crl_ext', '-out', p('crl.pem')],
    ];
    for (const args of steps) {
      const r = await openssl(...args);
      expect(r.code, `openssl ${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const s = parseCrl(readFileSync(p('crl.pem'), 'utf8'));
    expect(s.issuer).toEqual([{ type: 'C', value: 'JP' }, { type: 'O', value: 'OpenSSL CA' }, { type: 'CN', value: 'Their Root' }]);
    expect(s.crlNumber).toBe(0x1000n);
    expect(s.signatureHash).toBe('SHA-256');
    expect(s.nextUpdate!.getTime() - s.thisUpdate.getTime()).toBe(30 * 86_400_000);
    expect(s.authorityKeyId).toBe(parseCertificate(readFileSync(p('ca.pem'), 'utf8')).subjectKeyId);
    const entries = [...s.entries].sort((a, b) => a.serialHex.localeCompare(b.serialHex));
    expect(entries.map((e) => [e.serialHex, e.reason])).toEqual([['1234abcd', 'keyCompromise'], ['ff0102', 'superseded']]);
    const text = await openssl('crl', '-in', p('crl.pem'), '-noout', '-text');
    expect(text.stdout).toContain('Serial Number: 1234ABCD');
    expect(text.stdout).toContain('Serial Number: FF0102');
  });
});
