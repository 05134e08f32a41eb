/**
 * Issue 15 item 3: `commit` writes a big changeset in chunks (each chunk's requests, then a wait
 * for the last one, so the page runs in between) inside ONE transaction. Whatever fails mid-way —
 * a throw between chunks (a crash), a refused request in any chunk, a stale expectation in a late
 * chunk — the store stays exactly as before; and no other reader sees a half-written state.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { dumpStore } from './backup.ts';
import { StoreDb, type Changeset } from './db.ts';
import { createCa, issueCertificate, revokeAllWithKey } from './operations/index.ts';
import type { CertificateRecord, RevocationRecord } from './schema.ts';
import { listsTwoWays, openTestStore, uniqueDbName } from './test-support.ts';

const N = 10;
const CHUNK = 3;

function cert(i: number): CertificateRecord {
  return {
    id: `c${i}`,
    caId: 'ca',
    issuerText: 'CN=CA',
    serialHex: (i + 16).toString(16),
    profile: 'client',
    subject: [{ type: 'CN', value: `user${i}` }],
    subjectText: `CN=user${i}`,
    commonName: `user${i}`,
    sans: [],
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2026-01-01T00:00:00.000Z',
    status: 'valid',
    keyId: 'k',
    der: new Uint8Array([0x30, 0]),
    createdAt: '2025-01-01T00:00:00.000Z',
    rev: 1,
  };
}

const revocation = (i: number): RevocationRecord => ({ id: `c${i}`, caId: 'ca', serialHex: (i + 16).toString(16), revokedAt: '2025-06-01T00:00:00.000Z', reason: 'keyCompromise', rev: 1 });

/** Revoke all N: N puts + N adds + the N puts' certificate summaries (schema 5) = 3N writes, in ceil(3N / CHUNK) chunks. */
function revokeAll(): Changeset {
  const certs = Array.from({ length: N }, (_, i) => cert(i));
  return {
    put: { certificates: certs.map((c) => ({ ...c, status: 'revoked' as const, rev: 2 })) },
    add: { revocations: certs.map((_, i) => revocation(i)) },
    expect: certs.map((c) => ({ store: 'certificates' as const, key: c.id, rev: 1 })),
  };
}

const WRITES = 3 * N;
const CHUNKS = Math.ceil(WRITES / CHUNK);

interface Case {
  name: string;
  /** Throw from the afterChunk hook once this many writes were issued (a crash between chunks). */
  throwAfter?: number;
  /** Changes the changeset so that a request or a check fails. */
  change?: (c: Changeset) => Changeset;
  /** Written before the changeset (e.g. an existing revocation that the last add collides with). */
  existing?: Changeset;
  throwBeforeCommit?: boolean;
  code: string;
}

const FAILURES: Case[] = [
  { name: 'a throw after the first chunk', throwAfter: CHUNK, code: 'DB_TRANSACTION_FAILED' },
  { name: 'a throw after a middle chunk', throwAfter: CHUNK * Math.floor(CHUNKS / 2), code: 'DB_TRANSACTION_FAILED' },
  { name: 'a throw after the last chunk', throwAfter: WRITES, code: 'DB_TRANSACTION_FAILED' },
  { name: 'a throw before the commit', throwBeforeCommit: true, code: 'DB_TRANSACTION_FAILED' },
  {
    name: 'the last write of the last chunk refused (its key exists)',
    existing: { add: { revocations: [revocation(N - 1)] } },
    code: 'DB_CONFLICT',
  },
  {
    name: 'a write in the first chunk refused (unique serial index)',
    change: (c) => ({ ...c, put: { certificates: c.put!.certificates!.map((r, i) => (i === 1 ? { ...r, serialHex: (16).toString(16) } : r)) } }),
    code: 'DB_CONFLICT',
  },
  {
    name: 'a stale expectation in the last chunk of checks',
    change: (c) => ({ ...c, expect: c.expect!.map((e, i) => (i === N - 1 ? { ...e, rev: 7 } : e)) }),
    code: 'DB_CONFLICT',
  },
];

async function seeded(hooks: { afterChunk?: (n: number) => void; beforeCommit?: () => void } = {}) {
  const db = await StoreDb.open({ name: uniqueDbName('chunked'), channel: null, chunk: CHUNK, ...hooks });
  await db.commit({ add: { certificates: Array.from({ length: N }, (_, i) => cert(i)) } });
  return db;
}

