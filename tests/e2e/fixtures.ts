/**
 * The browser-test harness (issue 6). Import `test` and `expect` from here, never from
 * @playwright/test: the auto fixture `guard` watches EVERY test and fails it when
 * - a request leaves the page's origin (anything but 127.0.0.1 test servers, file:, data:, blob:;
 *   such requests are also aborted, so nothing reaches the network even by mistake),
 * - a Content-Security-Policy violation is reported (securitypolicyviolation event or console),
 * - the page throws, or opens a dialog (alert() from injected markup would be one),
 * - localStorage, sessionStorage or console output holds key material.
 * Helpers: file:// and offline runs, download capture, per-flow screenshots, axe checks.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { HOSTED_URL, SINGLE_FILE_URL } from '../../playwright.config.ts';

export { expect };

const ALLOWED_ORIGINS = new Set([new URL(SINGLE_FILE_URL).origin, new URL(HOSTED_URL).origin]);
const CSP_MARK = '[csp-violation]';

/** The built single file, opened from disk. */
export const DIST_FILE_URL = pathToFileURL(resolve(import.meta.dirname, '../../dist/index.html')).href;

export function isAllowedUrl(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'file:' || parsed.protocol === 'data:' || parsed.protocol === 'blob:') return true;
  return ALLOWED_ORIGINS.has(parsed.origin);
}

/** 'PRIVATE KEY' in any PEM label, or a run of base64 long enough to be a key or certificate. */
const KEY_MATERIAL = /PRIVATE KEY|[A-Za-z0-9+/]{120,}={0,2}/;

export function findKeyMaterial(texts: readonly string[]): string[] {
  return texts.filter((t) => KEY_MATERIAL.test(t)).map((t) => t.slice(0, 120));
}

export interface Guard {
  readonly externalRequests: string[];
  readonly cspViolations: string[];
  readonly pageErrors: string[];
  readonly dialogs: string[];
  readonly consoleTexts: string[];
  /** Returns what was recorded so far and forgets it (for tests that provoke a violation on purpose). */
  takeRecords(): { externalRequests: string[]; cspViolations: string[]; pageErrors: string[]; dialogs: string[] };
}

async function storageTexts(page: Page): Promise<string[]> {
  if (page.isClosed()) return [];
  try {
    return await page.evaluate(() => {
      const dump = (s: Storage) => Array.from({ length: s.length }, (_, i) => s.key(i) ?? '').flatMap((k) => [k, s.getItem(k) ?? '']);
      return [...dump(localStorage), ...dump(sessionStorage)];
    });
  } catch {
    return []; // a page on an opaque origin or mid-navigation
  }
}

/** Fails when web storage of the page or the console output so far holds key material. */
export async function expectNoKeyMaterial(page: Page, guard: Guard): Promise<void> {
  expect(findKeyMaterial(await storageTexts(page)), 'key material in localStorage/sessionStorage').toEqual([]);
  expect(findKeyMaterial(guard.consoleTexts), 'key material in console output').toEqual([]);
}

function watch(context: BrowserContext, guard: Guard): void {
  context.on('request', (request) => {
    if (!isAllowedUrl(request.url())) guard.externalRequests.push(`${request.method()} ${request.url()}`);
  });
  context.on('console', (message) => {
    const text = message.text();
    guard.consoleTexts.push(text);
    if (text.startsWith(CSP_MARK) || /Content Security Policy/i.test(text)) guard.cspViolations.push(text);
  });
  context.on('weberror', (error) => guard.pageErrors.push(String(error.error())));
  context.on('dialog', (dialog) => {
    guard.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
}

export const test = base.extend<{ guard: Guard }>({
  guard: [
    async ({ context }, use) => {
      const records = { externalRequests: [] as string[], cspViolations: [] as string[], pageErrors: [] as string[], dialogs: [] as string[] };
      const guard: Guard = {
        get externalRequests() { return records.externalRequests; },
        get cspViolations() { return records.cspViolations; },
        get pageErrors() { return records.pageErrors; },
        get dialogs() { return records.dialogs; },
        consoleTexts: [],
        takeRecords() {
          const taken = { ...records };
          records.externalRequests = [];
          records.cspViolations = [];
          records.pageErrors = [];
          records.dialogs = [];
          return taken;
        },
      };
      await context.addInitScript((mark: string) => {
        document.addEventListener('securitypolicyviolation', (e) => {
          console.error(`${mark} ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
        });
      }, CSP_MARK);
      await context.route('**/*', (route) => (isAllowedUrl(route.request().url()) ? route.fallback() : route.abort('blockedbyclient')));
      watch(context, guard);

      await use(guard);

      for (const page of context.pages()) await expectNoKeyMaterial(page, guard);
      expect(guard.externalRequests, 'requests that left the page origin').toEqual([]);
      expect(guard.cspViolations, 'Content-Security-Policy violations').toEqual([]);
      expect(guard.pageErrors, 'uncaught errors in the page').toEqual([]);
      expect(guard.dialogs, 'dialogs opened by the page').toEqual([]);
    },
    { auto: true },
  ],
});

/** Opens the built single file from disk (file://), optionally at a route ('private-ca'). */
export async function gotoFile(page: Page, route = ''): Promise<void> {
  await page.goto(route ? `${DIST_FILE_URL}#/${route}` : DIST_FILE_URL);
}

/** Cuts the network for the whole context (Playwright's offline emulation). */
export async function goOffline(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
}

/**
 * The ways a flow test must pass (issue 6: "every flow also runs with the network cut and from
 * file://"). Write a flow test once and loop: `for (const mode of RUN_MODES) test(`... (${mode})`, ...)`.
 */
export const RUN_MODES = ['served', 'file-offline'] as const;
export type RunMode = (typeof RUN_MODES)[number];

/** Opens the page at a route: from the test server, or from disk with the network already cut. */
export async function openFlow(page: Page, mode: RunMode, route: string): Promise<void> {
  if (mode === 'served') {
    await page.goto(`/#/${route}`);
  } else {
    await goOffline(page.context());
    await gotoFile(page, route);
  }
}

/**
 * Moves the open page to another screen (a hash change in the same document, so an unlocked vault
 * stays unlocked): the same call for a served page and a file:// one.
 */
export async function gotoRoute(page: Page, route: string): Promise<void> {
  const url = new URL(page.url());
  url.hash = `#/${route}`;
  await page.goto(url.href);
}

/** The flow-test matrix: served in both languages, file-offline in one (the page is the same file). */
export const MODE_LANGS = [
  { mode: 'served', lang: 'ja' },
  { mode: 'served', lang: 'en' },
  { mode: 'file-offline', lang: 'en' },
] as const satisfies ReadonlyArray<{ mode: RunMode; lang: 'ja' | 'en' }>;

export interface CapturedDownload {
  readonly name: string;
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Runs `trigger` (a click), waits for the download, saves it under the test's output dir. */
export async function captureDownload(page: Page, trigger: () => Promise<void>): Promise<CapturedDownload> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), trigger()]);
  const name = download.suggestedFilename();
  const path = test.info().outputPath('downloads', name);
  await download.saveAs(path);
  return { name, path, bytes: new Uint8Array(await readFile(path)) };
}

/** test-results/screenshots/<flow>-<lang>.png, the full page. */
export async function saveScreenshot(page: Page, flow: string, lang: string): Promise<string> {
  const path = resolve(import.meta.dirname, '../../test-results/screenshots', `${flow}-${lang}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Fails on axe-core violations of serious or critical impact (WCAG 2.x A/AA rules). */
export async function expectNoSeriousA11y(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, 'serious/critical accessibility violations').toEqual([]);
}
