/**
 * The build moves every catalog's keys and texts into one module grouped by language (vite.config.ts
 * catalogText, issue 15 page size). Run on every real catalog file as the build sees it (TypeScript
 * stripped), the written modules give back exactly the catalogs of the source, in both languages:
 * same keys, same texts, the Japanese keys in the source's order; anything the build cannot carry
 * over as it is fails the build. Both runs are coded (vite.config.ts recodedText: the Japanese
 * run's frequent characters and, in both, a dictionary of repeated phrases as two-byte code points):
 * the whole-catalog comparison runs the decoders, and fails when a run, its alphabet or its
 * dictionary is off by one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAst, transformWithOxc } from 'vite';
import { describe, expect, it } from 'vitest';
import { catalogText, catalogTextLast, catalogTextModules, CATALOG_TEXT_ID, chosenPhrases, frontCodedKeys, phrasedText, PHRASES, recodedText } from '../../vite.config.ts';
import { en } from './en.ts';
import { ja } from './ja.ts';

const dir = fileURLToPath(new URL('.', import.meta.url));
const CATALOG_FILES = [
  'ja.ts',
  'en.ts',
  'errors.ts',
  ...['flows', 'downloads'].flatMap((sub) => readdirSync(`${dir}${sub}`).filter((f) => /^[\w-]+\.ts$/.test(f) && !f.endsWith('.test.ts')).map((f) => `${sub}/${f}`)),
];

const js = async (path: string, source = readFileSync(path, 'utf8')) => ({ id: path, code: (await transformWithOxc(source, path)).code });

/** Runs the generated text module and then each rewritten catalog module (imports resolved by name); returns every export. */
function run(data: string, modules: string[]): Record<string, Record<string, string>> {
  const text = new Function(`${data.replace(/export const /g, 'const ')}\nreturn { jaTexts, enTexts };`)() as Record<string, unknown>;
  const scope: Record<string, unknown> = { __ja: text.jaTexts, __en: text.enTexts };
  // Flow, download and error catalogs first: ja.ts and en.ts spread them.
  for (const code of [...modules].sort((a, b) => Number(/from "\.\//.test(a)) - Number(/from "\.\//.test(b)))) {
    const names = [...code.matchAll(/export const (\w+)/g)].map((m) => m[1]!);
    const body = code.replace(/^import [^;]*;$/gm, '').replace(/^export type [^;]*;$/gm, '').replace(/export const /g, 'const ');
    const exports = new Function(...Object.keys(scope), `${body}\nreturn { ${names.join(', ')} };`)(...Object.values(scope)) as Record<string, unknown>;
    Object.assign(scope, exports);
  }
  return scope as Record<string, Record<string, string>>;
}

/** What the build writes for these sources (TypeScript), as run in the page. */
async function built(sources: Record<string, string>): Promise<Record<string, Record<string, string>>> {
  const files = await Promise.all(Object.entries(sources).map(([path, source]) => js(`${dir}${path}`, source)));
  const { data, rewrite } = catalogTextModules(files, parseAst);
  return run(
    data,
    files.map((f) => rewrite(f.code, f.id)),
  );
}

describe('the build writes every catalog from one module of texts grouped by language', () => {
  it('gives back both whole catalogs of the source: same keys in the same order, same texts', async () => {
    const files = await Promise.all(CATALOG_FILES.map((f) => js(`${dir}${f}`)));
    const { data, rewrite } = catalogTextModules(files, parseAst);
    const modules = files.map((f) => rewrite(f.code, f.id));
    // No `'key': 'text'` property is left in a written module (in any quotes: oxc prints "key": "text");
    // every source module has some, so the check can fail.
    const textProperty = /["'`][\w.-]+["'`]:\s*["'`]/;
    expect(files.filter((f) => !textProperty.test(f.code)).map((f) => f.id)).toEqual([]);
    expect(modules.filter((m) => !m.includes(`from ${JSON.stringify(CATALOG_TEXT_ID)}`) || textProperty.test(m))).toEqual([]);
    const shipped = run(data, modules);
    expect(Object.keys(ja).length).toBeGreaterThan(1000);
    expect(shipped.ja).toEqual(ja);
    expect(Object.keys(shipped.ja!)).toEqual(Object.keys(ja));
    expect(shipped.en).toEqual(en);
    // Each file's own catalogs too (the flows import them directly from there).
    for (const path of CATALOG_FILES.filter((f) => f.includes('/') || f === 'errors.ts')) {
      const source = (await import(/* @vite-ignore */ `${dir}${path}`)) as Record<string, Record<string, string>>;
      for (const name of Object.keys(source).filter((n) => /^(ja|en)[A-Z]/.test(n))) expect(shipped[name], name).toEqual(source[name]);
    }
    // The keys once (coded, no key as a string of its own), then the English, then the Japanese: each language in one run.
    const at = (text: string) => data.indexOf(text);
    expect(data.indexOf('const keys')).toBeGreaterThanOrEqual(0);
    expect(data.indexOf('const keys')).toBeLessThan(at(en['app.title']));
    expect(at(en['app.title'])).toBeLessThan(at('const ja'));
    expect(Object.keys(ja).filter((key) => data.includes(JSON.stringify(key)))).toEqual([]);
    // The Japanese run is coded: its most frequent characters are there only once, in the alphabet.
    const japanese = data.slice(at('const ja'));
    for (const c of ['の', '。', 'ま', 'す', 'ー', '証', '書']) expect(japanese.split(c).length - 1, c).toBe(1);
    expect(at('ワークショップ')).toBe(-1);
    // Both runs carry a dictionary: a frequent English phrase is there only once, in it.
    const english = data.slice(at('const en'), at('const ja'));
    expect(english.split(' certificate').length - 1).toBe(1);
    expect(english.split(' the').length - 1).toBeLessThan(20);
  });

  it.each([
    ['en', /const en = /],
    ['ja', /const ja = /],
  ] as const)('gives back other texts when the %s dictionary is off by one (the comparison above can fail)', async (lang, line) => {
    const files = await Promise.all(CATALOG_FILES.map((f) => js(`${dir}${f}`)));
    const { data, rewrite } = catalogTextModules(files, parseAst);
    const modules = files.map((f) => rewrite(f.code, f.id));
    const source = { ja, en }[lang];
    const other = lang === 'ja' ? 'en' : 'ja';
    const statement = data.split('\n').find((l) => line.test(l))!;
    const decoder = /\(coded, phrases\) => coded\.replace\(\/\[\\u([0-9a-f]{4})-\\u[0-9a-f]{4}\]\/g, \(code\) => phrases\[code\.charCodeAt\(0\) - (\d+)\]\)/.exec(statement)!;
    const [, start, offset] = decoder;
    expect(Number.parseInt(start!, 16)).toBe(Number(offset));
    const list = /, ("[^"]*")\.split\(","\)\)/.exec(statement)![1]!;
    const phrases = (JSON.parse(list) as string).split(',');
    expect(phrases.length).toBe(PHRASES[lang].count);
    const changed = (replaced: string) => run(data.replace(statement, replaced), modules);
    expect(changed(statement)[lang]).toEqual(source);
    const variants = [
      statement.replace(`charCodeAt(0) - ${offset}]`, `charCodeAt(0) - ${Number(offset) - 1}]`),
      statement.replace(`charCodeAt(0) - ${offset}]`, `charCodeAt(0) - ${Number(offset) + 1}]`),
      statement.replace(`\\u${start}-`, `\\u${(Number(offset) + 1).toString(16).padStart(4, '0')}-`),
      statement.replace(list, JSON.stringify([phrases[1], phrases[0], ...phrases.slice(2)].join(','))),
      statement.replace(list, JSON.stringify(phrases.slice(1).join(','))),
    ];
    for (const variant of variants) {
      expect(variant).not.toBe(statement);
      const shipped = changed(variant);
      expect(shipped[lang]).not.toEqual(source);
      expect(shipped[other]).toEqual({ ja, en }[other]);
    }
  });

  it('gives back other texts when the coded Japanese run or its alphabet is off by one character (the comparison above can fail)', async () => {
    const files = await Promise.all(CATALOG_FILES.map((f) => js(`${dir}${f}`)));
    const { data, rewrite } = catalogTextModules(files, parseAst);
    const modules = files.map((f) => rewrite(f.code, f.id));
    // The English run's dictionary starts at U+0100 too: change the Japanese statement only.
    const jaStart = data.indexOf('const ja = ');
    const inJapanese = (from: string | RegExp, to: string) => `${data.slice(0, jaStart)}${data.slice(jaStart).replace(from, to)}`;
    const alphabet = /, ("[^"]+")\)\.split\("\^"\);/.exec(data.slice(jaStart))![1]!;
    const letters = [...(JSON.parse(alphabet) as string)];
    const swapped = JSON.stringify([letters[1], letters[0], ...letters.slice(2)].join(''));
    expect(run(data, modules).ja).toEqual(ja);
    expect(run(inJapanese(alphabet, swapped), modules).ja).not.toEqual(ja);
    expect(run(inJapanese(/alphabet\[code\.charCodeAt\(0\) - 256/, 'alphabet[code.charCodeAt(0) - 255'), modules).ja).not.toEqual(ja);
    expect(run(inJapanese(/\\u0100-/, '\\u0101-'), modules).ja).not.toEqual(ja);
  });

  it('keeps an all-digit key and its text together (Object.keys lists it first, in the source as in the build)', async () => {
    const shipped = await built({ 'flows/example.ts': `export const jaX = { 'b': 'い', '10': 'じゅう' } as const;\nexport const enX = { '10': 'ten', 'b': 'B' };` });
    expect(shipped.jaX).toEqual({ b: 'い', '10': 'じゅう' });
    expect(Object.keys(shipped.jaX!)).toEqual(['10', 'b']);
    expect(shipped.enX).toEqual({ b: 'B', '10': 'ten' });
  });

  it.each([
    ['a key only in English', `export const jaX = { 'a': 'あ' } as const;\nexport const enX = { 'a': 'A', 'b': 'B' };`, /expected enX to have exactly the keys of jaX/],
    ['a key only in Japanese', `export const jaX = { 'a': 'あ', 'b': 'い' } as const;\nexport const enX = { 'a': 'A' };`, /expected enX to have exactly the keys of jaX/],
    ['a key twice in English', `export const jaX = { 'a': 'あ', 'b': 'い' } as const;\nexport const enX = { 'a': 'A', 'a': 'B' };`, /expected enX to have exactly the keys of jaX/],
    ['a spread in English only', `export const jaX = { 'a': 'あ' } as const;\nexport const enX = { 'a': 'A', ...enY };`, /expected enX to spread the English of jaX's spreads/],
    ['a spread before a text', `export const jaX = { ...jaY, 'a': 'あ' } as const;\nexport const enX = { ...enY, 'a': 'A' };`, /expected every text of jaX before its spreads/],
    ['a text that is not a plain string', "export const jaX = { 'a': `あ${1}` } as const;\nexport const enX = { 'a': 'A' };", /expected only 'key': 'text' properties in jaX/],
    ['a computed key', `const k = 'a';\nexport const jaX = { [k]: 'あ' } as const;\nexport const enX = { 'a': 'A' };`, /expected only 'key': 'text' properties in jaX/],
    ['a text with the separator of the texts', `export const jaX = { 'a': 'x^2' } as const;\nexport const enX = { 'a': 'A' };`, /expected no \^ in a catalog text/],
    [
      'a Japanese text with a code of the frequent Japanese characters',
      `export const jaX = { 'a': '${'の '.repeat(16)}', 'b': 'xĀ' } as const;\nexport const enX = { 'a': 'A', 'b': 'B' };`,
      /expected no character U\+0100-U\+0100 in a catalog text \(they code the frequent characters and phrases of the texts in the page\), found 'Ā' \(U\+0100\) in 'xĀ'/,
    ],
    [
      'an English text with a code of the frequent Japanese characters',
      `export const jaX = { 'a': '${'の '.repeat(16)}', 'b': 'い' } as const;\nexport const enX = { 'a': 'A', 'b': 'Ā' };`,
      /expected no character U\+0100-U\+0100 in a catalog text .*found 'Ā' \(U\+0100\) in 'Ā'/,
    ],
    [
      'a Japanese text with a code of the Japanese phrases',
      `export const jaX = { 'a': '${'証明書、'.repeat(4)}', 'b': 'xĀ' } as const;\nexport const enX = { 'a': 'A', 'b': 'B' };`,
      /expected no character U\+0100-U\+0100 in a catalog text .*found 'Ā' \(U\+0100\) in 'xĀ'/,
    ],
    [
      'a Japanese text with a code of the English phrases',
      `export const jaX = { 'a': 'あ', 'b': 'xĀ' } as const;\nexport const enX = { 'a': 'Use the key and the key', 'b': 'B' };`,
      /expected no character U\+0100-U\+0100 in a catalog text .*found 'Ā' \(U\+0100\) in 'xĀ'/,
    ],
    ['no English catalog', `export const jaX = { 'a': 'あ' } as const;`, /expected enX next to jaX/],
    ['no Japanese catalog', `export const enX = { 'a': 'A' };`, /expected jaX next to enX/],
    ['no catalog', `export const x = 1;`, /expected a jaX\/enX pair of catalogs/],
  ])('fails the build on %s', async (_what, source, message) => {
    await expect(built({ 'flows/example.ts': source })).rejects.toThrow(new RegExp(`catalog-text: ${message.source}`));
  });

  it('fails the build when a catalog module differs from the one the text module was made from', async () => {
    const file = await js(`${dir}flows/example.ts`, `export const jaX = { 'a': 'あ' } as const;\nexport const enX = { 'a': 'A' };`);
    const { rewrite } = catalogTextModules([file], parseAst);
    const changed = await js(file.id, `export const jaX = { 'a': 'い' } as const;\nexport const enX = { 'a': 'A' };`);
    expect(() => rewrite(changed.code, changed.id)).toThrow(/catalog-text: expected jaX in .*example\.ts to be the catalog the text module was made from/);
    expect(() => rewrite(file.code, `${dir}flows/other.ts`)).toThrow(/catalog-text: expected (ja|en)X in .*other\.ts to be the catalog/);
  });

  it.each([
    ['frequent kana and kanji', `${'のです。'.repeat(16)}証明書 ${'鍵'.repeat(16)}`],
    ['a character beyond U+FFFF (two UTF-16 units), frequent', `${'𠮷'.repeat(20)}${'の'.repeat(16)}`],
    ['characters just under the count, and ASCII', `${'あ'.repeat(15)} abc ^ \`$\\<`],
    ['Latin-1 and symbols that appear often', `${'é→…'.repeat(16)}${'の'.repeat(16)}`],
  ])('codes the Japanese run and gives it back (%s)', (_what, text) => {
    const expression = recodedText(text, [text]);
    expect((new Function(`return ${expression}`) as () => string)()).toBe(text);
    // What is coded: every character of one UTF-16 unit past ASCII that occurs 16 times or more.
    const counts = new Map<string, number>();
    for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
    const coded = [...counts].filter(([c, n]) => c.length === 1 && c.charCodeAt(0) > 0x7f && n >= 16);
    if (!coded.length) {
      expect(expression).toBe(JSON.stringify(text));
      return;
    }
    const run = JSON.parse(/^\(\(coded, alphabet\) => coded\.replace\(.*?\)\((".*"), "[^"]*"\)$/.exec(expression)![1]!) as string;
    expect(coded.filter(([c]) => run.includes(c))).toEqual([]);
    // Each code is two bytes of UTF-8: one byte less for a three-byte character, the same for a two-byte one.
    const saved = coded.reduce((sum, [c, n]) => sum + n * (Buffer.byteLength(c) - 2), 0);
    expect(Buffer.byteLength(run)).toBe(Buffer.byteLength(text) - saved);
  });

  it('fails the build when a coded Japanese run does not decode to the run, or the codes would reach U+0800', () => {
    // A code point of the range in the run itself, not handed over among the texts to check: the round trip catches it.
    expect(() => recodedText(`${'の'.repeat(16)}Ā`, [])).toThrow(/catalog-text: expected the coded texts to decode to the texts/);
    // The same for a phrase's code: 証明書 is U+0100.
    expect(() => recodedText(`${'証明書、'.repeat(4)}Ā`, [], { characters: false, phrases: PHRASES.ja })).toThrow(/catalog-text: expected the coded texts to decode to the texts/);
    // 1,792 characters of 16 occurrences each need codes U+0100-U+07FF; one more would be three bytes of UTF-8.
    const many = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(0x4e00 + i).repeat(16)).join('');
    expect(() => recodedText(many(1792), [])).not.toThrow();
    expect(() => recodedText(many(1793), [])).toThrow(/catalog-text: expected the coded characters and phrases to stay under U\+0800 \(two bytes of UTF-8\), found 1793/);
    // The phrases come after the alphabet: one phrase past 1,792 codes fails too.
    expect(() => recodedText(`${many(1792)}${' word'.repeat(10)}`, [], { phrases: PHRASES.en })).toThrow(/found 1793/);
  });

  it.each<[string, 'ja' | 'en', string, string[]]>([
    ['the longest repeated run of kana and kanji first, a phrase once not at all', 'ja', '証明書と鍵、証明書と鍵、証明書。一度', ['証明書', 'と鍵']],
    ['phrases of equal gain in string order', 'ja', 'かき、あい、'.repeat(5), ['あい', 'かき']],
    ['a run longer than six characters', 'ja', 'サーバー証明書を作成、'.repeat(3), ['サーバー証明', '書を作成']],
    ['words with their leading space, and two words in a row', 'en', 'Choose the key file. Choose the certificate file. the key', [' the key', ' file']],
    ['no phrase in a text without repeats', 'en', 'Each word here is new.', []],
  ])('chooses the phrases of a run (%s)', (_what, lang, text, phrases) => {
    const chosen = chosenPhrases(text, PHRASES[lang]);
    expect(chosen).toEqual(phrases);
    const phrased = phrasedText(text, chosen, (i) => String.fromCharCode(0x100 + i));
    expect(phrased.replace(/[\u0100-\u01ff]/g, (code) => chosen[code.charCodeAt(0) - 0x100]!)).toBe(text);
    // At most the rule's count: the first ones of the longer list.
    expect(chosenPhrases(text, { ...PHRASES[lang], count: 1 })).toEqual(phrases.slice(0, 1));
  });

  it.each([
    ['Japanese with frequent characters and phrases', 'ja', `${'のです。'.repeat(16)}証明書 証明書^サーバー証明書^𠮷𠮷 é`],
    ['English phrases around ASCII the module must keep', 'en', `${'Choose the key file. '.repeat(4)}^ \`$\\<"' the, "the" 日本語`],
  ] as const)('codes a run with its dictionary and gives it back (%s)', (_what, lang, text) => {
    const expression = recodedText(text, [text], { characters: lang === 'ja', phrases: PHRASES[lang] });
    expect(expression).toContain('(coded, phrases) =>');
    expect((new Function(`return ${expression}`) as () => string)()).toBe(text);
    expect(Buffer.byteLength(expression)).toBeLessThan(Buffer.byteLength(JSON.stringify(text)) + 200);
  });

  it('chooses the same dictionaries for the same catalogs', async () => {
    const files = await Promise.all(CATALOG_FILES.map((f) => js(`${dir}${f}`)));
    expect(catalogTextModules(files, parseAst).data).toBe(catalogTextModules([...files].reverse(), parseAst).data);
  });

  it.each<[string, string[], string]>([
    ['a catalog prefix', ['a.b.c', 'a.b.d', 'a.e'], '0a.b.c,2d,1e'],
    ['a key that is a prefix of the next, and the reverse', ['a.b', 'a.b.c', 'a.b'], '0a.b,2c,1b'],
    ['more than nine shared parts', ['1.2.3.4.5.6.7.8.9.10.x', '1.2.3.4.5.6.7.8.9.10.y'], '01.2.3.4.5.6.7.8.9.10.x,910.y'],
    ['empty parts and digits', ['', 'a..b', 'a..c', '9.9'], '0,0a..b,2c,09.9'],
  ])('codes the keys by the parts each shares with the one before (%s)', (_what, keys, coded) => {
    expect(frontCodedKeys(keys)).toBe(coded);
  });

  it('fails the build on a key with a comma (the separator of the coded keys)', () => {
    expect(() => frontCodedKeys(['a.b', 'a,c'])).toThrow(/catalog-text: expected no comma in a catalog key, found 'a,c'/);
  });

  it('puts the chunk of the text module after every other chunk of the single file, and fails the build without one', () => {
    const chunk = (name: string, moduleIds: string[]) => ({ name, moduleIds });
    const chunks = [chunk('a', ['/src/a.ts']), chunk('text', ['/src/i18n/ja.ts', CATALOG_TEXT_ID]), chunk('b', ['/src/b.ts'])];
    expect(catalogTextLast(chunks).map((c) => c.name)).toEqual(['a', 'b', 'text']);
    expect(() => catalogTextLast([chunk('a', ['/src/a.ts'])])).toThrow(/catalog-text: expected one chunk with the text module, found 0/);
  });

  it('leaves every other module alone', async () => {
    const plugin = catalogText();
    const transform = plugin.transform as (this: unknown, code: string, id: string) => Promise<unknown>;
    expect(await transform.call({}, `export const enX = { 'a': 'A' };`, `${dir}translate.ts`)).toBeNull();
  });
});
