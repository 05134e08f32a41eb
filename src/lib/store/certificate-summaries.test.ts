/**
 * The certificate summaries (schema version 5, issue 15 item 4; read by id since schema 8) and the
 * list entries packed from them (schema 8, listed.ts): they must always be exactly what the records
 * say, whatever a commit does, and the list read through the packs must be exactly the list read
 * through the whole records (the implementation before, kept here as `listFromRecords`).
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { openDB, unwrap } from 'idb';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, StoreDb, type Changeset } from './db.ts';
import {
  LIST_TURN,
  compareText,
  filterCertificates,
  indexCertificates,
  listCertificateEntries,
  listCertificates,
  type CertificateFilter, type CertificateListEntry, type CertificateListItem } from './operations/list.ts';
import { getSettings } from './repositories.ts';
import { listedCertificate } from './listed.ts';
import { certificateSummary, type CertificateRecord, type CertificateSummary } from './schema.ts';
import { listsTwoWays, openTestStore, uniqueDbName } from './test-support.ts';
import type { StoreContext } from './context.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2025-06-01T00:00:00Z');

function cert(id: string, over: Partial<CertificateRecord> = {}): CertificateRecord {
  return {
    id,
    caId: 'ca1',
    issuerText: 'O=Bench, CN=Bench CA',
    serialHex: id.replace(/[^0-9a-f]/g, '') + '01',
    profile: 'client',
    subject: [{ type: 'CN', value: `User ${id}` }],
    subjectText: `CN=User ${id}`,
    commonName: `User ${id}`,
    sans: [{ type: 'email', value: `${id}@example.test` }],
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2026-01-01T00:00:00.000Z',
    status: 'valid',
    keyId: 'k1',
    der: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]),
    user: { name: `User ${id}`, email: `${id}@example.test` },
    createdAt: '2025-01-01T00:00:00.000Z',
    rev: 1,
    ...over,
  };
}

const byId = (xs: readonly CertificateSummary[]) => [...xs].sort((a, b) => compareText(a.id, b.id));

/** What the summaries must be: every record without its bytes (compared in id order). */
async function expectedSummaries(db: StoreDb): Promise<CertificateSummary[]> {
  return byId((await db.getAll('certificates')).map(certificateSummary));
}

/** The summaries as the store holds them (every record of `certificateSummaries`, read around StoreDb), a CA's or all. */
async function summaries(db: StoreDb, caId?: string): Promise<CertificateSummary[]> {
  const raw = await openDB(db.name);
  try {
    const all = (await raw.getAll('certificateSummaries')) as CertificateSummary[];
    return byId(caId === undefined ? all : all.filter((s) => s.caId === caId));
  } finally {
    raw.close();
  }
}

/** listCertificates as it was before the summaries: every whole record read, filtered, sorted. */
async function listFromRecords(ctx: StoreContext, filter: CertificateFilter = {}): Promise<CertificateListItem[]> {
  const nowMs = ctx.clock.now().getTime();
  const withinDays = filter.withinDays ?? (await getSettings(ctx.db)).defaults.reminderDaysBefore;
  const text = filter.text ?? '';
  const records = filter.caId ? await ctx.db.getAllFromIndex('certificates', 'caId', filter.caId) : await ctx.db.getAll('certificates');
  const entries: CertificateListEntry[] = [];
  for (const record of records) {
    if (filter.profile && record.profile !== filter.profile) continue;
    if (record.supersededBy && !filter.includeSuperseded) continue;
    entries.push(listedCertificate(record));
  }
  const items = filterCertificates(entries, { status: filter.status ?? 'all', withinDays, text, nowMs });
  return items.sort((a, b) => a.record.notAfterMs - b.record.notAfterMs || compareText(a.record.id, b.record.id));
}

