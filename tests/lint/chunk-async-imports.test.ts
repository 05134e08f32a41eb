/**
 * The single file's `import()` of another chunk goes through the loader's require.async (vite.config.ts
 * asyncChunkImports, issue 15 item 3: page start), which compiles and runs the chunk in tasks of their
 * own; the static dependencies left in the code are what the loader runs first, in the code's order.
 */
import { describe, expect, it } from 'vitest';
import { asyncChunkImports, PRELOAD_HELPER, unwrapPreloadCalls } from '../../vite.config.ts';

/** Rolldown's CommonJS output for `import('./a')` and static imports (minified, as it writes them). */
const ROLLDOWN = `const e=require("./rolldown-runtime.js"),t=require("./pki.js");let n=require("./index.js");var r=[()=>Promise.resolve().then(()=>require("./ui.js")).then(e=>e.n),()=>Promise.resolve().then(()=>require("./ja-2.js")).then(e=>e.t)],i=()=>Promise.resolve().then(()=>Ld);t.require("./x.js");`;

describe('asyncChunkImports', () => {
  it.each([
    ['an import() of another chunk becomes require.async', 'require.async("./ui.js")'],
    ['a chunk name with a dash too', 'require.async("./ja-2.js")'],
    ['an import() inside the same chunk stays a resolved promise', 'Promise.resolve().then(()=>Ld)'],
  ])('%s', (_what, expected) => {
    expect.hasAssertions();
    expect(asyncChunkImports(ROLLDOWN).code).toContain(expected);
  });

  it('rewrites each import() of another chunk and lists the static dependencies in the order the code requires them', () => {
    const { code, rewritten, deps } = asyncChunkImports(ROLLDOWN);
    expect(rewritten).toBe(2);
    expect(code).not.toMatch(/then\(\(\)=>require\(/);
    // Not the dynamic ones, not a member call named require.
    expect(deps).toEqual(['rolldown-runtime.js', 'pki.js', 'index.js']);
  });

  it('leaves code with no import() as it is', () => {
    const code = 'const e=require("./a.js");e.f();';
    expect(asyncChunkImports(code)).toEqual({ code, rewritten: 0, deps: ['a.js'] });
  });
});

/**
 * Vite's preload wrapper around each import() (vite.config.ts unwrapPreloadCalls): with no file to
 * preload in the single file it only re-dispatched a failure as `vite:preloadError`, which nothing
 * listens to; unwrapped, the caller gets the same value or the same rejection.
 */
describe('unwrapPreloadCalls', () => {
  /** Rolldown's minified CommonJS after asyncChunkImports: another chunk's, with `.then`s, and one in the same chunk. */
  const WRAPPED = `var s=[()=>o(()=>require.async("./pki.js").then(e=>e.t).then(()=>void 0),void 0,{}.url)],l=()=>t.t(()=>require.async("./views.js").then(e=>e.i),void 0,{}.url),c=()=>t.t(()=>Promise.resolve().then(()=>ps),void 0,{}.url);`;

  it('writes each wrapped import() as the promise it wraps', () => {
    const { code, rewritten } = unwrapPreloadCalls(WRAPPED);
    expect(rewritten).toBe(3);
    expect(code).toBe(`var s=[()=>require.async("./pki.js").then(e=>e.t).then(()=>void 0)],l=()=>require.async("./views.js").then(e=>e.i),c=()=>Promise.resolve().then(()=>ps);`);
  });

  it('leaves a call of another shape, which the build then refuses (a preload call left)', () => {
    const other = 'l=()=>t.t(()=>require.async("./views.js").then(function(e){return e.i}),void 0,{}.url);';
    expect(unwrapPreloadCalls(other)).toEqual({ code: other, rewritten: 0 });
  });

  it('resolves to the same exports, and rejects with the same error, as through the helper the single file gives Vite', async () => {
    const helper = PRELOAD_HELPER.code.replace(/^export /, '');
    const loadView = (code: string, asyncRequire: () => Promise<unknown>) =>
      new Function('require', `${helper};const t={t:__vitePreload};${code};return l;`)({ async: asyncRequire }) as () => Promise<unknown>;
    const view = { i: 'ViewsScreen' };
    const failure = new Error('single file: expected a chunk views.js, found none');
    for (const code of [WRAPPED, unwrapPreloadCalls(WRAPPED).code]) {
      await expect(loadView(code, () => Promise.resolve(view))()).resolves.toBe('ViewsScreen');
      await expect(loadView(code, () => Promise.reject(failure))()).rejects.toBe(failure);
    }
  });
});
