/** Hostile files through FileDrop: markup and bidi controls stay inert text; a 50 MB file is refused before reading; a file a screen fails on is reported, not thrown. */
import { en } from '../../src/i18n/en.ts';
import { expect, test } from './fixtures.ts';
import type { Page } from '@playwright/test';

/** Drops a file made in the page (no 50 MB transfer over the protocol) onto the FileDrop zone. */
async function dropFile(page: Page, name: string, size: number): Promise<void> {
  const zone = page.getByRole('group', { name: en['file.label'], exact: true });
  const transfer = await page.evaluateHandle(
    ({ name, size }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(size).fill(0x41)], name, { type: 'application/x-pem-file' }));
      return dt;
    },
    { name, size },
  );
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

test.beforeEach(async ({ page }) => {
  // The self-signed screen's server.tab drop is a FileDrop with the plain "File" label (the
  // current-setup screen, used here before, has had its own file inputs since e602f0b).
  await page.goto('/#/self-signed');
  // The banner's language switch: screens have comboboxes of their own.
  await page.getByRole('banner').getByRole('combobox').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('a file name carrying markup is shown as text, no element and no dialog', async ({ page, guard }) => {
  const name = '<img src=x onerror=alert(1)>.pem';
  await dropFile(page, name, 64);
  await expect(page.getByTestId('file-selected')).toHaveText(`Selected file: ${name} (64 bytes)`);
  expect(await page.locator('main img').count()).toBe(0);
  expect(guard.dialogs).toEqual([]);
});

test('right-to-left overrides and control characters in a name are made visible', async ({ page }) => {
  await dropFile(page, 'invoice\u202Egpj.exe\u0007', 10);
  await expect(page.getByTestId('file-selected')).toHaveText('Selected file: invoice⟨U+202E⟩gpj.exe⟨U+0007⟩ (10 bytes)');
});

test('a 50 MB file is refused with a message and the page stays responsive', async ({ page }) => {
  // Responsive: the next navigation is handled (within expect's own timeout); speed is npm run bench's.
  await dropFile(page, 'huge.pem', 50 * 1024 * 1024);
  await expect(page.getByRole('alert')).toHaveText(en['file.tooLarge'].replace('{name}', 'huge.pem').replace('{size}', '50.0 MB').replace('{max}', '1.0 MB'));
  await expect(page.getByTestId('file-selected')).toHaveCount(0);
  await page.getByRole('link', { name: en['flow.settings.title'], exact: true }).click();
  await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText(en['flow.settings.title']);
});

test('a file its screen fails on is reported as not read, not left as an uncaught error', async ({ page }) => {
  // The empty vault's restore panel hands the file to RestoreState.setFile, which decodes it: made
  // to throw here for this one file, as any screen's handler may (review of 72c9806: the handler
  // was called outside FileDrop's try, so its error became an unhandled rejection; the guard
  // fixture fails a test on any uncaught page error).
  await page.goto('/#/manage');
  await page.evaluate(() => {
    const decode = TextDecoder.prototype.decode;
    TextDecoder.prototype.decode = function (input?: AllowSharedBufferSource, options?: TextDecodeOptions): string {
      const text = decode.call(this, input, options);
      if (text === 'handler fails on this') throw new TypeError('test: the screen fails on this file');
      return text;
    };
  });
  await page.locator('#restore-empty-file').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from('handler fails on this') });
  await expect(page.getByRole('alert').filter({ hasText: 'backup.json' })).toHaveText(en['file.readFailed'].replace('{name}', 'backup.json'));
});
