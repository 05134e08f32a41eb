import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every user-facing word comes from the catalogs (ja.ts/en.ts). This scan of the .svelte markup
 * finds text nodes and user-facing attributes (aria-label, title, placeholder, alt) that hold
 * letters outside a {...} expression.
 */
function hardCodedText(svelteSource: string): string[] {
  let markup = svelteSource
    .replace(/<script\b[\s\S]*?<\/script>/g, '')
    .replace(/<style\b[\s\S]*?<\/style>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  for (let previous = ''; previous !== markup; ) {
    previous = markup;
    markup = markup.replace(/\{[^{}]*\}/g, '');
  }
  const found: string[] = [];
  for (const m of markup.matchAll(/\b(?:aria-label|title|placeholder|alt)="([^"]*)"/g)) {
    if (/\p{L}/u.test(m[1] ?? '')) found.push(m[0]);
  }
  for (const text of markup.replace(/<[^>]*>/g, '\n').split('\n')) {
    if (/\p{L}/u.test(text)) found.push(text.trim());
  }
  return found;
}

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? svelteFiles(join(dir, d.name)) : d.name.endsWith('.svelte') ? [join(dir, d.name)] : [],
  );
}

const uiDir = join(import.meta.dirname, '..');

describe('no hard-coded user-facing text', () => {
  it.each([
    ['<p>{t("x")}</p>', []],
    ['<p>Hello</p>', ['Hello']],
    ['<button aria-label="Close">{t("x")}</button>', ['aria-label="Close"']],
    ['<p>{#if a}{t("x")}{:else}{b}{/if}</p>', []],
    ['<script>const s = "text";</script><style>p { color: red }</style><!-- note --><p>{s}</p>', []],
    ['<p>{t("a", { n: 1 })}：こんにちは</p>', ['：こんにちは']],
  ])('scanner: %s', (source, expected) => {
    expect(hardCodedText(source)).toEqual(expected);
  });

  const files = svelteFiles(uiDir);
  it('finds the components', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it.each(files.map((f) => [relative(uiDir, f), f]))('%s', (_name, file) => {
    expect(hardCodedText(readFileSync(file, 'utf8'))).toEqual([]);
  });
});
