/**
 * Each chunk's block is minified again as the script it is (vite.config.ts minifyBlock, issue 15
 * page size): the wrapper's `require`, `exports` and `module` and the glue written after Rolldown's
 * minifier get short names; the block registers the same chunk, strict, with the same exports.
 */
import { describe, expect, it } from 'vitest';
import { minifyBlock } from '../../vite.config.ts';

/** A block as singleFileChunks writes it: Rolldown's minified chunk in the wrapper, with the rewritten glue. */
const BLOCK = `__xmailChunk("b.js", function (require, exports, module) {"use strict";
const e=require("./a.js");var t=class extends e.Base{name=\`BError\`},n=(e,n)=>new t(e+n),r=function(){return this===void 0};require.x(exports,{n:()=>n,r:()=>r,t:()=>t});
});`;

/** Registers the block as the loader's __xmailChunk does and runs its factory as the loader's require does. */
function run(block: string): Record<string, unknown> {
  let factory: ((require: unknown, exports: object, module: object) => void) | undefined;
  new Function('__xmailChunk', block)((name: string, f: typeof factory) => {
    expect(name).toBe('b.js');
    factory = f;
  });
  const require = Object.assign((path: string) => (path === './a.js' ? { Base: Error } : {}), {
    x: (exports: object, getters: Record<string, () => unknown>) => {
      for (const name in getters) Object.defineProperty(exports, name, { enumerable: true, get: getters[name] });
    },
  });
  const module = { exports: {} };
  factory!(require, module.exports, module);
  return module.exports;
}

describe('minifyBlock', () => {
  it('shortens the wrapper and the glue, and keeps the chunk name, the directive and the global', () => {
    const out = minifyBlock(BLOCK);
    expect(out.length).toBeLessThan(BLOCK.length);
    expect(out).not.toMatch(/\brequire\b|\bexports\b|\bmodule\b/);
    expect(out).toMatch(/^__xmailChunk\(["`]b\.js["`],function\(\w+,\w+,\w+\)\{"use strict";/);
  });

  it('gives the same exports, still in strict mode', () => {
    for (const block of [BLOCK, minifyBlock(BLOCK)]) {
      const { n, r, t } = run(block) as { n: (a: string, b: string) => Error; r: () => boolean; t: new () => Error };
      expect(Object.keys(run(block))).toEqual(['n', 'r', 't']);
      expect(n('x', 'y')).toBeInstanceOf(t);
      expect(n('x', 'y')).toMatchObject({ name: 'BError', message: 'xy' });
      expect(r()).toBe(true); // `this` is undefined in a plain call: strict
    }
  });

  it('fails on a block that does not parse', () => {
    expect(() => minifyBlock('__xmailChunk("b.js", function (require) {')).toThrow(/expected a chunk's block to minify/);
  });
});
