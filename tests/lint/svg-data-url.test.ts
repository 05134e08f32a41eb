/**
 * The single file's favicon is a `data:` URL of the SVG's text, not base64 (vite.config.ts
 * svgDataUrl, issue 15 page size): it decodes to the same SVG, double quotes made single.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { svgDataUrl } from '../../vite.config.ts';

const favicon = readFileSync(resolve(import.meta.dirname, '../../public/favicon.svg'), 'utf8');
const PREFIX = 'data:image/svg+xml,';

describe('svgDataUrl', () => {
  it('gives a data: URL that decodes to the favicon, with nothing a URL or an HTML attribute would misread', () => {
    const url = svgDataUrl(favicon);
    expect(url.startsWith(PREFIX)).toBe(true);
    expect(url.slice(PREFIX.length)).not.toMatch(/[\s"<>#]/);
    expect(decodeURIComponent(url.slice(PREFIX.length))).toBe(favicon.trim().replaceAll('"', "'"));
  });

  it('keeps a % and whitespace inside a value', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg">\n  <rect width="100%" fill="#fff"/>\n</svg>\n';
    expect(decodeURIComponent(svgDataUrl(svg).slice(PREFIX.length))).toBe(`<svg xmlns='http://www.w3.org/2000/svg'><rect width='100%' fill='#fff'/></svg>`);
  });

  it.each([
    ['text', '<svg><text x="1">A</text></svg>'],
    ['a single quote', `<svg><rect id="it's"/></svg>`],
  ])('refuses an SVG with %s (Vite keeps base64 for those)', (_what, svg) => {
    expect(() => svgDataUrl(svg)).toThrow(/expected an SVG without text or single quotes/);
  });
});
