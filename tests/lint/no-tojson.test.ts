/**
 * The page's asn1js and pkijs have no `toJSON()` (vite.config.ts asn1jsPkijsNoToJson, issue 15 page
 * size): `JSON.stringify` of one of their objects would list its fields, not the JSON view the
 * library gives. The unit and interop projects run both libraries whole, so a new call would pass
 * every Node test. This keeps src/ (tests and fixtures aside) from calling toJSON or pkijs's
 * `isEqual` (AlgorithmIdentifier's compares parameters by their toJSON), keeps every
 * `JSON.stringify` in the files that import the two libraries on the reviewed list below, and keeps
 * the lib/pki functions that return a pkijs or asn1js object inside lib/pki. It also runs the
 * build's AST reading (toJsonMethods) on the two libraries as installed and on forms it must catch.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'vite';
import { describe, expect, it } from 'vitest';
import { TOJSON_METHODS, toJsonMethods } from '../../vite.config.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PKI = 'src/lib/pki/';

function pageSources(dir = join(root, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return pageSources(path);
    return /\.(ts|svelte)$/.test(e.name) && !/\.test\.ts$|test-fixtures/.test(e.name) ? [path] : [];
  });
}
const importsPkiLibraries = (text: string): boolean => /\bfrom\s+['"](?:pkijs|asn1js)['"]|\bimport\(\s*['"](?:pkijs|asn1js)['"]/.test(text);

/** The argument of each `JSON.stringify(...)` in a source text, as written. */
export function stringifyArguments(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\bJSON\.stringify\(/g)) {
    let depth = 1;
    let i = m.index + m[0].length;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') depth--;
    }
    out.push(text.slice(m.index + m[0].length, i - 1));
  }
  return out;
}

/**
 * What the files that import pkijs or asn1js give JSON.stringify, reviewed: strings and plain data,
 * never a pkijs or asn1js object. A new call fails this list until it is reviewed here.
 */
const REVIEWED_STRINGIFY: Record<string, string[]> = {
  'src/lib/pki/names.ts': ['attr.value', 'attr.value', 'attr.type'], // strings of a DistinguishedName
  'src/lib/pki/san.ts': ['name', 'first.params?.value'], // a host name; a validation issue's value (a string)
  'src/lib/pki/decode.ts': ["attributes.map((x) => [x.type, x.value.trim().replace(/\\s+/g, ' ').toLowerCase()])"], // strings
};

describe('no page source needs the toJSON of asn1js or pkijs (the build removes them)', () => {
  const files = pageSources();

  it('no page source calls toJSON or isEqual', () => {
    expect(files.length).toBeGreaterThan(100);
    const hits = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter((line) => /\btoJSON\b|\.isEqual\(/.test(line))
        .map((line) => `${relative(root, f)}: ${line.trim()}`),
    );
    expect(hits).toEqual([]);
  });

  it('the files that import pkijs or asn1js give JSON.stringify only what was reviewed', () => {
    const importers = files.filter((f) => importsPkiLibraries(readFileSync(f, 'utf8')));
    expect(importers.length).toBeGreaterThan(10);
    const found = Object.fromEntries(
      importers.map((f) => [relative(root, f), stringifyArguments(readFileSync(f, 'utf8'))] as const).filter(([, args]) => args.length),
    );
    expect(found).toEqual(REVIEWED_STRINGIFY);
  });

  it('the lib/pki functions that return or take a pkijs or asn1js object are used inside lib/pki only', () => {
    const pki = files.filter((f) => relative(root, f).startsWith(PKI));
    const exported = pki.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/^export (?:async )?function (\w+)\([^\n]*\b(?:pkijs|asn1js)\./gm)].map((m) => m[1]!));
    expect(exported).toEqual(expect.arrayContaining(['decodeCertificate', 'decodeCrl', 'createName']));
    const outside = files.filter((f) => !relative(root, f).startsWith(PKI));
    const hits = outside.flatMap((f) => exported.filter((name) => new RegExp(`\\b${name}\\b`).test(readFileSync(f, 'utf8'))).map((name) => `${relative(root, f)}: ${name}`));
    expect(hits).toEqual([]);
  });

  it.each([
    ['a call', 'const view = cert.toJSON();'],
    ['a comparison', 'if (a.algorithm.isEqual(b.algorithm)) return;'],
  ])('the toJSON/isEqual check fires on %s', (_name, code) => {
    expect(/\btoJSON\b|\.isEqual\(/.test(code)).toBe(true);
  });

  it('stringifyArguments reads nested parentheses', () => {
    expect(stringifyArguments('a(JSON.stringify(f(x, g(y))), JSON.stringify(z))')).toEqual(['f(x, g(y))', 'z']);
  });
});

describe("the build's toJSON removal (vite.config.ts toJsonMethods) on asn1js and pkijs as installed", () => {
  const require = createRequire(import.meta.url);
  const build = (name: string) => readFileSync(join(require.resolve(`${name}/package.json`), '..', 'build/index.js'), 'utf8');

  it.each([
    ['asn1js', 19],
    ['pkijs', 114],
  ] as const)('%s: its toJSON methods, within the build\'s range, and its other callers the expected ones', (name, count) => {
    const code = build(name);
    const { ranges, callers } = toJsonMethods(code, parseAst);
    expect(ranges).toHaveLength(count);
    const [min, max] = TOJSON_METHODS[name].methods;
    expect(ranges.length).toBeGreaterThanOrEqual(min!);
    expect(ranges.length).toBeLessThanOrEqual(max!);
    for (const [start] of ranges) expect(code.slice(start, start + 8)).toBe('toJSON()');
    expect(callers).toEqual(TOJSON_METHODS[name].callers);
  });

  it('finds a method that calls toJSON or JSON.stringify outside toJSON, by its class', () => {
    const code = [
      'var A = class A { toJSON() { return { x: this.x.toJSON() }; } same(b) { return JSON.stringify(this) === JSON.stringify(b); } };',
      'var E = class extends A { load(k) { return k.toJSON(); } toString() { return "e"; } };',
      'class C { static from(o) { return o["toJSON"]; } }',
    ].join('\n');
    const { ranges, callers } = toJsonMethods(code, parseAst);
    expect(ranges).toHaveLength(1);
    expect(callers).toEqual(['A.same', 'C.from', 'E.load']);
  });

  it('refuses a static or accessor toJSON', () => {
    expect(() => toJsonMethods('class A { static toJSON() {} }', parseAst)).toThrow(/expected toJSON to be an instance method/);
    expect(() => toJsonMethods('class A { get toJSON() { return 1; } }', parseAst)).toThrow(/expected toJSON to be an instance method/);
  });
});
