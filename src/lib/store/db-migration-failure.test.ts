/**
 * A migration step that fails (review, issue 15 session 9): the open rejects with
 * DB_MIGRATION_FAILED carrying the step's own error as its cause (not the upgrade's AbortError,
 * which read as DB_UNAVAILABLE: "check private mode"), and the database stays at its old version
 * with every record (the upgrade's versionchange transaction aborts as a whole).
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, StoreDb } from './db.ts';
import { isStoreError } from './errors.ts';
import { DB_VERSION } from './schema.ts';
import { uniqueDbName } from './test-support.ts';

const bytes = (...b: number[]) => new Uint8Array(b);

/** A v1 database (schema of the first release) holding `certs`. */
async function v1With(certs: Array<Record<string, unknown>>): Promise<string> {
  const name = uniqueDbName('migrate-fails');
  const v1 = await openDB(name, 1, { upgrade: (db, _old, _new, tx) => MIGRATIONS[0]!(db as never, tx as never) });
  for (const c of certs) await v1.put('certificates', c);
  v1.close();
  return name;
}

const v1Cert = {
  caId: 'ca1',
  profile: 'client',
  subject: [],
  subjectText: 'CN=u',
  commonName: 'u',
  sans: [],
  notBefore: '2025-01-01T00:00:00.000Z',
  notAfter: '2026-01-01T00:00:00.000Z',
  keyId: null,
  der: bytes(0x30, 0),
  createdAt: '2025-01-01T00:00:00.000Z',
};

describe('a failing migration step', () => {
  it.each([
    // The step throws in script: a v1 serial that is not a string.
    ['a script error in a step (a serial that is not a string)', [{ ...v1Cert, id: 'c1', serial: 17 }], 'TypeError'],
    // 01 and 0001 normalise to the same serial: the unique index of 1 -> 2 aborts the transaction.
    ['an aborting request in a step (two serials the unique index takes as one)', [{ ...v1Cert, id: 'c1', serial: '01' }, { ...v1Cert, id: 'c2', serial: '0001' }], 'ConstraintError'],
  ])('%s: DB_MIGRATION_FAILED with the step error as cause; the database stays at v1 with its records', async (_what, certs, causeName) => {
    expect.hasAssertions();
    const name = await v1With(certs);
    const error = await StoreDb.open({ name, channel: null }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isStoreError(error, 'DB_MIGRATION_FAILED')).toBe(true);
    expect(((error as Error).cause as { name?: unknown } | undefined)?.name).toBe(causeName);
    expect((error as Error).message).toMatch(
      new RegExp(`^migrating IndexedDB "${name}" from v1 to v${DB_VERSION}: expected every step to succeed, found ${causeName}.*; the database stays at v1$`),
    );
    const raw = await openDB(name);
    expect([raw.version, await raw.count('certificates')]).toEqual([1, certs.length]);
    raw.close();
  });
});
