/**
 * The lists kept in memory (schema version 6, issue 15 item 4): a StoreDb keeps every certificate
 * summary and every revocation between reads and reads them again only when the store's version
 * (listVersions, bumped by every commit that writes the store, in its transaction) changed. What
 * must hold: a read always equals the records in IndexedDB at that moment, whoever wrote them (this
 * connection or another tab's, which this one never hears of here: no channel), a failed write
 * changes nothing, a v5 (v6, v7) database opens with the same lists, and the revocations shared
 * between reads cannot be changed by a caller (the certificates' list entries are Readonly by type:
 * freezing 100,000 of them one by one cost a third of the read, db.ts listedCertificates).
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { openDB, unwrap } from 'idb';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, StoreDb, listPacks, type Changeset } from './db.ts';
import { certificateSearchText, listedCertificate } from './listed.ts';
import { compareText } from './operations/list.ts';
import { certificateSummary, type CertificateRecord, type RevocationRecord } from './schema.ts';
import { listsTwoWays, uniqueDbName } from './test-support.ts';

function cert(id: string, over: Partial<CertificateRecord> = {}): CertificateRecord {
  return {
    id,
    caId: 'ca1',
    issuerText: 'CN=CA',
    serialHex: Array.from(id, (c) => c.charCodeAt(0).toString(16)).join(''),
    profile: 'client',
    subject: [{ type: 'CN', value: id }],
    subjectText: `CN=${id}`,
    commonName: id,
    sans: [{ type: 'email', value: `${id}@example.test` }],
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2026-01-01T00:00:00.000Z',
    status: 'valid',
    keyId: 'k1',
    der: new Uint8Array([0x30, 0]),
    createdAt: '2025-01-01T00:00:00.000Z',
    rev: 1,
    ...over,
  };
}
function revocation(id: string, caId: string | null = 'ca1'): RevocationRecord {
  return { id, caId, serialHex: cert(id).serialHex, revokedAt: '2025-03-01T00:00:00.000Z', reason: 'keyCompromise', rev: 1 };
}
const byId = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => compareText(a.id, b.id));

/** What each read must give: the records in IndexedDB now (read around the cache), and a fresh page reads the same from the packs. */
async function expectLists(db: StoreDb, truth: StoreDb): Promise<void> {
  const two = await listsTwoWays(truth.name);
  expect(two.packed).toEqual(two.records);
  const certificates = (await truth.getAll('certificates')).map(listedCertificate);
  const revocations = await truth.getAll('revocations');
  expect(byId(await db.listedCertificates())).toEqual(byId(certificates));
  expect(byId(await db.listedCertificates('ca2'))).toEqual(byId(certificates.filter((c) => c.caId === 'ca2')));
  expect(byId(await db.revocations())).toEqual(byId(revocations));
  expect(byId(await db.revocations('ca1'))).toEqual(byId(revocations.filter((r) => r.caId === 'ca1')));
}

const seed: Changeset = { add: { certificates: [cert('a'), cert('b', { caId: 'ca2' }), cert('c', { status: 'revoked' })], revocations: [revocation('c')] } };
const cases: Array<[string, Changeset]> = [
  ['an added certificate', { add: { certificates: [cert('n', { caId: 'ca2' })] } }],
  ['a revoke (certificate put, revocation added)', { put: { certificates: [cert('a', { status: 'revoked', rev: 2 })] }, add: { revocations: [revocation('a')] } }],
  ['a renewal (superseded put, successor added)', { put: { certificates: [cert('b', { caId: 'ca2', supersededBy: 'r', rev: 2 })] }, add: { certificates: [cert('r', { caId: 'ca2' })] } }],
  ['a delete of both kinds', { delete: { certificates: ['c'], revocations: ['c'] } }],
  ['a revocation alone (another CA)', { add: { revocations: [revocation('b', 'ca2')] } }],
];

