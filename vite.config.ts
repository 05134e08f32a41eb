/**
 * Two builds of the same page (issue 6):
 * - `vite build` -> dist/index.html: ONE self-contained file (singleFileChunks below) that works
 *   opened from disk. Its CSP allows exactly the inlined scripts and style, by SHA-256 hash.
 * - `vite build --mode hosted` -> dist-hosted/: the files for a web server, with a Workbox
 *   service worker (vite-plugin-pwa, generateSW) that precaches everything, so the page works
 *   offline after the first visit. Its CSP allows scripts, styles and the worker from 'self'.
 * Both print the SHA-256 of their index.html, which users compare with `sha256sum`.
 * Static files (issue 13 item 9): the hosted build serves public/ as files (favicon.svg, the web app
 * manifest and its icons, so the hosted page installs as an app); the single file copies nothing
 * from public/ and inlines the favicon as a data: URL (no manifest: an app install needs a server).
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, minifySync, parseAst, transformWithOxc, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** Nothing may be fetched, posted or framed; each build adds only its own script/style/worker sources. */
export function contentSecurityPolicy(sources: { script: string[]; style: string[]; worker?: string[]; img?: string[]; manifest?: string[] }): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'none'"],
    ['connect-src', "'none'"],
    ['script-src', ...sources.script],
    ['style-src', ...sources.style],
    ['img-src', ...(sources.img ?? []), 'data:', 'blob:'],
    ['font-src', "'none'"],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['worker-src', ...(sources.worker ?? ["'none'"])],
    ['manifest-src', ...(sources.manifest ?? ["'none'"])],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/** The type of the single file's not-yet-run chunks: no browser runs a script of this type. */
export const CHUNK_TYPE = 'text/x-xmail-chunk';

const sha256Source = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * Inserts the CSP <meta> right after <meta charset> (which must stay in the first 1024 bytes) and
 * before any script or style: a meta policy governs only what the parser meets after it.
 */
function insertCsp(html: string, policy: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
  const charset = /<meta charset="UTF-8" \/>/;
  if (!charset.test(html)) throw new Error('csp: index.html has no <meta charset="UTF-8" />');
  const out = html.replace(charset, (m) => `${m}\n    ${meta}`);
  if (out.indexOf(meta) > Math.min(...['<script', '<style', '<link'].map((t) => out.indexOf(t)).filter((i) => i >= 0))) {
    throw new Error('csp: the policy must come before every script and style');
  }
  return out;
}

/** Single-file build: hashes the scripts and styles singlefile inlined (runs after it: same phase, later in the list). */
function inlineCsp(): Plugin {
  return {
    name: 'xmail:inline-csp',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const html = bundle['index.html'];
        if (!html || html.type !== 'asset' || typeof html.source !== 'string') throw new Error('csp: no index.html in the bundle');
        const source = html.source;
        const inner = (tag: string) => [...source.matchAll(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1] ?? '');
        if (/<script\b[^>]*\bsrc=/.test(source) || /<link\b[^>]*rel="stylesheet"/.test(source)) {
          throw new Error('csp: the single-file build still references an external script or stylesheet');
        }
        const scripts = inner('script').map(sha256Source);
        const styles = inner('style').map(sha256Source);
        html.source = insertCsp(source, contentSecurityPolicy({ script: scripts, style: styles.length ? styles : ["'none'"] }));
      },
    },
  };
}

/**
 * The start script (CHUNK_LOADER, then the entry chunk and its require) minified as one module: the
 * loader is written readably here (and tested as written, tests/lint/chunk-loader.test.ts) but the
 * page carries it without comments and with short names (issue 15 page size). Top-level names are
 * mangled too: in a module script they are the script's own, and the entry chunk's code reaches
 * `require` as its factory's parameter, never by the top-level name. Fails the build on any error.
 */
export function minifyStart(code: string): string {
  const out = minifySync('start.js', code, { module: true, mangle: { toplevel: true }, compress: {} });
  if (out.errors.length) throw new Error(`single file: expected the start script to minify, found ${out.errors.map((e) => e.message).join('; ')}`);
  return out.code;
}

/**
 * A chunk's block minified again as the whole script it is (issue 15 page size). Rolldown minified
 * the chunk's code, where `require`, `exports` and `module` are free names it must keep; in the
 * block they are the parameters of the function singleFileChunks wraps the chunk in
 * (`__xmailChunk(name, function (require, exports, module) {...})`), so here the minifier shortens
 * them, with the glue written after Rolldown's minifier (`require.x`, `require.async`), and names
 * the chunk's own bindings again over the whole function. Mangle only: Rolldown already compressed
 * the code, and this renames and reprints it, `"use strict"` kept. `__xmailChunk`, a global, keeps
 * its name. Fails the build on any error.
 */
export function minifyBlock(code: string): string {
  const out = minifySync('block.js', code, { module: false, mangle: { toplevel: false }, compress: false });
  if (out.errors.length) throw new Error(`single file: expected a chunk's block to minify, found ${out.errors.map((e) => e.message).join('; ')}`);
  return out.code;
}

/**
 * The loader of the single file's chunks (singleFileChunks); `require` is what Rolldown's CommonJS
 * chunks call for a static dependency, `require.async` what they call for an `import()` (asyncChunkImports).
 * `deps` is each chunk's static dependencies in the order its code requires them (CHUNK_DEPS).
 * require.async gives each chunk of an `import()` that is not yet compiled a task of its own to
 * compile in, then each one not yet run a task of its own to run in, dependencies first (the order
 * of a synchronous require), and the importer's code after its `await` (mounting the shell, a
 * screen) gets one more: V8's parse of a block, its module code's run and what uses it never
 * share a task (issue 15 item 3: no task over 200 ms at page start or at a view's first use).
 */
export const CHUNK_LOADER = `const factories = {}, loaded = {}, deps = CHUNK_DEPS;
globalThis.__xmailChunk = (name, factory) => { factories[name] = factory; };
const chunkName = (path) => path.replace(/^\\.\\//, '');
function compile(name) {
  const block = document.querySelector('script[type="${CHUNK_TYPE}"][data-chunk="' + name + '"]');
  if (!block) throw new Error('single file: expected a chunk ' + name + ', found none');
  const script = document.createElement('script');
  script.textContent = block.textContent;
  let broken = null;
  const caught = (event) => { broken = event.message; event.preventDefault(); }; // a block that does not parse: the require throws, not the window
  addEventListener('error', caught);
  try {
    document.head.append(script); // an inline classic script runs at once, if the CSP lists its hash
  } finally {
    removeEventListener('error', caught);
    script.remove();
  }
  if (!factories[name]) throw new Error('single file: expected chunk ' + name + ' to run, found it ' + (broken ? 'broken: ' + broken : 'refused'));
}
function require(path) {
  const name = chunkName(path);
  if (loaded[name]) return loaded[name].exports;
  if (!factories[name]) compile(name);
  const module = (loaded[name] = { exports: {} });
  try {
    factories[name](require, module.exports, module);
  } catch (error) {
    delete loaded[name]; // no half-set exports for the next require
    throw error;
  }
  return module.exports;
}
require.x = (exports, getters) => { for (const name in getters) Object.defineProperty(exports, name, { enumerable: true, get: getters[name] }); };
const turn = () => (globalThis.scheduler && scheduler.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0)));
require.async = async (path) => {
  const order = [], seen = {};
  const visit = (name) => {
    if (seen[name] || loaded[name]) return;
    seen[name] = 1;
    for (const next of deps[name] || []) visit(next);
    order.push(name);
  };
  visit(chunkName(path));
  for (const name of order) if (!factories[name]) { await turn(); if (!factories[name]) compile(name); }
  for (const name of order) if (!loaded[name]) { await turn(); require(name); }
  if (order.length) await turn(); // what the importer does next (a mount) in a task of its own too
  return require(path);
};
`;

/**
 * `import()` of another chunk, in a chunk: Rolldown writes `Promise.resolve().then(() => require("./x.js"))`
 * (its CommonJS form); this writes `require.async("./x.js")`, which resolves to the same exports object
 * with the chunk compiled and run in tasks of their own (CHUNK_LOADER). Returns the code, how many
 * it rewrote, and the static dependencies left (`require("./x.js")`), in the order the code requires them.
 */
export function asyncChunkImports(code: string): { code: string; rewritten: number; deps: string[] } {
  let rewritten = 0;
  const out = code.replace(/Promise\.resolve\(\)\.then\(\(\)=>require\(("\.\/[\w.-]+\.js")\)\)/g, (_all, path: string) => {
    rewritten++;
    return `require.async(${path})`;
  });
  const deps = [...new Set([...out.matchAll(/(?<![\w$.])require\("\.\/([\w.-]+\.js)"\)/g)].map((m) => m[1]!))];
  return { code: out, rewritten, deps };
}

/**
 * `import()` without Vite's preload wrapper, in a chunk (issue 15 page size). Vite writes every
 * `import()` as `__vitePreload(() => import("./x.js"), deps, import.meta.url)`: its helper first
 * loads the chunk's dependencies and CSS with `<link>`s (deps), then dispatches `vite:preloadError`
 * on window when the import fails, and rethrows unless a listener cancels it. The single file
 * has no file to preload (deps is `void 0` in every call) and nothing listens to
 * vite:preloadError, so the wrapper only delays the import by a microtask. After asyncChunkImports,
 * Rolldown's minified form is `t.t(()=>require.async("./x.js").then(e=>e.n),void 0,{}.url)`
 * (`Promise.resolve().then(()=>s)` for a module in the same chunk); this writes it as
 * `require.async("./x.js").then(e=>e.n)`, the promise the helper returned, rejected with the same error. singleFileChunks gives the helper module a body that only calls
 * its callback (PRELOAD_HELPER), for any call left. Returns the code and how many it rewrote.
 */
export function unwrapPreloadCalls(code: string): { code: string; rewritten: number } {
  const then = String.raw`\.then\((?:\(\)|[\w$]+)=>[^()]*\)`;
  const call = new RegExp(String.raw`(?<![\w$.])[\w$]+(?:\.[\w$]+)?\(\(\)=>((?:require\.async\("\.\/[\w.-]+\.js"\)|Promise\.resolve\(\)\.then\(\(\)=>[\w$]+\))(?:${then})*),void 0,\{\}\.url\)`, 'g');
  let rewritten = 0;
  const out = code.replace(call, (_all, load: string) => {
    rewritten++;
    return load;
  });
  return { code: out, rewritten };
}

/** The module Vite imports its preload helper from; the single file's body for it (unwrapPreloadCalls). */
export const PRELOAD_HELPER = { id: '\0vite/preload-helper.js', code: 'export function __vitePreload(load) { return load(); }' };

