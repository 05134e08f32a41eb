/**
 * Issue 15 item 1: one key derivation (PBKDF2) per unlock. Sealing and opening keys after the
 * unlock derives nothing; a passphrase change derives twice (current and next) whatever the number
 * of keys; a vault whose keys were sealed the old way opens them and re-seals them on unlock.
 * An unlock reads the keys only while the vault record is not marked (VaultMeta.keySeal): a vault
 * with a key per client certificate (thousands) paid a read and parse of all of them per unlock.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encryptPrivateKey } from '../pki/index.ts';
import { createBackup, restoreBackup } from './backup.ts';
import { createCa, issueCertificate, openKey } from './operations/index.ts';
import type { Store } from './index.ts';
import type { StoreName, VaultMeta } from './schema.ts';
import { PASSPHRASE, TEST_ITERATIONS, openTestStore } from './test-support.ts';

const EC = { kind: 'EC', curve: 'P-256' } as const;

/** Counts PBKDF2 derivations (the vault's and pki's both go through subtle.deriveBits). */
function countPbkdf2(): { count: () => number } {
  const original = crypto.subtle.deriveBits.bind(crypto.subtle);
  let n = 0;
  vi.spyOn(crypto.subtle, 'deriveBits').mockImplementation((algorithm, key, length) => {
    if ((algorithm as { name?: string }).name === 'PBKDF2') n++;
    return original(algorithm as Pbkdf2Params, key, length);
  });
  return { count: () => n };
}

/** Which stores `getAll` reads, in order (the re-seal's scan is a getAll of `keys`). */
function watchGetAll(store: Store): StoreName[] {
  const read: StoreName[] = [];
  const original = store.db.getAll.bind(store.db);
  vi.spyOn(store.db, 'getAll').mockImplementation(((s: StoreName) => {
    read.push(s);
    return original(s);
  }) as typeof store.db.getAll);
  return read;
}

/**
 * Turns `store`'s vault into one from before one derivation per unlock: the CA key sealed under a
 * salt of its own (as encryptPrivateKey did), the vault record without its mark. Returns the key.
 */
async function makeOldVault(store: Store, keyId: string): Promise<Uint8Array> {
  const record = (await store.db.get('keys', keyId))!;
  const pkcs8 = await store.vault.decryptKey(record.encryptedPkcs8);
  await store.vault.commitSealed({ put: { keys: [{ ...record, encryptedPkcs8: await encryptPrivateKey(pkcs8, PASSPHRASE, { iterations: TEST_ITERATIONS }), rev: record.rev + 1 }] } });
  await unmark(store);
  return pkcs8;
}

async function unmark(store: Store): Promise<void> {
  const { keySeal: _mark, ...meta } = (await store.db.get('meta', 'vault')) as VaultMeta;
  await store.db.commit({ put: { meta: [meta] }, expect: [{ store: 'meta', key: 'vault', rev: meta.rev }], countsAsChange: false });
}

const vaultOf = async (store: Store) => (await store.db.get('meta', 'vault')) as VaultMeta;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('one key derivation per unlock', () => {
  it('derives once at unlock, never per key sealed or opened, twice for a passphrase change', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    store.vault.lock();
    const pbkdf2 = countPbkdf2();
    await store.vault.unlock(PASSPHRASE);
    expect(pbkdf2.count()).toBe(1);
    const ca = await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'CN', value: 'CA' }], keySpec: EC });
    for (const host of ['a.example.test', 'b.example.test', 'c.example.test']) {
      const issued = await issueCertificate(store, { caId: ca.id, profile: 'server', subject: [], sans: [{ type: 'dns', value: host }], keySpec: EC });
      await openKey(store, issued.record.keyId!);
    }
    expect(pbkdf2.count()).toBe(1);
    await store.vault.changePassphrase(PASSPHRASE, 'another long vault passphrase 2026');
    expect(pbkdf2.count()).toBe(3);
    await openKey(store, ca.keyId);
    expect(pbkdf2.count()).toBe(3);
    store.close();
  });

  it('opens keys sealed the old way (a salt each) and re-seals them on the next unlock', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const ca = await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'CN', value: 'CA' }], keySpec: EC });
    const pkcs8 = await makeOldVault(store, ca.keyId);
    // Still opens before any re-seal (the passphrase path).
    expect(await store.vault.decryptKey((await store.db.get('keys', ca.keyId))!.encryptedPkcs8)).toEqual(pkcs8);
    store.vault.lock();
    await store.vault.unlock(PASSPHRASE);
    const pbkdf2 = countPbkdf2();
    expect(await store.vault.decryptKey((await store.db.get('keys', ca.keyId))!.encryptedPkcs8)).toEqual(pkcs8);
    expect(pbkdf2.count()).toBe(0);
    store.close();
  });
});

