/**
 * Issue 13 item 5: no module-level UI state. App.svelte creates the app, vault, settings and
 * environment states and shares them through Svelte context (src/ui/state/context.ts); state
 * classes receive them through their constructor and tests build their own, so nothing global is
 * patched. An exported instance (`export const app = new AppState()`) would bring the singleton
 * back. eslint.config.js refuses one in src/ui/**\/*.ts, and refuses the templates' `t` in state
 * classes and helpers (they take the language from the AppState they are given). This test proves
 * both rules fire on snippets, and that no module under src/ui exports a state instance today.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppState } from '../../src/ui/state/app.svelte.ts';
import { EnvironmentState } from '../../src/ui/state/environment.svelte.ts';
import { SettingsState } from '../../src/ui/state/settings.svelte.ts';
import { VaultState } from '../../src/ui/state/vault.svelte.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function messages(code: string, filePath: string, rule: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === rule).map((m) => m.message);
}

const FILES = ['src/ui/state/probe.svelte.ts', 'src/ui/flows/probe/probe.svelte.ts', 'src/ui/components/probe.ts'];

describe('eslint: no module-level instance in src/ui', () => {
  it.each([
    ['an exported instance', "import { AppState } from './app.svelte.ts';\nexport const app = new AppState();"],
    ['an exported default instance', 'class S { n = 1; }\nexport default new S();'],
    ['exported rune state', 'export const shared = $state({ lang: "ja" });'],
    ['exported raw rune state', 'export const shared = $state.raw({ lang: "ja" });'],
    ['an exported let', 'export let lang = "ja";\nlang = "en";'],
  ])('refuses %s', async (_name, code) => {
    expect.hasAssertions();
    for (const file of FILES) {
      const hits = await messages(code, file, 'no-restricted-syntax');
      expect(hits.length, `${file}: ${code}`).toBeGreaterThan(0);
      expect(hits.join('\n')).toMatch(/src\/ui\/state\/context\.ts/);
    }
  });

  it.each([
    ['a class', 'export class S { n = $state(1); }'],
    ['a function', 'export function make(): number { return 1; }'],
    ['a table of constants', "export const KEYS = ['rsa-2048', 'ec-p-256'] as const;\nexport const LIMIT = 20;"],
    ['an instance inside a class', 'class A { n = 1; }\nexport class B { readonly a = new A(); }'],
  ])('allows %s', async (_name, code) => {
    expect.hasAssertions();
    expect(await messages(code, 'src/ui/flows/probe/probe.svelte.ts', 'no-restricted-syntax')).toEqual([]);
  });
});

describe('eslint: the templates translator `t` stays in components', () => {
  it.each([
    ['a flow state', 'src/ui/flows/probe/probe.svelte.ts', "import { t } from '../../state/app.svelte.ts';\nexport const title = (): string => t('app.title');"],
    ['a helper', 'src/ui/i18n/probe.ts', "import { t } from '../state/app.svelte.ts';\nexport const title = (): string => t('app.title');"],
  ])('refuses it in %s', async (_name, file, code) => {
    expect.hasAssertions();
    expect((await messages(code, file, 'no-restricted-imports')).join('\n')).toMatch(/AppState/);
  });

  it('allows it in a component', async () => {
    expect.hasAssertions();
    const code = "<script lang=\"ts\">\n  import { t } from '../state/app.svelte.ts';\n</script>\n\n<p>{t('app.title')}</p>\n";
    expect(await messages(code, 'src/ui/components/Probe.svelte', 'no-restricted-imports')).toEqual([]);
  });
});

describe('no state instance exported from src/ui', () => {
  const modules = import.meta.glob<Record<string, unknown>>(['../../src/ui/**/*.ts', '!../../src/ui/**/*.test.ts', '!../../src/ui/flows/registry.ts'], { eager: true });
  const STATE_CLASSES = [AppState, VaultState, SettingsState, EnvironmentState];

  it('every module under src/ui exports classes, functions and constants, never a state instance', () => {
    expect.hasAssertions();
    expect(Object.keys(modules).length).toBeGreaterThan(20);
    const instances = Object.entries(modules).flatMap(([path, exports]) =>
      Object.entries(exports)
        .filter(([, value]) => STATE_CLASSES.some((c) => value instanceof c))
        .map(([name]) => `${path}: ${name}`),
    );
    expect(instances).toEqual([]);
  });
});
