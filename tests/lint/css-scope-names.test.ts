/**
 * Scoped class names never meet an author's class (svelte.config.js cssHash, issue 15 page size):
 * a component's scoped class is `_` + its place among src/'s .svelte files, so no class written in
 * src/ (markup, class: directives, selectors in components and app.css) may start with `_`. With
 * the earlier `s` prefix, IssueResult's place (27, `sr`) was a class CertList writes for
 * visually hidden text (found in review).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
const files = readdirSync(SRC, { recursive: true })
  .map(String)
  .filter((f) => /\.(svelte|css)$/.test(f))
  .sort();

/** The class names a file writes: class="..." tokens, class:name directives, .name selectors. */
function authorClasses(text: string): string[] {
  return [
    ...[...text.matchAll(/class="([^"{]*)"/g)].flatMap((m) => m[1]!.split(/\s+/)),
    ...[...text.matchAll(/class:([\w-]+)/g)].map((m) => m[1]!),
    ...[...text.matchAll(/(?<![\w$])\.(-?[_a-zA-Z][\w-]*)/g)].map((m) => m[1]!),
  ].filter(Boolean);
}

describe('scoped class names (svelte.config.js cssHash)', () => {
  it('finds the classes a component writes, the `_` ones included', () => {
    expect(authorClasses('<p class="sr _x">a</p><b class:_y={on}></b><style>._z { color: red } .ok {}</style>')).toEqual(['sr', '_x', '_y', '_z', 'ok']);
  });

  it.each(files)('%s writes no class starting with `_`', (file) => {
    expect(authorClasses(readFileSync(resolve(SRC, file), 'utf8')).filter((c) => c.startsWith('_'))).toEqual([]);
  });
});