describe('an unlock reads the keys only while one may be sealed the old way (VaultMeta.keySeal)', () => {
  it('a new vault is marked, and its unlock reads no key; a passphrase change keeps the mark', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    expect((await vaultOf(store)).keySeal).toBe(2);
    const ca = await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'CN', value: 'CA' }], keySpec: EC });
    await issueCertificate(store, { caId: ca.id, profile: 'server', subject: [], sans: [{ type: 'dns', value: 'a.example.test' }], keySpec: EC });
    store.vault.lock();
    const read = watchGetAll(store);
    await store.vault.unlock(PASSPHRASE);
    expect(read).not.toContain('keys');
    await store.vault.changePassphrase(PASSPHRASE, 'another long vault passphrase 2026');
    expect((await vaultOf(store)).keySeal).toBe(2);
    store.close();
  });

  it('an old vault is re-sealed and marked in one transaction at its next unlock, and never read again', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const ca = await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'CN', value: 'CA' }], keySpec: EC });
    const pkcs8 = await makeOldVault(store, ca.keyId);
    const before = await vaultOf(store);
    store.vault.lock();
    const read = watchGetAll(store);
    await store.vault.unlock(PASSPHRASE);
    expect(read.filter((s) => s === 'keys')).toHaveLength(1);
    const after = await vaultOf(store);
    expect([after.keySeal, after.rev]).toEqual([2, before.rev + 1]);
    store.vault.lock();
    await store.vault.unlock(PASSPHRASE);
    expect(read.filter((s) => s === 'keys')).toHaveLength(1);
    const pbkdf2 = countPbkdf2();
    expect(await openKey(store, ca.keyId)).toBeDefined();
    expect(await store.vault.decryptKey((await store.db.get('keys', ca.keyId))!.encryptedPkcs8)).toEqual(pkcs8);
    expect(pbkdf2.count()).toBe(0);
    store.close();
  });

  it('an old vault with no key left to re-seal is marked at the same revision (the other tabs stay unlocked)', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'CN', value: 'CA' }], keySpec: EC });
    await unmark(store);
    const before = await vaultOf(store);
    store.vault.lock();
    await store.vault.unlock(PASSPHRASE);
    expect(await vaultOf(store)).toEqual({ ...before, keySeal: 2 });
    store.close();
  });

  it('a key added by another tab during the re-seal aborts it: no mark, and the next unlock re-seals', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const ca = await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'CN', value: 'CA' }], keySpec: EC });
    // The other tab unlocked before the vault was made old (its own unlock would re-seal it).
    const other = await openTestStore({ name: store.db.name });
    await makeOldVault(store, ca.keyId);
    store.vault.lock();
    const original = store.db.getAll.bind(store.db);
    let once = true;
    vi.spyOn(store.db, 'getAll').mockImplementation((async (s: StoreName) => {
      const r = await original(s);
      if (s === 'keys' && once) {
        once = false;
        await createCa(other, { name: 'CA 2', purpose: 'server', subject: [{ type: 'CN', value: 'CA 2' }], keySpec: EC });
      }
      return r;
    }) as typeof store.db.getAll);
    await store.vault.unlock(PASSPHRASE);
    expect((await vaultOf(store)).keySeal).toBeUndefined();
    store.vault.lock();
    await store.vault.unlock(PASSPHRASE);
    expect((await vaultOf(store)).keySeal).toBe(2);
    store.close();
  });

  it('a merge that brings keys sealed the old way removes the mark, and the next unlock re-seals them', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const ca = await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'CN', value: 'CA' }], keySpec: EC });
    const pkcs8 = await makeOldVault(store, ca.keyId);
    // A backup made then (its key sealed the old way); the key is gone from the store since.
    const backup = await createBackup(store);
    store.vault.lock();
    await store.vault.unlock(PASSPHRASE);
    expect((await vaultOf(store)).keySeal).toBe(2);
    const old = (await store.db.get('keys', ca.keyId))!;
    await store.db.commit({ delete: { keys: [old.id] } });
    const report = await restoreBackup(store, backup.text, { mode: 'merge' });
    expect(report.added.keys).toBe(1);
    expect((await vaultOf(store)).keySeal).toBeUndefined();
    store.vault.lock();
    await store.vault.unlock(PASSPHRASE);
    expect((await vaultOf(store)).keySeal).toBe(2);
    const pbkdf2 = countPbkdf2();
    expect(await store.vault.decryptKey((await store.db.get('keys', ca.keyId))!.encryptedPkcs8)).toEqual(pkcs8);
    expect(pbkdf2.count()).toBe(0);
    store.close();
  });

  it('why the mark stays true: a build that sealed keys the old way (schema 4 and before) cannot open the database', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    expect((await vaultOf(store)).keySeal).toBe(2);
    // Commit 6fbc1e0 (one derivation per unlock) came with DB_VERSION 4: every build before it asks for 4 or less.
    for (const version of [1, 2, 3, 4]) {
      const error = await openDB(store.db.name, version).then(
        (db) => (db.close(), null),
        (e: unknown) => e,
      );
      expect((error as DOMException | null)?.name).toBe('VersionError');
    }
    store.close();
  });
});
