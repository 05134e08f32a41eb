/**
 * Issue 12 item 3 in Chromium, two pages of one browser context (two tabs):
 *  - the engine (harness page): tab A changes the passphrase; tab B, unlocked before and deaf to
 *    other tabs, creates a CA: refused with VAULT_CHANGED, nothing written, every stored key opens
 *    with the new passphrase, B is locked; a tab that hears others locks on A's "lock now";
 *  - the page: a passphrase change in settings of tab A locks tab B with a notice saying why, and
 *    "Lock now" in A locks B too.
 */
import type { Page } from '@playwright/test';
import { en } from '../../src/i18n/en.ts';
import { expect, openFlow, test } from './fixtures.ts';
import { openHarness } from './harness/page.ts';
import { chooseLang, createVault } from './ui-steps.ts';

const PASSPHRASE = 'harness vault passphrase 2024';
const NEXT = 'the next vault passphrase 2026';
const DB = 'xmail-tls-harness-tabs';
const ITERATIONS = 10_000;

async function openTab(page: Page, options: { hearOtherTabs?: boolean; unlock?: string } = {}): Promise<void> {
  await openHarness(page);
  await page.evaluate(
    async ({ db, iterations, hearOtherTabs, unlock }) => {
      const h = window.harness;
      await h.open({ name: db, iterations, hearOtherTabs });
      if (unlock) await h.get(db).vault.unlock(unlock);
    },
    { db: DB, iterations: ITERATIONS, hearOtherTabs: options.hearOtherTabs, unlock: options.unlock },
  );
}

test('two tabs: a key is never sealed under a passphrase another tab retired; lock now locks every tab', async ({ context, page }) => {
  test.setTimeout(120_000);
  const a = page;
  await openTab(a);
  await a.evaluate(
    async ({ db, passphrase }) => {
      const h = window.harness;
      const s = h.get(db);
      await s.vault.initialize(passphrase);
      await h.store.createCa(s, { name: 'A CA', purpose: 'server', subject: [{ type: 'CN', value: 'Tab A CA' }], keySpec: { kind: 'EC', curve: 'P-256' } });
    },
    { db: DB, passphrase: PASSPHRASE },
  );
  const b = await context.newPage();
  await openTab(b, { hearOtherTabs: false, unlock: PASSPHRASE });

  await a.evaluate(({ db, from, to }) => window.harness.get(db).vault.changePassphrase(from, to), { db: DB, from: PASSPHRASE, to: NEXT });
  const refused = await b.evaluate(async (db) => {
    const h = window.harness;
    const s = h.get(db);
    const code = await h.errorCodeOf(() =>
      h.store.createCa(s, { name: 'B CA', purpose: 'server', subject: [{ type: 'CN', value: 'Tab B CA' }], keySpec: { kind: 'EC', curve: 'P-256' } }),
    );
    return { code, unlocked: s.vault.isUnlocked, cas: (await h.store.listCas(s.db)).length };
  }, DB);
  expect(refused).toEqual({ code: 'VAULT_CHANGED', unlocked: false, cas: 1 });
  const opened = await a.evaluate(async ({ db, next }) => {
    const h = window.harness;
    const keys = await h.get(db).db.getAll('keys');
    const results = await Promise.all(keys.map((k) => h.pki.decryptPrivateKey(k.encryptedPkcs8, next).then(() => true, () => false)));
    return results;
  }, { db: DB, next: NEXT });
  expect(opened).toEqual([true]);

  // A tab that hears the others: "lock now" in A locks it.
  const c = await context.newPage();
  await openTab(c, { unlock: NEXT });
  expect(await c.evaluate((db) => window.harness.get(db).vault.isUnlocked, DB)).toBe(true);
  await a.evaluate((db) => window.harness.get(db).vault.lock(), DB);
  await expect.poll(() => c.evaluate((db) => window.harness.get(db).vault.isUnlocked, DB), { timeout: 10_000 }).toBe(false);
});

const text = en;

async function unlockGate(page: Page, passphrase: string): Promise<void> {
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { name: text['vault.unlock.title'] })).toBeVisible({ timeout: 30_000 });
  await main.locator('#vault-pass').fill(passphrase);
  await main.getByRole('button', { name: text['vault.unlock.submit'] }).click();
  await expect(main.getByText(text['vault.unlocked'])).toBeVisible({ timeout: 60_000 });
}

test('two tabs of the page: a passphrase change or lock now in one tab locks the other, which says why', async ({ context, page }) => {
  test.setTimeout(240_000);
  const a = page;
  await openFlow(a, 'served', 'ca-for-clients');
  await chooseLang(a, 'en');
  await createVault(a, text, PASSPHRASE);

  const b = await context.newPage();
  await openFlow(b, 'served', 'ca-for-clients');
  await chooseLang(b, 'en');
  await unlockGate(b, PASSPHRASE);

  // Same page, vault still open: the navigation link, not a reload.
  await a.getByRole('navigation').getByRole('link', { name: text['flow.settings.title'], exact: true }).click();
  const mainA = a.getByRole('main');
  const section = mainA.getByRole('region', { name: text['settings.vault.title'] });
  await section.getByLabel(text['settings.vault.pass.current']).fill(PASSPHRASE);
  await section.locator('#settings-pass-next').fill(NEXT);
  await section.getByLabel(text['settings.vault.pass.repeat']).fill(NEXT);
  await section.getByLabel(text['settings.vault.pass.check']).check();
  await section.getByRole('button', { name: text['settings.vault.pass.submit'] }).click();

  const mainB = b.getByRole('main');
  await expect(mainB.getByText(text['vault.lockedVaultChanged'])).toBeVisible({ timeout: 60_000 });
  await unlockGate(b, NEXT);

  await expect(section.getByRole('button', { name: text['settings.vault.lockNow'] })).toBeVisible({ timeout: 30_000 });
  await section.getByRole('button', { name: text['settings.vault.lockNow'] }).click();
  await expect(mainB.getByText(text['vault.lockedOtherTab'])).toBeVisible({ timeout: 30_000 });
});
