import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests beside the code, and interop tests that run the real tools
// (openssl, pk12util, certtool). Both run in Node 20; the browser is covered by tests/e2e.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'interop',
          include: ['tests/interop/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
