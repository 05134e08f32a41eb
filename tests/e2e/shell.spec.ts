/**
 * The app shell in the built page: every screen in both languages (axe, screenshots), the
 * language choice remembered, file:// and offline runs, the guard itself, hostile file input.
 */
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { DIST_FILE_URL, expect, expectNoKeyMaterial, expectNoSeriousA11y, goOffline, gotoFile, openFlow, RUN_MODES, saveScreenshot, test } from './fixtures.ts';
import { HOSTED_URL } from '../../playwright.config.ts';
import type { Page } from '@playwright/test';

const catalogs = { ja, en } as const;
type Lang = keyof typeof catalogs;
const flowIds = Object.keys(ja).flatMap((k) => /^flow\.(.+)\.title$/.exec(k)?.[1] ?? []);

async function chooseLang(page: Page, lang: Lang): Promise<void> {
  await page.getByRole('banner').getByRole('combobox').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

test('the navigation lists exactly the flows of the catalogs, in a nav landmark', async ({ page }) => {
  await page.goto('/');
  await chooseLang(page, 'ja');
  const nav = page.getByRole('navigation', { name: ja['nav.label'] });
  const hrefs = await nav.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(hrefs).toEqual(flowIds.map((id) => `#/${id}`));
  expect(flowIds).toContain('private-ca');
});

for (const lang of ['ja', 'en'] as const) {
  test(`every screen renders in ${lang}, accessible, with a screenshot`, async ({ page }) => {
    const text = catalogs[lang];
    await page.goto('/');
    await chooseLang(page, lang);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(text['app.title']);
    for (const id of flowIds) {
      const key = `flow.${id}.title` as keyof typeof ja;
      await page.getByRole('navigation').getByRole('link', { name: text[key], exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`#/${id}$`));
      const main = page.getByRole('main');
      await expect(main.getByRole('heading', { level: 2 })).toHaveText(text[key]);
      await expect(main.getByText(text[`flow.${id}.intro` as keyof typeof ja])).toBeVisible();
      await expect(page.getByRole('link', { name: text[key], exact: true })).toHaveAttribute('aria-current', 'page');
      await expectNoSeriousA11y(page);
      await saveScreenshot(page, id, lang);
    }
  });
}

test('a route in the URL opens its screen directly; an unknown route shows the first screen', async ({ page }) => {
  await page.goto('/#/private-ca');
  await chooseLang(page, 'en');
  await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText(en['flow.private-ca.title']);
  await page.goto('/#/no-such-flow');
  await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText(en['flow.current.title']);
});

test('the skip link is the first tab stop and moves focus to the main content', async ({ page }) => {
  await page.goto('/#/tls-modes');
  await chooseLang(page, 'en');
  await page.reload(); // focus starts at the top of a fresh page
  // The page mounts in turns after the load event (src/main.ts): wait for the first screen.
  await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: en['app.skipToContent'] });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  await expect(page).toHaveURL(/#\/tls-modes$/);
});

test('the language follows the browser, and a choice is remembered across reloads', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  try {
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(en['app.title']);
    await chooseLang(page, 'ja');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ja['app.title']);
    const stored = await page.evaluate(() => Object.keys(localStorage));
    expect(stored).toEqual(['xmail-tls.lang']);
  } finally {
    await context.close();
  }
});

test('the single file works from file:// with the network cut, IndexedDB included', async ({ page, context }) => {
  await goOffline(context);
  await gotoFile(page, 'manage');
  expect(page.url()).toBe(`${DIST_FILE_URL}#/manage`);
  await chooseLang(page, 'en');
  await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText(en['flow.manage.title']);
  await page.getByRole('link', { name: en['flow.private-ca.title'], exact: true }).click();
  await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText(en['flow.private-ca.title']);
  const stored = await page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('e2e-probe', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('s');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const tx = open.result.transaction('s', 'readwrite');
          tx.objectStore('s').put('kept', 'k');
          tx.oncomplete = () => {
            const get = open.result.transaction('s').objectStore('s').get('k');
            get.onsuccess = () => {
              open.result.close();
              indexedDB.deleteDatabase('e2e-probe');
              resolve(String(get.result));
            };
          };
        };
      }),
  );
  expect(stored).toBe('kept');
  await expectNoSeriousA11y(page);
});

for (const mode of RUN_MODES) {
  test(`openFlow opens a screen directly (${mode})`, async ({ page }) => {
    await openFlow(page, mode, 'private-ca');
    await chooseLang(page, 'en');
    await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText(en['flow.private-ca.title']);
    expect(page.url().startsWith(mode === 'served' ? 'http://127.0.0.1' : 'file://')).toBe(true);
  });
}

