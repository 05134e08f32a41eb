/**
 * The page uses jszip's writer only (issue 15 page size): vite.config.ts `jszipWriterOnly` builds
 * jszip without its reader, so `loadAsync` in the shipped page rejects. The unit and interop
 * projects run the whole jszip, so a new reader call would pass every Node test and fail only in
 * the page. This test keeps src/ (tests and fixtures aside) free of `loadAsync` and keeps jszip's
 * only importer the zip writer, and proves the check fires on the forms a call could take.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ZIP_WRITER = 'src/lib/bundle/zip.ts';

/** What in a source text needs jszip's reader, or imports jszip: one line per hit. */
export function readerUses(text: string): string[] {
  return text.split('\n').filter((line) => /\bloadAsync\b/.test(line));
}
const importsJszip = (text: string): boolean => /\bfrom\s+['"]jszip(?:\/[^'"]*)?['"]|\bimport\(\s*['"]jszip|\brequire\(\s*['"]jszip/.test(text);

function pageSources(dir = join(root, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return pageSources(path);
    return /\.(ts|svelte)$/.test(e.name) && !/\.test\.ts$|test-fixtures/.test(e.name) ? [path] : [];
  });
}

describe("jszip: the page calls the writer only (the build ships no reader)", () => {
  it('no page source calls loadAsync, and only the zip writer imports jszip', () => {
    expect.hasAssertions();
    const files = pageSources();
    expect(files.length).toBeGreaterThan(100);
    const hits = files.flatMap((f) => readerUses(readFileSync(f, 'utf8')).map((line) => `${relative(root, f)}: ${line.trim()}`));
    expect(hits).toEqual([]);
    const importers = files.filter((f) => importsJszip(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
    expect(importers).toEqual([ZIP_WRITER]);
  });

  it.each([
    ['a method call', 'const zip = await new JSZip().loadAsync(bytes);'],
    ['the static form', 'await JSZip.loadAsync(bytes, { checkCRC32: true });'],
    ['a computed property', "const read = zip['loadAsync'];"],
  ])('the check fires on %s', (_name, code) => {
    expect(readerUses(`import JSZip from 'jszip';\n${code}`)).toHaveLength(1);
  });

  it.each([
    ['a default import', "import JSZip from 'jszip';"],
    ['a dynamic import', "const JSZip = await import('jszip');"],
  ])('the importer check fires on %s', (_name, code) => {
    expect(importsJszip(code)).toBe(true);
  });
});
