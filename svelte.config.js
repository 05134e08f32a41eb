import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * Scoped CSS classes named `s` + 4 base-36 characters of the component file's hash instead of
 * Svelte's `svelte-` + 7: the class is written into the markup of every scoped element and the
 * CSS selector (about 1,000 times in dist/index.html; issue 15 page size). Two components
 * whose short names collide fail the build instead of sharing styles.
 */
const owners = new Map();
function cssHash({ hash, css, filename }) {
  const key = filename ?? css;
  const name = `s${hash(key).slice(0, 4)}`;
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
