import { describe, expect, it } from 'vitest';
import { parseDays } from './days.ts';

describe('parseDays: whole days as typed, or undefined', () => {
  it.each([
    ['825', 825],
    [' 30 ', 30],
    ['0', 0],
    ['', undefined],
    ['  ', undefined],
    ['1.5', undefined],
    ['-5', undefined],
    ['1e3', undefined],
    ['0x10', undefined],
    ['１００', undefined],
    [30, 30],
    [1.5, undefined],
    [null, undefined],
  ] as const)('%j -> %s', (text, days) => {
    expect(parseDays(text)).toBe(days);
  });
});
