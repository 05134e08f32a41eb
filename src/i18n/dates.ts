/**
 * The one way a date is written on screen and in downloads, per language (issue 17 item 6: three
 * formats had crept in). Japanese: 2026/12/1 and 2026/12/1 14:44 (the Windows short date of a
 * Japanese system, which our administrators read every day); English: 1 Dec 2026 and
 * 1 Dec 2026, 14:44 (day-month order without ambiguity). Shown in the browser's time zone; pass
 * `timeZone` for a fixed one (downloads, tests). catalog-style.test.ts checks that nothing else in
 * src/ formats a date for display.
 */
import type { Lang } from './translate.ts';

const LOCALE: Readonly<Record<Lang, string>> = { ja: 'ja-JP', en: 'en-GB' };
const DATE: Readonly<Record<Lang, Intl.DateTimeFormatOptions>> = {
  ja: { year: 'numeric', month: 'numeric', day: 'numeric' },
  en: { year: 'numeric', month: 'short', day: 'numeric' },
};
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/**
 * One Intl.DateTimeFormat per language, kind and zone, made on first use: making one costs ~0.1-0.5 ms,
 * and a report of 200 certificates formats hundreds of dates in one render (issue 15 item 3: ~95 ms
 * of 現在の環境's longest task, a trace showed). Same options, so the same text as a fresh one.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Lang, kind: 'date' | 'time', timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${lang} ${kind} ${timeZone ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE[lang], { ...(kind === 'date' ? DATE[lang] : TIME), ...(timeZone ? { timeZone } : {}) });
    formatters.set(key, f);
  }
  return f;
}

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/**
 * A count with the language's digit grouping (10,000 in both): one Intl.NumberFormat per language,
 * made on first use (the manage view's pager made a new one per render: 40-75 ms at load 10).
 */
const numberFormats = new Map<Lang, Intl.NumberFormat>();

export function formatNumber(lang: Lang, n: number): string {
  let f = numberFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang]);
    numberFormats.set(lang, f);
  }
  return f.format(n);
}

/**
 * Makes the language's date and number formatters ahead of the first screen that needs them: the
 * first Intl formatter of a page loads ICU's locale data, 70-175 ms at load 10 on the bench machine
 * (issue 15: the manage view paid it between the unlock and its list). Call it while the page is
 * idle (the manage view does while the passphrase is typed); the text stays what formatDate writes.
 */
export function prepareFormatters(lang: Lang): void {
  formatter(lang, 'date', undefined).format(0);
  formatNumber(lang, 0);
}

/** A day: 2026/12/1 (ja), 1 Dec 2026 (en). Accepts a Date, an ISO timestamp or an ISO day ("2026-12-01", read as that day, not shifted by the time zone). */
export function formatDate(lang: Lang, value: Date | string, timeZone?: string): string {
  const dayOnly = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const zone = dayOnly ? 'UTC' : timeZone;
  return formatter(lang, 'date', zone).format(toDate(value));
}

/** A moment: 2026/12/1 14:44 (ja), 1 Dec 2026, 14:44 (en). */
export function formatDateTime(lang: Lang, value: Date | string, timeZone?: string): string {
  const d = toDate(value);
  const time = formatter(lang, 'time', timeZone).format(d);
  return lang === 'ja' ? `${formatDate(lang, d, timeZone)} ${time}` : `${formatDate(lang, d, timeZone)}, ${time}`;
}
