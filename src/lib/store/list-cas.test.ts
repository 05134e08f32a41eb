/**
 * listCas's order: oldest first, ties by id, in code-unit order (order.ts), the same in every
 * locale. It sorted with localeCompare, whose order follows the browser's locale and ICU (an id
 * "ca-B" came after "ca-a" there, before it in code units).
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { listCas } from './repositories.ts';
import type { CaRecord } from './schema.ts';
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
