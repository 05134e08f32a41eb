import { defineConfig } from '@playwright/test';

// Debian's Chromium, not Playwright's download (which cannot work on this network).
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * dist/ (the single file) and dist-hosted/ (with the service worker), each on its own 127.0.0.1 port.
 * E2E_PORT moves both (E2E_PORT and E2E_PORT + 1) so two checkouts can run their e2e tests side by side
 * without one reusing the other's server.
 */
const basePort = Number(process.env.E2E_PORT ?? 4173);
export const SINGLE_FILE_URL = `http://127.0.0.1:${basePort}/`;
export const HOSTED_URL = `http://127.0.0.1:${basePort + 1}/`;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 180_000,
  workers: 2,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    baseURL: SINGLE_FILE_URL,
    acceptDownloads: true,
    launchOptions: {
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: [
    {
      command: 'node scripts/serve.mjs',
      url: SINGLE_FILE_URL,
      reuseExistingServer: !process.env.CI,
      env: { PORT: String(basePort), DIST: 'dist' },
    },
    {
      command: 'node scripts/serve.mjs',
      url: HOSTED_URL,
      reuseExistingServer: !process.env.CI,
      env: { PORT: String(basePort + 1), DIST: 'dist-hosted' },
    },
  ],
});
