// Serves a built page on 127.0.0.1 only and prints the URL (npm start). No dependency: node:http.
// `node scripts/serve.mjs` serves dist/ (the single file); `DIST=dist-hosted` the service-worker build.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.env.DIST ?? 'dist';
if (!/^dist(-hosted)?$/.test(dir)) throw new Error(`DIST must be dist or dist-hosted, not ${dir}`);
const root = fileURLToPath(new URL(`../${dir}/`, import.meta.url));
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png',
};
const port = Number(process.env.PORT ?? 4173);

const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^([/\\])+/, '');
  if (path.startsWith('..')) { res.writeHead(400).end(); return; }
  const file = path || 'index.html';
  try {
    const body = await readFile(join(root, file));
    res.writeHead(200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // The service worker and the page must be revalidated so an update is seen; hashed assets may be cached.
      'cache-control': file.startsWith('assets/') ? 'max-age=31536000, immutable' : 'no-cache',
    }).end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});
server.listen(port, '127.0.0.1', () => {
  console.log(`XMail TLS Workshop (${dir}): http://127.0.0.1:${server.address().port}/`);
});