describe('lists kept in memory, checked by version', () => {
  it.each(cases)('after %s written by another tab, a read gives the store as it is', async (_what, changes) => {
    expect.hasAssertions();
    const name = uniqueDbName('list-versions');
    const mine = await StoreDb.open({ name, channel: null });
    const other = await StoreDb.open({ name, channel: null });
    try {
      await other.commit(seed);
      await expectLists(mine, other); // read once: now in memory
      await other.commit(changes);
      await expectLists(mine, other);
      await mine.commit({ put: { certificates: [cert('m', { caId: 'ca2' })] }, add: { revocations: [revocation('m', 'ca2')] } });
      await expectLists(other, mine);
      await expectLists(mine, other);
    } finally {
      mine.close();
      other.close();
    }
  });

  it('a commit that fails changes neither the lists nor what a read gives', async () => {
    expect.hasAssertions();
    const name = uniqueDbName('list-versions-fail');
    const mine = await StoreDb.open({ name, channel: null });
    const failing = await StoreDb.open({ name, channel: null, beforeCommit: () => { throw new Error('tab closed'); } });
    try {
      await mine.commit(seed);
      const before = [byId(await mine.listedCertificates()), byId(await mine.revocations())];
      await expect(failing.commit({ put: { certificates: [cert('a', { status: 'revoked', rev: 2 })] }, add: { revocations: [revocation('a')] } })).rejects.toMatchObject({ code: 'DB_TRANSACTION_FAILED' });
      expect([byId(await mine.listedCertificates()), byId(await mine.revocations())]).toEqual(before);
      await expectLists(failing, mine);
    } finally {
      mine.close();
      failing.close();
    }
  });

  it('the revocations shared between reads cannot be changed by a caller; each read is its own array', async () => {
    expect.hasAssertions();
    const db = await StoreDb.open({ name: uniqueDbName('list-versions-frozen'), channel: null });
    try {
      await db.commit(seed);
      const [rev] = await db.revocations();
      expect(() => Object.assign(rev!, { reason: 'unspecified' })).toThrow(TypeError);
      const again = await db.listedCertificates();
      again.length = 0; // each read returns its own array
      (await db.revocations()).length = 0;
      await expectLists(db, db);
    } finally {
      db.close();
    }
  });

  it('v5 -> v6: a database with certificates and revocations opens with the same lists', async () => {
    expect.hasAssertions();
    const name = uniqueDbName('migrate-v6');
    const v5 = await openDB(name, 5, {
      async upgrade(db, _old, _new, tx) {
        for (const m of MIGRATIONS.slice(0, 5)) await m(unwrap(db), unwrap(tx));
      },
    });
    const records = [cert('a'), cert('b', { caId: 'ca2' }), cert('c', { status: 'revoked' })];
    for (const r of records) {
      await v5.put('certificates', r);
      await v5.put('certificateSummaries', certificateSummary(r));
    }
    await v5.put('revocations', revocation('c'));
    v5.close();

    const db = await StoreDb.open({ name, channel: null });
    try {
      expect(byId(await db.listedCertificates())).toEqual(records.map(listedCertificate));
      expect(await db.revocations()).toEqual([revocation('c')]);
      await db.commit({ add: { certificates: [cert('d')] } });
      await expectLists(db, db);
    } finally {
      db.close();
    }
  });
});

describe('the lists packed (schema version 7)', () => {
  it('v6 -> v7: a database with certificates and revocations opens with the same lists, read from the packs', async () => {
    expect.hasAssertions();
    const name = uniqueDbName('migrate-v7');
    const v6 = await openDB(name, 6, {
      async upgrade(db, _old, _new, tx) {
        for (const m of MIGRATIONS.slice(0, 6)) await m(unwrap(db), unwrap(tx));
      },
    });
    // Enough records that several buckets hold more than one (64 buckets).
    const records = Array.from({ length: 150 }, (_, i) => cert(`c${i}`, { caId: i % 3 ? 'ca1' : 'ca2', ...(i % 5 ? {} : { status: 'revoked' as const }) }));
    const revocations = records.filter((r) => r.status === 'revoked').map((r) => revocation(r.id, r.caId));
    for (const r of records) {
      await v6.put('certificates', r);
      await v6.put('certificateSummaries', certificateSummary(r));
    }
    for (const r of revocations) await v6.put('revocations', r);
    v6.close();

    const db = await StoreDb.open({ name, channel: null });
    try {
      expect(byId(await db.listedCertificates())).toEqual(byId(records.map(listedCertificate)));
      expect(byId(await db.revocations())).toEqual(byId(revocations));
      expect(byId(await db.revocations('ca2'))).toEqual(byId(revocations.filter((r) => r.caId === 'ca2')));
      expect(await db.getAll('certificates')).toEqual(byId(records));
      await db.commit({ add: { certificates: [cert('d')], revocations: [revocation('d')] }, delete: { certificates: ['c1'] } });
      await expectLists(db, db);
    } finally {
      db.close();
    }
  });

  it('an empty store has no packs, and a list emptied by deletes leaves none behind', async () => {
    expect.hasAssertions();
    const name = uniqueDbName('packs-empty');
    const db = await StoreDb.open({ name, channel: null });
    try {
      expect([await db.listedCertificates(), await db.revocations()]).toEqual([[], []]);
      await db.commit(seed);
      await db.commit({ delete: { certificates: ['a', 'b', 'c'], revocations: ['c'] } });
      await expectLists(db, db);
      const raw = await openDB(name);
      expect(await raw.count('listPacks')).toBe(0);
      raw.close();
    } finally {
      db.close();
    }
  });
});

