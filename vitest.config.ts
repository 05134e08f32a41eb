import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Two projects: fast unit tests beside the code, and interop tests that run the real tools
// (openssl, pk12util, certtool). Both run in Node 20; the browser is covered by tests/e2e.
export default defineConfig({
  // The Svelte plugin compiles runes in *.svelte.ts, so UI state classes can be unit-tested in Node.
  plugins: [svelte()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'tests/lint/**/*.test.ts'],
          environment: 'node',
          // A test that asserts nothing cannot fail (issue 13 item 7): every unit test must assert.
          expect: { requireAssertions: true },
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'interop',
          include: ['tests/interop/**/*.test.ts'],
          environment: 'node',
          // Here too: a real-tool check that asserts nothing passes whatever the tool said.
          expect: { requireAssertions: true },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
