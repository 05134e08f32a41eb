import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortInTurns } from './sort-in-turns.ts';

// Issue 15 item 3: the list's and the CRL's sorts run in turns; the order must be exactly what one
// stable Array.prototype.sort gives, ties included (the list's pages and the CRL's bytes depend on it).
describe('sortInTurns', () => {
  const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;

  it('equals one stable sort for any items, ties in their order, any run length', async () => {
    expect.hasAssertions();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), fc.integer({ min: 1, max: 17 }), async (keys, run) => {
        const items = keys.map((key, i) => ({ key, i }));
        let yields = 0;
        const sorted = await sortInTurns(items, byKey, { run, yieldToLoop: async () => void yields++ });
        expect(sorted).toEqual([...items].sort(byKey));
        expect(yields > 0).toBe(items.length > run);
      }),
      { numRuns: 400 },
    );
  });

  it.each([0, 1, 4095, 4096, 4097, 3 * 4096 + 5, 40_000])('%i items with the default runs: same order, input untouched', async (n) => {
    const items = Array.from({ length: n }, (_, i) => ({ key: ((i * 2654435761) >>> 0) % 977, i }));
    const copy = items.slice();
    expect(await sortInTurns(items, byKey)).toEqual([...items].sort(byKey));
    expect(items).toEqual(copy);
  });
});