describe('the certificates packed as flat list entries (schema version 8)', () => {
  it('v7 -> v8: packs of whole summaries are made again as list entries; the revocations\' packs stay', async () => {
    expect.hasAssertions();
    const name = uniqueDbName('migrate-v8');
    const v7 = await openDB(name, 7, {
      async upgrade(db, _old, _new, tx) {
        for (const m of MIGRATIONS.slice(0, 7)) await m(unwrap(db), unwrap(tx));
      },
    });
    const records = Array.from({ length: 150 }, (_, i) =>
      cert(`c${i}`, {
        caId: i % 3 ? 'ca1' : 'ca2',
        ...(i % 5 ? {} : { status: 'revoked' as const }),
        ...(i % 7 ? {} : { supersededBy: `c${i + 1}` }),
        ...(i % 4 ? {} : { user: { name: `User ${i}`, email: `U${i}@Example.Test` } }),
      }),
    );
    const revocations = records.filter((r) => r.status === 'revoked').map((r) => revocation(r.id, r.caId));
    for (const r of records) {
      await v7.put('certificates', r);
      await v7.put('certificateSummaries', certificateSummary(r));
    }
    for (const r of revocations) await v7.put('revocations', r);
    // The packs as schema 7 wrote them: whole summaries.
    for (const p of [...listPacks('certificates', records.map(certificateSummary)), ...listPacks('revocations', revocations)]) await v7.put('listPacks', p);
    v7.close();

    const db = await StoreDb.open({ name, channel: null });
    try {
      expect(byId(await db.listedCertificates())).toEqual(byId(records.map(listedCertificate)));
      expect(byId(await db.revocations())).toEqual(byId(revocations));
      const listed = await db.listedCertificates();
      expect(listed.filter((e) => e.superseded).length).toBe(records.filter((r) => r.supersededBy).length);
      await db.commit({ add: { certificates: [cert('d')], revocations: [revocation('d')] }, delete: { certificates: ['c1'] } });
      await expectLists(db, db);
    } finally {
      db.close();
    }
  });

  it('random changesets (adds, puts, deletes, delete + put of one id, revocations, refused ones), written by two tabs: every read equals the records (fast-check)', async () => {
    expect.hasAssertions();
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const certificate = fc.record({
      id: fc.constantFrom(...ids),
      caId: fc.constantFrom('ca1', 'ca2', null),
      revoked: fc.boolean(),
      superseded: fc.boolean(),
      user: fc.option(fc.constantFrom('Ann', 'BOB b')),
      days: fc.integer({ min: 0, max: 3 }),
    }).map((c) =>
      cert(c.id, {
        caId: c.caId,
        status: c.revoked ? 'revoked' : 'valid',
        notAfter: new Date(Date.UTC(2026, 0, 1 + c.days)).toISOString(),
        ...(c.superseded ? { supersededBy: 'z' } : {}),
        ...(c.user ? { user: { name: c.user, email: `${c.id}@Example.Test` } } : {}),
      }),
    );
    const revoked = fc.record({ id: fc.constantFrom(...ids), caId: fc.constantFrom('ca1', 'ca2', null) }).map((r) => revocation(r.id, r.caId));
    const some = <T,>(a: fc.Arbitrary<T>) => fc.option(fc.array(a, { minLength: 1, maxLength: 3 }), { nil: undefined });
    const changeset: fc.Arbitrary<Changeset> = fc
      .record({
        addC: fc.option(fc.uniqueArray(certificate, { selector: (c) => c.id, minLength: 1, maxLength: 3 }), { nil: undefined }),
        putC: some(certificate),
        delC: some(fc.constantFrom(...ids)),
        addR: some(revoked),
        putR: some(revoked),
        delR: some(fc.constantFrom(...ids)),
      })
      .map((x) => ({
        ...(x.addC || x.addR ? { add: { ...(x.addC ? { certificates: x.addC } : {}), ...(x.addR ? { revocations: x.addR } : {}) } } : {}),
        ...(x.putC || x.putR ? { put: { ...(x.putC ? { certificates: x.putC } : {}), ...(x.putR ? { revocations: x.putR } : {}) } } : {}),
        ...(x.delC || x.delR ? { delete: { ...(x.delC ? { certificates: x.delC } : {}), ...(x.delR ? { revocations: x.delR } : {}) } } : {}),
      }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.boolean(), changeset), { minLength: 3, maxLength: 8 }), async (steps) => {
        const name = uniqueDbName('list-versions-random');
        const mine = await StoreDb.open({ name, channel: null });
        const other = await StoreDb.open({ name, channel: null });
        try {
          for (const [byOther, changes] of steps) {
            // A changeset may be refused (an add of an id that exists, a serial taken): nothing changes then.
            await (byOther ? other : mine).commit(structuredClone(changes)).catch(() => undefined);
            await expectLists(mine, other);
            await expectLists(other, mine);
          }
        } finally {
          mine.close();
          other.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it.each([
    ['a user certificate', cert('alice', { user: { name: 'Alice Liddell', email: 'Alice@Example.TEST' } }), 'Alice Liddell'],
    ['a server certificate', cert('mail.example.test', { profile: 'server', sans: [{ type: 'dns', value: 'MAIL.example.test' }] }), 'mail.example.test'],
    ['a renewed certificate', cert('old', { supersededBy: 'new' }), 'old'],
  ] as const)('the list entry of %s says what its record says', (_what, record, label) => {
    expect.hasAssertions();
    const entry = listedCertificate(record);
    expect(entry).toEqual({
      id: record.id,
      caId: record.caId,
      profile: record.profile,
      status: record.status,
      notAfterMs: Date.parse(record.notAfter),
      serialHex: record.serialHex,
      label,
      search: certificateSearchText(certificateSummary(record)),
      ...(record.supersededBy ? { superseded: true } : {}),
    });
    expect(entry.search).toBe(entry.search.toLowerCase());
  });
});
