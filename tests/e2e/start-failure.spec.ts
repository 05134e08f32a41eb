/**
 * A single file cut short (a truncated download) loses the chunk blocks at its end, which the start
 * needs (vite.config.ts singleFileChunks: the start script comes before the blocks, so it still
 * runs). The page must say so in both languages, from text in the start itself (the catalogs may
 * be what is missing), never stay blank (issue 15 item 3 review).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { START_FAILURE } from '../../src/i18n/start-failure.ts';
import { SINGLE_FILE_URL } from '../../playwright.config.ts';
import { expect, test } from './fixtures.ts';

const shipped = (): string => readFileSync(resolve(import.meta.dirname, '../../dist/index.html'), 'utf8');

test('a single file cut short at 95% says in ja and en that it is incomplete, instead of a blank page', async ({ page, guard }) => {
  const html = shipped();
  const cut = html.slice(0, Math.floor(html.length * 0.95));
  await page.route(SINGLE_FILE_URL, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: cut }));
  await page.goto('/');
  const alert = page.locator('#app').getByRole('alert');
  await expect(alert).toContainText(START_FAILURE.ja);
  await expect(alert).toContainText(START_FAILURE.en);
  const taken = guard.takeRecords();
  expect(taken.pageErrors).toEqual([]);
  expect(taken.externalRequests).toEqual([]);
  expect(taken.dialogs).toEqual([]);
});
