/**
 * The single file's code blocks in BLOCK_ORDER (vite.config.ts inBlockOrder, issue 15 page size):
 * the named chunks in that order, a chunk not named there after them by name, none lost; and
 * BLOCK_ORDER names no chunk twice.
 */
import { describe, expect, it } from 'vitest';
import { BLOCK_ORDER, inBlockOrder } from '../../vite.config.ts';

const chunk = (fileName: string) => ({ fileName });

describe('inBlockOrder', () => {
  it.each([
    { given: ['xmail.js', 'build.js', 'ui.js', 'pki.js'], expected: ['build.js', 'pki.js', 'ui.js', 'xmail.js'] },
    { given: ['zeta.js', 'views.js', 'alpha.js', 'runtime.js'], expected: ['runtime.js', 'views.js', 'alpha.js', 'zeta.js'] },
    { given: [], expected: [] },
  ])('$given -> $expected', ({ given, expected }) => {
    expect(inBlockOrder(given.map(chunk)).map((c) => c.fileName)).toEqual(expected);
  });

  it('names each chunk once', () => {
    expect(new Set(BLOCK_ORDER).size).toBe(BLOCK_ORDER.length);
  });
});
