/**
 * The vault's output read by OpenSSL: a stored key decrypts with `openssl pkcs8` and the vault
 * passphrase; `openssl ca -gencrl` works on an exported CA directory and lists the revoked serials.
 */
import 'fake-indexeddb/auto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodePem } from '../../src/lib/pki/index.ts';
import {
  createCa,
  exportOpenSslCa,
  issueCertificate,
  openStore,
  revokeCertificate,
  type Store,
} from '../../src/lib/store/index.ts';
import { openssl, run, tmpDir } from './helpers.ts';

const PASSPHRASE = 'vault passphrase 1';
const dir = tmpDir('xmail-tls-store-');
afterAll(() => dir.cleanup());

async function freshStore(iterations?: number): Promise<Store> {
  const store = await openStore({ name: `interop-${Math.random()}`, channel: null, ...(iterations ? { iterations } : {}) });
  await store.vault.initialize(PASSPHRASE);
  return store;
}

describe('store interop with OpenSSL', () => {
  it('openssl pkcs8 decrypts a stored key (600000 iterations) with the vault passphrase', async () => {
    const store = await freshStore();
    const ca = await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'CN', value: 'Interop CA' }], keySpec: { kind: 'EC', curve: 'P-256' }, validityDays: 365 });
    const key = (await store.db.get('keys', ca.keyId))!;
    const path = join(dir.path, 'stored.key');
    writeFileSync(path, encodePem('ENCRYPTED PRIVATE KEY', key.encryptedPkcs8));
    const params = await openssl('asn1parse', '-in', path);
    expect(params.stdout).toContain('PBES2');
    expect(params.stdout).toMatch(/INTEGER\s*:0*927C0/); // 600000 = 0x927C0
    expect(params.stdout).toContain('aes-256-cbc');
    const r = await openssl('pkcs8', '-in', path, '-passin', `pass:${PASSPHRASE}`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('-----BEGIN PRIVATE KEY-----');
    const bad = await openssl('pkcs8', '-in', path, '-passin', 'pass:wrong passphrase');
    expect(bad.code).not.toBe(0);
    store.close();
  }, 120_000);

  it('openssl ca -gencrl works on the exported directory and lists the revoked serials', async () => {
    const store = await freshStore(1000);
    const ca = await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'C', value: 'JP' }, { type: 'CN', value: 'Export CA' }], keySpec: { kind: 'RSA', bits: 2048 }, validityDays: 3650 });
    const issue = (host: string) =>
      issueCertificate(store, { caId: ca.id, profile: 'server', subject: [{ type: 'CN', value: host }], sans: [{ type: 'dns', value: host }], keySpec: { kind: 'EC', curve: 'P-256' }, validityDays: 90 });
    const a = await issue('a.example');
    const b = await issue('b.example');
    const c = await issue('c.example');
    await revokeCertificate(store, a.record.id, 'keyCompromise');
    await revokeCertificate(store, c.record.id, 'superseded');
    const files = await exportOpenSslCa(store, ca.id, { keyPassword: 'export password' });
    const root = join(dir.path, 'ca');
    for (const f of files) {
      mkdirSync(dirname(join(root, f.path)), { recursive: true });
      writeFileSync(join(root, f.path), f.bytes);
    }
    // the minimal config the user would write (the export also ships one)
    const cnf = join(dir.path, 'minimal.cnf');
    writeFileSync(
      cnf,
      [
        '[ ca ]', 'default_ca = CA_default', '[ CA_default ]', `dir = ${root}`, 'database = $dir/index.txt', 'new_certs_dir = $dir/newcerts',
        'certificate = $dir/ca.crt', 'private_key = $dir/private/ca.key', 'serial = $dir/serial', 'crlnumber = $dir/crlnumber',
        'default_md = sha256', 'default_crl_days = 30', '',
      ].join('\n'),
    );
    const out = join(dir.path, 'gen.crl.pem');
    const gen = await openssl('ca', '-gencrl', '-config', cnf, '-passin', 'pass:export password', '-out', out);
    expect(gen.stderr).not.toMatch(/error/i);
    expect(gen.code).toBe(0);
    const text = await openssl('crl', '-in', out, '-noout', '-text');
    expect(text.code).toBe(0);
    const listed = [...text.stdout.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((m) => m[1]!.toLowerCase()).sort();
    expect(listed).toEqual([a.record.serialHex, c.record.serialHex].sort());
    expect(text.stdout).toContain('Key Compromise');
    expect(text.stdout).not.toContain(b.record.serialHex.toUpperCase());
    // crl number continues after the page's own CRLs
    expect(text.stdout).toMatch(/X509v3 CRL Number:\s*\n\s*2\b/);
    // the exported crl.pem verifies against ca.crt too
    const own = await openssl('crl', '-in', join(root, 'crl.pem'), '-CAfile', join(root, 'ca.crt'), '-noout');
    expect(own.stderr).toMatch(/verify OK/);
    // and the shipped openssl.cnf works as well from inside the directory
    const shipped = await run('openssl', ['ca', '-gencrl', '-config', 'openssl.cnf', '-passin', 'pass:export password', '-out', join(dir.path, 'shipped.crl.pem')], { cwd: root });
    expect(shipped.stderr).not.toMatch(/error/i);
    expect(shipped.code).toBe(0);
    expect(readFileSync(join(root, 'crlnumber'), 'utf8')).toBe('04\n');
    store.close();
  }, 120_000);
});
