/**
 * UI steps the flow specs share: pick the page's language in the banner, create the vault.
 * (Flow-specific drivers live beside their specs, e.g. private-ca-driver.ts.)
 */
import type { Page } from '@playwright/test';
import type { ja } from '../../src/i18n/ja.ts';
import { expect } from './fixtures.ts';

export type Text = Readonly<Record<keyof typeof ja, string>>;

// Not 'correct horse battery staple': that one is on every leaked list, and the vault refuses it (issue 12 item 7).
export const VAULT_PASSPHRASE = 'kamogawa river walk at dawn 7';

/** The banner's language switch (flows have selects of their own), then waits for <html lang>. */
export async function chooseLang(page: Page, lang: 'ja' | 'en'): Promise<void> {
  await page.getByRole('banner').getByRole('combobox').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** First use of a vault-backed flow: choose the passphrase and wait until the vault is unlocked. */
export async function createVault(page: Page, text: Text, passphrase = VAULT_PASSPHRASE): Promise<void> {
  const main = page.getByRole('main');
  await main.getByLabel(text['vault.create.label']).fill(passphrase);
  await main.getByLabel(text['vault.create.confirm']).fill(passphrase);
  await main.getByRole('button', { name: text['vault.create.submit'] }).click();
  await expect(main.getByText(text['vault.unlocked'])).toBeVisible({ timeout: 30_000 });
}
