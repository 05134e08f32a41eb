/**
 * Phones and narrow windows (issue 17 item 5): every screen at 390x844 and 360x740, in ja and en,
 * has no horizontal scroll (`scrollWidth <= innerWidth`); the elements that stick out are named
 * when it fails. Screenshots of each screen at 390 px go to test-results/screenshots (phone-*).
 */
import type { Locator, Page } from '@playwright/test';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { interpolate } from '../../src/i18n/translate.ts';
import { expect, gotoRoute, saveScreenshot, test } from './fixtures.ts';
import { chooseLang, createVault } from './ui-steps.ts';

/** The screens of src/ui/flows/registry.ts (which imports Svelte components, so it is not loaded here). */
const SCREENS = ['current', 'public-ca', 'own-certificate', 'self-signed', 'private-ca', 'ca-for-clients', 'client-certs', 'manage', 'leaked-key', 'tls-modes', 'settings'] as const;

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

test('the certificate list on a phone (390, 360) and at 1280 px: no horizontal scroll, serial and 詳細 unbroken', async ({ page }) => {
  test.setTimeout(180_000);
  const text = ja;
  await page.goto('/#/ca-for-clients');
  await chooseLang(page, 'ja');
  const main = page.getByRole('main');
  await createVault(page, text);
  await main.getByLabel(text['ca-for-clients.name.label']).fill('Phone CA');
  await main.getByRole('button', { name: text['ca-for-clients.create.submit'] }).click();
  await expect(main.getByText(text['ca-for-clients.create.done'].replace('{name}', 'Phone CA'))).toBeVisible({ timeout: 60_000 });
  await gotoRoute(page, 'client-certs');
  await main.getByLabel(text['client-certs.users.label']).fill('山田 太郎，taro@example.jp');
  await main.getByLabel(text['client-certs.key.label']).selectOption('ec-p-256');
  await main.getByRole('button', { name: text['client-certs.issue'], exact: true }).click();
  await expect(main.getByText(interpolate(text['client-certs.done'], { count: 1 }))).toBeVisible({ timeout: 120_000 });
  await gotoRoute(page, 'manage');
  const row = main.getByTestId('certificate-list').locator('tbody tr');
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  const details = row.getByRole('button', { name: `${text['manage.list.select']}: 山田 太郎` });
  for (const viewport of [{ width: 1280, height: 900 }, ...VIEWPORTS]) {
    await page.setViewportSize(viewport);
    const o = await overflow(page);
    expect(o.scrollWidth, `${viewport.width}: ${o.wide.join(', ')}`).toBeLessThanOrEqual(o.innerWidth);
    // One line each: the status word, the 詳細 button, and (on a wide screen) the serial number.
    // Lines = distinct tops of the text's line boxes (a Range over the element's contents).
    const oneLine = async (l: Locator) => {
      const lines = await l.evaluate((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      });
      expect(lines, `${viewport.width}: ${await l.textContent()}`).toBe(1);
    };
    await oneLine(details);
    await oneLine(row.getByText(text['manage.status.valid']));
    if (viewport.width === 1280) await oneLine(row.locator('code'));
    const box = (await details.boundingBox())!;
    expect(box.x + box.width, `${viewport.width}: 詳細 inside the window`).toBeLessThanOrEqual(viewport.width);
    if (viewport.width === 390) await saveScreenshot(page, 'phone-manage-list', 'ja');
  }
});
