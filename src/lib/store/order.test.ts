/**
 * The store's lists in code-unit order (order.ts), the same in every locale: listCas and
 * listPendingRequests (oldest first, ties by id) and the expiry calendar (soonest first, ties by
 * id). They sorted with localeCompare, whose order follows the browser's locale and ICU (an id
 * "ca-B" came after "ca-a" there, before it in code units). None of these orders is a collation of
 * names a person reads: they are time orders, the id only a tie-break.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { serializeExpiryCalendar } from './calendar.ts';
import { listPendingRequests } from './pending-requests.ts';
import { listCas } from './repositories.ts';
import type { CaRecord, PendingRequestRecord } from './schema.ts';
import { openTestStore, withCa } from './test-support.ts';

const cases: Array<{ name: string; cas: Array<Pick<CaRecord, 'id' | 'createdAt'>>; expected: string[] }> = [
  {
    name: 'oldest first, whatever the ids',
    cas: [
      { id: 'ca-a', createdAt: '2025-06-02T00:00:00.000Z' },
      { id: 'ca-z', createdAt: '2025-06-01T00:00:00.000Z' },
    ],
    expected: ['ca-z', 'ca-a'],
  },
  {
    name: 'the same time: ids in code-unit order (upper case before lower case), not a locale collation',
    cas: [
      { id: 'ca-a', createdAt: '2025-06-01T00:00:00.000Z' },
      { id: 'ca-B', createdAt: '2025-06-01T00:00:00.000Z' },
    ],
    expected: ['ca-B', 'ca-a'],
  },
  {
    name: 'the same time: ids with marks and digits in code-unit order',
    cas: [
      { id: 'ca_1', createdAt: '2025-06-01T00:00:00.000Z' },
      { id: 'ca-2', createdAt: '2025-06-01T00:00:00.000Z' },
      { id: 'ca-10', createdAt: '2025-06-01T00:00:00.000Z' },
    ],
    expected: ['ca-10', 'ca-2', 'ca_1'],
  },
];

describe('listCas order', () => {
  it.each(cases)('$name', async ({ cas, expected }) => {
    expect.hasAssertions();
    const store = await openTestStore();
    const made = await withCa(store);
    const template = (await store.db.get('cas', made.id))!;
    await store.db.commit({ add: { cas: cas.map((c) => ({ ...template, ...c })) } });
    const listed = (await listCas(store.db)).map((c) => c.id).filter((id) => id !== made.id);
    expect(listed).toEqual(expected);
  });
});

describe('listPendingRequests order', () => {
  it.each(cases)('$name', async ({ cas, expected }) => {
    expect.hasAssertions();
    const store = await openTestStore();
    const requests: PendingRequestRecord[] = cas.map((c) => ({ ...c, keyId: 'k', csrDer: new Uint8Array([1]), subject: [], sans: [], label: c.id, rev: 1 }));
    await store.db.commit({ add: { pendingRequests: requests } });
    expect((await listPendingRequests(store)).map((r) => r.id)).toEqual(expected);
  });
});

describe('expiry calendar order', () => {
  it.each(cases)('$name', ({ cas, expected }) => {
    expect.hasAssertions();
    const ics = serializeExpiryCalendar(
      cas.map((c) => ({ id: c.id, summary: c.id, notAfter: new Date(c.createdAt) })),
      { now: new Date('2025-06-01T00:00:00Z'), reminderDaysBefore: 30 },
    );
    expect([...ics.matchAll(/^UID:(.*)@/gm)].map((m) => m[1])).toEqual(expected);
  });
});
