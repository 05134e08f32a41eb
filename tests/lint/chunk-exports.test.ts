/**
 * The single file's chunks end with their exports in one `require.x(exports, {...})` call instead
 * of one Object.defineProperty per export (vite.config.ts compactChunkExports, issue 15 page
 * size). Run through the same loader helper, the rewritten glue gives the same exports: the same
 * names, enumerable, read live (a `let` reassigned after the export is seen).
 */
import { describe, expect, it } from 'vitest';
import { compactChunkExports } from '../../vite.config.ts';

/** Rolldown's glue as it writes it (minified CommonJS chunk). */
const ROLLDOWN = `let a=1;var b={k:2},c=()=>a;Object.defineProperty(exports,"n",{enumerable:!0,get:function(){return a}}),Object.defineProperty(exports,"r",{enumerable:!0,get:function(){return b}}),Object.defineProperty(exports,"t",{enumerable:!0,get:function(){return c}}),Object.defineProperty(exports,"$x",{enumerable:!0,get:function(){return b.k}});a=5;`;

/** The loader's helper (vite.config.ts CHUNK_LOADER `require.x`). */
const x = (exports: object, getters: Record<string, () => unknown>) => {
  for (const name in getters) Object.defineProperty(exports, name, { enumerable: true, get: getters[name] });
};
function run(code: string): Record<string, unknown> {
  const exports = {};
  new Function('require', 'exports', code)(Object.assign(() => undefined, { x }), exports);
  return exports;
}

describe('compactChunkExports', () => {
  it('writes every export getter in one call, and the chunk exports the same', () => {
    const { code, rewritten } = compactChunkExports(ROLLDOWN);
    expect(rewritten).toBe(4);
    expect(code).not.toContain('Object.defineProperty');
    expect(code).toContain('require.x(exports,{n:()=>a,r:()=>b,t:()=>c,$x:()=>b.k});a=5;');
    const before = run(ROLLDOWN), after = run(code);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after['n']).toBe(5); // live: read after `a=5`
    expect({ ...after, t: undefined }).toEqual({ ...before, t: undefined });
    expect((after['t'] as () => number)()).toBe(5);
    for (const name of Object.keys(before)) expect(Object.getOwnPropertyDescriptor(after, name)).toMatchObject({ enumerable: true, configurable: false });
  });

  it('leaves code with no such glue as it is', () => {
    const code = 'Object.defineProperty(exports,Symbol.toStringTag,{value:`Module`});var e=1;';
    expect(compactChunkExports(code)).toEqual({ code, rewritten: 0 });
  });
});
