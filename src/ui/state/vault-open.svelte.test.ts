/**
 * The page's vault across two tabs of different versions of the page (IndexedDB 3.0 section 5.1):
 * an older tab blocking the open no longer leaves the page stuck on DB_BLOCKED (it waits, says
 * so, and goes on by itself once that tab closes); a newer tab taking the database leaves this page
 * asking for a reload; a failed open can be tried again.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_VERSION, MIGRATIONS, StoreDb, Vault, openStore, systemClock, type Store } from '../../lib/store/index.ts';
import { AppState } from './app.svelte.ts';
import { VaultState, type OpenHooks } from './vault.svelte.ts';

const PASSPHRASE = 'correct horse battery';
let counter = 0;
const dbName = () => `vault-open-${Date.now()}-${++counter}`;
const open = (name: string, hooks?: OpenHooks) =>
  openStore({ iterations: 1000, name, channel: null, vaultChannel: null, ...(hooks ? { onBlocked: hooks.onBlocked } : {}) });

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A raw IndexedDB connection, as another tab holds one (the UI may not import idb). */
function openRaw(name: string, version: number, upgrade?: (db: IDBDatabase, tx: IDBTransaction) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => upgrade?.(request.result, request.transaction!);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
}

function stateOver(name: string, opener: (hooks: OpenHooks) => Promise<Store> = (hooks) => open(name, hooks)): VaultState {
  const state = new VaultState({ open: opener, activityTarget: null, app: new AppState() });
  cleanups.push(() => state.close());
  return state;
}

describe('VaultState and tabs of other versions of the page', () => {
  it('an older tab blocks the open: the page waits and says so (no error), and goes on by itself once that tab closes', async () => {
    expect.hasAssertions();
    const name = dbName();
    // A tab of the first release (schema 1) that, like a page before the blocked/blocking handlers, ignores versionchange.
    const old = await openRaw(name, 1, (db, tx) => void MIGRATIONS[0]!(db as never, tx as never));
    const state = stateOver(name);
    const opening = state.ensureOpen();
    await expect.poll(() => state.blocked).toBe(true);
    expect([state.status, state.action.error]).toEqual(['closed', null]);
    old.close();
    await opening;
    expect([state.blocked, state.status, state.action.error]).toEqual([false, 'uninitialized', null]);
    expect(await state.create(PASSPHRASE)).toBe(true);
    expect(state.status).toBe('unlocked');
  });

  it('a newer tab takes the database: the page is locked for good and asks for a reload (closedForUpgrade)', async () => {
    expect.hasAssertions();
    const name = dbName();
    const state = stateOver(name);
    expect(await state.create(PASSPHRASE)).toBe(true);
    expect(state.closedForUpgrade).toBe(false);
    const newer = await openRaw(name, DB_VERSION + 1);
    cleanups.push(() => newer.close());
    expect([state.status, state.closedForUpgrade]).toEqual(['locked', true]);
  });

  it('a failed open can be tried again (refresh): the error goes, the vault opens', async () => {
    expect.hasAssertions();
    const name = dbName();
    let attempts = 0;
    const state = stateOver(name, (hooks) => (++attempts === 1 ? Promise.reject(new Error('first open fails')) : open(name, hooks)));
    await state.refresh();
    expect([state.status, state.action.error === null, state.canRetryOpen]).toEqual(['closed', false, true]);
    await state.refresh();
    expect([state.status, state.action.error, attempts]).toEqual(['uninitialized', null, 2]);
  });

  it('a page older than the database (a newer build upgraded it): the error says to open the newer page, and no retry is offered', async () => {
    expect.hasAssertions();
    const name = dbName();
    (await openRaw(name, DB_VERSION + 1)).close();
    const state = stateOver(name);
    await state.refresh();
    expect([state.status, state.action.error?.code, state.canRetryOpen]).toEqual(['closed', 'store/DB_NEWER_VERSION', false]);
    expect(state.action.error?.text).not.toMatch(/IndexedDB|保管領域/);
  });

  it('a database whose migration fails (v1 serials 01 and 0001, one serial under the unique index): the gate says the data is intact, and no retry is offered', async () => {
    expect.hasAssertions();
    const name = dbName();
    const v1Cert = { caId: 'ca1', profile: 'client', subject: [], subjectText: 'CN=u', commonName: 'u', sans: [], notBefore: 'x', notAfter: 'y', keyId: null, der: new Uint8Array([0x30, 0]), createdAt: 'x' };
    const v1 = await openRaw(name, 1, (db, tx) => {
      void MIGRATIONS[0]!(db, tx);
      tx.objectStore('certificates').put({ ...v1Cert, id: 'c1', serial: '01' });
      tx.objectStore('certificates').put({ ...v1Cert, id: 'c2', serial: '0001' });
    });
    v1.close();
    const state = stateOver(name);
    await state.refresh();
    expect([state.status, state.action.error?.code, state.canRetryOpen]).toEqual(['closed', 'store/DB_MIGRATION_FAILED', false]);
    expect(state.action.error?.text).toMatch(/intact/);
    const raw = await openRaw(name, 1);
    expect(raw.version).toBe(1);
    raw.close();
  });

  it('a newer tab arriving while the page opens its store (before the Vault subscribes): the page asks for a reload, not "try again"', async () => {
    expect.hasAssertions();
    const name = dbName();
    // openStore's window: StoreDb is open, the settings are being read, the Vault is not made yet.
    const state = stateOver(name, async () => {
      const db = await StoreDb.open({ name, channel: null });
      const newer = openRaw(name, DB_VERSION + 1);
      cleanups.push(() => void newer.then((n) => n.close()));
      await expect.poll(() => db.closedForUpgrade).toBe(true);
      const vault = new Vault(db, { iterations: 1000, channel: null });
      return {
        db,
        vault,
        clock: systemClock,
        newId: () => crypto.randomUUID(),
        newSerialHex: () => '01',
        subscribe: (listener) => db.subscribe(listener),
        close: () => (vault.close(), db.close()),
      };
    });
    await state.ensureOpen().catch(() => {});
    expect([state.status, state.closedForUpgrade, state.action.error]).toEqual(['locked', true, null]);
  });

  it('an open whose first read of the vault fails (the connection is gone) can be tried again: retry opens the store again', async () => {
    expect.hasAssertions();
    const name = dbName();
    let opens = 0;
    const state = stateOver(name, async (hooks) => {
      const store = await open(name, hooks);
      if (++opens === 1) store.vault.state = () => Promise.reject(new DOMException('The connection is closed.', 'InvalidStateError'));
      return store;
    });
    await state.refresh();
    expect([state.status, state.store, state.action.error === null]).toEqual(['closed', null, false]);
    await state.refresh();
    expect([state.status, state.action.error, opens]).toEqual(['uninitialized', null, 2]);
  });
});