test('the single file carries a CSP with hashed script and style and no network source', async ({ page }) => {
  await gotoFile(page);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toMatch(/(^|; )default-src 'none'(;|$)/);
  expect(policy).toMatch(/(^|; )connect-src 'none'(;|$)/);
  // One hash per <script>: the start and each chunk run on first use (vite.config.ts singleFileChunks).
  expect(policy).toMatch(/(^|; )script-src( 'sha256-[A-Za-z0-9+/=]+')+(;|$)/);
  for (const d of ['object-src', 'base-uri', 'form-action']) expect(policy).toContain(`${d} 'none'`);
  expect(policy).not.toMatch(/https?:|\*|'unsafe-eval'/);
  expect(await page.locator('script[src], link[rel="stylesheet"], link[href^="http"]').count()).toBe(0);
});

test('the single file inlines its favicon and links no file: no manifest, nothing from public/', async ({ page }) => {
  await gotoFile(page);
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', /^data:image\/svg\+xml,%3csvg%20/);
  // The page's CSP (img-src data:) lets the browser decode it (vite.config.ts svgDataUrl): decode()
  // rejects a URL that is not an image; a square, as its viewBox (0 0 64 64).
  const [width, height] = await page.locator('link[rel="icon"]').evaluate(async (link: HTMLLinkElement) => {
    const image = new Image();
    image.src = link.href;
    await image.decode();
    return [image.naturalWidth, image.naturalHeight];
  });
  expect(width).toBeGreaterThan(0);
  expect(height).toBe(width);
  expect(await page.locator('link[href]:not([href^="data:"])').count()).toBe(0);
});

test('the hosted build links public/\'s favicon and a web app manifest with installable icons, allowed by its CSP', async ({ page }) => {
  await page.goto(HOSTED_URL);
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', './favicon.svg');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("manifest-src 'self'");
  expect(policy).toMatch(/(^|; )img-src 'self' data: blob:(;|$)/);
  // What Chromium itself read from the <link rel="manifest"> (a CSP refusal would show as no manifest).
  const cdp = await page.context().newCDPSession(page);
  const read = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[]; data?: string };
  expect(read.url).toBe(new URL('manifest.webmanifest', HOSTED_URL).href);
  expect(read.errors).toEqual([]);
  const manifest = JSON.parse(read.data ?? '{}') as { name?: string; start_url?: string; display?: string; icons?: Array<{ src: string; sizes: string; type: string }> };
  expect([manifest.name, manifest.start_url, manifest.display]).toEqual(['XMail TLS Workshop', './', 'standalone']);
  // Chromium installs an app with a 192 px and a 512 px icon (web.dev "installable" criteria).
  expect(manifest.icons?.filter((i) => i.type === 'image/png').map((i) => i.sizes).sort()).toEqual(['192x192', '512x512']);
  for (const icon of manifest.icons ?? []) {
    const answer = await page.request.get(new URL(icon.src, read.url).href);
    expect([icon.src, answer.status(), answer.headers()['content-type']]).toEqual([icon.src, 200, icon.type]);
  }
});

test('the hosted build works offline after the first visit (service worker)', async ({ page, context }) => {
  await page.goto(HOSTED_URL + '#/settings');
  await chooseLang(page, 'en');
  // skipWaiting + clientsClaim: the first visit becomes controlled once the precache is filled.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  await goOffline(context);
  await page.reload();
  await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText(en['flow.settings.title']);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await page.getByRole('link', { name: en['flow.client-certs.title'], exact: true }).click();
  await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText(en['flow.client-certs.title']);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("connect-src 'none'");
});

test('the guard catches a request to another origin and a CSP violation (it can fail)', async ({ page, guard }) => {
  await page.goto('/');
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.injected = true';
    document.body.append(s);
  });
  await expect.poll(() => guard.cspViolations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => 'injected' in window)).toBe(false);
  await page.evaluate(() => {
    location.href = 'https://example.invalid/exfiltrate';
  });
  await expect.poll(() => guard.externalRequests.length).toBeGreaterThan(0);
  const taken = guard.takeRecords();
  expect(taken.externalRequests.join('\n')).toContain('https://example.invalid/exfiltrate');
  expect(taken.cspViolations.join('\n')).toMatch(/script-src/);
});

test('the key-material check fails on a PEM key in sessionStorage or the console (it can fail)', async ({ page, guard }) => {
  await page.goto('/');
  await page.evaluate(() => sessionStorage.setItem('leak', '-----BEGIN PRIVATE KEY-----'));
  await expect(expectNoKeyMaterial(page, guard)).rejects.toThrow(/localStorage\/sessionStorage/);
  await page.evaluate(() => sessionStorage.clear());
  await page.evaluate(() => console.log('A'.repeat(200)));
  await expect.poll(() => guard.consoleTexts.length).toBeGreaterThan(0);
  await expect(expectNoKeyMaterial(page, guard)).rejects.toThrow(/console/);
  guard.consoleTexts.length = 0;
});

test('the dark color scheme keeps contrast (axe)', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/#/current');
  await chooseLang(page, 'en');
  await expectNoSeriousA11y(page);
  await saveScreenshot(page, 'current', 'en-dark');
});