/**
 * A chunk's exports in one call (issue 15 page size): Rolldown ends each CommonJS chunk with one
 * `Object.defineProperty(exports, "n", { enumerable: true, get: function () { return s; } })`
 * per export (~290 in the page, 1.2 KB gzip); this writes them as
 * `require.x(exports, { n: () => s, ... })`, which the loader (CHUNK_LOADER) turns into the same
 * enumerable getters. Rolldown's glue only, never a module's code. Returns the code and how many
 * exports it rewrote.
 */
export function compactChunkExports(code: string): { code: string; rewritten: number } {
  const one = /Object\.defineProperty\(exports,"([\w$]+)",\{enumerable:!0,get:function\(\)\{return ([\w$.]+)\}\}\)/;
  const run = new RegExp(`${one.source}(?:,${one.source})*`, 'g');
  let rewritten = 0;
  const out = code.replace(run, (all) => {
    const getters = [...all.matchAll(new RegExp(one.source, 'g'))].map((m) => `${/^[A-Za-z_$][\w$]*$/.test(m[1]!) ? m[1] : JSON.stringify(m[1])}:()=>${m[2]}`);
    rewritten += getters.length;
    return `require.x(exports,{${getters.join(',')}})`;
  });
  return { code: out, rewritten };
}

/**
 * Single-file build (issue 15 item 3: page start). Rolldown splits the code into CommonJS chunks as
 * the hosted build splits its ES chunks (one per flow, the engine, the store...), and this puts all
 * of them into index.html, fetching nothing:
 * - the entry chunk and a 20-line loader run from the one inline `<script type="module">`;
 * - every other chunk is a `<script type="${CHUNK_TYPE}" data-chunk="...">` block (its code in
 *   the loader's wrapper, minified again as one script: minifyBlock), which the
 *   browser neither runs nor hands to V8. The loader's `require` (what the chunks call, for a
 *   static or an `import()`ed dependency) inserts a `<script>` with the block's text when the
 *   chunk is first needed: V8 parses and runs it then, in the task that needs it. The CSP allows
 *   it by hash: inlineCsp lists the SHA-256 of every `<script>` in the file, and a hash source
 *   covers inserted inline scripts too. No eval, no blob: or data: script.
 * The CSS of all chunks is one `<style>`. Fails the build if a chunk or stylesheet stays a file.
 */
