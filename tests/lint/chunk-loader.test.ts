/**
 * The single file's chunk loader (vite.config.ts CHUNK_LOADER, issue 15 item 3: page start), run
 * against a stand-in document: require.async parses each missing chunk in a turn of its own, then
 * runs each in a turn of its own, dependencies first, then gives the importer one more turn; a
 * missing block, one the CSP refuses or one that does not parse is an error of the require, not of
 * the window (the screen's loader makes it a PageError), and
 * a chunk whose code throws leaves no half-made exports behind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHUNK_LOADER } from '../../vite.config.ts';

type Require = ((path: string) => Record<string, unknown>) & { async: (path: string) => Promise<Record<string, unknown>> };

/**
 * The loader with these chunks' blocks (name -> module code); `refused` blocks are in the page but
 * do not run (the CSP), `broken` ones do not parse (the window's error event, as a browser reports it).
 */
function loader(chunks: Record<string, string>, deps: Record<string, string[]>, refused: string[] = [], broken: string[] = []) {
  const log: string[] = [];
  const g = globalThis as Record<string, unknown>;
  g.scheduler = { yield: () => (log.push('|'), Promise.resolve()) };
  const listeners = new Set<(event: { message: string; preventDefault: () => void }) => void>();
  g.addEventListener = (_type: string, f: never) => listeners.add(f);
  g.removeEventListener = (_type: string, f: never) => listeners.delete(f);
  const document = {
    querySelector: (selector: string) => {
      const name = /data-chunk="([^"]+)"/.exec(selector)?.[1] ?? '';
      return name in chunks ? { textContent: name } : null;
    },
    createElement: () => ({ textContent: '', remove: () => undefined }),
    head: {
      append: (script: { textContent: string }) => {
        const name = script.textContent;
        log.push(`parse ${name}`);
        if (refused.includes(name)) return;
        if (broken.includes(name)) {
          let prevented = false;
          for (const f of listeners) f({ message: 'SyntaxError: Unexpected token', preventDefault: () => (prevented = true) });
          if (!prevented) throw new Error('the window saw an uncaught SyntaxError');
          return;
        }
        (g.__xmailChunk as (n: string, f: unknown) => void)(name, new Function('require', 'exports', 'module', `log.push('run ${name}');\n${chunks[name]}`).bind(null));
      },
    },
  };
  const make = new Function('document', 'log', `${CHUNK_LOADER.replace('CHUNK_DEPS', JSON.stringify(deps))}\nreturn require;`);
  // The chunks' code reads `log` from the function scope they are made in: hand it through the global.
  g.log = log;
  return { require: make(document, log) as Require, log };
}

afterEach(() => {
  for (const k of ['scheduler', '__xmailChunk', 'log', 'addEventListener', 'removeEventListener']) delete (globalThis as Record<string, unknown>)[k];
});

describe('CHUNK_LOADER require.async', () => {
  it('parses each missing chunk in a turn, then runs each in a turn, dependencies first, then one turn for the importer', async () => {
    const { require, log } = loader(
      { 'a.js': 'exports.a = 1;', 'b.js': 'exports.b = require("./a.js").a + 1;', 'c.js': 'exports.c = require("./b.js").b + require("./a.js").a;' },
      { 'a.js': [], 'b.js': ['a.js'], 'c.js': ['b.js', 'a.js'] },
    );
    const c = await require.async('./c.js');
    expect(c).toEqual({ c: 3 });
    expect(log).toEqual(['|', 'parse a.js', '|', 'parse b.js', '|', 'parse c.js', '|', 'run a.js', '|', 'run b.js', '|', 'run c.js', '|']);
    // Loaded once: a second import is the same exports, with no turn.
    log.length = 0;
    expect(await require.async('./c.js')).toBe(c);
    expect(log).toEqual([]);
  });

  it.each([
    ['missing', { 'a.js': 'exports.a = 1;' }, [], [], /expected a chunk b\.js, found none/],
    ['refused by the CSP', { 'a.js': 'exports.a = 1;', 'b.js': 'exports.b = 2;' }, ['b.js'], [], /expected chunk b\.js to run, found it refused/],
    ['that does not parse (its error kept from the window)', { 'a.js': 'exports.a = 1;', 'b.js': 'exports.b = 2;' }, [], ['b.js'], /expected chunk b\.js to run, found it broken: SyntaxError/],
  ])('a chunk %s rejects the import', async (_what, chunks, refused, broken, message) => {
    const { require } = loader(chunks, { 'a.js': [], 'b.js': ['a.js'] }, refused, broken);
    await expect(require.async('./b.js')).rejects.toThrow(message);
  });

  it('a chunk whose code throws is not left half-made: the next require runs it again', async () => {
    const { require, log } = loader({ 'a.js': 'if (!globalThis.__again) { globalThis.__again = 1; throw new Error("boom"); } exports.a = 1;' }, { 'a.js': [] });
    await expect(require.async('./a.js')).rejects.toThrow('boom');
    expect(require('./a.js')).toEqual({ a: 1 });
    expect(log.filter((l) => l === 'run a.js')).toHaveLength(2);
    delete (globalThis as Record<string, unknown>).__again;
  });
});
