/**
 * Who may read the text catalogs (src/i18n) from lib (issue 13 item 1): lib returns data and
 * codes; lib/bundle and the three other places that write a download's text translate; the rest
 * of lib may name the Lang type only; lib/xmail and lib/pki never import the catalogs at all.
 * eslint.config.js holds the rule; this test runs ESLint's Node API on snippets to prove it fires.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function hits(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

const valueImport = (from: string) => `import { translate } from '${from}';\nexport const t = translate('ja', 'app.title');\n`;
const typeImport = (from: string) => `import type { Lang } from '${from}';\nexport const l: Lang = 'ja';\n`;

describe('eslint: the catalogs from lib', () => {
  it.each([
    ['src/lib/bundle/probe.ts', '../../i18n/translate.ts'],
    ['src/lib/recipes/client-certs.ts', '../../i18n/translate.ts'],
    ['src/lib/store/operations/compromise.ts', '../../../i18n/translate.ts'],
    ['src/lib/store/operations/expiry-calendar.ts', '../../../i18n/translate.ts'],
  ])('%s may translate', async (file, from) => {
    expect.hasAssertions();
    expect(await hits(valueImport(from), file)).toEqual([]);
  });

  it.each([
    ['src/lib/recipes/probe.ts', '../../i18n/translate.ts'],
    ['src/lib/store/probe.ts', '../../i18n/translate.ts'],
    ['src/lib/store/operations/probe.ts', '../../../i18n/translate.ts'],
    ['src/lib/probe.ts', '../i18n/ja.ts'],
  ])('%s may not translate, but may name the Lang type', async (file, from) => {
    expect.hasAssertions();
    expect((await hits(valueImport(from), file)).join('\n')).toMatch(/only the download writers/);
    expect(await hits(typeImport(from), file)).toEqual([]);
  });

  it.each([
    ['src/lib/xmail/probe.ts', '../../i18n/translate.ts'],
    ['src/lib/pki/probe.ts', '../../i18n/translate.ts'],
    ['src/lib/pki/pbe/probe.ts', '../../../i18n/findings.ts'],
  ])('%s imports nothing from the catalogs, not even a type', async (file, from) => {
    expect.hasAssertions();
    expect((await hits(valueImport(from), file)).join('\n')).toMatch(/codes and data/);
    expect((await hits(typeImport(from), file)).join('\n')).toMatch(/codes and data/);
  });
});
