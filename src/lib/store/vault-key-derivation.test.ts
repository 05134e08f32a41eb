/**
 * Issue 15 item 1: one key derivation (PBKDF2) per unlock. Sealing and opening keys after the
 * unlock derives nothing; a passphrase change derives twice (current and next) whatever the number
 * of keys; a vault whose keys were sealed the old way opens them and re-seals them on unlock.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encryptPrivateKey } from '../pki/index.ts';
import { createCa, issueCertificate, openKey } from './operations/index.ts';
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
    const record = (await store.db.get('keys', ca.keyId))!;
    const pkcs8 = await store.vault.decryptKey(record.encryptedPkcs8);
    await store.vault.commitSealed({ put: { keys: [{ ...record, encryptedPkcs8: await encryptPrivateKey(pkcs8, PASSPHRASE, { iterations: TEST_ITERATIONS }), rev: record.rev + 1 }] } });
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
