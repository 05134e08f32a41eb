import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * Scoped CSS classes named `_` + the component's place among the project's .svelte files (sorted
 * paths, base 36: `_0` ... `_21`) instead of Svelte's `svelte-` + 7 hash characters: the class is
 * written into the markup of every scoped element and the CSS selector (about 1,000 times in
 * dist/index.html; issue 15 page size). A place is unique by construction, so no two components
 * share styles, and no class we write starts with `_` (tests/lint/css-scope-names.test.ts), so a
 * place never names an author's class either (with `s`, IssueResult's place was CertList's `sr`).
 * A component not under src/ keeps a 4-character hash (see cssHash).
 */
const SRC = fileURLToPath(new URL('./src/', import.meta.url));
const components = readdirSync(SRC, { recursive: true })
  .filter((f) => f.endsWith('.svelte'))
  .map((f) => resolve(SRC, f))
  .sort();
const owners = new Map();
function cssHash({ hash, css, filename }) {
  const place = filename === undefined ? -1 : components.indexOf(resolve(filename));
  if (place >= 0) return `_${place.toString(36)}`;
  // Not a file of src/ (svelte-check compiles a component under a stand-in name): Svelte's own hash,
  // `_` + 4 characters, so never a place's 1-2; two that collide fail instead of sharing styles.
  const key = filename ?? css;
  const name = `_${hash(key).slice(0, 4)}`;
  const owner = owners.get(name);
  if (owner !== undefined && owner !== key) throw new Error(`svelte cssHash: ${filename} and ${owner} both hash to ${name}`);
  owners.set(name, key);
  return name;
}

/**
 * Every component in runes mode (issue 15 page size): the few without a rune (no props, no state)
 * otherwise compile in legacy mode and bring Svelte's legacy runtime (`$.init`, legacy props) into
 * the page; legacy syntax (`export let`, `$:`) now fails the build instead.
 * discloseVersion off (issue 15 page size): by default every component imports
 * svelte/internal/disclose-version, which adds Svelte's major version to `window.__svelte.v`
 * for browser extensions and dev tools to read; nothing in the page reads it.
 */
export default { preprocess: vitePreprocess(), compilerOptions: { cssHash, runes: true, discloseVersion: false } };
