import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { indexCertificates } from '../../../lib/recipes/index.ts';
import type { CertificateRecord } from '../../../lib/store/index.ts';
import { ManageListState } from './list-state.svelte.ts';

const NOW = Date.parse('2025-06-01T00:00:00Z');
const record = (i: number) =>
  ({ id: `id${i}`, commonName: `host${i}.example`, subjectText: '', issuerText: '', serialHex: i.toString(16), sans: [], status: 'valid', notAfter: new Date(NOW + (100 + i) * 86_400_000).toISOString() }) as unknown as CertificateRecord;

describe('ManageListState pages', () => {
  it('shows 100 rows a page, and page 1 again when a filter changes', () => {
    expect.hasAssertions();
    const s = new ManageListState();
    s.nowMs = NOW;
    s.entries = indexCertificates(Array.from({ length: 250 }, (_, i) => record(i)));
    flushSync();
    expect([s.items.length, s.visible.length, s.pager.pages]).toEqual([250, 100, 3]);
    s.goToPage(3);
    expect(s.pager).toMatchObject({ page: 3, start: 200, end: 250 });
    expect(s.visible.map((i) => i.record.id)).toEqual(Array.from({ length: 50 }, (_, i) => `id${200 + i}`));
    expect(s.timeline.rows).toHaveLength(50);
    s.goToPage(99);
    expect(s.pager.page).toBe(3);
    s.text = 'host1';
    expect(s.pager).toMatchObject({ page: 1, total: 111 });
    s.goToPage(2);
    expect(s.pager.page).toBe(2);
    s.status = 'expired';
    expect(s.pager).toMatchObject({ page: 1, total: 0, end: 0 });
    s.status = 'all';
    expect(s.pager.page).toBe(1);
  });
});
