/**
 * Screens whose code is required on first use (issue 15 item 3: page start). In the single file
 * the screens other than the first are the `views` chunk, a block parsed when one of them is first
 * shown (vite.config.ts uiChunk, singleFileChunks). The first screen needs no such block; a screen
 * whose block is missing, refused by the CSP or does not parse (the file edited) says so in the
 * user's language (PageError VIEW_NOT_LOADED), and the rest of the page keeps working. (A file cut
 * short loses the start's own blocks: tests/e2e/start-failure.spec.ts.)
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { SINGLE_FILE_URL } from '../../playwright.config.ts';
import { expect, test } from './fixtures.ts';

const catalogs = { ja, en } as const;
const shipped = (): string => readFileSync(resolve(import.meta.dirname, '../../dist/index.html'), 'utf8');
const VIEWS_BLOCK = /<script type="text\/x-xmail-chunk" data-chunk="views\.js">([\s\S]*?)<\/script>/;

/** The single file as served, changed by `edit`. */
async function serveEdited(page: Page, edit: (html: string) => string): Promise<void> {
  const html = shipped();
  expect(html).toMatch(VIEWS_BLOCK);
  const edited = edit(html);
  expect(edited).not.toBe(html);
  await page.route(SINGLE_FILE_URL, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: edited }));
}

async function chooseLang(page: Page, lang: 'ja' | 'en'): Promise<void> {
  await page.getByRole('banner').getByRole('combobox').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The views block's code edited, and the CSP's hash of it replaced with the edited code's: the browser runs it. */
function editViewsAllowed(html: string, edit: (code: string) => string): string {
  const code = VIEWS_BLOCK.exec(html)![1]!;
  const edited = edit(code);
  expect(html).toContain(hash(code));
  return html.replace(hash(code), hash(edited)).replace(VIEWS_BLOCK, (block) => block.replace(code, () => edited));
}

const BROKEN = [
  { what: 'missing (the block deleted)', edit: (html: string) => html.replace(VIEWS_BLOCK, ''), csp: false },
  // One byte changed: its SHA-256 is no longer one the CSP lists, so the browser refuses to run it.
  { what: 'refused by the CSP (the block edited)', edit: (html: string) => html.replace(VIEWS_BLOCK, (block) => block.replace('"use strict";', '"use strict";;')), csp: true },
  // Allowed by the CSP but not JavaScript: its SyntaxError is the screen's failure, not an uncaught page error.
  { what: 'not parsing (the block edited, its hash too)', edit: (html: string) => editViewsAllowed(html, (code) => code.replace('"use strict";', '"use strict";}{')), csp: false },
] as const;

for (const broken of BROKEN) {
  test(`a screen whose chunk is ${broken.what} shows a coded error in ja and en; the first screen and the nav still work`, async ({ page, guard }) => {
    await serveEdited(page, broken.edit);
    await page.goto('/');
    await chooseLang(page, 'ja');
    const main = page.getByRole('main');
    // The first screen never needs the views chunk.
    await expect(main.getByRole('heading', { level: 2 })).toHaveText(ja['flow.current.title']);
    await expect(main.getByText(ja['flow.current.intro'])).toBeVisible();
    for (const lang of ['ja', 'en'] as const) {
      const text = catalogs[lang];
      await chooseLang(page, lang);
      await page.getByRole('navigation').getByRole('link', { name: text['flow.manage.title'], exact: true }).click();
      await expect(main.getByRole('heading', { level: 2 })).toHaveText(text['flow.manage.title']);
      await expect(main.getByRole('alert')).toContainText(text['error.page.VIEW_NOT_LOADED']);
      await main.getByText(text['error.detail']).click();
      await expect(main.getByText('page/VIEW_NOT_LOADED')).toBeVisible();
      // Back to the first screen: it still works.
      await page.getByRole('navigation').getByRole('link', { name: text['flow.current.title'], exact: true }).click();
      await expect(main.getByRole('heading', { level: 2 })).toHaveText(text['flow.current.title']);
      await expect(main.getByRole('alert')).toHaveCount(0);
    }
    const taken = guard.takeRecords();
    expect(taken.pageErrors).toEqual([]);
    expect(taken.externalRequests).toEqual([]);
    expect(taken.dialogs).toEqual([]);
    if (broken.csp) expect(taken.cspViolations.length).toBeGreaterThan(0);
    else expect(taken.cspViolations).toEqual([]);
  });
}

test('the shipped page opens a screen of the views chunk with no error', async ({ page }) => {
  await page.goto('/#/manage');
  await chooseLang(page, 'en');
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 2 })).toHaveText(en['flow.manage.title']);
  await expect(main.getByText(en['error.page.VIEW_NOT_LOADED'])).toHaveCount(0);
});
