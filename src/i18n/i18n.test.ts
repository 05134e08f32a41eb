import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { ja } from './ja.ts';
import { catalogs, formatSize, interpolate, LANGS, pickLang, PLACEHOLDER, translate } from './translate.ts';

describe('message catalogs', () => {
  it('ja and en have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
  });

  it.each(LANGS)('every %s message is non-empty text', (lang) => {
    const empty = Object.entries(catalogs[lang]).filter(([, text]) => text.trim() === '');
    expect(empty).toEqual([]);
  });

  it.each(LANGS)('every %s message uses the same placeholders as ja', (lang) => {
    const names = (s: string) => [...s.matchAll(PLACEHOLDER)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(ja)) {
      expect(names(catalogs[lang][key as keyof typeof ja]), key).toEqual(names(text));
    }
  });
});

describe('translate', () => {
  it.each([
    ['{a} and {b}', { a: 1, b: 'x' }, '1 and x'],
    ['no params', undefined, 'no params'],
    ['{missing} stays', { other: 1 }, '{missing} stays'],
    ['{a}{a}', { a: '<b>' }, '<b><b>'],
    ['{n|file|files}', { n: 1 }, '1 file'],
    ['{n|file|files}', { n: 0 }, '0 files'],
    ['{n|file|files}', { n: 2 }, '2 files'],
    ['{n|file|files} left', undefined, '{n|file|files} left'],
  ] as const)('interpolate(%j)', (template, params, expected) => {
    expect(interpolate(template, params)).toBe(expected);
  });

  it('fills a real message in both languages', () => {
    expect(translate('en', 'download.ready', { name: 'server.key' })).toBe('Download server.key');
    expect(translate('ja', 'download.ready', { name: 'server.key' })).toBe('server.key をダウンロード');
  });

  it.each([
    [['ja-JP', 'en-US'], 'ja'],
    [['en-GB'], 'en'],
    [['de-DE', 'ja'], 'ja'],
    [['fr'], 'en'],
    [[], 'en'],
    [['JA'], 'ja'],
  ] as const)('pickLang(%j) is %s', (languages, expected) => {
    expect(pickLang(languages)).toBe(expected);
  });

  it.each([
    [0, '0 bytes'],
    [1023, '1023 bytes'],
    [2048, '2.0 KB'],
    [50 * 1024 * 1024, '50.0 MB'],
  ] as const)('formatSize(%d) in English', (bytes, expected) => {
    expect(formatSize('en', bytes)).toBe(expected);
  });
});
