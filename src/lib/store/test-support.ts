/**
 * Shared set-up for the store's unit tests (fake-indexeddb): a fresh database per test, a
 * manual clock, a small PBKDF2 count. Not part of the public surface.
 * Every store opened here is closed after its test by an afterEach hook (issue 13 item 7), so a
 * test that fails half-way does not leave its store open; bodies need not close it themselves.
 */
import { afterEach } from 'vitest';
import { openStore, type OpenStoreOptions, type Store } from './index.ts';
import { createCa, issueCertificate } from './operations/index.ts';
import type { Clock } from './vault.ts';
import { StoreDb } from './db.ts';
import { listedCertificate } from './listed.ts';
import { certificateSummary } from './schema.ts';

export const TEST_ITERATIONS = 1000;
export const PASSPHRASE = 'correct horse battery';

export class ManualClock implements Clock {
  #now: number;
  #timers = new Map<number, { at: number; fn: () => void }>();
  #next = 1;
  constructor(start = Date.parse('2025-06-01T00:00:00Z')) {
    this.#now = start;
  }
  now(): Date {
    return new Date(this.#now);
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#timers.set(id, { at: this.#now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }
  advance(ms: number): void {
    this.#now += ms;
    for (const [id, t] of [...this.#timers]) {
      if (t.at <= this.#now) {
        this.#timers.delete(id);
        t.fn();
      }
    }
  }
}

let counter = 0;
export function uniqueDbName(prefix = 'store-test'): string {
  return `${prefix}-${Date.now()}-${++counter}-${Math.random().toString(36).slice(2)}`;
}

const opened = new Set<Store>();
afterEach(() => {
  for (const store of opened) store.close();
  opened.clear();
});

export async function openTestStore(options: OpenStoreOptions & { unlock?: boolean } = {}): Promise<Store & { clock: ManualClock }> {
  const clock = (options.clock as ManualClock | undefined) ?? new ManualClock();
  const store = await openStore({ iterations: TEST_ITERATIONS, name: uniqueDbName(), channel: null, vaultChannel: null, ...options, clock });
  opened.add(store);
  if (options.unlock !== false) {
    if ((await store.vault.state()) === 'uninitialized') await store.vault.initialize(PASSPHRASE);
    else await store.vault.unlock(PASSPHRASE);
  }
  return store as Store & { clock: ManualClock };
}

/** The quick key of the operations tests (EC P-256: generated in milliseconds). */
export const EC = { kind: 'EC', curve: 'P-256' } as const;

/** A CA of the given purpose, ten years, EC P-256. */
export async function withCa(store: Store, purpose: 'server' | 'client-verify' = 'server') {
  return createCa(store, { name: purpose === 'server' ? 'Server CA' : 'Client CA', purpose, subject: [{ type: 'CN', value: `Test ${purpose} CA` }], keySpec: EC, validityDays: 3650 });
}

/** A server certificate for `host` (CN and one DNS name) from `caId`. */
export async function issueServer(store: Store, caId: string, host: string, days = 397) {
  return issueCertificate(store, { caId, profile: 'server', subject: [{ type: 'CN', value: host }], sans: [{ type: 'dns', value: host }], keySpec: EC, validityDays: days });
}

/**
 * The derived lists two ways, each in id order: as a fresh page reads them (a new connection:
 * nothing in memory, so from the packs, schema 8's list entries; and the per-record summaries read
 * by id) and as the records say (the list entries and summaries of `certificates`, and
 * `revocations`). Every commit must leave the two equal (issue 15 item 4).
 */
export async function listsTwoWays(name: string): Promise<{ packed: unknown; records: unknown }> {
  const fresh = await StoreDb.open({ name, channel: null });
  try {
    const byId = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // Compared as they are, not through JSON: a field JSON cannot carry (a Date, bytes) must show as
    // a difference. toEqual already ignores a field that is undefined (the packs drop `user: undefined`).
    const records = await fresh.getAll('certificates');
    return {
      packed: {
        certificates: byId(await fresh.listedCertificates()),
        summaries: byId(await fresh.certificateSummariesById(records.map((r) => r.id))),
        revocations: byId(await fresh.revocations()),
      },
      records: {
        certificates: byId(records.map(listedCertificate)),
        summaries: byId(records.map(certificateSummary)),
        revocations: byId(await fresh.getAll('revocations')),
      },
    };
  } finally {
    fresh.close();
  }
}