describe('commit in chunks: all or nothing', () => {
  it(`writes ${WRITES} records in ${CHUNKS} chunks of ${CHUNK}, every one of them`, async () => {
    expect.hasAssertions();
    const written: number[] = [];
    const db = await seeded({ afterChunk: (n) => written.push(n) });
    written.length = 0;
    await db.commit(revokeAll());
    expect(written).toEqual(Array.from({ length: CHUNKS }, (_, i) => Math.min((i + 1) * CHUNK, WRITES)));
    expect((await db.getAll('certificates')).map((c) => c.status)).toEqual(Array(N).fill('revoked'));
    expect(await db.getAll('revocations')).toHaveLength(N);
    const two = await listsTwoWays(db.name);
    expect(two.packed).toEqual(two.records);
    db.close();
  });

  for (const c of FAILURES) {
    it(`${c.name}: the store stays as before (${c.code})`, async () => {
      expect.hasAssertions();
      let armed = false;
      const db = await seeded({
        afterChunk: (n) => {
          if (armed && n === c.throwAfter) throw new Error('tab closed mid-way');
        },
        beforeCommit: () => {
          if (armed && c.throwBeforeCommit) throw new Error('tab closed before the commit');
        },
      });
      if (c.existing) await db.commit(c.existing);
      const before = await dumpStore(db);
      armed = true;
      const changes = c.change ? c.change(revokeAll()) : revokeAll();
      await expect(db.commit(changes)).rejects.toMatchObject({ code: c.code });
      expect(await dumpStore(db)).toBe(before);
      // The derived lists (packs, schema 7) are left as the records are too.
      const two = await listsTwoWays(db.name);
      expect(two.packed).toEqual(two.records);
      db.close();
    });
  }

  it('a reader that starts between two chunks sees nothing of the write until it is whole', async () => {
    expect.hasAssertions();
    const name = uniqueDbName('chunked-reader');
    const reader = await StoreDb.open({ name, channel: null });
    let read: Promise<CertificateRecord[]> | undefined;
    let committed = false;
    let seenAtRead: boolean | undefined;
    const db = await StoreDb.open({
      name,
      channel: null,
      chunk: CHUNK,
      afterChunk: () => {
        read ??= reader.getAll('certificates').then((all) => {
          seenAtRead = committed;
          return all;
        });
      },
    });
    await db.commit({ add: { certificates: Array.from({ length: N }, (_, i) => cert(i)) } });
    read = undefined;
    await db.commit(revokeAll());
    committed = true;
    const statuses = new Set((await read!).map((r) => r.status));
    // Either none revoked (read before) or all (read after): never a mix. IndexedDB orders the
    // read after the overlapping write transaction, so it sees the whole write.
    expect([...statuses]).toEqual(['revoked']);
    expect(seenAtRead).toBe(true);
    reader.close();
    db.close();
  });
});

describe('revokeAllWithKey through chunked commits', () => {
  const CASES = [
    { name: 'fails after the first chunk', at: (n: number) => n === 2 },
    { name: 'fails after the last chunk', at: (n: number, total: number) => n === total },
  ];
  for (const c of CASES) {
    it(`${c.name}: no certificate revoked, no revocation written`, async () => {
      expect.hasAssertions();
      let total = 0;
      let armed = false;
      const store = await openTestStore({
        chunk: 2,
        afterChunk: (n) => {
          if (armed && c.at(n, total)) throw new Error('tab closed mid-way');
        },
      });
      const ca = await createCa(store, { name: 'CA', purpose: 'client-verify', subject: [{ type: 'CN', value: 'CA' }], keySpec: { kind: 'EC', curve: 'P-256' }, validityDays: 365 });
      const first = await issueCertificate(store, { caId: ca.id, profile: 'client', subject: [{ type: 'CN', value: 'a' }], sans: [{ type: 'email', value: 'a@example.test' }], keySpec: { kind: 'EC', curve: 'P-256' } });
      for (const who of ['b', 'c']) {
        const r = await issueCertificate(store, { caId: ca.id, profile: 'client', subject: [{ type: 'CN', value: who }], sans: [{ type: 'email', value: `${who}@example.test` }], keyId: first.record.keyId! });
        expect(r.record.keyId).toBe(first.record.keyId);
      }
      total = 3 * 3; // three puts, three adds, and the three puts' certificate summaries
      const before = await dumpStore(store.db);
      armed = true;
      await expect(revokeAllWithKey(store, first.record.keyId!, 'keyCompromise')).rejects.toMatchObject({ code: 'DB_TRANSACTION_FAILED' });
      expect(await dumpStore(store.db)).toBe(before);
      armed = false;
      expect(await revokeAllWithKey(store, first.record.keyId!, 'keyCompromise')).toHaveLength(3);
      store.close();
    });
  }
});
