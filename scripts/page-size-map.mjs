/**
 * What dist/index.html's code is made of (issue 15 page size): builds the single file with source
 * maps, attributes every byte of every minified chunk to its source module through the maps (what
 * the maps leave unattributed is `<glue chunk>`: Svelte's template code and Rolldown's chunk glue),
 * gzips each module's bytes alone (gzip -9) and prints the groups and the top modules.
 * `node scripts/page-size-map.mjs` (writes dist/ like `vite build`). Env: TOP=n rows,
 * ATTR_OUT=file (JSON rows), ATTR_DUMP=dir (each module's minified bytes), ATTR_BUILD=JSON (extra
 * `build` options, e.g. '{"minify":"terser"}').
 */
import { build } from 'vite';
import { decode } from '@jridgewell/sourcemap-codec';
import { gzipSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
const root = process.cwd();
const extra = JSON.parse(process.env.ATTR_BUILD ?? '{}');
const chunks = [];
await build({
  root, configFile: 'vite.config.ts', logLevel: 'error',
  build: { sourcemap: true, ...extra },
  plugins: [{
    name: 'capture', apply: 'build', enforce: 'post',
    generateBundle: { order: 'pre', handler(_o, bundle) {
      for (const [k, c] of Object.entries(bundle)) {
        if (c.type === 'chunk') chunks.push({ name: c.fileName, code: c.code, map: c.map });
        if (k.endsWith('.map')) delete bundle[k];
      }
    } },
  }],
});
const per = new Map();
const add = (src, text) => { const e = per.get(src) ?? { raw: 0, parts: [] }; e.raw += Buffer.byteLength(text); e.parts.push(text); per.set(src, e); };
for (const c of chunks) {
  if (!c.map) { add(`<nomap ${c.name}>`, c.code); continue; }
  const lines = c.code.split('\n');
  const maps = decode(c.map.mappings);
  lines.forEach((line, i) => {
    const segs = maps[i] ?? [];
    let prev = 0, prevSrc = `<glue ${c.name}>`;
    for (const s of segs) {
      if (s[0] > prev) add(prevSrc, line.slice(prev, s[0]));
      prev = s[0];
      prevSrc = s.length > 1 ? c.map.sources[s[1]] : `<glue ${c.name}>`;
    }
    add(prevSrc, line.slice(prev) + '\n');
  });
}
const norm = (s) => s.replace(/^(\.\.\/)+/, '').replace(/.*node_modules\//, 'nm/');
const rows = [...per].map(([s, e]) => ({ src: norm(s), raw: e.raw, gz: gzipSync(e.parts.join(''), { level: 9 }).length }));
rows.sort((a, b) => b.gz - a.gz);
if (process.env.ATTR_OUT) writeFileSync(process.env.ATTR_OUT, JSON.stringify(rows));
if (process.env.ATTR_DUMP) {
  mkdirSync(process.env.ATTR_DUMP, { recursive: true });
  for (const [s, e] of per) writeFileSync(`${process.env.ATTR_DUMP}/${norm(s).replace(/[/<> ]/g, '_')}`, e.parts.join(''));
}
const groups = new Map();
const group = (s) => s.startsWith('nm/') ? s.split('/').slice(0, s.split('/')[1].startsWith('@') ? 3 : 2).join('/') : s.startsWith('<') ? s.split(' ')[0] + '>' : s.split('/').slice(0, 3).join('/');
for (const r of rows) { const g = group(r.src); const e = groups.get(g) ?? { raw: 0, gz: 0, n: 0 }; e.raw += r.raw; e.gz += r.gz; e.n++; groups.set(g, e); }
console.log('total chunks raw', chunks.reduce((a, c) => a + c.code.length, 0), 'gz', chunks.reduce((a, c) => a + gzipSync(c.code, { level: 9 }).length, 0));
console.log('--- groups (sum of per-module gzip alone)');
for (const [g, e] of [...groups].sort((a, b) => b[1].gz - a[1].gz).slice(0, 25)) console.log(g.padEnd(40), e.n, e.raw, e.gz);
console.log('--- top modules');
for (const r of rows.slice(0, Number(process.env.TOP ?? 40))) console.log(r.src.padEnd(60), r.raw, r.gz);
