/**
 * TEST-ONLY build of the engine harness: one self-contained HTML file (vite-plugin-singlefile, as
 * the shipped dist/index.html) that Playwright opens from disk (file://), so the tests need no
 * third server and the guard in fixtures.ts allows it as it is. Written to
 * test-results/harness-dist/ (gitignored), never to dist/: the shipped page must not contain it.
 * `npm run build:harness`.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';

export const HARNESS_OUT_DIR = resolve(import.meta.dirname, '../../../test-results/harness-dist');

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [viteSingleFile()],
  build: { target: 'es2022', outDir: HARNESS_OUT_DIR, emptyOutDir: true, modulePreload: { polyfill: false } },
});
