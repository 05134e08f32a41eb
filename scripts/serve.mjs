// Serves a built page on 127.0.0.1 only and prints the URL (npm start). No dependency: node:http.
// `node scripts/serve.mjs` serves dist/ (the single file); `DIST=dist-hosted` the service-worker build.
// `PORT=0` picks a free port; the printed URL has the real one (tests/interop/serve.test.ts).
// Every answer, errors included, carries the headers docs/SECURITY.md asks of a server; a request
// this server cannot map to a file under dist/ (a bad percent-escape, `..`, a backslash, NUL) is a
// 400, never an exception: a URIError thrown from the handler used to end the process.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.env.DIST ?? 'dist';
if (!/^dist(-hosted)?$/.test(dir)) throw new Error(`DIST must be dist or dist-hosted, not ${dir}`);
const root = fileURLToPath(new URL(`../${dir}/`, import.meta.url));
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png',
};
const port = Number(process.env.PORT ?? 4173);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0..65535, not ${process.env.PORT}`);

/** Sent with every answer. The page's own <meta> CSP cannot say frame-ancestors; this header does. */
const SECURITY_HEADERS = {
  'content-security-policy': "frame-ancestors 'none'; base-uri 'none'; object-src 'none'; form-action 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), bluetooth=()',
};

/** The file under root a request path names, or null when it names none (bad escape, traversal). */
function fileFor(url) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(url ?? '/', 'http://x').pathname);
  } catch {
    return null; // URIError: a malformed percent-escape such as /%E0%A4%A
  }
  const segments = pathname.split('/').filter((s) => s !== '');
  // eslint-disable-next-line no-control-regex
  if (segments.some((s) => s === '.' || s === '..' || /[\\:\x00-\x1f]/.test(s))) return null;
  const file = join(root, segments.length ? segments.join(sep) : 'index.html');
  return file.startsWith(root) ? file : null;
}

function answer(res, status, headers, body) {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers }).end(body);
}

const server = createServer(async (req, res) => {
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, { allow: 'GET, HEAD' }, 'method not allowed');
    const file = fileFor(req.url);
    if (file === null) return answer(res, 400, { 'content-type': 'text/plain' }, 'bad request');
    let body;
    try {
      body = await readFile(file);
    } catch {
      return answer(res, 404, { 'content-type': 'text/plain' }, 'not found');
    }
    const rel = file.slice(root.length);
    answer(res, 200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      // The service worker and the page must be revalidated so an update is seen; hashed assets may be cached.
      'cache-control': rel.startsWith(`assets${sep}`) ? 'max-age=31536000, immutable' : 'no-cache',
    }, req.method === 'HEAD' ? undefined : body);
  } catch (e) {
    // Nothing above should throw; if something does, answer and keep serving.
    console.error(e);
    if (!res.headersSent) answer(res, 500, { 'content-type': 'text/plain' }, 'internal error');
    else res.destroy();
  }
});
server.listen(port, '127.0.0.1', () => {
  console.log(`XMail TLS Workshop (${dir}): http://127.0.0.1:${server.address().port}/`);
});
