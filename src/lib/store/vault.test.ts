import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { decryptPrivateKey, generateKey } from '../pki/index.ts';
import { dumpStore } from './backup.ts';
import { isStoreError } from './errors.ts';
import { DEFAULT_PBKDF2_ITERATIONS } from './vault.ts';
import { ManualClock, PASSPHRASE, TEST_ITERATIONS, openTestStore, uniqueDbName } from './test-support.ts';
import { openStore } from './index.ts';
import type { KeyRecord } from './schema.ts';

let pkcs8: Uint8Array;
beforeAll(async () => {
  pkcs8 = (await generateKey({ kind: 'EC', curve: 'P-256' })).pkcs8;
});

async function storeKey(store: Awaited<ReturnType<typeof openTestStore>>, id: string): Promise<void> {
  const record: KeyRecord = {
    id,
    spec: { kind: 'EC', curve: 'P-256' },
    spkiSha256: id,
    spki: new Uint8Array([1]),
    encryptedPkcs8: await store.vault.encryptKey(pkcs8),
    createdAt: store.clock.now().toISOString(),
    rev: 1,
  };
  await store.vault.commitSealed({ add: { keys: [record] } });
}

describe('vault', () => {
  it('is uninitialized, then unlocked after the first passphrase, locked after lock()', async () => {
    const store = await openTestStore({ unlock: false });
    expect(await store.vault.state()).toBe('uninitialized');
    await expect(store.vault.encryptKey(pkcs8)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await store.vault.initialize(PASSPHRASE);
    expect(await store.vault.state()).toBe('unlocked');
    await expect(store.vault.initialize('another passphrase')).rejects.toMatchObject({ code: 'VAULT_ALREADY_INITIALIZED' });
    store.vault.lock();
    expect(await store.vault.state()).toBe('locked');
    await expect(store.vault.unlock('short')).rejects.toMatchObject({ code: 'VAULT_BAD_PASSPHRASE' });
    store.close();
  });

  it('refuses a weak passphrase', async () => {
    const store = await openTestStore({ unlock: false });
    await expect(store.vault.initialize('1234567')).rejects.toMatchObject({ code: 'VAULT_WEAK_PASSPHRASE' });
    expect(await store.vault.state()).toBe('uninitialized');
    store.close();
  });

  it('a wrong passphrase changes nothing (unlock and change)', async () => {
    const store = await openTestStore();
    await storeKey(store, 'k1');
    store.vault.lock();
    const before = await dumpStore(store.db);
    const e1 = await store.vault.unlock('wrong passphrase!').catch((e) => e);
    expect(isStoreError(e1, 'VAULT_BAD_PASSPHRASE')).toBe(true);
    expect(store.vault.isUnlocked).toBe(false);
    const e2 = await store.vault.changePassphrase('wrong passphrase!', 'new passphrase 1').catch((e) => e);
    expect(isStoreError(e2, 'VAULT_BAD_PASSPHRASE')).toBe(true);
    expect(await dumpStore(store.db)).toBe(before);
    store.close();
  });

  it('locks after the idle time, and activity restarts the timer', async () => {
    const clock = new ManualClock();
    const store = await openTestStore({ clock });
    store.vault.setIdleTimeout(60_000);
    clock.advance(50_000);
    await store.vault.encryptKey(pkcs8); // activity
    clock.advance(50_000);
    expect(store.vault.isUnlocked).toBe(true);
    let locked = 0;
    store.vault.onLock(() => locked++);
    clock.advance(10_001);
    expect(store.vault.isUnlocked).toBe(false);
    expect(locked).toBe(1);
    store.close();
  });

  it('changes the passphrase by re-encrypting every key in one transaction', async () => {
    const store = await openTestStore();
    for (const id of ['k1', 'k2', 'k3']) await storeKey(store, id);
    const result = await store.vault.changePassphrase(PASSPHRASE, 'a new passphrase');
    expect(result.keysReencrypted).toBe(3);
    for (const k of await store.db.getAll('keys')) {
      expect(await decryptPrivateKey(k.encryptedPkcs8, 'a new passphrase')).toEqual(pkcs8);
      await expect(decryptPrivateKey(k.encryptedPkcs8, PASSPHRASE)).rejects.toMatchObject({ code: 'KEY_BAD_PASSWORD' });
      expect(k.rev).toBe(2);
    }
    store.vault.lock();
    await expect(store.vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'VAULT_BAD_PASSPHRASE' });
    await store.vault.unlock('a new passphrase');
    store.close();
  });

  it('a change aborted mid-write (another tab added a key) leaves every key under the old passphrase', async () => {
    const name = uniqueDbName();
    const a = await openTestStore({ name });
    await storeKey(a, 'k1');
    const b = await openStore({ name, iterations: TEST_ITERATIONS, channel: null, clock: a.clock });
    await b.vault.unlock(PASSPHRASE);
    // b adds a key after a read the key list: a's expectCount fails
    const origGetAll = a.db.getAll.bind(a.db);
    a.db.getAll = (async (s: 'keys') => {
      const r = await origGetAll(s);
      if (s === 'keys') await storeKey(b as never, 'k2');
      return r;
    }) as typeof a.db.getAll;
    const before = await a.vault.changePassphrase(PASSPHRASE, 'a new passphrase').catch((e) => e);
    expect(isStoreError(before, 'DB_CONFLICT')).toBe(true);
    for (const k of await origGetAll('keys')) expect(await decryptPrivateKey(k.encryptedPkcs8, PASSPHRASE)).toEqual(pkcs8);
    expect(await a.vault.check(PASSPHRASE)).toBe(true);
    a.close();
    b.close();
  });

  it('uses 600000 PBKDF2 iterations by default, and the stored key opens with the passphrase', async () => {
    expect(DEFAULT_PBKDF2_ITERATIONS).toBe(600_000);
    const store = await openStore({ name: uniqueDbName(), channel: null });
    await store.vault.initialize(PASSPHRASE);
    const meta = await store.db.get('meta', 'vault');
    expect(meta && 'iterations' in meta ? meta.iterations : 0).toBe(600_000);
    const enc = await store.vault.encryptKey(pkcs8);
    expect(await decryptPrivateKey(enc, PASSPHRASE)).toEqual(pkcs8);
    store.close();
  }, 60_000);
});