function singleFileChunks(): Plugin {
  const escape = (text: string) => text.replace(/__VITE_PRELOAD__/g, 'void 0').replace(/<(\/script|!--)/gi, '\\x3C$1');
  const base = (fileName: string) => fileName.slice(fileName.lastIndexOf('/') + 1);
  const tag = (fileName: string) => new RegExp(`\\s*<(?:script|link)\\b[^>]*(?:src|href)="\\./${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>(?:</script>)?`);
  let preloadHelperLoaded = false;
  return {
    name: 'xmail:single-file-chunks',
    apply: 'build',
    enforce: 'post',
    buildStart() {
      preloadHelperLoaded = false;
    },
    load(id) {
      if (id !== PRELOAD_HELPER.id) return null;
      preloadHelperLoaded = true;
      return PRELOAD_HELPER.code;
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const html = bundle['index.html'];
        if (!html || html.type !== 'asset' || typeof html.source !== 'string') throw new Error('single file: no index.html in the bundle');
        let source = html.source;
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const entry = chunks.find((c) => c.isEntry);
        if (!entry || chunks.filter((c) => c.isEntry).length !== 1) throw new Error('single file: expected one entry chunk');
        // A cycle of static imports between CommonJS chunks hands one of them the other's exports
        // before they are set (the requiring chunk reads an empty object): refuse it.
        const imports = new Map(chunks.map((c) => [c.fileName, c.imports]));
        const state = new Map<string, 'open' | 'done'>();
        const visit = (name: string, path: string[]): void => {
          if (state.get(name) === 'done') return;
          if (state.get(name) === 'open') throw new Error(`single file: expected no cycle between chunks, found ${[...path, name].join(' -> ')}`);
          state.set(name, 'open');
          for (const next of imports.get(name) ?? []) visit(next, [...path, name]);
          state.set(name, 'done');
        };
        for (const c of chunks) visit(c.fileName, []);
        let css = '';
        for (const file of Object.values(bundle)) {
          if (file.type !== 'asset' || !file.fileName.endsWith('.css')) continue;
          css += String(file.source).replace('@charset "UTF-8";', '').trim();
          source = source.replace(tag(file.fileName), '');
          delete bundle[file.fileName];
        }
        if (!tag(entry.fileName).test(source)) throw new Error(`single file: index.html does not load ${entry.fileName}`);
        source = source.replace(tag(entry.fileName), '');
        let exportsRewritten = 0;
        let importsRewritten = 0;
        let preloadsUnwrapped = 0;
        const deps: Record<string, string[]> = {};
        const compact = (c: (typeof chunks)[number]) => {
          const compacted = compactChunkExports(c.code);
          const out = asyncChunkImports(compacted.code);
          const unwrapped = unwrapPreloadCalls(out.code);
          // An import() left in Rolldown's form would parse and run its chunk in one task, unnoticed.
          if (/then\((?:\(\)=>|function\(\)\{return )require\("\.\//.test(out.code)) {
            throw new Error(`single file: expected every import() of a chunk in ${c.fileName} rewritten to require.async, found one left: has Rolldown changed its CommonJS output?`);
          }
          // A preload call left in a shape unwrapPreloadCalls does not know would still work (the helper is a call), only larger.
          if (unwrapped.code.includes(',void 0,{}.url)')) {
            throw new Error(`single file: expected every import() of a chunk in ${c.fileName} unwrapped from Vite's preload helper, found one left: has Vite changed its preload wrapper?`);
          }
          exportsRewritten += compacted.rewritten;
          importsRewritten += out.rewritten;
          preloadsUnwrapped += unwrapped.rewritten;
          deps[base(c.fileName)] = out.deps;
          return unwrapped.code;
        };
        const chunkCode = (c: (typeof chunks)[number]) => `__xmailChunk(${JSON.stringify(base(c.fileName))}, function (require, exports, module) {"use strict";\n${compact(c)}\n});`;
        const blocks = catalogTextLast(inBlockOrder(chunks.filter((c) => c !== entry))).map((c) => `<script type="${CHUNK_TYPE}" data-chunk="${base(c.fileName)}">${escape(minifyBlock(chunkCode(c)))}</script>`);
        const entryCode = chunkCode(entry);
        const start = `<script type="module">${escape(minifyStart(`${CHUNK_LOADER.replace('CHUNK_DEPS', () => JSON.stringify(deps))}${entryCode}\nrequire(${JSON.stringify(base(entry.fileName))});`))}</script>`;
        // Rolldown's export glue has changed shape if nothing was rewritten: the page would still work, only larger.
        if (exportsRewritten < 100) throw new Error(`single file: expected Rolldown's exports as Object.defineProperty getters (~290), rewrote ${exportsRewritten}: has Rolldown changed its CommonJS output?`);
        // Every import() of another chunk must go through require.async, or its chunk is parsed and run in one task.
        const dynamic = chunks.reduce((n, c) => n + c.dynamicImports.filter((d) => d !== c.fileName).length, 0);
        if (importsRewritten < dynamic) throw new Error(`single file: expected every import() of another chunk (${dynamic}) as Promise.resolve().then(() => require(...)), rewrote ${importsRewritten}: has Rolldown changed its CommonJS output?`);
        // Vite's helper (preloads, vite:preloadError) replaced by a call, and every import() unwrapped from it.
        if (!preloadHelperLoaded || preloadsUnwrapped < importsRewritten) {
          throw new Error(`single file: expected Vite's preload helper from ${JSON.stringify(PRELOAD_HELPER.id)} around each of the ${importsRewritten} import()s, found it ${preloadHelperLoaded ? `around ${preloadsUnwrapped}` : 'not loaded'}: has Vite changed its preload wrapper?`);
        }
        // The start script before the blocks: an inline module script runs once the whole file is parsed, so the
        // blocks are there; a file cut short loses blocks, not the start, which then says so (src/main.ts).
        // Replacement functions, not strings: the code is full of `$'` and "$`" that a replacement string would expand.
        source = source.replace('</head>', () => (css ? `  <style>${css}</style>\n  </head>` : '</head>')).replace('</body>', () => `${start}\n${blocks.join('\n')}\n</body>`);
        for (const c of chunks) delete bundle[c.fileName];
        const left = Object.keys(bundle).filter((f) => f !== 'index.html');
        if (left.length) throw new Error(`single file: expected only index.html, found ${left.join(', ')}`);
        if (/<(?:script|link)\b[^>]*\b(?:src|href)="\.\/assets\//.test(source)) throw new Error('single file: index.html still loads a file from assets/');
        html.source = source;
      },
    },
  };
}

/** Hosted build: everything is a file served from the page's own origin (public/ included). */
function hostedCsp(): Plugin {
  return {
    name: 'xmail:hosted-csp',
    apply: 'build',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler: (html) =>
        insertCsp(html, contentSecurityPolicy({ script: ["'self'"], style: ["'self'"], worker: ["'self'"], img: ["'self'"], manifest: ["'self'"] })),
    },
  };
}

const PUBLIC_DIR = resolve(import.meta.dirname, 'public');

/**
 * An SVG as a `data:` URL of its text, not base64 (issue 15 page size: the favicon's 468 bytes
 * were 624 of base64, which gzip cannot shrink; as text they compress like the markup around
 * them). Vite's own rule for the SVGs it inlines (svgToDataURL in vite/dist/node): double quotes
 * made single, whitespace between tags dropped, `%`, `#`, `<`, `>` and whitespace percent-encoded.
 * Only for an SVG with neither `<text>` nor nested quotes, where Vite falls back to base64: the
 * build fails on one.
 */
export function svgDataUrl(svg: string): string {
  if (/<text|<foreignObject|'/.test(svg)) throw new Error(`static links: expected an SVG without text or single quotes for a text data: URL, found ${svg.slice(0, 60)}...`);
  const text = svg.trim().replaceAll(/>\s+</g, '><').replaceAll('"', "'").replaceAll('%', '%25').replaceAll('#', '%23').replaceAll('<', '%3c').replaceAll('>', '%3e').replaceAll(/\s+/g, '%20');
  return `data:image/svg+xml,${text}`;
}

/**
 * The <link>s for public/'s files: as files in the hosted build (favicon, manifest), inlined in the
 * single file (the favicon as a data: URL, which its CSP's img-src data: allows; no manifest).
 */
function staticLinks(hosted: boolean): Plugin {
  return {
    name: 'xmail:static-links',
    apply: 'build',
    transformIndexHtml: {
      order: 'pre',
      async handler() {
        if (hosted) {
          return [
            { tag: 'link', attrs: { rel: 'icon', href: './favicon.svg', type: 'image/svg+xml' }, injectTo: 'head' },
            { tag: 'link', attrs: { rel: 'manifest', href: './manifest.webmanifest' }, injectTo: 'head' },
          ];
        }
        const svg = await readFile(join(PUBLIC_DIR, 'favicon.svg'));
        return [{ tag: 'link', attrs: { rel: 'icon', href: svgDataUrl(svg.toString('utf8')), type: 'image/svg+xml' }, injectTo: 'head' }];
      },
    },
  };
}

/**
 * Prints the SHA-256 of the built index.html (what a user compares with `sha256sum dist/index.html`)
 * once it is written. In writeBundle, not closeBundle: Vite closes the bundle after a failed build
 * too, and a closeBundle that found no index.html would throw in place of the build's own error
 * (a guard's "expected ..., found ...").
 */
function printSha256(outDir: string): Plugin {
  return {
    name: 'xmail:print-sha256',
    apply: 'build',
    async writeBundle() {
      const file = join(outDir, 'index.html');
      const digest = createHash('sha256').update(await readFile(file)).digest('hex');
      console.log(`\nSHA-256 (${file}):\n${digest}\n`);
    },
  };
}

/**
 * Lets Rolldown drop the pkijs classes we never use (issue 7: page over 250 KB gzip).
 * pkijs 4 is one ESM file whose ~120 classes set their names in class static blocks
 * (`static { this.CLASS_NAME = "Certificate"; }`). A static block is code that runs when the class
 * is defined, so a bundler must keep every class, used or not (~500 KB minified of pkijs, of which
 * the page uses ~20 classes). Each block that only assigns a literal or a constant is rewritten as
 * the equivalent static field (`static CLASS_NAME = "Certificate";`: a new own property either
 * way), which is side-effect free. Blocks that call something (ECNamedCurves.register) stay.
 * Fails the build when the file no longer has that shape, instead of silently shipping it whole.
 */
export function pkijsStaticFields(): Plugin {
  const file = /[\\/]node_modules[\\/]pkijs[\\/]build[\\/]index\.js$/;
  const block = /static \{\n((?:\t\t[^\n]*\n)+?)\t\}/g;
  const assignment = /^this\.(\w+) = ("[^"\\]*"|\{\}|[A-Za-z_$][\w$]*)$/;
  return {
    name: 'xmail:pkijs-static-fields',
    apply: 'build',
    transform(code, id) {
      if (!file.test(id)) return null;
      let rewritten = 0;
      const out = code.replace(block, (whole, body: string) => {
        const statements = body.split(';').map((s) => s.trim()).filter(Boolean);
        const fields = statements.map((s) => assignment.exec(s));
        if (fields.some((f) => !f)) return whole;
        rewritten++;
        return fields.map((f) => `static ${f![1]} = ${f![2]};`).join(' ');
      });
      if (rewritten < 100) throw new Error(`pkijs-static-fields: expected ~120 static blocks in ${id}, rewrote ${rewritten}: has pkijs changed its build?`);
      return { code: out, map: null };
    },
  };
}

/**
 * The extension types pkijs parses for us (issue 15 page size): none. pkijs's ExtensionValueFactory
 * registers a class for 22 extension types the first time any extension's `parsedValue` is read,
 * which kept ~20 classes in the page (certificate policies, name constraints, SCT lists, QC
 * statements, Microsoft templates...: ~35 KB minified) that no code of ours reads. lib/pki reads
 * the extensions it needs from `extnValue` itself (san.ts: subjectAltName; decode.ts: authority key
 * identifier, basicConstraints, extKeyUsage) or takes the plain asn1js value pkijs gives any type it
 * does not know (keyUsage, subjectKeyIdentifier, cRLNumber), so AltName, GeneralNames, GeneralName,
 * AuthorityKeyIdentifier, BasicConstraints and ExtKeyUsage stay out too. Every extension is still
 * read, encoded and shown by its OID as before (`extnID`, `critical`, `extnValue`). Fails the build
 * when pkijs's list is no longer the one below.
 */
export const PKIJS_EXTENSIONS_READ: string[] = [];
export function pkijsExtensionRegistry(): Plugin {
  const file = /[\\/]node_modules[\\/]pkijs[\\/]build[\\/]index\.js$/;
  const registration = /^\t+ExtensionValueFactory\.register\(id_\w+, "(\w+)", \w+\);\n/gm;
  const known = ['SubjectAltName', 'IssuerAltName', 'AuthorityKeyIdentifier', 'BasicConstraints', 'MicrosoftCaVersion', 'CertificatePolicies',
    'CertificatePoliciesMicrosoft', 'MicrosoftCertTemplateV2', 'CRLDistributionPoints', 'FreshestCRL', 'ExtKeyUsage', 'CertificateIssuer',
    'AuthorityInfoAccess', 'SubjectInfoAccess', 'IssuingDistributionPoint', 'NameConstraints', 'PolicyConstraints', 'PolicyMappings',
    'PrivateKeyUsagePeriod', 'QCStatements', 'SignedCertificateTimestampList', 'SubjectDirectoryAttributes'];
  return {
    name: 'xmail:pkijs-extension-registry',
    apply: 'build',
    transform(code, id) {
      if (!file.test(id)) return null;
      const found: string[] = [];
      const out = code.replace(registration, (line, name: string) => {
        found.push(name);
        return PKIJS_EXTENSIONS_READ.includes(name) ? line : '';
      });
      if (found.join() !== known.join()) throw new Error(`pkijs-extension-registry: expected pkijs to register ${known.join(', ')}; found ${found.join(', ')}: has pkijs changed its build?`);
      return { code: out, map: null };
    },
  };
}

/**
 * No default pkijs engine in the page (issue 15 page size). pkijs's last statement,
 * `initCryptoEngine()`, builds its CryptoEngine (~23 KB minified: PKCS#12, CMS and PBES2 helpers
 * with their classes) when the module loads, and `setEngine` builds one when given none. The page
 * gives pkijs its own engine before any pkijs crypto call (lib/pki/webcrypto.ts
 * `ensurePkijsEngine`: SignatureEngine on WebCrypto), so this removes the call and the two default
 * constructions, and Rolldown drops the class. A pkijs crypto call made without ensurePkijsEngine
 * would throw pkijs's "Unable to create WebCrypto object" instead of signing with another engine.
 * Fails the build when the three pieces are not found exactly once each.
 */
export function pkijsNoDefaultEngine(): Plugin {
  const file = /[\\/]node_modules[\\/]pkijs[\\/]build[\\/]index\.js$/;
  const pieces: [RegExp, string][] = [
    [/^initCryptoEngine\(\);$/gm, ''],
    [/new CryptoEngine\(\{\s*name: "browser",\s*crypto: self\.crypto\s*\}\)/g, 'null'],
    [/new CryptoEngine\(\{ crypto: cryptoArg \}\)/g, 'null'],
  ];
  return {
    name: 'xmail:pkijs-no-default-engine',
    apply: 'build',
    transform(code, id) {
      if (!file.test(id)) return null;
      let out = code;
      for (const [piece, replacement] of pieces) {
        const found = out.match(piece)?.length ?? 0;
        if (found !== 1) throw new Error(`pkijs-no-default-engine: expected ${piece} once in ${id}, found it ${found} times: has pkijs changed its build?`);
        out = out.replace(piece, replacement);
      }
      return { code: out, map: null };
    },
  };
}

/**
 * No `toJSON()` in asn1js and pkijs (issue 15 page size, ~0.9 KB gzip): every asn1js block class
 * (19) and pkijs class (114; 14 in the classes the page keeps) has a `toJSON()` that gives a JSON view
 * of the object for debugging, which nothing in the page calls. This removes the class methods
 * named `toJSON` from both libraries' build files, found in the AST (Vite's parseAst), so
 * `JSON.stringify` of such an object would list its fields instead. What calls toJSON:
 * - no code of ours: src/ (tests aside) has no `toJSON`, and its `JSON.stringify` calls take
 *   strings and plain records (tests/lint/no-tojson.test.ts keeps it so, and keeps src/ from
 *   calling pkijs's `isEqual`, below);
 * - in asn1js, only the toJSON methods themselves;
 * - in pkijs, besides them: CryptoEngine.importKey (the default engine pkijsNoDefaultEngine takes
 *   out of the page), and AlgorithmIdentifier.isEqual, which compares parameters as
 *   `JSON.stringify(params)` (asn1js's toJSON); pkijs calls it only from RSASSAPSSParams,
 *   RSAESOAEPParams and PBKDF2Params, none of which the page keeps (tests/e2e/page-bundle.spec.ts),
 *   and no code of ours calls isEqual.
 * toString and onAsciiEncoding stay (ObjectIdentifier's value block's toString is real code).
 * Fails the build when a file has a number of toJSON methods outside TOJSON_METHODS's range, or
 * when the library calls toJSON or JSON.stringify elsewhere than above.
 */
export const TOJSON_METHODS = {
  asn1js: { file: /[\\/]node_modules[\\/]asn1js[\\/]build[\\/]index\.js$/, methods: [15, 25], callers: [] as string[] },
  pkijs: { file: /[\\/]node_modules[\\/]pkijs[\\/]build[\\/]index\.js$/, methods: [100, 130], callers: ['AlgorithmIdentifier.isEqual', 'CryptoEngine.importKey'] },
};
type AstNode = { type: string; start: number; end: number; [k: string]: unknown };

/** The class methods named toJSON in `code` (their ranges), and the methods that call toJSON or JSON.stringify outside them. */
export function toJsonMethods(code: string, parse: (code: string) => unknown): { ranges: [number, number][]; callers: string[] } {
  const ranges: [number, number][] = [];
  const callers = new Set<string>();
  const nameOf = (key: unknown): string | undefined => (key as { name?: string; value?: unknown }).name ?? String((key as { value?: unknown }).value);
  const visit = (node: unknown, method: string | undefined, className?: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, method, className));
    if (!node || typeof node !== 'object' || typeof (node as AstNode).type !== 'string') return;
    const n = node as AstNode;
    if (n.type === 'MethodDefinition' && !n.computed && nameOf(n.key) === 'toJSON') {
      if (n.static || n.kind !== 'method') throw new Error(`asn1js-pkijs-no-tojson: expected toJSON to be an instance method, found a ${n.static ? 'static ' : ''}${String(n.kind)}`);
      ranges.push([n.start, n.end]);
      return;
    }
    // `class X {}`, `var X = class X {}` (pkijs's classes) and `var X = class {}` (its CryptoEngine).
    const declaresClass = n.type === 'VariableDeclarator' && (n.init as AstNode | null)?.type === 'ClassExpression';
    const inClass = (n.type === 'ClassDeclaration' || n.type === 'ClassExpression') && n.id ? nameOf(n.id) : declaresClass ? nameOf(n.id) : className;
    const inner = n.type === 'MethodDefinition' ? `${className ?? '(no class)'}.${nameOf(n.key)}` : method;
    const caller = inner ?? '(top level)';
    if (n.type === 'MemberExpression' && !n.computed && nameOf(n.property) === 'toJSON') callers.add(caller);
    if (n.type === 'Literal' && n.value === 'toJSON') callers.add(caller);
    if (n.type === 'MemberExpression' && nameOf(n.object) === 'JSON' && nameOf(n.property) === 'stringify') callers.add(caller);
    for (const key in n) if (key !== 'type' && key !== 'start' && key !== 'end') visit(n[key], inner, inClass);
  };
  visit(parse(code), undefined);
  return { ranges, callers: [...callers].sort() };
}

export function asn1jsPkijsNoToJson(): Plugin {
  return {
    name: 'xmail:asn1js-pkijs-no-tojson',
    apply: 'build',
    transform(code, id) {
      const [library, expected] = Object.entries(TOJSON_METHODS).find(([, e]) => e.file.test(id)) ?? [];
      if (!library || !expected) return null;
      const { ranges, callers } = toJsonMethods(code, parseAst);
      const [min, max] = expected.methods;
      if (ranges.length < min! || ranges.length > max!) throw new Error(`asn1js-pkijs-no-tojson: expected ${min}-${max} toJSON methods in ${library}, found ${ranges.length}: has ${library} changed its build?`);
      if (callers.join() !== expected.callers.join()) throw new Error(`asn1js-pkijs-no-tojson: expected ${library} to call toJSON or JSON.stringify only in ${expected.callers.join(', ') || 'its toJSON methods'}; found calls in ${callers.join(', ')}: has ${library} changed its build?`);
      let out = '';
      let at = 0;
      for (const [start, end] of ranges) {
        out += code.slice(at, start);
        at = end;
      }
      return { code: out + code.slice(at), map: null };
    },
  };
}

/**
 * The text of every catalog in one module, grouped by language (issue 15 page size). Each catalog
 * file of ours (src/i18n/ja.ts, en.ts, errors.ts, flows/*.ts, downloads/*.ts) defines
 * `jaX = { 'key': 'text', ..., ...jaY }` and `enX` with the same keys. The build moves every key and
 * text into one generated module (CATALOG_TEXT_ID) that holds all keys (one front-coded string),
 * then all English texts (in the Japanese key order), then all Japanese texts (one string per
 * language, split at TEXT_SEPARATOR when the module runs), and writes each catalog as
 * `__ja(start, end)` / `__en(start, end)` over that range, its spreads kept after it. Deflate
 * codes a run of one language far better than Japanese, English and keys mixed per file (measured:
 * docs/PERFORMANCE.md, page size round 5); no text is shared between the two languages for gzip's
 * 32 KB window to find. The objects the module builds are the source's: same keys in the same
 * order (the English in the Japanese order), same texts (src/i18n/catalog-text.test.ts runs this
 * on every catalog file and compares).
 * Fails the build on anything else in a catalog object (a computed key, a method, a text that is
 * not a plain string, a spread before a text), on a jaX without its enX or with other keys or
 * spreads, and when a catalog file the build reads differs from the one the module was made from.
 */
export const CATALOG_TEXT_ID = '\0xmail:catalog-text';
const CATALOG_FILE = /[\\/]src[\\/]i18n[\\/](?:(?:flows|downloads)[\\/][\w-]+|errors|ja|en)\.ts$/;
type CatalogNode = { type: string; start: number; end: number; [k: string]: unknown };
type CatalogObject = { lang: 'ja' | 'en'; name: string; start: number; end: number; texts: [string, string][]; spreads: string[] };

/** The `export const jaX/enX = { ... }` objects of one catalog module (JavaScript), in source order. */
function catalogObjects(code: string, id: string, parse: (code: string) => unknown): CatalogObject[] {
  const fail = (what: string): never => {
    throw new Error(`catalog-text: expected ${what} in ${id}`);
  };
  const out: CatalogObject[] = [];
  for (const statement of (parse(code) as { body: CatalogNode[] }).body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? (statement.declaration as CatalogNode | null) : null;
    if (declaration?.type !== 'VariableDeclaration') continue;
    for (const d of declaration.declarations as CatalogNode[]) {
      const name = (d.id as CatalogNode & { name?: string }).name ?? '';
      const lang = /^(ja|en)(?:[A-Z]\w*)?$/.exec(name)?.[1] as 'ja' | 'en' | undefined;
      if (!lang) continue;
      let init = d.init as CatalogNode | null;
      while (init && (init.type === 'TSAsExpression' || init.type === 'TSSatisfiesExpression')) init = init.expression as CatalogNode;
      if (init?.type !== 'ObjectExpression') fail(`${name} to be an object literal`);
      const object: CatalogObject = { lang, name, start: init!.start, end: init!.end, texts: [], spreads: [] };
      for (const p of init!.properties as CatalogNode[]) {
        if (p.type === 'SpreadElement') {
          const argument = p.argument as CatalogNode & { name?: string };
          if (argument.type !== 'Identifier') fail(`only spreads of a catalog's name in ${name}`);
          object.spreads.push(argument.name!);
          continue;
        }
        const key = p.key as CatalogNode & { value?: unknown; name?: string };
        const value = p.value as CatalogNode & { value?: unknown; expressions?: unknown[]; quasis?: { value: { cooked: string | null } }[] };
        const keyName = key.type === 'Literal' && typeof key.value === 'string' ? key.value : key.type === 'Identifier' && !p.computed ? key.name : undefined;
        const text =
          value.type === 'Literal' && typeof value.value === 'string'
            ? value.value
            : value.type === 'TemplateLiteral' && value.expressions!.length === 0
              ? value.quasis![0]!.value.cooked
              : undefined;
        if (p.type !== 'Property' || p.kind !== 'init' || p.computed || p.method || keyName === undefined || typeof text !== 'string') {
          fail(`only 'key': 'text' properties in ${name}, found ${code.slice(p.start, Math.min(p.end, p.start + 60))}`);
        }
        if (object.spreads.length) fail(`every text of ${name} before its spreads, found '${keyName}' after ...${object.spreads.at(-1)}`);
        object.texts.push([keyName!, text!]);
      }
      out.push(object);
    }
  }
  return out;
}

/**
 * The order of the catalogs in the text module (both languages): the order that gzipped smallest
 * on a model of the two text runs alone, found by moving one catalog at a time while it got
 * smaller (2.7 KB under the order by file name; still 2.5 KB with 3 % of the texts dropped at
 * random, so not an accident of deflate's block boundaries: docs/PERFORMANCE.md, page size
 * round 5). Only a size choice: a catalog not named here comes after these, in file order.
 */
const CATALOG_ORDER = ['jaCurrent', 'jaLeakedKey', 'jaPublicCa', 'ja', 'jaOwnCertificate', 'jaTlsModes', 'jaRenewal', 'jaManage', 'jaHandOver', 'jaSettings', 'jaErrors',
  'jaCaForClients', 'jaWalk', 'jaServerCommon', 'jaVault', 'jaClientCerts', 'jaPrivateCa', 'jaSelfSigned', 'jaInstall', 'jaClientKits', 'jaMailroot'];

/** What separates the texts of one language in the page (catalogText): a character no catalog text has. */
const TEXT_SEPARATOR = '^';

/**
 * The keys as one string, each written after the number of dot-separated parts it shares with the
 * key before it (`flow.walk.a,flow.walk.b` -> `0flow.walk.a,2b`): a key repeats its catalog's
 * prefix, and gzip codes a digit in fewer bits than a repeat (measured: 7,130 -> 5,769 bytes gzip
 * for the 1,208 keys alone). KEYS_DECODER gives the list back; the build fails unless it gives
 * back exactly these keys.
 */
const KEYS_DECODER = `(coded) => { let before = []; return coded.split(',').map((item) => (before = [...before.slice(0, Number(item[0])), ...item.slice(1).split('.')]).join('.')); }`;
export function frontCodedKeys(keys: readonly string[]): string {
  let before: string[] = [];
  const coded = keys.map((key) => {
    if (key.includes(',')) throw new Error(`catalog-text: expected no comma in a catalog key, found '${key}'`);
    const parts = key.split('.');
    let shared = 0;
    while (shared < 9 && shared < before.length && shared < parts.length - 1 && before[shared] === parts[shared]) shared++;
    before = parts;
    return `${shared}${parts.slice(shared).join('.')}`;
  }).join(',');
  const decoded = (new Function(`return ${KEYS_DECODER}`)() as (coded: string) => string[])(coded);
  if (decoded.length !== keys.length || decoded.some((k, i) => k !== keys[i])) throw new Error('catalog-text: expected the coded keys to decode to the keys');
  return coded;
}

/**
 * The Japanese texts with their frequent characters written in two bytes of UTF-8 instead of three
 * (issue 15 page size). Kana and kanji take three bytes each in UTF-8, code points U+0080-U+07FF
 * two. The build counts the characters of the Japanese run, takes every non-ASCII one that occurs
 * at least RECODED_MIN_COUNT times (248 of 550 now) as the alphabet, in code point order, and
 * writes the i-th of it as U+0100 + i; the module carries the alphabet once, after the run, and
 * the decoder (recodedDecoder) maps every code of the range back when the module runs (the run is
 * 54K characters: 4-8 ms in Chromium on a loaded machine). U+0100 upwards (Latin Extended, IPA,
 * ...) is neither a C0/C1 control (a parse error in HTML) nor `^`, a quote, backtick, backslash,
 * `$` or `<`, which change how the string sits in an inline script. The build fails if a catalog
 * text of either language has a code point of the range (it would come back as another
 * character), if the range would reach U+0800 (three bytes again), or if the decoder does not give
 * back the run.
 * Measured (gzip -9 of dist/index.html): 279,981 -> 278,369 bytes; rebased, 275,741 -> 274,023
 * and 264,803 -> 263,294 (docs/PERFORMANCE.md, page size round 6). The variants, each on the whole 279,981-byte page:
 * every non-ASCII character coded (550) 278,652; at least 4 / 8 / 12 / 20 / 32 occurrences
 * 278,496 / 278,400 / 278,403 / 278,361 / 278,397 (16 kept: 16-24 is a flat floor); the codes by
 * frequency (most frequent first) instead of code point order 278,467 at 8, frequency in groups
 * of 64 (one UTF-8 lead byte) sorted inside 278,420 at 8; the range from U+0140, U+0180 or U+0400
 * within 7 bytes of U+0100; the alphabet before the run +141. The English run with the same
 * alphabet (66 characters, the language names) saves ~30 bytes before its decoder call; the keys
 * are ASCII: neither is coded. Both runs also carry a phrase dictionary (PhraseRule), coded after
 * the alphabet (the English one from U+0100).
 */
const RECODED_FIRST = 0x100;
/** A character rarer than this stays as it is: its entry in the alphabet (~2.3 bytes gzip) costs more than its codes save (~0.1 byte gzip each: ~3.1 KB over 35,000 codes). */
const RECODED_MIN_COUNT = 16;
const codePoint = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
/**
 * The decoder of codes `first` .. `first + size - 1` (size >= 1) through `table` (the alphabet, a
 * string, or the phrases, an array): one replace with a function over the coded string.
 */
const codeDecoder = (table: 'alphabet' | 'phrases', first: number, size: number) => {
  const escaped = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;
  return `(coded, ${table}) => coded.replace(/[${escaped(first)}-${escaped(first + size - 1)}]/g, (code) => ${table}[code.charCodeAt(0) - ${first}])`;
};

/**
 * A phrase dictionary for a language's run (issue 15 page size): the `count` most profitable
 * repeated phrases, each written as one code point of two bytes of UTF-8, the phrases shipped once
 * after the run. `candidates(text)` yields every occurrence of a possible phrase (overlapping
 * ones too); chosenPhrases takes, one at a time, the phrase with the best
 * `occurrences * (bytes - 2) - bytes` (what its codes save in UTF-8 less its entry in the
 * dictionary), ties broken by string order, and replaces it in the run before counting again, so
 * the same catalogs always give the same dictionary.
 */
export type PhraseRule = { count: number; candidates: (text: string) => Iterable<string> };

/** Kana (U+3040-U+30FF, with ー) and CJK ideographs (U+4E00-U+9FFF): what a Japanese phrase is made of. */
const JAPANESE_WORDS = /[\u3040-\u30ff\u4e00-\u9fff]+/g;
/** A word with its leading space: what an English phrase is made of (one word or two). */
const ENGLISH_WORD = / [A-Za-z][a-z']*/g;

/**
 * The dictionaries of the two runs. Measured on the whole page (gzip -9 of dist/index.html):
 * 257,970 -> 255,858 bytes with both (Japanese 100), 255,625 with the alphabet counted on what
 * the module ships and Japanese 200; the counts are on a flat floor (Japanese 150-250 and English
 * 150-200 within ~130 bytes; 600 English phrases cost 0.8 KB more than 175): docs/PERFORMANCE.md,
 * page size round 6, the phrase dictionary.
 */
export const PHRASES: Record<'ja' | 'en', PhraseRule> = {
  ja: {
    count: 200,
    // Every 2 to 6 characters inside a run of kana and kanji.
    *candidates(text) {
      for (const [run] of text.matchAll(JAPANESE_WORDS)) {
        for (let start = 0; start < run.length - 1; start++) {
          for (let end = start + 2; end <= Math.min(run.length, start + 6); end++) yield run.slice(start, end);
        }
      }
    },
  },
  en: {
    count: 175,
    // Every word with its leading space, and every two words in a row.
    *candidates(text) {
      const words = [...text.matchAll(ENGLISH_WORD)];
      for (const [i, word] of words.entries()) {
        yield word[0];
        const next = words[i + 1];
        if (next && next.index === word.index + word[0].length) yield word[0] + next[0];
      }
    },
  },
};

/**
 * Where a phrase was, while the dictionary is chosen and the alphabet counted: a character no
 * phrase holds (so no phrase is found across it), counted in no alphabet (ASCII).
 */
const PHRASE_PLACE = '\n';

/** `text` with each of `phrases` in turn replaced by `code(i)`: as chosenPhrases found them. */
export function phrasedText(text: string, phrases: readonly string[], code: (i: number) => string): string {
  return phrases.reduce((t, phrase, i) => t.split(phrase).join(code(i)), text);
}

/** The phrases of `rule` in `text`, best first (see PhraseRule). */
export function chosenPhrases(text: string, rule: PhraseRule): string[] {
  const phrases: string[] = [];
  let phrased = text;
  while (phrases.length < rule.count) {
    const counts = new Map<string, number>();
    for (const candidate of rule.candidates(phrased)) counts.set(candidate, (counts.get(candidate) ?? 0) + 1);
    let best = '';
    let bestGain = 0;
    for (const [phrase, count] of counts) {
      const bytes = Buffer.byteLength(phrase);
      const gain = count * (bytes - 2) - bytes;
      if (gain > bestGain || (gain === bestGain && gain > 0 && phrase < best)) {
        best = phrase;
        bestGain = gain;
      }
    }
    if (!best) break;
    phrased = phrasedText(phrased, [best], () => PHRASE_PLACE);
    phrases.push(best);
  }
  return phrases;
}

/**
 * `text` (one language's run) coded in two-byte code points from U+0100 (see RECODED_FIRST): with
 * `characters`, its frequent non-ASCII characters (the alphabet); with `phrases`, then its
 * dictionary's phrases (PhraseRule), coded after the alphabet. Returns the JavaScript expression
 * that gives `text` back when the module runs: the phrases' replace, then the alphabet's (the
 * phrases are shipped in the alphabet's codes). `texts`: every catalog text of both languages,
 * none of which may hold a code of the range. The build fails unless the expression gives back
 * `text`.
 */
export function recodedText(text: string, texts: readonly string[], { characters = true, phrases = null }: { characters?: boolean; phrases?: PhraseRule | null } = {}): string {
  const dictionary = phrases ? chosenPhrases(text, phrases) : [];
  const counts = new Map<string, number>();
  // The alphabet counts the characters the module ships: the run without its phrases, and each
  // phrase once (measured: 139 bytes smaller than counting the whole run, at 100 Japanese
  // phrases). Characters beyond U+FFFF (two UTF-16 units) stay as they are: the decoder maps one
  // unit to one.
  const shipped = [phrasedText(text, dictionary, () => PHRASE_PLACE), ...dictionary].join('');
  if (characters) for (const c of shipped) if (c.charCodeAt(0) > 0x7f && c.length === 1) counts.set(c, (counts.get(c) ?? 0) + 1);
  const alphabet = [...counts].filter(([, n]) => n >= RECODED_MIN_COUNT).map(([c]) => c).sort().join('');
  if (!alphabet && !dictionary.length) return JSON.stringify(text);
  const phraseFirst = RECODED_FIRST + alphabet.length;
  const last = phraseFirst + dictionary.length - 1;
  if (last >= 0x800) throw new Error(`catalog-text: expected the coded characters and phrases to stay under U+0800 (two bytes of UTF-8), found ${alphabet.length + dictionary.length}: raise RECODED_MIN_COUNT or lower the phrase count`);
  for (const t of texts) {
    const clash = [...t].find((c) => c.charCodeAt(0) >= RECODED_FIRST && c.charCodeAt(0) <= last);
    if (clash !== undefined) {
      throw new Error(`catalog-text: expected no character ${codePoint(RECODED_FIRST)}-${codePoint(last)} in a catalog text (they code the frequent characters and phrases of the texts in the page), found '${clash}' (${codePoint(clash.charCodeAt(0))}) in '${t}'`);
    }
  }
  const codes = new Map([...alphabet].map((c, i) => [c, String.fromCharCode(RECODED_FIRST + i)]));
  const recoded = (t: string) => Array.from(t, (c) => codes.get(c) ?? c).join('');
  let expression = JSON.stringify(recoded(phrasedText(text, dictionary, (i) => String.fromCharCode(phraseFirst + i))));
  if (dictionary.length) {
    // The phrases are kana and kanji or words: none holds the comma that separates them.
    expression = `(${codeDecoder('phrases', phraseFirst, dictionary.length)})(${expression}, ${JSON.stringify(dictionary.map(recoded).join(','))}.split(","))`;
  }
  if (alphabet) expression = `(${codeDecoder('alphabet', RECODED_FIRST, alphabet.length)})(${expression}, ${JSON.stringify(alphabet)})`;
  if ((new Function(`return ${expression}`) as () => string)() !== text) throw new Error('catalog-text: expected the coded texts to decode to the texts');
  return expression;
}

/**
 * What catalogText writes, from every catalog module (JavaScript): the generated module, and
 * `rewrite(code, id)` for each catalog module, which checks that its objects are the ones read here.
 */
export function catalogTextModules(files: readonly { id: string; code: string }[], parse: (code: string) => unknown): { data: string; rewrite: (code: string, id: string) => string } {
  const objects = new Map<string, CatalogObject & { id: string }>();
  for (const { id, code } of files) {
    const found = catalogObjects(code, id, parse);
    if (!found.length) throw new Error(`catalog-text: expected a jaX/enX pair of catalogs in ${id}, found none`);
    for (const o of found) {
      if (objects.has(o.name)) throw new Error(`catalog-text: expected one catalog named ${o.name}, found it in ${objects.get(o.name)!.id} and ${id}`);
      objects.set(o.name, { ...o, id });
    }
  }
  const keys: string[] = [];
  const texts = { ja: [] as string[], en: [] as string[] };
  const ranges = new Map<string, [number, number]>();
  const place = (name: string) => (CATALOG_ORDER.includes(name) ? CATALOG_ORDER.indexOf(name) : CATALOG_ORDER.length);
  for (const ja of [...objects.values()].sort((a, b) => place(a.name) - place(b.name))) {
    if (ja.lang !== 'ja') continue;
    const enName = `en${ja.name.slice(2)}`;
    const en = objects.get(enName);
    if (!en) throw new Error(`catalog-text: expected ${enName} next to ${ja.name} (${ja.id})`);
    const enTexts = new Map(en.texts);
    if (enTexts.size !== en.texts.length || ja.texts.length !== en.texts.length || ja.texts.some(([k]) => !enTexts.has(k))) {
      throw new Error(`catalog-text: expected ${enName} to have exactly the keys of ${ja.name} (${en.id})`);
    }
    if (en.spreads.join() !== ja.spreads.map((s) => s.replace(/^ja/, 'en')).join()) {
      throw new Error(`catalog-text: expected ${enName} to spread the English of ${ja.name}'s spreads (${ja.spreads.join(', ')}) in ${en.id}`);
    }
    const range: [number, number] = [keys.length, keys.length + ja.texts.length];
    for (const [k, text] of ja.texts) {
      keys.push(k);
      texts.ja.push(text);
      texts.en.push(enTexts.get(k)!);
    }
    ranges.set(ja.name, range).set(enName, range);
  }
  const lonely = [...objects.values()].find((o) => !ranges.has(o.name));
  if (lonely) throw new Error(`catalog-text: expected ja${lonely.name.slice(2)} next to ${lonely.name} (${lonely.id})`);
  // Each language's texts as one string split at run time: ~2,400 fewer quote-comma-quote (0.5 KB gzip).
  const joined = (values: string[], expression: (text: string) => string) => {
    const bad = values.find((v) => v.includes(TEXT_SEPARATOR));
    if (bad !== undefined) throw new Error(`catalog-text: expected no ${TEXT_SEPARATOR} in a catalog text (it separates the texts in the page; choose another TEXT_SEPARATOR), found it in '${bad}'`);
    return `${expression(values.join(TEXT_SEPARATOR))}.split(${JSON.stringify(TEXT_SEPARATOR)})`;
  };
  // Keys, English, Japanese: the order that measured smallest in the whole page (the English runs
  // on from the keys' ASCII; ~0.1-1 KB between the six orders).
  const data = [
    `const keys = (${KEYS_DECODER})(${JSON.stringify(frontCodedKeys(keys))});`,
    `const en = ${joined(texts.en, (text) => recodedText(text, [...texts.ja, ...texts.en], { characters: false, phrases: PHRASES.en }))};`,
    `const ja = ${joined(texts.ja, (text) => recodedText(text, [...texts.ja, ...texts.en], { phrases: PHRASES.ja }))};`,
    'const pick = (texts, start, end) => Object.fromEntries(keys.slice(start, end).map((key, i) => [key, texts[start + i]]));',
    'export const jaTexts = (start, end) => pick(ja, start, end);',
    'export const enTexts = (start, end) => pick(en, start, end);',
  ].join('\n');
  const rewrite = (code: string, id: string): string => {
    let out = code;
    // From the end of the file, so earlier offsets stay valid.
    for (const o of catalogObjects(code, id, parse).sort((a, b) => b.start - a.start)) {
      const read = objects.get(o.name);
      if (!read || read.id !== id || JSON.stringify([o.texts, o.spreads]) !== JSON.stringify([read.texts, read.spreads])) {
        throw new Error(`catalog-text: expected ${o.name} in ${id} to be the catalog the text module was made from`);
      }
      const [start, end] = ranges.get(o.name)!;
      const texts = `__${o.lang}(${start}, ${end})`;
      out = `${out.slice(0, o.start)}${o.spreads.length ? `{ ...${texts}, ${o.spreads.map((s) => `...${s}`).join(', ')} }` : texts}${out.slice(o.end)}`;
    }
    const names = [...objects.values()].filter((o) => o.id === id).map((o) => o.name);
    if (!names.length) throw new Error(`catalog-text: expected ${id} among the catalog files the text module was made from`);
    return `import { jaTexts as __ja, enTexts as __en } from ${JSON.stringify(CATALOG_TEXT_ID)};\n${out}`;
  };
  return { data, rewrite };
}

/**
 * The code blocks' order in the file (issue 15 page size): deflate finds repeats only within its
 * 32 KB window, so which chunk follows which moves the page by a few hundred bytes. This order was
 * found by moving each block to each place and keeping what the bench's measure (Node's zlib,
 * gzip -9) made smallest: 256,502 -> 256,037 bytes on 6b786fa (alphabetical before); a second
 * pass found nothing better. A chunk not named here (a new split) goes after these, by name; the
 * catalog text's chunk still comes last (catalogTextLast). Any order works at run time: the loader
 * finds a block by its name.
 */
export const BLOCK_ORDER: readonly string[] = ['build.js', 'pki.js', 'store.js', 'runtime.js', 'ui.js', 'plain-text.js', 'views.js', 'bundle.js', 'recipes.js', 'xmail.js'];

export function inBlockOrder<C extends { fileName: string }>(chunks: readonly C[]): C[] {
  const place = (c: C) => (BLOCK_ORDER.includes(c.fileName) ? BLOCK_ORDER.indexOf(c.fileName) : BLOCK_ORDER.length);
  return [...chunks].sort((a, b) => place(a) - place(b) || (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
}

/**
 * The single file's blocks with the catalog text's chunk last (issue 15 page size): ~230 KB of
 * text between two code chunks keeps deflate from finding the code's repeats across it and mixes
 * its statistics; after all the code it costs 1.9 KB gzip less (measured: docs/PERFORMANCE.md,
 * page size round 5). Any order works at run time: chunks are found by name. Fails the build when
 * no chunk holds the text module.
 */
export function catalogTextLast<C extends { moduleIds: readonly string[] }>(chunks: readonly C[]): C[] {
  const text = chunks.filter((c) => c.moduleIds.includes(CATALOG_TEXT_ID));
  if (text.length !== 1) throw new Error(`catalog-text: expected one chunk with the text module, found ${text.length}`);
  return [...chunks.filter((c) => c !== text[0]), text[0]!];
}

export function catalogText(): Plugin {
  const dir = resolve(import.meta.dirname, 'src/i18n');
  let modules: Promise<ReturnType<typeof catalogTextModules>> | null = null;
  const read = async () => {
    const names = [
      'ja.ts',
      'en.ts',
      'errors.ts',
      ...['flows', 'downloads'].flatMap((sub) => readdirSync(join(dir, sub)).filter((f) => /^[\w-]+\.ts$/.test(f) && !f.endsWith('.test.ts')).map((f) => `${sub}/${f}`)),
    ].sort();
    const files = await Promise.all(
      names.map(async (name) => {
        const id = join(dir, name);
        return { id, code: (await transformWithOxc(await readFile(id, 'utf8'), id)).code };
      }),
    );
    return catalogTextModules(files, parseAst);
  };
  return {
    name: 'xmail:catalog-text',
    apply: 'build',
    enforce: 'post',
    buildStart() {
      modules = read();
    },
    resolveId: (id) => (id === CATALOG_TEXT_ID ? id : null),
    async load(id) {
      return id === CATALOG_TEXT_ID ? (await modules!).data : null;
    },
    async transform(code, id) {
      if (!CATALOG_FILE.test(id)) return null;
      return { code: (await modules!).rewrite(code, id), map: null };
    },
  };
}

/** What `jszipWriterOnly` gives jszip in place of each require it replaces (by the name it checks). */
export const JSZIP_STUBS: Record<string, string> = {
  load: 'module.exports = function () { return Promise.reject(new Error("jszip: expected only zip writing in this page, found a call to loadAsync")); };',
  flate: [
    'function storedOnly() { throw new Error("jszip: expected stored (STORE) entries only in this page, found a DEFLATE compression: the page ships no deflate"); }',
    'module.exports = { magic: "\\x08\\x00", compressWorker: storedOnly, uncompressWorker: storedOnly };',
  ].join('\n'),
  lie: 'module.exports = Promise;',
  setimmediate: [
    'if (typeof setImmediate !== "function") {',
    '  var channel = new MessageChannel();',
    '  var callbacks = [];',
    '  channel.port1.onmessage = function () { callbacks.shift()(); };',
    '  globalThis.setImmediate = function (callback) { callbacks.push(callback); channel.port2.postMessage(null); };',
    '}',
  ].join('\n'),
  support: [
    'module.exports = {',
    '  base64: false, array: true, string: true, arraybuffer: true, uint8array: true, blob: typeof Blob === "function",',
    '  nodebuffer: false, nodestream: false,',
    '};',
  ].join('\n'),
  NodejsStreamInputAdapter: 'module.exports = null;',
  NodejsStreamOutputAdapter: 'module.exports = null;',
  base64: [
    'function noBase64() { throw new Error("jszip: expected bytes in and a Uint8Array out in this page, found a base64 input or output: the page ships no base64 codec for jszip"); }',
    'module.exports = { encode: noBase64, decode: noBase64 };',
  ].join('\n'),
  compressedObject: [
    'var Crc32Probe = require("./stream/Crc32Probe");',
    'var DataLengthProbe = require("./stream/DataLengthProbe");',
    'function CompressedObject() { throw new Error("jszip: expected only zip writing in this page, found the compressed data of a read zip"); }',
    'CompressedObject.createWorkerFrom = function (uncompressedWorker, compression, compressionOptions) {',
    '  return uncompressedWorker',
    '    .pipe(new Crc32Probe())',
    '    .pipe(new DataLengthProbe("uncompressedSize"))',
    '    .pipe(compression.compressWorker(compressionOptions))',
    '    .pipe(new DataLengthProbe("compressedSize"))',
    '    .withStreamInfo("compression", compression);',
    '};',
    'module.exports = CompressedObject;',
  ].join('\n'),
  nodejsUtils: [
    'function noBuffer() { throw new Error("jszip: expected no Node Buffer or stream in this page, found a call that needs one"); }',
    'module.exports = { isNode: false, isBuffer: function () { return false; }, isStream: noBuffer, newBufferFrom: noBuffer, allocBuffer: noBuffer };',
  ].join('\n'),
};

/**
 * Cuts pieces of one of jszip's lib/ files: each `from` ... up to `to` (kept) becomes `replacement`.
 * Fails when a `from` or a `to` is not found exactly once, so a new jszip fails the build instead of
 * shipping a half-cut file.
 */
function cutJszipFile(file: string, code: string, cuts: [from: string, to: string, replacement: string][]): string {
  let out = code;
  for (const [from, to, replacement] of cuts) {
    const start = out.indexOf(from);
    const end = out.indexOf(to, start);
    if (start < 0 || end < 0 || out.indexOf(from, start + 1) >= 0 || out.indexOf(to, end + 1) >= 0) {
      throw new Error(`jszip-writer-only: expected ${file} to have "${from}" ... "${to}" once: has jszip changed its build?`);
    }
    out = out.slice(0, start) + replacement + out.slice(end); // `to` starts what is kept
  }
  return out;
}

/**
 * jszip's lib/utf8.js without its decoder (issue 15 page size): the decoder reads a zip entry's
 * bytes as text (`file.async("string")`, zipObject.js internalStream), which the page never does;
 * the encoder names every written entry (ZipFileWorker) and stays jszip's, byte for byte. Cut: the
 * table of UTF-8 lengths and `utf8border`/`buf2string` (pako's, used by the decoder only), and
 * `utf8decode` and `Utf8DecodeWorker`, which become functions that throw (in internalStream's try,
 * so a text read rejects with the message). Fails when a piece is not found exactly once.
 */
export function jszipUtf8EncodeOnly(code: string): string {
  const refuse = 'function () { throw new Error("jszip: expected only zip writing in this page, found a UTF-8 decode (a zip entry read as text)"); }';
  return cutJszipFile('lib/utf8.js', code, [
    ['// Table with utf8 lengths', '// convert string to array', ''],
    ['// Calculate max possible position in utf8 buffer,', "// That's all for the pako functions.", ''],
    ['exports.utf8decode = function utf8decode(buf) {', '/**\n * A worker to endcode string chunks', `exports.utf8decode = ${refuse};\nexports.Utf8DecodeWorker = ${refuse};\n\n`],
  ]);
}

/**
 * jszip's lib/utils.js with only what writing zip.ts's zip reaches (issue 15 page size). zip.ts
 * gives `file` a Uint8Array (or null, which object.js fileAdd turns into "", then prepareContent
 * into an empty Uint8Array) and asks `generateAsync` for a Uint8Array, so the conversions jszip
 * makes are (utils.transformTo): a string to a Uint8Array (the headers ZipFileWorker writes, in
 * ConvertWorker), a Uint8Array to a string (the UTF-8 bytes of a name or comment, ZipFileWorker),
 * and a Uint8Array to itself (the entries' bytes and the output); tests/lint/jszip-writer-only.test.ts
 * records the conversions a zip of zip.ts makes with jszip's own file. Cut:
 * - the other entries of the conversion table (from or to an array, an ArrayBuffer or a Node
 *   Buffer, a string to itself) and `arrayLikeToArrayLike`, which only they call: transformTo then throws, naming the
 *   two types, where it finds no conversion (an "arraybuffer" output, an ArrayBuffer input);
 * - `newBlob` (a "blob" output only, StreamHelper transformZipOutput), a function that throws (a
 *   "blob" output fails before it, in transformTo, which has no Uint8Array to ArrayBuffer);
 * - prepareContent's reading of a Blob or File input (`arrayBuffer` or FileReader): a Blob then
 *   fails in prepareContent with jszip's own "Can't read the data of ..." rejection;
 * - `resolve` (load.js) and `pretty` (zipEntries.js, zipEntry.js), the reader's, functions that throw.
 * Every other function stays jszip's, byte for byte. Fails when a piece is not found exactly once.
 */
export function jszipUtilsWriterOnly(code: string): string {
  const refuse = (found: string) => `function () { throw new Error("jszip: expected only zip writing to a Uint8Array in this page, found ${found}"); }`;
  const table = [
    'var transform = {',
    '    "string": {',
    '        "uint8array": function(input) {',
    '            return stringToArrayLike(input, new Uint8Array(input.length));',
    '        }',
    '    },',
    '    "uint8array": {',
    '        "string": arrayLikeToString,',
    '        "uint8array": identity',
    '    }',
    '};',
    '',
    '',
  ].join('\n');
  const convert = [
    '    var convert = transform[inputType] && transform[inputType][outputType];',
    '    if (!convert) {',
    '        throw new Error("jszip: expected only zip writing to a Uint8Array in this page, found a conversion from " + inputType + " to " + outputType);',
    '    }',
    '    var result = convert(input);',
    '',
  ].join('\n');
  return cutJszipFile('lib/utils.js', code, [
    ['exports.newBlob = function(part, type) {', '/**\n * The identity function.', `exports.newBlob = ${refuse('a Blob output')};\n`],
    ['/**\n * Copy the data from an array-like to an other array-like.', '/**\n * Transform an input into any type.', table],
    ['    var result = transform[inputType][outputType](input);', '    return result;\n};\n\n/**\n * Resolve all relative path components', convert],
    ['exports.resolve = function(path) {', '/**\n * Return the type of the input.', `exports.resolve = ${refuse('a path of a read zip')};\n\n`],
    ['exports.pretty = function(str) {', '/**\n * Defer the call of a function.', `exports.pretty = ${refuse('a read zip')};\n\n`],
    ['    var promise = external.Promise.resolve(inputData).then(function(data) {', '    return promise.then(function(data) {', '    var promise = external.Promise.resolve(inputData);\n\n'],
  ]);
}

/** jszip's lib/ helpers JSZIP_STUBS replaces whole: each stub has the exports of jszip's module, no more, no fewer. */
export const JSZIP_HELPER_STUBS = ['support', 'base64', 'nodejsUtils', 'compressedObject'];

/**
 * Runs one of JSZIP_STUBS as the bundler would a CommonJS module: its `./x` requires are jszip's
 * lib/ modules (as jszipWriterOnly resolves them), `scope` its globals.
 */
export function runJszipStub(name: string, scope: Record<string, unknown> = {}): unknown {
  const jszipRequire = createRequire(createRequire(import.meta.url).resolve('jszip/lib/index.js'));
  const module = { exports: {} as unknown };
  new Function('module', 'require', ...Object.keys(scope), JSZIP_STUBS[name]!)(module, jszipRequire, ...Object.values(scope));
  return module.exports;
}

/** What jszip's module `name` exports and its stub does not, and the reverse (both empty when they match). */
export function jszipStubShape(name: string): { onlyJszip: string[]; onlyStub: string[] } {
  const jszipRequire = createRequire(createRequire(import.meta.url).resolve('jszip/lib/index.js'));
  const own = Object.keys(jszipRequire(`./${name}`) as object);
  const stub = Object.keys(runJszipStub(name) as object);
  return { onlyJszip: own.filter((k) => !stub.includes(k)), onlyStub: stub.filter((k) => !own.includes(k)) };
}

/**
 * The page writes zips and never reads one (issue 15 page size): src/lib/bundle/zip.ts is jszip's
 * only user and calls `file` and `generateAsync`. jszip's package hands browsers its prebuilt
 * dist/jszip.min.js, which carries the zip reader (`loadAsync`: zip entries, readers, pako's
 * inflate) and the `lie` Promise polyfill next to the writer. This builds jszip from its own
 * CommonJS sources instead (lib/index.js, the `browser` field's choice for everything else) with
 * - `loadAsync` (lib/load.js) a function that rejects: reading a zip is not in this page;
 * - lib/flate.js (lib/compressions.js's DEFLATE, jszip's only requirer of pako) its `magic`
 *   (method 8) and workers that throw: src/lib/bundle/zip.ts writes stored entries
 *   (`compression: 'STORE'`), so the page has no pako at all; a `compression: 'DEFLATE'` added
 *   later fails loudly in the page with that message (jszip turns the throw into generateAsync's
 *   rejection, which zip.ts reports as BUNDLE_ZIP_FAILED);
 * - `lie` the browser's Promise (lib/external.js takes `lie` only where no Promise exists);
 * - `setimmediate` (the polyfill lib/utils.js requires for its global `setImmediate(callback)`, its
 *   one call, in `delay`, which paces the zip's workers) a global that runs each callback from a
 *   MessageChannel message, in the order given: a task of its own, as the polyfill's
 *   window.postMessage gives. Not setTimeout, which browsers clamp to 4 ms once nested (HTML,
 *   timers: nesting level above 5) and would slow every chunk of a large zip;
 * - lib/nodejs/NodejsStream{Input,Output}Adapter.js `null`: jszip builds them only for a Node
 *   stream given where `Buffer` exists (object.js) or with `nodestream` (StreamHelper.js), neither
 *   of which a browser has.
 * And the helpers of inputs and outputs zip.ts never gives or asks for (issue 15 page size, -640
 * bytes gzip -9 together): zip.ts gives `file` a Uint8Array or null with `binary: true` (a folder,
 * or an empty file, becomes "" in object.js fileAdd) and asks `generateAsync` for a Uint8Array, so
 * - lib/support.js is what it finds in a browser, written out: no Node Buffer (`nodebuffer`) or
 *   stream (`nodestream`, which also keeps `readable-stream` out) and, unlike jszip's, no `base64`
 *   (below): a base64 output then fails in utils.checkSupport with jszip's "base64 is not
 *   supported by this platform";
 * - lib/base64.js functions that throw: jszip calls them only for a `base64: true` string input
 *   (utils.prepareContent) or a "base64" output (StreamHelper transformZipOutput);
 * - lib/nodejsUtils.js the answers a browser gets (`isNode` and `isBuffer` false), its Buffer and
 *   stream helpers throwing: jszip calls them only where `isNode` or `nodebuffer` is true;
 * - lib/compressedObject.js a constructor that throws and jszip's own `createWorkerFrom` (the
 *   worker chain every written entry goes through, zipObject.js `_compressWorker`): only the
 *   reader (zipEntry.js) makes a CompressedObject, the compressed data of a zip that was read, so
 *   object.js's and zipObject.js's `instanceof CompressedObject` stay false. A stub requires
 *   jszip's own modules by its lib/ path (`./stream/Crc32Probe`).
 * lib/utf8.js keeps its encoder, which names every entry (ZipFileWorker; a TextEncoder in its place
 * would write a lone surrogate in a path differently), and loses its decoder (jszipUtf8EncodeOnly,
 * a transform of jszip's file, not a stub); lib/utils.js keeps only the conversions and helpers the
 * writer reaches (jszipUtilsWriterOnly, also a transform).
 * The writer's code is jszip's (createWorkerFrom copied as jszip writes it). Fails the build when jszip's sources no longer
 * have the requires it replaces. Node tests run the whole jszip, so tests/lint/jszip-writer-only.test.ts
 * keeps src/ from calling `loadAsync` or asking for DEFLATE, and jszip's only importer the zip writer;
 * it also runs the stubs (JSZIP_STUBS), the helpers' ones inside jszip's own code: a zip written
 * with them is the one written without them, byte for byte.
 */
export function jszipWriterOnly(): Plugin {
  const JSZIP_LIB = /[\\/]node_modules[\\/]jszip[\\/]lib[\\/]/;
  const STUB = '\0xmail-jszip:';
  const seen = new Set<string>();
  return {
    name: 'xmail:jszip-writer-only',
    apply: 'build',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (source === 'jszip' && importer && !JSZIP_LIB.test(importer)) {
        const lib = await this.resolve('jszip/lib/index.js', importer, { skipSelf: true });
        if (!lib) throw new Error('jszip-writer-only: expected jszip/lib/index.js, found none');
        return lib.id;
      }
      if (importer?.startsWith(STUB) && source.startsWith('./')) {
        const lib = await this.resolve(`jszip/lib/${source.slice(2)}.js`, undefined, { skipSelf: true });
        if (!lib) throw new Error(`jszip-writer-only: expected jszip/lib/${source.slice(2)}.js, found none`);
        return lib.id;
      }
      if (!importer || !JSZIP_LIB.test(importer)) return null;
      if (source === './load' && /[\\/]lib[\\/]index\.js$/.test(importer)) return (seen.add('load'), `${STUB}load`);
      if (source === './flate' && /[\\/]lib[\\/]compressions\.js$/.test(importer)) return (seen.add('flate'), `${STUB}flate`);
      if (source === 'lie' || source === 'setimmediate') return (seen.add(source), `${STUB}${source}`);
      const helper = /^\.\.?\/(\w+)$/.exec(source)?.[1];
      if (helper && JSZIP_HELPER_STUBS.includes(helper)) return (seen.add(helper), `${STUB}${helper}`);
      const adapter = /\/nodejs\/(NodejsStream(?:Input|Output)Adapter)$/.exec(source)?.[1];
      if (adapter) return (seen.add(adapter), `${STUB}${adapter}`);
      return null;
    },
    buildStart() {
      for (const name of JSZIP_HELPER_STUBS) {
        const { onlyJszip, onlyStub } = jszipStubShape(name);
        if (onlyJszip.length || onlyStub.length) {
          throw new Error(`jszip-writer-only: expected jszip's lib/${name}.js to export what its stub does; found ${[...onlyJszip.map((k) => `${k} in jszip only`), ...onlyStub.map((k) => `${k} in the stub only`)].join(', ')}: has jszip changed its build?`);
        }
      }
    },
    load(id) {
      return id.startsWith(STUB) ? (JSZIP_STUBS[id.slice(STUB.length)] ?? null) : null;
    },
    transform(code, id) {
      const file = /[\\/]node_modules[\\/]jszip[\\/]lib[\\/](utf8|utils)\.js$/.exec(id)?.[1];
      if (!file) return null;
      seen.add(file);
      return { code: file === 'utf8' ? jszipUtf8EncodeOnly(code) : jszipUtilsWriterOnly(code), map: null };
    },
    buildEnd() {
      const missing = [...Object.keys(JSZIP_STUBS), 'utf8', 'utils'].filter((n) => !seen.has(n));
      if (missing.length) throw new Error(`jszip-writer-only: expected jszip's sources to require ${missing.join(', ')}; found no such require: has jszip changed its build?`);
    },
  };
}

/**
 * asn1js's and pkijs's helpers from @peculiar/utils, only the functions they call (issue 15 page
 * size). Both import namespaces from the package's index (`import { hex, bytes, uint, ... } from
 * "@peculiar/utils"`), each an object (`hex_exports = __exportAll({ encode, decode, format, parse,
 * ... })`) that keeps every function of its file in the page (hex parsing and formatting, most of
 * `bytes` and the integer codecs, which neither library calls). This writes each such name as
 * `import * as hex from ".../encoding/hex.js"`: the same functions under the same names, read as
 * `hex.encode` from the file's own exports, which Rolldown can then drop one by one. Which file a
 * name comes from is read from the package's build/index.js (`import { hex_exports } from
 * "./encoding/hex.js"` and `hex_exports as hex`); other names keep the package import. Fails the
 * build when either library no longer imports a namespace this way.
 */
export function peculiarUtilsByFile(): Plugin {
  const file = /[\\/]node_modules[\\/](?:asn1js|pkijs)[\\/]build[\\/]index\.js$/;
  const importLine = /^import \{([^}]+)\} from "@peculiar\/utils";$/m;
  let namespaces: Map<string, string> | undefined;
  return {
    name: 'xmail:peculiar-utils-by-file',
    apply: 'build',
    async transform(code, id) {
      if (!file.test(id)) return null;
      const found = importLine.exec(code);
      if (!found) throw new Error(`peculiar-utils-by-file: expected an import from "@peculiar/utils" in ${id}, found none: has it changed its build?`);
      if (!namespaces) {
        const index = (await this.resolve('@peculiar/utils', id, { skipSelf: true }))?.id;
        if (!index) throw new Error('peculiar-utils-by-file: expected @peculiar/utils beside asn1js, found none');
        const text = await readFile(index, 'utf8');
        const files = new Map([...text.matchAll(/^import \{ (\w+_exports) \} from "(\.\/[\w/-]+\.js)";$/gm)].map((m) => [m[1]!, join(index, '..', m[2]!)]));
        const exported = /^export \{([^}]+)\};$/m.exec(text)?.[1] ?? '';
        namespaces = new Map();
        for (const m of exported.matchAll(/(\w+_exports) as (\w+)/g)) if (files.has(m[1]!)) namespaces.set(m[2]!, files.get(m[1]!)!);
        if (namespaces.size < 5) throw new Error(`peculiar-utils-by-file: expected @peculiar/utils to export its namespaces (hex, bytes, uint...) from their files, found ${[...namespaces.keys()].join(', ') || 'none'}`);
      }
      const names = found[1]!.split(',').map((n) => n.trim()).filter(Boolean);
      const byFile = names.filter((n) => namespaces!.has(n));
      if (!byFile.length) throw new Error(`peculiar-utils-by-file: expected ${id} to import a namespace of @peculiar/utils, found ${names.join(', ')}`);
      const rest = names.filter((n) => !namespaces!.has(n));
      const lines = [...byFile.map((n) => `import * as ${n} from ${JSON.stringify(namespaces!.get(n))};`), ...(rest.length ? [`import { ${rest.join(', ')} } from "@peculiar/utils";`] : [])];
      return { code: code.replace(importLine, () => lines.join('\n')), map: null };
    },
  };
}

/**
 * The single file's screens in two chunks with Svelte (issue 15 page size, then page start): `ui`
 * holds the shell, the first screen (START_FLOW, the route '' of src/ui/flows/registry.ts), every
 * UI module they import, the Svelte runtime they use, and every module only the UI reaches
 * (src/i18n/findings.ts...); `views` holds the other screens and what only they import. Split
 * one per flow (Rolldown's default, which the hosted build keeps), the 40 chunks reached each
 * other's exports through `require`d objects (`t.P(...)` for every Svelte call) and each added a
 * block and a CSP hash: 7 KB gzip. One chunk for all screens made V8 parse and run ~250 KB of
 * screens at start that the first screen never shows (docs/PERFORMANCE.md, page start). The start
 * still runs in turns (src/main.ts): `ui` is parsed and run in the svelte turns, after the engine,
 * the catalogs and the store, before the shell mounts; `views` when a screen of it is first shown
 * (its `import()`, through the loader's require.async). Modules the start reaches without going
 * through the UI (lib, i18n, the libraries) stay in their chunks (includeDependenciesRecursively:
 * false); none of them imports the UI. A module only the UI imports left outside would form a
 * chunk cycle (the flow chunk requiring the UI chunk that requires it: its exports read before
 * they exist), which is why those are captured too, and singleFileChunks fails on any cycle;
 * `views` only requires `ui`, never the reverse (only its `import()`s reach `views`).
 */
const START_FLOW = /[\\/]src[\\/]ui[\\/]flows[\\/]current[\\/]CurrentFlow\.svelte$/;
function uiChunk(): Plugin & { test: (id: string) => boolean; views: (id: string) => boolean } {
  const UI_MODULE = /[\\/]src[\\/]ui[\\/]|[\\/]node_modules[\\/](?:svelte|clsx)[\\/]/;
  const ENTRY = /[\\/]src[\\/]main\.ts$/;
  let outsideUi: Set<string> | null = null;
  let startUi: Set<string> | null = null;
  const read = () => {
    if (!outsideUi || !startUi) throw new Error('ui chunk: the module graph was not read before chunking');
    return { outsideUi, startUi };
  };
  return {
    name: 'xmail:ui-chunk',
    apply: 'build',
    buildEnd() {
      // What the start reaches without entering the UI: those modules keep their own chunks.
      const entries = [...this.getModuleIds()].filter((id) => this.getModuleInfo(id)?.isEntry);
      if (!entries.some((id) => ENTRY.test(id) || this.getModuleInfo(id)?.importedIds.some((i) => ENTRY.test(i)))) {
        throw new Error(`ui chunk: expected src/main.ts as the entry, found ${entries.join(', ')}`);
      }
      outsideUi = new Set(entries);
      const todo = [...entries];
      const uiRoots: string[] = [];
      while (todo.length) {
        const info = this.getModuleInfo(todo.pop()!);
        for (const next of [...(info?.importedIds ?? []), ...(info?.dynamicallyImportedIds ?? [])]) {
          if (outsideUi.has(next)) continue;
          if (UI_MODULE.test(next) && !/\.css$/.test(next)) {
            uiRoots.push(next); // App.svelte, svelte: what the start imports of the UI
            continue;
          }
          outsideUi.add(next);
          todo.push(next);
        }
      }
      // The shell and the first screen: the UI modules their static imports reach.
      const startFlow = [...this.getModuleIds()].filter((id) => START_FLOW.test(id));
      if (startFlow.length !== 1) throw new Error(`ui chunk: expected the first screen ${START_FLOW} once, found ${startFlow.length}`);
      startUi = new Set();
      const more = [...uiRoots, ...startFlow];
      while (more.length) {
        const id = more.pop()!;
        if (startUi.has(id) || outsideUi.has(id)) continue;
        startUi.add(id);
        more.push(...(this.getModuleInfo(id)?.importedIds ?? []));
      }
    },
    test(id) {
      const { outsideUi, startUi } = read();
      return !outsideUi.has(id) && startUi.has(id);
    },
    views(id) {
      const { outsideUi, startUi } = read();
      return !outsideUi.has(id) && !startUi.has(id);
    },
  };
}

export default defineConfig(({ mode }) => {
  const hosted = mode === 'hosted';
  const ui = uiChunk();
  const outDir = resolve(import.meta.dirname, hosted ? 'dist-hosted' : 'dist');
  const buildPlugins = hosted
    ? [
        VitePWA({
          strategies: 'generateSW',
          registerType: 'autoUpdate',
          injectRegister: 'script', // a registerSW.js file, allowed by script-src 'self' (no inline script)
          manifest: false,
          workbox: {
            globPatterns: ['**/*.{html,js,css,svg,png,ico,txt,webmanifest}'],
            navigateFallback: 'index.html',
            cleanupOutdatedCaches: true,
            // The first visit is controlled at once, so it is the only visit that needs the network.
            clientsClaim: true,
            skipWaiting: true,
          },
        }),
        hostedCsp(),
      ]
    : [ui, singleFileChunks(), inlineCsp()];
  return {
    base: './',
    plugins: [jszipWriterOnly(), peculiarUtilsByFile(), pkijsStaticFields(), pkijsExtensionRegistry(), pkijsNoDefaultEngine(), asn1jsPkijsNoToJson(), catalogText(), svelte(), staticLinks(hosted), ...buildPlugins, printSha256(outDir)],
    // public/ is copied into dist-hosted/ only: the single file takes nothing from it but the inlined favicon.
    publicDir: hosted ? PUBLIC_DIR : false,
    // No modulepreload polyfill: one chunk, and the polyfill's fetch() has no place in this page.
    build: {
      target: 'es2022',
      outDir,
      emptyOutDir: true,
      modulePreload: { polyfill: false },
      // The single file: CommonJS chunks that singleFileChunks puts into index.html, one stylesheet, every asset inlined.
      // Its chunks are named without a content hash (`pki.js`, not `pki-BrI5ItQe.js`): nothing is cached by file
      // name inside one file, and each name is written 3-4 times (block, registration, every require).
      ...(hosted
        ? {}
        : {
            cssCodeSplit: false,
            assetsInlineLimit: () => true,
            rolldownOptions: {
              output: {
                format: 'cjs' as const,
                chunkFileNames: (chunk) => (chunk.name === 'rolldown-runtime' ? 'runtime.js' : '[name].js'),
                entryFileNames: '[name].js',
                generatedCode: { symbols: false },
                codeSplitting: { includeDependenciesRecursively: false, groups: [{ name: 'ui', test: ui.test }, { name: 'views', test: ui.views }] },
              },
            },
          }),
    },
    server: { host: '127.0.0.1' },
    preview: { host: '127.0.0.1' },
  };
});
