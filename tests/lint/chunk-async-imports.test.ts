/**
 * The single file's `import()` of another chunk goes through the loader's require.async (vite.config.ts
 * asyncChunkImports, issue 15 item 3: page start), which compiles and runs the chunk in tasks of their
 * own; the static dependencies left in the code are what the loader runs first, in the code's order.
 */
import { describe, expect, it } from 'vitest';
import { asyncChunkImports } from '../../vite.config.ts';

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
