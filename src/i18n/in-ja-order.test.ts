/**
 * The build writes each English catalog as values in the Japanese key order (vite.config.ts
 * catalogValuesInJaOrder, issue 15 page size). Run on every real catalog file as the build sees it
 * (TypeScript stripped), the written module gives back exactly the English catalog of the source:
 * same keys, same texts; a file whose two catalogs differ in keys fails the build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'rolldown/parseAst';
import { transformWithOxc } from 'vite';
import { describe, expect, it } from 'vitest';
import { catalogValuesInJaOrder } from '../../vite.config.ts';
import { inJaOrder } from './in-ja-order.ts';

const dir = fileURLToPath(new URL('.', import.meta.url));
const CATALOG_FILES = [
  ...readdirSync(`${dir}flows`).filter((f) => /^[\w-]+\.ts$/.test(f) && !f.endsWith('.test.ts')).map((f) => `flows/${f}`),
  ...readdirSync(`${dir}downloads`).filter((f) => /^[\w-]+\.ts$/.test(f) && !f.endsWith('.test.ts')).map((f) => `downloads/${f}`),
  'errors.ts',
];

/** What the plugin writes for `source` (TypeScript, at `path`), as the build runs it. */
async function written(source: string, path: string): Promise<string | null> {
  const js = (await transformWithOxc(source, path)).code;
  const plugin = catalogValuesInJaOrder();
  const transform = plugin.transform as (this: unknown, code: string, id: string) => { code: string } | null;
  return transform.call({ parse: (code: string) => parseAst(code) }, js, path)?.code ?? null;
}

/** Runs a written catalog module (no imports but the helper) and returns its exports. */
function run(code: string): Record<string, Record<string, string>> {
  const names = [...code.matchAll(/export const (\w+)/g)].map((m) => m[1]!);
  const body = code.replace(/^import \{ inJaOrder as __inJaOrder \} from "[^"]+";$/m, '').replace(/export const /g, 'const ');
  return new Function('__inJaOrder', `${body}\nreturn { ${names.join(', ')} };`)(inJaOrder) as Record<string, Record<string, string>>;
}

describe('the build writes English catalogs as values in the Japanese key order', () => {
  it.each(CATALOG_FILES)('%s gives back the same English catalog', async (file) => {
    const path = `${dir}${file}`;
    const code = await written(readFileSync(path, 'utf8'), path);
    expect(code).toContain('__inJaOrder(');
    const source = (await import(/* @vite-ignore */ path)) as Record<string, Record<string, string>>;
    const shipped = run(code!);
    const enNames = Object.keys(source).filter((n) => /^en[A-Z]/.test(n));
    expect(enNames.length).toBeGreaterThan(0);
    for (const name of enNames) {
      expect(shipped[name]).toEqual(source[name]);
      expect(Object.keys(shipped[name]!)).toEqual(Object.keys(source[`ja${name.slice(2)}`]!));
    }
  });

  it.each([
    ['a key only in English', `export const jaX = { 'a': 'あ' } as const;\nexport const enX = { 'a': 'A', 'b': 'B' };`],
    ['a key only in Japanese', `export const jaX = { 'a': 'あ', 'b': 'い' } as const;\nexport const enX = { 'a': 'A' };`],
    ['a spread in English', `export const jaX = { 'a': 'あ' } as const;\nexport const enX = { ...{ 'a': 'A' } };`],
    ['no pair of catalogs', `export const jaX = { 'a': 'あ' } as const;`],
  ])('fails the build on %s', async (_what, source) => {
    await expect(written(source, `${dir}flows/example.ts`)).rejects.toThrow(/catalog-values-in-ja-order/);
  });

  // Object.keys lists integer-like keys first (ascending), whatever the source order: the values
  // written in the source's order would land under the wrong keys, silently.
  it.each([
    ['10', `export const jaX = { 'b': 'い', '10': 'じゅう' } as const;\nexport const enX = { 'b': 'B', '10': 'ten' };`],
    ['0', `export const jaX = { 'b': 'い', 0: 'ゼロ' } as const;\nexport const enX = { 'b': 'B', 0: 'zero' };`],
  ])('fails the build on the all-digit key %s (Object.keys would list it first)', async (key, source) => {
    await expect(written(source, `${dir}flows/example.ts`)).rejects.toThrow(
      new RegExp(`catalog-values-in-ja-order: expected no all-digit key in .*example\\.ts, found '${key}'`),
    );
  });

  it.each<[string, Record<string, string>, boolean]>([
    ['10', { b: 'い', '10': 'じゅう' }, false],
    ['0', { b: 'い', '0': 'ゼロ' }, false],
    ['4294967294', { b: 'い', '4294967294': 'おおきい' }, false],
    ['01', { b: 'い', '01': 'ぜろいち' }, true],
    ['-1', { b: 'い', '-1': 'まいなす' }, true],
    ['1.5', { b: 'い', '1.5': 'いってんご' }, true],
  ])('the helper refuses an all-digit key (%s) and keeps other keys in order', (_key, ja, accepted) => {
    const values = ['B', 'other'];
    if (accepted) expect(inJaOrder(ja, values)).toEqual(Object.fromEntries(Object.keys(ja).map((k, i) => [k, values[i]])));
    else expect(() => inJaOrder(ja, values)).toThrow(/catalog: expected no all-digit key, found '\d+'/);
  });

  it('leaves every other module alone', async () => {
    expect(await written(`export const enX = { 'a': 'A' };`, `${dir}translate.ts`)).toBeNull();
  });

  it('refuses values that do not match the keys', () => {
    expect(() => inJaOrder({ a: 'あ', b: 'い' }, ['A'])).toThrow(/expected 2 English values, found 1/);
    expect(inJaOrder({ a: 'あ', b: 'い' }, ['A', 'B'])).toEqual({ a: 'A', b: 'B' });
  });
});
