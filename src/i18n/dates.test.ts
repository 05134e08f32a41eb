import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber, prepareFormatters } from './dates.ts';
import type { Lang } from './translate.ts';

// The formatters are made once and reused (issue 15 item 3): the text must be what a fresh
// Intl.DateTimeFormat with the same options writes (the code before the cache), for every
// language, kind of value and zone, called repeatedly and interleaved.
const LOCALE = { ja: 'ja-JP', en: 'en-GB' } as const;
const DATE = { ja: { year: 'numeric', month: 'numeric', day: 'numeric' }, en: { year: 'numeric', month: 'short', day: 'numeric' } } as const;
const TIME = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
const fresh = (lang: Lang, opts: Intl.DateTimeFormatOptions, zone: string | undefined, d: Date) =>
  new Intl.DateTimeFormat(LOCALE[lang], { ...opts, ...(zone ? { timeZone: zone } : {}) }).format(d);

const values: Array<Date | string> = [new Date('2026-12-01T14:44:00Z'), '2026-12-01T23:30:00.000Z', '2026-12-01', new Date('1999-01-31T00:00:00+09:00'), '2050-06-15T12:00:00Z'];
const zones = [undefined, 'UTC', 'Asia/Tokyo', 'America/New_York'];

describe('formatDate / formatDateTime with reused formatters', () => {
  const cases = (['ja', 'en'] as const).flatMap((lang) => zones.flatMap((zone) => values.map((value) => ({ lang, zone, value }))));
  it.each(cases)('$lang, zone $zone, $value: same text as a fresh formatter', ({ lang, zone, value }) => {
    const d = value instanceof Date ? value : new Date(value);
    const dayOnly = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
    const wantDate = fresh(lang, DATE[lang], dayOnly ? 'UTC' : zone, d);
    const wantTime = fresh(lang, TIME, zone, d);
    const wantDateTime = lang === 'ja' ? `${fresh(lang, DATE[lang], zone, d)} ${wantTime}` : `${fresh(lang, DATE[lang], zone, d)}, ${wantTime}`;
    for (let i = 0; i < 3; i++) {
      expect(formatDate(lang, value, zone)).toBe(wantDate);
      expect(formatDateTime(lang, d, zone)).toBe(wantDateTime);
    }
  });

  it('an invalid date still throws RangeError, as a fresh formatter does', () => {
    expect(() => formatDate('en', 'not a date')).toThrow(RangeError);
  });
});

// The manage view's pager made `new Intl.NumberFormat(lang)` on every render (issue 15: 40-75 ms at
// load 10, ICU's number data); formatNumber keeps one per language and must write the same text.
describe('formatNumber with a reused formatter', () => {
  const numbers = [0, 1, 99, 100, 1000, 10_001, 100_001, 1_234_567];
  const cases = (['ja', 'en'] as const).flatMap((lang) => numbers.map((n) => ({ lang, n })));
  it.each(cases)('$lang, $n: the text a fresh formatter of the page language wrote', ({ lang, n }) => {
    const want = new Intl.NumberFormat(lang).format(n);
    for (let i = 0; i < 3; i++) expect(formatNumber(lang, n)).toBe(want);
  });

  it('prepareFormatters changes no text', () => {
    const before = (['ja', 'en'] as const).map((lang) => [formatDate(lang, values[0]!), formatNumber(lang, 10_001)]);
    prepareFormatters('ja');
    prepareFormatters('en');
    expect((['ja', 'en'] as const).map((lang) => [formatDate(lang, values[0]!), formatNumber(lang, 10_001)])).toEqual(before);
  });
});
