import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

// Debian's Chromium, not Playwright's download (which cannot work on this network).
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Two free 127.0.0.1 ports, asked of the OS (listen on port 0) by a child process, because this file
 * is evaluated synchronously. A port could be taken between this and the server's start; the
 * server then fails to start and the run says so, it never reaches another checkout's server.
 */
function freePorts(): [number, number] {
  const script = `const net = require('node:net');
const a = net.createServer().listen(0, '127.0.0.1', () => { const b = net.createServer().listen(0, '127.0.0.1', () => {
  process.stdout.write(a.address().port + ' ' + b.address().port); a.close(); b.close(); }); });`;
  const [single, hosted] = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).split(' ').map(Number);
  return [single!, hosted!];
}

/**
 * dist/ (the single file) and dist-hosted/ (with the service worker), each on its own 127.0.0.1 port.
 * E2E_PORT fixes them (E2E_PORT and E2E_PORT + 1); without it, two free ports are found at startup
 * (no fixed port, so checkouts never meet on one). The runner evaluates this file again in every
 * worker: the ports found are handed down in the environment, so all of them use the same two.
 */
if (!process.env.E2E_PORT && !process.env.E2E_PORTS) process.env.E2E_PORTS = freePorts().join(' ');
const [singlePort, hostedPort] = process.env.E2E_PORT
  ? [Number(process.env.E2E_PORT), Number(process.env.E2E_PORT) + 1]
  : process.env.E2E_PORTS!.split(' ').map(Number);
export const SINGLE_FILE_URL = `http://127.0.0.1:${singlePort}/`;
export const HOSTED_URL = `http://127.0.0.1:${hostedPort}/`;

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
      env: { PORT: String(singlePort), DIST: 'dist' },
    },
    {
      command: 'node scripts/serve.mjs',
      url: HOSTED_URL,
      reuseExistingServer: !process.env.CI,
      env: { PORT: String(hostedPort), DIST: 'dist-hosted' },
    },
  ],
});
