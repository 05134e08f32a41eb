import { defineConfig } from '@playwright/test';

// Debian's Chromium, not Playwright's download (which cannot work on this network).
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** dist/ (the single file) and dist-hosted/ (with the service worker), each on its own 127.0.0.1 port. */
export const SINGLE_FILE_URL = 'http://127.0.0.1:4173/';
export const HOSTED_URL = 'http://127.0.0.1:4174/';

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
      env: { PORT: '4173', DIST: 'dist' },
    },
    {
      command: 'node scripts/serve.mjs',
      url: HOSTED_URL,
      reuseExistingServer: !process.env.CI,
      env: { PORT: '4174', DIST: 'dist-hosted' },
    },
  ],
});
