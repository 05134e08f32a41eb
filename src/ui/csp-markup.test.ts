import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Markup the built page's CSP would refuse, or that would make untrusted text live (docs/SECURITY.md):
 * style="" attributes (style-src is hashed: use scoped CSS or the style: directive), the raw-HTML
 * tag (untrusted text must stay text), and string event handlers (onclick="...": script-src is hashed).
 */
// The raw-HTML tag is spelled in pieces so that repository scans for it find only real uses.
const RAW_HTML = '{' + '@html';

const FORBIDDEN: readonly [RegExp, string][] = [
  [/\sstyle="/, 'style="" attribute (use scoped CSS or style:prop={...})'],
  [new RegExp(`\\${RAW_HTML}\\b`), RAW_HTML + '}'],
  [/\son[a-z]+="/, 'string event handler attribute'],
];

function forbiddenMarkup(source: string): string[] {
  const markup = source.replace(/<script\b[\s\S]*?<\/script>/g, '').replace(/<style\b[\s\S]*?<\/style>/g, '');
  return FORBIDDEN.filter(([re]) => re.test(markup)).map(([, what]) => what);
}

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? svelteFiles(join(dir, d.name)) : d.name.endsWith('.svelte') ? [join(dir, d.name)] : [],
  );
}

describe('markup allowed by the CSP', () => {
  it.each([
    ['<p style="color: red">x</p>', ['style="" attribute (use scoped CSS or style:prop={...})']],
    [`<div>${RAW_HTML} text}</div>`, [RAW_HTML + '}']],
    ['<button onclick="go()">x</button>', ['string event handler attribute']],
    ['<button onclick={go} style:color={c}>x</button><style>p { color: red }</style>', []],
  ])('scanner: %s', (source, expected) => {
    expect(forbiddenMarkup(source)).toEqual(expected);
  });

  const uiDir = import.meta.dirname;
  const files = svelteFiles(uiDir);
  it.each(files.map((f) => [relative(uiDir, f), f]))('%s', (_name, file) => {
    expect(forbiddenMarkup(readFileSync(file, 'utf8'))).toEqual([]);
  });
});
