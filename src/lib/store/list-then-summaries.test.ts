/**
 * Review of schema 8: the expiry calendar and the kit's host names find certificates in the list,
 * then read their summaries by id in a second transaction. A certificate revoked or renewed in
 * between (another tab) must not be included: the summaries read are checked again (failed before
 * the fix: the revoked certificate stayed in the calendar and the host names).
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { knownServerHosts } from '../recipes/kit-server.ts';
import { StoreDb } from './db.ts';
import { CONTAINMENT_FIELDS, certificateSearchText } from './listed.ts';
import { exportExpiryCalendar } from './operations/index.ts';
import { certificateSummary, type CertificateRecord } from './schema.ts';
import { issueServer, listsTwoWays, openTestStore, uniqueDbName, withCa } from './test-support.ts';

describe('a certificate changed between the list and its summaries is left out', () => {
  it.each([
    ['revoked', { status: 'revoked' as const }],
    ['renewed (superseded)', { supersededBy: 'other' }],
  ])('%s: neither the expiry calendar nor the known host names include it', async (_what, change) => {
    expect.hasAssertions();
    const store = await openTestStore();
    try {
      const ca = await withCa(store);
      const kept = await issueServer(store, ca.id, 'kept.example.test');
      const changed = await issueServer(store, ca.id, 'changed.example.test');
      // Another tab's write lands right after the list was read.
      const own = store.db.listedCertificates.bind(store.db);
      store.db.listedCertificates = async (caId?: string) => {
        const listed = await own(caId);
        const record = (await store.db.get('certificates', changed.record.id))!;
        await store.db.commit({ put: { certificates: [{ ...record, ...change, rev: record.rev + 1 }] } });
        return listed;
      };
      const ics = new TextDecoder().decode((await exportExpiryCalendar(store)).bytes);
      const hosts = await knownServerHosts(store);
      expect([ics.includes(kept.record.id), ics.includes(changed.record.id), hosts]).toEqual([true, false, ['kept.example.test']]);
    } finally {
      store.close();
    }
  });
});

describe('review of schema 8: work done in turns', () => {
  const cert = (id: string, over: Partial<CertificateRecord> = {}): CertificateRecord => ({
    id, caId: 'ca1', issuerText: 'CN=CA', serialHex: id.replace(/[^0-9a-f]/g, '') + '0a', profile: 'server', subject: [{ type: 'CN', value: id }],
    subjectText: `CN=${id}`, commonName: id, sans: [{ type: 'dns', value: `${id}.example.test` }], notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z', status: 'valid', keyId: null, der: new Uint8Array([0x30, 0]), createdAt: '2025-01-01T00:00:00.000Z', rev: 1, ...over,
  });

  it('certificateSummariesById over several chunks gives the summaries in the order asked, an unknown id left out', async () => {
    expect.hasAssertions();
    const db = await StoreDb.open({ name: uniqueDbName('by-id-chunks'), channel: null, chunk: 2 });
    try {
      const records = Array.from({ length: 27 }, (_, i) => cert(`c${String(i).padStart(2, '0')}`));
      await db.commit({ add: { certificates: records } });
      const ids = [...records.map((r) => r.id)].reverse();
      const got = await db.certificateSummariesById([...ids.slice(0, 13), 'nope', ...ids.slice(13)]);
      expect(got).toEqual(ids.map((id) => certificateSummary(records.find((r) => r.id === id)!)));
    } finally {
      db.close();
    }
  });

  it('a record its caller changes after its chunk was issued: the packs and its summary say what was written', async () => {
    expect.hasAssertions();
    const records = Array.from({ length: 12 }, (_, i) => cert(`d${String(i).padStart(2, '0')}`));
    const db = await StoreDb.open({
      name: uniqueDbName('changed-mid-commit'),
      channel: null,
      chunk: 2,
      // After each chunk, the caller changes every record (those written already must not follow).
      afterChunk: () => {
        for (const r of records) {
          r.commonName = 'changed';
          r.sans[0]!.value = 'changed.example.test';
        }
      },
    });
    try {
      await db.commit({ add: { certificates: records } });
      const two = await listsTwoWays(db.name);
      expect(two.packed).toEqual(two.records);
    } finally {
      db.close();
    }
  });

  it.each([
    ['a few fields', 3],
    ['past CONTAINMENT_FIELDS (exact duplicates left out only)', CONTAINMENT_FIELDS + 40],
  ])('certificateSearchText with %s still finds every field', (_what, n) => {
    expect.hasAssertions();
    const sans = Array.from({ length: n }, (_, i) => ({ type: 'dns' as const, value: `Host${i % (n - 1)}.Example.TEST` }));
    const summary = certificateSummary(cert('many', { sans, user: { name: 'Ann', email: 'ann@example.test' } }));
    const text = certificateSearchText(summary);
    const fields = [summary.commonName, summary.subjectText, summary.issuerText, ...sans.map((s) => s.value), 'Ann', 'ann@example.test'];
    expect(fields.filter((f) => !text.includes(f.toLowerCase()))).toEqual([]);
    expect(text.split('\n').length).toBe(new Set(text.split('\n')).size);
  });
});
