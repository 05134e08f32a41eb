/**
 * One way a failure becomes text (issue 13 item 5): a kept failure is worded by AsyncAction
 * (`action.error`) and shown by <ErrorNotice> (which also words anything thrown it is given);
 * no component or flow state calls describeError itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const uiDir = join(import.meta.dirname, '..');
const THE_WAYS = ['components/ErrorNotice.svelte', 'state/async-action.svelte.ts', 'i18n/error-messages.ts', 'i18n/index.ts'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : /\.(svelte|ts)$/.test(d.name) && !d.name.endsWith('.test.ts') ? [join(dir, d.name)] : [],
  );
}

describe('failures become text in one place', () => {
  it('only ErrorNotice and AsyncAction call describeError', () => {
    expect.hasAssertions();
    const callers = sources(uiDir)
      .filter((f) => /\bdescribeError\s*\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(uiDir, f).split('\\').join('/'));
    expect(callers.filter((f) => !THE_WAYS.includes(f))).toEqual([]);
    expect(callers.sort()).toEqual(['components/ErrorNotice.svelte', 'i18n/error-messages.ts', 'state/async-action.svelte.ts']);
  });
});