describe('certificate summaries', () => {
  it('v4 -> v5 makes a summary of every certificate there is, and keeps the records', async () => {
    expect.hasAssertions();
    const name = uniqueDbName('migrate-v5');
    const v4 = await openDB(name, 4, {
      async upgrade(db, _old, _new, tx) {
        for (const m of MIGRATIONS.slice(0, 4)) await m(unwrap(db), unwrap(tx));
      },
    });
    const records = [cert('a', { notAfter: '2027-01-01T00:00:00.000Z' }), cert('b', { caId: null, chain: [new Uint8Array([0x30, 0])] }), cert('c', { status: 'revoked' })];
    for (const r of records) await v4.put('certificates', r);
    v4.close();

    const db = await StoreDb.open({ name, channel: null });
    try {
      expect(await summaries(db)).toEqual(await expectedSummaries(db));
      expect((await summaries(db)).map((s) => s.id)).toEqual(['a', 'b', 'c']);
      expect(await db.getAll('certificates')).toEqual(records);
      for (const s of await summaries(db)) {
        expect(s).not.toHaveProperty('der');
        expect(s).not.toHaveProperty('chain');
        expect(s).not.toHaveProperty('subject');
      }
    } finally {
      db.close();
    }
  });

  // Each kind of write, and writes that fail: the summaries follow the records, or stay as they were.
  const cases: Array<[string, Changeset, 'ok' | 'SERIAL_COLLISION' | 'DB_TRANSACTION_FAILED']> = [
    ['add', { add: { certificates: [cert('n1'), cert('n2', { notAfter: '2025-07-01T00:00:00.000Z' })] } }, 'ok'],
    ['put (revoke)', { put: { certificates: [cert('a', { status: 'revoked', rev: 2 })] } }, 'ok'],
    ['put (superseded by a renewal) and add the renewal', { put: { certificates: [cert('a', { supersededBy: 'r', rev: 2 })] }, add: { certificates: [cert('r', { notAfter: '2027-06-01T00:00:00.000Z' })] } }, 'ok'],
    ['delete', { delete: { certificates: ['b'] } }, 'ok'],
    ['delete and put the same id (restore replacing a record)', { delete: { certificates: ['b'] }, put: { certificates: [cert('b', { commonName: 'B again', rev: 5 })] } }, 'ok'],
    ['a write to another store only', { put: { settings: [] } }, 'ok'],
    ['an add refused by the unique serial index', { add: { certificates: [cert('n3'), cert('n4', { serialHex: cert('a').serialHex })] } }, 'SERIAL_COLLISION'],
    ['a commit that fails before it ends', { add: { certificates: [cert('n5')] }, put: { certificates: [cert('a', { status: 'revoked', rev: 2 })] }, delete: { certificates: ['b'] } }, 'DB_TRANSACTION_FAILED'],
  ];
  it.each(cases)('a commit of %s keeps the summaries exactly the records without their bytes', async (_what, changes, outcome) => {
    expect.hasAssertions();
    const db = await StoreDb.open({
      name: uniqueDbName('summaries'),
      channel: null,
      beforeCommit: () => {
        if (outcome === 'DB_TRANSACTION_FAILED') throw new Error('tab closed');
      },
    });
    try {
      if (outcome === 'DB_TRANSACTION_FAILED') {
        // the seed itself must pass: open a second connection without the failing hook
        const seedDb = await StoreDb.open({ name: db.name, channel: null });
        await seedDb.commit({ add: { certificates: [cert('a'), cert('b', { notAfter: '2025-09-01T00:00:00.000Z' })] } });
        seedDb.close();
      } else {
        await db.commit({ add: { certificates: [cert('a'), cert('b', { notAfter: '2025-09-01T00:00:00.000Z' })] } });
      }
      const before = await summaries(db);
      const result = await db.commit(changes).then(() => 'ok', (e: { code?: string }) => e.code);
      expect(result).toBe(outcome);
      expect(await summaries(db)).toEqual(await expectedSummaries(db));
      if (outcome !== 'ok') expect(await summaries(db)).toEqual(before);
      expect(await summaries(db, 'ca1')).toEqual((await expectedSummaries(db)).filter((s) => s.caId === 'ca1'));
      // ... and so do the packs (schema 7), as a fresh page reads them (nothing in memory).
      const two = await listsTwoWays(db.name);
      expect(two.packed).toEqual(two.records);
    } finally {
      db.close();
    }
  });

  // Review of schema 7: the packs were made from the caller's objects after commit's first await,
  // while IndexedDB had copied the records when their writes were issued; a caller changing its
  // object meanwhile left the packs saying something the records did not (failed before the fix).
  it.each(['certificates', 'revocations'] as const)('%s: an object changed by its caller while its commit runs leaves the packs as the records', async (which) => {
    expect.hasAssertions();
    const db = await StoreDb.open({ name: uniqueDbName('summaries'), channel: null });
    try {
      const c = cert('m');
      const r = { id: 'm', caId: 'ca1', serialHex: '0a', revokedAt: '2026-01-01T00:00:00.000Z', reason: 'unspecified' as const, rev: 1 };
      const pending = which === 'certificates' ? db.commit({ add: { certificates: [c] } }) : db.commit({ add: { revocations: [r] } });
      if (which === 'certificates') c.commonName = 'changed.example.test';
      else r.serialHex = 'ff';
      await pending;
      const two = await listsTwoWays(db.name);
      expect(two.packed).toEqual(two.records);
    } finally {
      db.close();
    }
  });

  it('lists exactly what the whole records list, for random stores and filters (fast-check)', async () => {
    expect.hasAssertions();
    const iso = (days: number) => new Date(NOW + days * DAY).toISOString();
    const record = fc.record({
      days: fc.integer({ min: -40, max: 60 }), // ties on notAfter are frequent: the order then goes by id
      caId: fc.constantFrom('ca1', 'ca2', null),
      profile: fc.constantFrom('server' as const, 'client' as const),
      revoked: fc.boolean(),
      superseded: fc.boolean(),
      name: fc.constantFrom('alice', 'Bob', 'carol ÄÖ', 'mail.example.test', 'ＡＢ', ''),
      withUser: fc.boolean(),
    });
    const filter = fc.record(
      {
        status: fc.constantFrom('all' as const, 'valid' as const, 'expiring' as const, 'expired' as const, 'revoked' as const),
        withinDays: fc.integer({ min: 1, max: 60 }),
        text: fc.constantFrom('', ' ', 'al', 'BOB', 'ä', 'example', '01', 'ca', 'user', 'ｂ'),
        caId: fc.constantFrom('ca1', 'ca2'),
        profile: fc.constantFrom('server' as const, 'client' as const),
        includeSuperseded: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 40 }), fc.array(filter, { minLength: 1, maxLength: 6 }), fc.nat({ max: 39 }), async (specs, filters, deleteAt) => {
        const store = await openTestStore({ unlock: false });
        try {
          const records = specs.map((s, i) => {
            const id = `${String(i).padStart(2, '0')}-${s.name.length}`;
            return cert(id, {
              caId: s.caId,
              profile: s.profile,
              serialHex: (i + 1).toString(16).padStart(4, '0'),
              notAfter: iso(s.days),
              status: s.revoked ? 'revoked' : 'valid',
              commonName: s.name,
              subjectText: `CN=${s.name}`,
              ...(s.superseded ? { supersededBy: 'x' } : {}),
              ...(s.withUser ? { user: { name: s.name, email: `${s.name}@example.test` } } : { user: undefined }),
            });
          });
          // written in several commits, then one deleted and one revoked, as the operations do
          for (let i = 0; i < records.length; i += 7) await store.db.commit({ add: { certificates: records.slice(i, i + 7) } });
          if (records.length > 0) {
            const gone = records[deleteAt % records.length]!;
            const changed = records[(deleteAt + 1) % records.length]!;
            const revocation = { id: changed.id, caId: changed.caId, serialHex: changed.serialHex, revokedAt: iso(0), reason: 'keyCompromise' as const, rev: 1 };
            await store.db.commit({ delete: { certificates: [gone.id] } });
            if (changed.id !== gone.id) await store.db.commit({ put: { certificates: [{ ...changed, status: 'revoked', rev: 2 }] }, add: { revocations: [revocation] } });
            // A write prepared from a stale read (another tab wrote first) is refused and changes nothing.
            await expect(
              store.db.commit({ put: { certificates: [{ ...gone, commonName: 'stale', rev: 9 }] }, add: { revocations: [{ ...revocation, id: gone.id }] }, expect: [{ store: 'certificates', key: changed.id, rev: 1 }] }),
            ).rejects.toMatchObject({ code: 'DB_CONFLICT' });
          }
          // The packs (schema 7) as a fresh page reads them are exactly what the records say.
          const two = await listsTwoWays(store.db.name);
          expect(two.packed).toEqual(two.records);
          for (const f of filters) {
            expect(await listCertificates(store, f)).toEqual(await listFromRecords(store, f));
            // The manage view's snapshot: every listed certificate indexed, as listCertificates + indexCertificates gave it.
            const scope = { caId: f.caId, profile: f.profile, includeSuperseded: f.includeSuperseded };
            const before = (await listFromRecords(store, { ...scope, status: 'all', text: '' })).map((i) => i.record);
            expect(await listCertificateEntries(store, scope)).toEqual(before);
          }
        } finally {
          store.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('the text filter over list entries (schema 8: fields inside another left out, the serial apart)', () => {
  /** The search text before schema 8: every field, the serial among them, joined and lower-cased. */
  const before = (r: CertificateSummary) =>
    [r.commonName, r.subjectText, r.issuerText, r.serialHex, ...r.sans.map((x) => x.value), r.user?.name ?? '', r.user?.email ?? ''].join('\n').toLowerCase();

  it('finds exactly what the whole search text found, for any needle within one field (fast-check)', () => {
    expect.hasAssertions();
    // A small alphabet, so fields often contain each other and needles often hit.
    const word = fc.string({ unit: fc.constantFrom('a', 'B', 'c', '=', ' ', 'Ä', 'ß', '0', '1'), maxLength: 6 });
    fc.assert(
      fc.property(
        fc.record({ cn: word, subject: word, issuer: word, serial: fc.string({ unit: fc.constantFrom('0', '1', 'a'), maxLength: 4 }), sans: fc.array(word, { maxLength: 3 }), user: fc.option(fc.record({ name: word, email: word })) }),
        word,
        (f, text) => {
          const r = certificateSummary(
            cert('x', { commonName: f.cn, subjectText: f.subject, issuerText: f.issuer, serialHex: f.serial, sans: f.sans.map((value) => ({ type: 'email' as const, value })), user: f.user ?? undefined }),
          );
          const needle = text.trim().toLowerCase();
          const found = filterCertificates(indexCertificates([r]), { status: 'all', withinDays: 30, text, nowMs: NOW }).length === 1;
          expect(found).toBe(!needle || before(r).includes(needle));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('getAllFromIndex (read with a cursor)', () => {
  const cases: Array<[string, 'certificates' | 'revocations', string, IDBValidKey]> = [
    ['certificates of a CA', 'certificates', 'caId', 'ca1'],
    ['certificates of a key', 'certificates', 'keyId', 'k2'],
    ['certificates by status', 'certificates', 'status', 'revoked'],
    ['certificates expiring on one day', 'certificates', 'notAfter', '2025-09-01T00:00:00.000Z'],
    ['nothing for an unknown CA', 'certificates', 'caId', 'nope'],
    ['revocations of a CA', 'revocations', 'caId', 'ca2'],
  ];
  it.each(cases)('%s: the same records in the same order as getAll on the index', async (_what, store, index, query) => {
    expect.hasAssertions();
    const name = uniqueDbName('by-index');
    const db = await StoreDb.open({ name, channel: null });
    try {
      const records = Array.from({ length: 30 }, (_, i) =>
        cert(`id${(i * 7) % 30}`, {
          caId: i % 3 === 0 ? 'ca2' : 'ca1',
          keyId: i % 4 === 0 ? 'k2' : 'k1',
          status: i % 5 === 0 ? 'revoked' : 'valid',
          serialHex: (i + 1).toString(16).padStart(2, '0'),
          notAfter: i % 2 ? '2025-09-01T00:00:00.000Z' : '2026-01-01T00:00:00.000Z',
        }),
      );
      await db.commit({
        add: {
          certificates: records,
          revocations: records.filter((r) => r.status === 'revoked').map((r) => ({ id: r.id, caId: r.caId, serialHex: r.serialHex, revokedAt: '2025-06-01T00:00:00.000Z', reason: 'keyCompromise' as const, rev: 1 })),
        },
      });
      const raw = await openDB(name);
      const expected = await raw.getAllFromIndex(store, index, query);
      raw.close();
      const got = await db.getAllFromIndex(store, index, query);
      expect(got).toEqual(expected);
      expect(got.length).toBe(expected.length);
    } finally {
      db.close();
    }
  });
});

describe('the list is built in turns (issue 15 item 4: no task over 200 ms)', () => {
  // A stand-in store gives the list entries at once, so only the list's own turns are counted.
  const many = indexCertificates(Array.from({ length: 2 * LIST_TURN + 1 }, (_, i) => certificateSummary(cert(`c${String(i).padStart(6, '0')}`))));
  const ctx = { db: { listedCertificates: async () => many, get: async () => undefined }, clock: { now: () => new Date(NOW) } } as unknown as StoreContext;

  it.each([
    ['listCertificateEntries (the manage view)', () => listCertificateEntries(ctx)],
    ['listCertificates with a text filter', () => listCertificates(ctx, { text: 'user' })],
  ] as const)('%s lets other tasks run between its turns over 2 x LIST_TURN + 1 records', async (_what, list) => {
    expect.hasAssertions();
    let ticks = 0;
    let running = true;
    const tick = () => {
      if (!running) return;
      ticks++;
      setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const listed = await list();
    running = false;
    expect([listed.length, ticks >= 2]).toEqual([many.length, true]);
  });
});
