import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  createCsr,
  createRootCa,
  decodePemBlocks,
  decryptPrivateKey,
  encodeBase64,
  equalBytes,
  generateKey,
  createCertificate,
  type PrivateKeyMaterial,
  type SanEntry,
} from '../pki/index.ts';
import { createBackup, dumpStore, restoreBackup } from './backup.ts';
import { exportCertificate, listCertificates, openKey } from './operations/index.ts';
import {
  completePendingRequest,
  deletePendingRequest,
  listPendingRequests,
  savePendingRequest,
} from './pending-requests.ts';
import { getSettings } from './repositories.ts';
import { PASSPHRASE, openTestStore } from './test-support.ts';
import type { Store } from './index.ts';

const EC = { kind: 'EC', curve: 'P-256' } as const;
const SANS: SanEntry[] = [
  { type: 'dns', value: 'mail.example.test' },
  { type: 'dns', value: 'smtp.example.test' },
];

/** A key and its CSR, as the public-CA flow makes them (no subject, names in the SANs). */
async function request(): Promise<{ key: PrivateKeyMaterial; csrDer: Uint8Array }> {
  const key = await generateKey(EC);
  return { key, csrDer: await createCsr({ key, subject: [], sans: SANS, profile: 'server' }) };
}

/** What an outside CA returns for a public key: its leaf and its own certificate. */
async function outsideCa(spki: Uint8Array): Promise<{ leaf: Uint8Array; caCert: Uint8Array }> {
  const caKey = await generateKey(EC);
  const caCert = await createRootCa({ key: caKey, subject: [{ type: 'CN', value: 'Outside Issuing CA' }], validityDays: 3650 });
  const leaf = await createCertificate({ issuerCert: caCert, issuerKey: caKey, profile: 'server', subject: [], sans: SANS, spki, validityDays: 90 });
  return { leaf, caCert };
}

async function withPending(store: Store) {
  const { key, csrDer } = await request();
  const pending = await savePendingRequest(store, { key, csrDer, subject: [], sans: SANS });
  return { key, csrDer, pending };
}

