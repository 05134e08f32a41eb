/**
 * Phones and narrow windows (issue 17 item 5): every screen at 390x844 and 360x740, in ja and en,
 * has no horizontal scroll (`scrollWidth <= innerWidth`); the elements that stick out are named
 * when it fails. Screenshots of each screen at 390 px go to test-results/screenshots (phone-*).
 */
import type { Page } from '@playwright/test';
import { en } from '../../src/ui/i18n/en.ts';
import { ja } from '../../src/ui/i18n/ja.ts';
import { expect, saveScreenshot, test } from './fixtures.ts';

/** The screens of src/ui/flows/registry.ts (which imports Svelte components, so it is not loaded here). */
const SCREENS = ['current', 'public-ca', 'own-certificate', 'self-signed', 'private-ca', 'ca-for-clients', 'client-certs', 'manage', 'tls-modes', 'settings'] as const;

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 360, height: 740 },
] as const;

/** What is wider than the window: the page's scroll width and the elements past the right edge. */
async function overflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; wide: string[] }> {
  return page.evaluate(() => {
    const innerWidth = window.innerWidth;
    const wide: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      const parent = el.parentElement?.getBoundingClientRect();
      // Name the innermost culprits: skip an element whose child is just as far out.
      const child = [...el.children].some((c) => c.getBoundingClientRect().right >= r.right - 0.5);
      if (r.width > 0 && r.right > innerWidth + 0.5 && !child && wide.length < 8 && parent) wide.push(`${el.tagName.toLowerCase()}#${el.id}.${[...el.classList].join('.')} right=${Math.round(r.right)}`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, wide };
  });
}

for (const lang of ['ja', 'en'] as const) {
  for (const viewport of VIEWPORTS) {
    test(`every screen at ${viewport.width}x${viewport.height} (${lang}) has no horizontal scroll`, async ({ page }) => {
      const text = lang === 'ja' ? ja : en;
      await page.setViewportSize(viewport);
      await page.goto('/');
      await page.getByRole('banner').getByRole('combobox').selectOption(lang);
      for (const id of ['', ...SCREENS]) {
        const flow = { id };
        await page.goto(`/#/${id}`);
        if (id) await expect(page.getByRole('main').getByRole('heading', { level: 2 }).first()).toHaveText(text[`flow.${id}.title` as keyof typeof text]);
        const o = await overflow(page);
        expect(o.scrollWidth, `${flow.id || 'home'}: ${o.wide.join(', ')}`).toBeLessThanOrEqual(o.innerWidth);
        if (viewport.width === 390) await saveScreenshot(page, `phone-${flow.id || 'home'}`, lang);
      }
    });
  }
}
