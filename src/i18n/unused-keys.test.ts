/**
 * No catalog key outlives its last reader (issue 15 page size: both languages of every sentence
 * ship in the one file). A key is read when the source (src/, tests excluded) names it: as a
 * string, as the fixed part of a template literal (`flow.${id}.title`), or as the prefix given to
 * codeText/issueText (src/ui/i18n/code-text.ts). Codes reported by the core have their own test
 * (flows/code-texts.test.ts: no sentence outlives its code).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { ja } from './ja.ts';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const CATALOG = /[\\/]i18n[\\/](?:ja|en|errors|flows[\\/][\w-]+|downloads[\\/][\w-]+)\.ts$/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(d.name) && !/\.test\.ts$/.test(d.name) ? [path] : [];
  });
}

/** Every source file's text; in a catalog file, the keys it defines are taken out (a definition is not a read). */
const text = sources(SRC)
  .map((path) => {
    const code = readFileSync(path, 'utf8');
    return CATALOG.test(path) ? code.replace(/^\s*'[^']+':/gm, ':') : code;
  })
  .join('\n');

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `prefix.${...}` and `prefix.${...}.suffix` template literals: any key of that shape is read. */
const templates = [...text.matchAll(/`([a-z][\w-]*(?:\.[\w-]+)*\.)\$\{[^{}`]*(?:\{[^{}`]*\}[^{}`]*)*\}((?:\.[\w-]+)*)`/gi)].map(
  (m) => new RegExp(`^${escape(m[1]!)}.+${escape(m[2]!)}$`),
);
/** codeText(lang, 'prefix', code, ...) reads `prefix.<code>`; issueText(lang, 'family', ...) reads `family.issue.<code>`. */
const prefixes = [
  ...[...text.matchAll(/codeText\([^,]+,\s*'([\w.-]+)'/g)].map((m) => `${m[1]}.`),
  ...[...text.matchAll(/[iI]ssueText\([^,]+,\s*'([\w-]+)'/g)].map((m) => `${m[1]}.issue.`),
  ...[...text.matchAll(/^\s*'?([\w-]+)'?: \(\) => '[\w.-]+',?$/gm)].map((m) => `${m[1]}.issue.`), // code-text.ts ISSUE_FALLBACK families
];

const read = (key: string) =>
  text.includes(`'${key}'`) || text.includes(`"${key}"`) || text.includes(`\`${key}\``) || templates.some((t) => t.test(key)) || prefixes.some((p) => key.startsWith(p));

it('every catalog key is read somewhere in src/', () => {
  expect(Object.keys(ja).length).toBeGreaterThan(1000);
  expect(Object.keys(ja).filter((key) => !read(key))).toEqual([]);
});
