/**
 * A read transaction whose request fails (review, issue 15 session 9): readAll and isEmpty reject
 * with a StoreError (DB_TRANSACTION_FAILED, IndexedDB's error as cause), not a raw DOMException,
 * and the transaction's own rejection (`finished`) is never left unhandled.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StoreDb } from './db.ts';
import { isStoreError } from './errors.ts';
import { uniqueDbName } from './test-support.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Makes the next `method` request fail: the request is issued, then its transaction aborts (the request errs with AbortError). */
function failNext(method: 'getAll' | 'count'): void {
  const original = IDBObjectStore.prototype[method] as (this: IDBObjectStore, ...args: unknown[]) => IDBRequest;
  vi.spyOn(IDBObjectStore.prototype, method).mockImplementationOnce(function (this: IDBObjectStore, ...args: unknown[]) {
    const request = original.apply(this, args);
    this.transaction.abort();
    return request as never;
  });
}

describe('a read transaction whose request fails', () => {
  it.each([
    ['readAll', 'getAll', (db: StoreDb) => db.readAll()],
    ['isEmpty', 'count', (db: StoreDb) => db.isEmpty()],
  ] as const)('%s: DB_TRANSACTION_FAILED with IndexedDB\'s error as cause, and no unhandled rejection', async (_name, method, read) => {
    expect.hasAssertions();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const db = await StoreDb.open({ name: uniqueDbName('read-fails'), channel: null });
    try {
      failNext(method);
      const error = await read(db).then(
        () => null,
        (e: unknown) => e,
      );
      // Unhandled rejections are reported after the microtasks of the turn: wait a macrotask.
      await new Promise((resolve) => setTimeout(resolve, 10));
      // The cause is IndexedDB's: the request's AbortError, or the InvalidStateError of a request made after the abort.
      expect([isStoreError(error, 'DB_TRANSACTION_FAILED'), (error as Error).cause instanceof DOMException]).toEqual([true, true]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      db.close();
    }
  });
});
