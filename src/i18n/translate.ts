/**
 * Pure i18n functions (no Svelte state, so they run in unit tests): the language set, catalog
 * lookup with {param} interpolation, the initial language from the browser, and size formatting.
 * Components use the reactive `t` from src/ui/state/app.svelte.ts, which calls translate().
 */
import { en } from './en.ts';
import { ja, type MessageKey } from './ja.ts';

export type { MessageKey } from './ja.ts';

export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type MessageParams = Readonly<Record<string, string | number>>;

export const catalogs: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { ja, en };

/**
 * A key built at run time from an open set (an error code some reading threw) is looked up here;
 * keys from closed sets (finding ids, targets, modes) are template-literal types instead, so a
 * missing one is a type error. No cast to a message key anywhere (issue 13 item 5).
 */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(ja, key);
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * Fills {name} placeholders; an unknown placeholder stays visible so a missing param is noticed.
 * {name|one|other} writes the count and the noun that fits it ("1 certificate", "2 certificates"):
 * English needs it, Japanese counts do not inflect (issue 13 item 8: no "1 certificates").
 */
export function interpolate(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(PLACEHOLDER, (whole, name: string, one?: string, other?: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return one === undefined || other === undefined ? String(value) : `${value} ${Number(value) === 1 ? one : other}`;
  });
}

/** {name} or {name|one|other}; the names a message uses are the same in every language (i18n.test.ts). */
export const PLACEHOLDER = /\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}/g;

export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  return interpolate(catalogs[lang][key], params);
}

/** The first browser language that is Japanese or English decides; anything else gets English. */
export function pickLang(browserLanguages: readonly string[]): Lang {
  for (const tag of browserLanguages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLang(primary)) return primary;
  }
  return 'en';
}

export function formatSize(lang: Lang, bytes: number): string {
  const mib = 1024 * 1024;
  if (bytes >= mib) return translate(lang, 'file.size.mib', { n: (bytes / mib).toFixed(1) });
  if (bytes >= 1024) return translate(lang, 'file.size.kib', { n: (bytes / 1024).toFixed(1) });
  return translate(lang, 'file.size.bytes', { n: bytes });
}
