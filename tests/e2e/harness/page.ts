/**
 * Node side of the engine harness: where the built page is and how a test opens it.
 * file:// needs no server and is allowed by the guard in fixtures.ts; Chromium treats file: as a
 * secure context, so crypto.subtle, IndexedDB and BroadcastChannel are the real ones.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import type { Harness } from './main.ts';

export type { Harness } from './main.ts';
export { HOLD_MARK, type OpenOptions, type StoreAudit } from './api.ts';

/** Written by `npm run build:harness` (tests/e2e/harness/vite.config.ts). */
export const HARNESS_FILE = resolve(import.meta.dirname, '../../../test-results/harness-dist/index.html');
export const HARNESS_URL = pathToFileURL(HARNESS_FILE).href;

/** Opens the harness page and waits until `window.harness` is there. */
export async function openHarness(page: Page): Promise<void> {
  if (!existsSync(HARNESS_FILE)) throw new Error(`${HARNESS_FILE} is missing: run npm run build:harness first`);
  await page.goto(HARNESS_URL);
  await page.waitForFunction(() => (window as { harness?: Harness }).harness !== undefined, undefined, { timeout: 30_000 });
}
