/**
 * Two tabs of one browser context across a version of the page (IndexedDB 3.0 section 5.1 "open a
 * database"; src/lib/store/db.ts StoreDb.open). The other tab is simulated on the page's origin
 * with raw IndexedDB, as an older or newer build would hold the database:
 *  - an old tab (the first release, schema 1, which ignores versionchange like every page before
 *    the blocked/blocking handlers) blocks the page's upgrade: the page says to close that tab and
 *    waits; once the administrator closes it, the page goes on by itself (migrated from schema 1,
 *    nothing to reload, nothing typed lost) and the vault can be created;
 *  - a newer build opens the database at DB_VERSION + 1: the page, unlocked, lets go at once, says a
 *    newer version was opened and offers a reload instead of an unlock form; the newer tab reads
 *    the vault the page wrote (nothing lost, nothing half-written);
 *  - a page older than the database (a newer build upgraded it; a saved copy of an older build):
 *    IndexedDB refuses the open (VersionError), the page says to open the newer page and offers no
 *    "try again" (it could never work).
 */
import type { Page } from '@playwright/test';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { DB_NAME, DB_VERSION } from '../../src/lib/store/schema.ts';
import { expect, openFlow, test } from './fixtures.ts';
import { chooseLang, createVault } from './ui-steps.ts';

const PASSPHRASE = 'upgrade tabs vault passphrase 2026';
/** A page of the app's origin that runs none of its code (the server answers 404): IndexedDB is per origin. */
const BARE = '/__other-tab__';

declare global {
  interface Window {
    otherTab?: IDBDatabase;
  }
}

/** The other tab's connection, kept on its window, with no versionchange handler (a page before the handlers). */
async function holdDatabase(page: Page, version: number, firstRelease: boolean): Promise<number> {
  await page.goto(BARE);
  return page.evaluate(
    ({ name, version, firstRelease }) =>
      new Promise<number>((resolve, reject) => {
        const request = indexedDB.open(name, version);
        request.onupgradeneeded = () => {
          if (!firstRelease) return;
          // db.ts MIGRATIONS[0], the first release's stores.
          const db = request.result;
          db.createObjectStore('meta', { keyPath: 'id' });
          db.createObjectStore('cas', { keyPath: 'id' });
          db.createObjectStore('certificates', { keyPath: 'id' }).createIndex('caId', 'caId');
          db.createObjectStore('keys', { keyPath: 'id' });
        };
        request.onsuccess = () => {
          window.otherTab = request.result;
          resolve(request.result.version);
        };
        request.onerror = () => reject(request.error);
      }),
    { name: DB_NAME, version, firstRelease },
  );
}

for (const [lang, text] of [['ja', ja], ['en', en]] as const) {
  test(`${lang}: an old tab blocks the page's upgrade: the page says to close it, then goes on by itself`, async ({ context, page }) => {
    test.setTimeout(120_000);
    const old = page;
    expect(await holdDatabase(old, 1, true)).toBe(1);

    const b = await context.newPage();
    await openFlow(b, 'served', 'ca-for-clients');
    await chooseLang(b, lang);
    const main = b.getByRole('main');
    await expect(main.getByText(text['vault.blocked'])).toBeVisible({ timeout: 30_000 });
    await expect(main.getByText(text['vault.waitingForOtherTab'])).toBeVisible();
    await expect(main.getByLabel(text['vault.create.label'])).toHaveCount(0);

    // The administrator closes the old tab: no reload of this one.
    await old.close();
    await expect(main.getByText(text['vault.blocked'])).toHaveCount(0, { timeout: 30_000 });
    await createVault(b, text, PASSPHRASE);
    const versions = await b.evaluate(async () => (await indexedDB.databases()).map((d) => [d.name, d.version]));
    expect(versions).toContainEqual([DB_NAME, DB_VERSION]);
  });

  test(`${lang}: a newer version in another tab takes the database: the page says so and offers a reload, the vault intact`, async ({ context, page }) => {
    test.setTimeout(120_000);
    const a = page;
    await openFlow(a, 'served', 'ca-for-clients');
    await chooseLang(a, lang);
    await createVault(a, text, PASSPHRASE);

    const newer = await context.newPage();
    expect(await holdDatabase(newer, DB_VERSION + 1, false)).toBe(DB_VERSION + 1);
    const mainA = a.getByRole('main');
    await expect(mainA.getByText(text['vault.lockedClosedForUpgrade'])).toBeVisible({ timeout: 30_000 });
    await expect(mainA.getByRole('button', { name: text['vault.reload'] })).toBeVisible();
    await expect(mainA.locator('#vault-pass')).toHaveCount(0);

    // Nothing lost, nothing half-written: the newer tab reads the vault record the page wrote, marked as a new vault is.
    const vault = await newer.evaluate(
      () =>
        new Promise<{ rev: unknown; keySeal: unknown } | null>((resolve, reject) => {
          const get = window.otherTab!.transaction('meta').objectStore('meta').get('vault');
          get.onsuccess = () => resolve(get.result ? { rev: get.result.rev, keySeal: get.result.keySeal } : null);
          get.onerror = () => reject(get.error);
        }),
    );
    expect(vault).toEqual({ rev: 1, keySeal: 2 });
  });

  test(`${lang}: a page older than the database (a newer build upgraded it): it says to open the newer page, with no retry`, async ({ context, page }) => {
    test.setTimeout(120_000);
    const newer = page;
    expect(await holdDatabase(newer, DB_VERSION + 1, false)).toBe(DB_VERSION + 1);
    await newer.evaluate(() => window.otherTab!.close());

    const b = await context.newPage();
    await openFlow(b, 'served', 'ca-for-clients');
    await chooseLang(b, lang);
    const main = b.getByRole('main');
    await expect(main.getByText(text['error.store.DB_NEWER_VERSION'])).toBeVisible({ timeout: 30_000 });
    await expect(main.getByRole('button', { name: text['vault.retry'] })).toHaveCount(0);
    await expect(main.getByText(text['error.store.DB_UNAVAILABLE'])).toHaveCount(0);
    const versions = await b.evaluate(async () => (await indexedDB.databases()).map((d) => [d.name, d.version]));
    expect(versions).toContainEqual([DB_NAME, DB_VERSION + 1]);
  });
}
