/**
 * An outside CA's server certificate kept with its key (issue 11 item 1: "I already have a
 * certificate" keeps the key in the vault): the key is stored only encrypted and opens to the
 * certificate's key; keeping the same certificate twice writes nothing; a second certificate of the
 * same key reuses the key record; a certificate of another key, a locked vault, or a swapped spki
 * write nothing.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createCertificate, createRootCa, encodeBase64, equalBytes, generateKey, keyMatchesSpki, parseCertificate, sha256Hex, type SanEntry } from '../pki/index.ts';
import { dumpStore } from './backup.ts';
import { keepExternalCertificate } from './external-certificates.ts';
import { listCertificates, openCertificateKey } from './operations/index.ts';
import { openTestStore } from './test-support.ts';

const EC = { kind: 'EC', curve: 'P-256' } as const;
const SANS: SanEntry[] = [{ type: 'dns', value: 'mail.example.test' }];

async function outsideChain(spki: Uint8Array, validityDays = 90): Promise<Uint8Array[]> {
  const caKey = await generateKey(EC);
  const caCert = await createRootCa({ key: caKey, subject: [{ type: 'CN', value: 'Outside Issuing CA' }], validityDays: 3650 });
  const leaf = await createCertificate({ issuerCert: caCert, issuerKey: caKey, profile: 'server', subject: [{ type: 'CN', value: 'mail.example.test' }], sans: SANS, spki, validityDays });
  return [leaf, caCert];
}

describe('keepExternalCertificate', () => {
  it('keeps the key encrypted with the chain as a server certificate; the stored key opens and matches the certificate', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const key = await generateKey({ kind: 'RSA', bits: 2048 });
    const chain = await outsideChain(key.spki);
    const kept = await keepExternalCertificate(store, { key, chain });
    expect(kept).toMatchObject({ added: true, keyReused: false });
    expect(kept.record).toMatchObject({ caId: null, profile: 'server', status: 'valid', commonName: 'mail.example.test', issuerText: 'CN=Outside Issuing CA' });
    expect(kept.record.chain).toHaveLength(1);
    const opened = await openCertificateKey(store, kept.record);
    expect(equalBytes(opened.pkcs8, key.pkcs8)).toBe(true);
    expect(keyMatchesSpki(opened, parseCertificate(chain[0]!).spki)).toBe(true);
    expect((await listCertificates(store)).map((i) => i.record.id)).toEqual([kept.record.id]);
    expect(await dumpStore(store.db)).not.toContain(encodeBase64(key.pkcs8).slice(40, 100));
  });

  it('the same certificate again writes nothing; a renewed certificate of the same key reuses the key record', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const key = await generateKey(EC);
    const chain = await outsideChain(key.spki);
    const first = await keepExternalCertificate(store, { key, chain });
    const before = await dumpStore(store.db);
    const again = await keepExternalCertificate(store, { key, chain });
    expect(again).toEqual({ record: first.record, added: false, keyReused: true });
    expect(await dumpStore(store.db)).toBe(before);
    const renewed = await keepExternalCertificate(store, { key, chain: await outsideChain(key.spki, 60) });
    expect(renewed).toMatchObject({ added: true, keyReused: true });
    expect(renewed.record.keyId).toBe(first.record.keyId);
    expect(await store.db.getAll('keys')).toHaveLength(1);
    expect(await store.db.getAll('certificates')).toHaveLength(2);
  });

  it('refuses a certificate of another key, an empty chain and a locked vault, writing nothing', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const key = await generateKey(EC);
    const other = await outsideChain((await generateKey(EC)).spki);
    const before = await dumpStore(store.db);
    await expect(keepExternalCertificate(store, { key, chain: other })).rejects.toMatchObject({ code: 'CERT_KEY_MISMATCH' });
    await expect(keepExternalCertificate(store, { key, chain: [] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    store.vault.lock();
    await expect(keepExternalCertificate(store, { key, chain: await outsideChain(key.spki) })).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    expect(await dumpStore(store.db)).toBe(before);
  });

  it('a key record whose spki was swapped in IndexedDB is not reused: the decrypted key decides (issue 12 item 4)', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const planted = await generateKey(EC);
    const key = await generateKey(EC);
    const first = await keepExternalCertificate(store, { key: planted, chain: await outsideChain(planted.spki) });
    const stored = (await store.db.get('keys', first.record.keyId!))!;
    const meta = (await store.db.get('meta', 'vault'))!;
    await store.db.commit({ put: { keys: [{ ...stored, spki: key.spki, spkiSha256: await sha256Hex(key.spki) }] }, expect: [{ store: 'meta', key: 'vault', rev: meta.rev }], countsAsChange: false });
    const kept = await keepExternalCertificate(store, { key, chain: await outsideChain(key.spki) });
    expect(kept.keyReused).toBe(false);
    expect(kept.record.keyId).not.toBe(first.record.keyId);
    expect(equalBytes((await openCertificateKey(store, kept.record)).pkcs8, key.pkcs8)).toBe(true);
  });
});