describe('pending requests', () => {
  it('keeps the key only encrypted under the vault, and it decrypts to the key of the CSR', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const { key, csrDer, pending } = await withPending(store);
    expect(pending).toMatchObject({ label: 'mail.example.test', sans: SANS, rev: 1 });
    expect(await listPendingRequests(store)).toEqual([pending]);

    const stored = (await store.db.get('keys', pending.keyId))!;
    expect(equalBytes(stored.spki, key.spki)).toBe(true);
    expect(equalBytes(await decryptPrivateKey(stored.encryptedPkcs8, PASSPHRASE), key.pkcs8)).toBe(true);
    expect(equalBytes((await openKey(store, pending.keyId)).pkcs8, key.pkcs8)).toBe(true);
    // the plaintext key is nowhere in the store
    expect(await dumpStore(store.db)).not.toContain(encodeBase64(key.pkcs8).slice(0, 40));
    expect(equalBytes((await store.db.get('pendingRequests', pending.id))!.csrDer, csrDer)).toBe(true);
    store.close();
  });

  it('a label given is kept; a CSR of another key is refused and nothing is written', async () => {
    const store = await openTestStore();
    const { key, csrDer } = await request();
    const other = await request();
    expect((await savePendingRequest(store, { key, csrDer, subject: [], sans: SANS, label: ' Mail 2026 ' })).label).toBe('Mail 2026');
    const before = await dumpStore(store.db);
    await expect(savePendingRequest(store, { key, csrDer: other.csrDer, subject: [], sans: SANS })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(savePendingRequest(store, { key, csrDer: new Uint8Array([1, 2, 3]), subject: [], sans: SANS })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await dumpStore(store.db)).toBe(before);
    store.close();
  });

  it('completing records an externally issued certificate with the same key and intermediates, and removes the request', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const { key, pending } = await withPending(store);
    const { leaf, caCert } = await outsideCa(key.spki);
    const cert = await completePendingRequest(store, pending.id, { chain: [leaf, caCert] });
    expect(cert).toMatchObject({ caId: null, keyId: pending.keyId, profile: 'server', status: 'valid', issuerText: 'CN=Outside Issuing CA', commonName: 'mail.example.test' });
    expect(cert.sans).toEqual(SANS);
    expect(cert.chain).toHaveLength(1);
    expect(await listPendingRequests(store)).toEqual([]);
    expect((await listCertificates(store)).map((i) => i.record.id)).toEqual([cert.id]);

    // downloaded again from management: leaf then the CA's certificate, and the key
    const chainPem = new TextDecoder().decode((await exportCertificate(store, cert.id, { kind: 'chain-pem' })).bytes);
    const blocks = decodePemBlocks(chainPem);
    expect(blocks.map((b) => equalBytes(b.der, leaf) || equalBytes(b.der, caCert))).toEqual([true, true]);
    expect(equalBytes(blocks[0]!.der, leaf)).toBe(true);
    const keyPem = new TextDecoder().decode((await exportCertificate(store, cert.id, { kind: 'key-pem' })).bytes);
    expect(equalBytes(decodePemBlocks(keyPem)[0]!.der, key.pkcs8)).toBe(true);

    await expect(completePendingRequest(store, pending.id, { chain: [leaf] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    store.close();
  });

  it('refuses a certificate for another key (the wrong request picked) and writes nothing', async () => {
    const store = await openTestStore();
    const { pending } = await withPending(store);
    const { leaf } = await outsideCa((await generateKey(EC)).spki);
    const before = await dumpStore(store.db);
    await expect(completePendingRequest(store, pending.id, { chain: [leaf] })).rejects.toMatchObject({ code: 'CERT_KEY_MISMATCH' });
    await expect(completePendingRequest(store, pending.id, { chain: [] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await dumpStore(store.db)).toBe(before);
    store.close();
  });

  it('judges the answer by the decrypted key, not the stored spki: a key record whose spki was swapped in IndexedDB does not let another key\'s certificate in (issue 12 item 4)', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const { pending } = await withPending(store);
    const evil = await generateKey(EC);
    const stored = (await store.db.get('keys', pending.keyId))!;
    await store.db.commit({ put: { keys: [{ ...stored, spki: evil.spki }] }, expect: [{ store: 'meta', key: 'vault', rev: (await store.db.get('meta', 'vault'))!.rev }], countsAsChange: false });
    const { leaf } = await outsideCa(evil.spki);
    await expect(completePendingRequest(store, pending.id, { chain: [leaf] })).rejects.toMatchObject({ code: 'CERT_KEY_MISMATCH' });
    expect(await listCertificates(store)).toEqual([]);
    store.close();
  });

  it('a wrong passphrase changes nothing: the vault stays locked and every write is refused', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const { key, csrDer, pending } = await withPending(store);
    const { leaf } = await outsideCa(key.spki);
    store.vault.lock();
    const before = await dumpStore(store.db);
    await expect(store.vault.unlock('not the passphrase')).rejects.toMatchObject({ code: 'VAULT_BAD_PASSPHRASE' });
    await expect(savePendingRequest(store, { key, csrDer, subject: [], sans: SANS })).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await expect(completePendingRequest(store, pending.id, { chain: [leaf] })).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await expect(deletePendingRequest(store, pending.id)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await expect(openKey(store, pending.keyId)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    expect(await dumpStore(store.db)).toBe(before);
    // listing needs no passphrase
    expect((await listPendingRequests(store)).map((p) => p.id)).toEqual([pending.id]);
    store.close();
  });

  it('deleting removes the request and its key together', async () => {
    const store = await openTestStore();
    const { pending } = await withPending(store);
    const second = await withPending(store);
    await deletePendingRequest(store, pending.id);
    expect((await listPendingRequests(store)).map((p) => p.id)).toEqual([second.pending.id]);
    expect(await store.db.get('keys', pending.keyId)).toBeUndefined();
    expect(await store.db.get('keys', second.pending.keyId)).toBeDefined();
    await expect(deletePendingRequest(store, pending.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    store.close();
  });

  it('a passphrase change re-encrypts the pending key with the others', async () => {
    const store = await openTestStore();
    const { key, pending } = await withPending(store);
    await store.vault.changePassphrase(PASSPHRASE, 'another passphrase');
    const stored = (await store.db.get('keys', pending.keyId))!;
    expect(equalBytes(await decryptPrivateKey(stored.encryptedPkcs8, 'another passphrase'), key.pkcs8)).toBe(true);
    store.close();
  });

  it('backup round trip: restored into a fresh store, the request is there, its key decrypts and it completes', async () => {
    expect.hasAssertions();
    const source = await openTestStore();
    const { key, pending } = await withPending(source);
    const backup = await createBackup(source);
    expect(JSON.parse(backup.text).manifest.pendingRequests.count).toBe(1);
    const sourceDump = await dumpStore(source.db);

    const target = await openTestStore({ unlock: false });
    const report = await restoreBackup(target, backup.text, { mode: 'empty', backupPassphrase: PASSPHRASE });
    expect(report.added.pendingRequests).toBe(1);
    expect(await dumpStore(target.db)).toBe(sourceDump);
    await target.vault.unlock(PASSPHRASE);
    expect(equalBytes((await openKey(target, pending.keyId)).pkcs8, key.pkcs8)).toBe(true);
    const { leaf } = await outsideCa(key.spki);
    await completePendingRequest(target, pending.id, { chain: [leaf] });
    expect(await listPendingRequests(target)).toEqual([]);
    // and a restored store with a pending request is not empty
    await expect(restoreBackup(source, backup.text, { mode: 'empty' })).rejects.toMatchObject({ code: 'STORE_NOT_EMPTY' });
    source.close();
    target.close();
  });

  it('merging a backup into a store with another vault passphrase re-encrypts the pending key', async () => {
    const source = await openTestStore();
    const { key, pending } = await withPending(source);
    const { text } = await createBackup(source);
    const target = await openTestStore();
    await target.vault.changePassphrase(PASSPHRASE, 'target passphrase');
    const report = await restoreBackup(target, text, { mode: 'merge', backupPassphrase: PASSPHRASE });
    expect(report.added.pendingRequests).toBe(1);
    expect(equalBytes((await openKey(target, pending.keyId)).pkcs8, key.pkcs8)).toBe(true);
    expect((await getSettings(target.db)).xmailTarget).toBe('official-1.27-win');
    source.close();
    target.close();
  });
});
