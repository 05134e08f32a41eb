/**
 * Two tabs across a schema update (review finding: an older tab blocked the new page's store
 * forever, with no message). IndexedDB 3.0 section 5.1 "open a database": a newer open fires
 * versionchange at the older connections and `blocked` at itself while any stays open.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, StoreDb } from './db.ts';
import { isStoreError } from './errors.ts';
import { DB_VERSION } from './schema.ts';
import { openTestStore, uniqueDbName } from './test-support.ts';
import { Vault, type LockReason } from './vault.ts';

describe('StoreDb and other tabs on another schema version', () => {
  it('a new open that an older tab blocks fails with DB_BLOCKED (not a silent wait); after that tab closes, a retry opens', async () => {
    expect.hasAssertions();
    const name = uniqueDbName('blocked');
    // The older tab: schema 1 (the first release), and like an old page without the fix it ignores versionchange.
    const old = await openDB(name, 1, { upgrade: (db, _old, _new, tx) => MIGRATIONS[0]!(db as never, tx as never) });
    const error = await StoreDb.open({ name, channel: null }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isStoreError(error, 'DB_BLOCKED')).toBe(true);
    old.close();
    const db = await StoreDb.open({ name, channel: null });
    expect(db.closedForUpgrade).toBe(false);
    db.close();
  });

  it('with onBlocked (the page): the blocked open says so, waits, and opens by itself, migrated, once the older tab closes', async () => {
    expect.hasAssertions();
    const name = uniqueDbName('blocked-waits');
    const old = await openDB(name, 1, { upgrade: (db, _old, _new, tx) => MIGRATIONS[0]!(db as never, tx as never) });
    let told = 0;
    let settled: 'open' | 'failed' | null = null;
    const opening = StoreDb.open({ name, channel: null, onBlocked: () => told++ }).then(
      (db) => ((settled = 'open'), db),
      (e: unknown) => ((settled = 'failed'), Promise.reject(e)),
    );
    await expect.poll(() => told).toBe(1);
    // Still waiting (not DB_BLOCKED), and nothing upgraded yet: the older tab sees version 1.
    expect(settled).toBeNull();
    expect(old.version).toBe(1);
    old.close();
    const db = await opening;
    expect(settled).toBe('open');
    expect([...(await db.getAll('meta'))]).toEqual([]);
    expect(await db.listedCertificates()).toEqual([]);
    db.close();
    const reopened = await openDB(name);
    expect(reopened.version).toBe(DB_VERSION);
    reopened.close();
  });

  it('an open StoreDb hearing versionchange closes itself, reports it, and the newer open proceeds', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const reasons: LockReason[] = [];
    store.vault.onLock((reason) => reasons.push(reason));
    const heard: string[] = [];
    store.db.onClosedForUpgrade(() => heard.push('closed-for-upgrade'));
    const newer = await openDB(store.db.name, DB_VERSION + 1);
    expect(newer.version).toBe(DB_VERSION + 1);
    expect(heard).toEqual(['closed-for-upgrade']);
    expect(store.db.closedForUpgrade).toBe(true);
    expect(reasons).toEqual(['closed-for-upgrade']);
    newer.close();
  });

  it('a page older than the database (a newer build upgraded it) gets DB_NEWER_VERSION, not DB_UNAVAILABLE, and the database stays as it was', async () => {
    expect.hasAssertions();
    const name = uniqueDbName('older-page');
    (await openDB(name, DB_VERSION + 1)).close();
    const error = await StoreDb.open({ name, channel: null }).then(
      () => null,
      (e: unknown) => e,
    );
    expect([isStoreError(error, 'DB_NEWER_VERSION'), (error as Error).message]).toEqual([
      true,
      `opening IndexedDB "${name}" at version ${DB_VERSION}: it is at a higher version already (a newer build of the page opened it)`,
    ]);
    const after = await openDB(name);
    expect(after.version).toBe(DB_VERSION + 1);
    after.close();
  });

  it('a connection closed for an upgrade before anyone listened (openStore reads the settings before the Vault subscribes) still reports it: the listener runs at once, the Vault locks', async () => {
    expect.hasAssertions();
    const name = uniqueDbName('closed-early');
    const db = await StoreDb.open({ name, channel: null });
    const newer = openDB(name, DB_VERSION + 1);
    await expect.poll(() => db.closedForUpgrade).toBe(true);
    const heard: string[] = [];
    db.onClosedForUpgrade(() => heard.push('closed-for-upgrade'));
    expect(heard).toEqual(['closed-for-upgrade']);
    const vault = new Vault(db, { iterations: 1000, channel: null });
    const reasons: LockReason[] = [];
    vault.onLock((reason) => reasons.push(reason));
    expect([reasons, vault.isUnlocked]).toEqual([['closed-for-upgrade'], false]);
    (await newer).close();
    db.close();
  });
});
