/**
 * `npm start`'s server (scripts/serve.mjs), started for real on 127.0.0.1 port 0 (issue 12 item 9):
 * a malformed percent-escape must not kill it, and every answer carries the headers
 * docs/SECURITY.md asks of a server (frame-ancestors, nosniff, no referrer).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SERVE = fileURLToPath(new URL('../../scripts/serve.mjs', import.meta.url));

let child: ChildProcess;
let port = 0;

beforeAll(async () => {
  child = spawn(process.execPath, [SERVE], { env: { ...process.env, PORT: '0', DIST: 'dist' }, stdio: ['ignore', 'pipe', 'pipe'] });
  port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve.mjs printed no URL within 10 s: ${out}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve.mjs exited with ${code} before listening: ${out}`));
    });
  });
});

afterAll(() => {
  child?.kill();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/** One raw request (the path is sent exactly as given, no client-side normalising). */
function get(path: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${path} within 5 s`)));
    req.on('error', reject);
    req.end();
  });
}

describe('scripts/serve.mjs', () => {
  it('prints the real port when started with PORT=0', () => {
    expect(port).toBeGreaterThan(0);
  });

  it.each([
    ['/%E0%A4%A', 400],
    ['/%', 400],
    ['/%ZZ', 400],
    ['/..%2F..%2Fetc%2Fpasswd', 400],
    ['/..%5C..%5Cwindows%5Cwin.ini', 400],
    ['/a%00b', 400],
    ['/%2e%2e/package.json', 404], // the URL parser already folds %2e%2e: /package.json, not in dist/
  ])('answers %s with %i and keeps serving', async (path, status) => {
    expect.hasAssertions();
    expect((await get(path)).status).toBe(status);
    // still alive: the next request gets an answer (404 when dist/ was not built, 200 when it was)
    expect([200, 404]).toContain((await get('/')).status);
    expect(child.exitCode).toBeNull();
  });

  it.each([['/'], ['/no-such-file.js'], ['/%E0%A4%A']])('sends the security headers on %s', async (path) => {
    expect.hasAssertions();
    const { headers } = await get(path);
    expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect.hasAssertions();
    expect((await get('/', 'POST')).status).toBe(405);
  });
});
