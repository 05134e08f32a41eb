/**
 * The page uses jszip's writer only, storing entries (issue 15 page size): vite.config.ts
 * `jszipWriterOnly` builds jszip without its reader and without pako, so `loadAsync` and a DEFLATE
 * compression fail in the shipped page. The unit and interop projects run the whole jszip, so a new
 * reader call or DEFLATE would pass every Node test and fail only in the page. This test keeps src/
 * (tests and fixtures aside) free of `loadAsync` and of a "DEFLATE" string, keeps jszip's only
 * importer the zip writer, and proves the checks fire on the forms a call could take. It also runs
 * the build's flate and setimmediate stubs (JSZIP_STUBS): the first fails a DEFLATE zip with its
 * message, the second runs jszip's deferred callbacks in order, each in a task of its own. And it
 * puts the helper stubs (support, base64, nodejsUtils, compressedObject) into jszip's own modules:
 * zip.ts's zips come out byte for byte as the whole jszip writes them, and what would need a
 * stubbed helper fails with the stub's message. The same for lib/utf8.js without its decoder
 * (jszipUtf8EncodeOnly) and lib/utils.js with only what the writer reaches (jszipUtilsWriterOnly).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { zipBundle } from '../../src/lib/bundle/zip.ts';
import { JSZIP_HELPER_STUBS, jszipStubShape, jszipUtf8EncodeOnly, jszipUtilsWriterOnly, runJszipStub } from '../../vite.config.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ZIP_WRITER = 'src/lib/bundle/zip.ts';

/** What in a source text needs jszip's reader, or imports jszip: one line per hit. */
export function readerUses(text: string): string[] {
  return text.split('\n').filter((line) => /\bloadAsync\b/.test(line));
}
/** What in a source text asks jszip for DEFLATE (a compression the page does not ship): one line per hit. */
export function deflateRequests(text: string): string[] {
  return text.split('\n').filter((line) => /['"`]DEFLATE['"`]/.test(line));
}
const importsJszip = (text: string): boolean => /\bfrom\s+['"]jszip(?:\/[^'"]*)?['"]|\bimport\(\s*['"]jszip|\brequire\(\s*['"]jszip/.test(text);

function pageSources(dir = join(root, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return pageSources(path);
    return /\.(ts|svelte)$/.test(e.name) && !/\.test\.ts$|test-fixtures/.test(e.name) ? [path] : [];
  });
}

describe("jszip: the page calls the writer only (the build ships no reader)", () => {
  it('no page source calls loadAsync, and only the zip writer imports jszip', () => {
    expect.hasAssertions();
    const files = pageSources();
    expect(files.length).toBeGreaterThan(100);
    const hits = files.flatMap((f) => readerUses(readFileSync(f, 'utf8')).map((line) => `${relative(root, f)}: ${line.trim()}`));
    expect(hits).toEqual([]);
    const importers = files.filter((f) => importsJszip(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
    expect(importers).toEqual([ZIP_WRITER]);
  });

  it('no page source asks for DEFLATE; the zip writer asks for STORE', () => {
    expect.hasAssertions();
    const hits = pageSources().flatMap((f) => deflateRequests(readFileSync(f, 'utf8')).map((line) => `${relative(root, f)}: ${line.trim()}`));
    expect(hits).toEqual([]);
    expect(readFileSync(join(root, ZIP_WRITER), 'utf8')).toMatch(/\bcompression: 'STORE'/);
  });

  it.each([
    ['generateAsync', "await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });"],
    ['a file option, double quotes', 'zip.file(path, bytes, { compression: "DEFLATE", compressionOptions: { level: 9 } });'],
    ['a constant', 'const METHOD = `DEFLATE`;'],
  ])('the DEFLATE check fires on %s', (_name, code) => {
    expect(deflateRequests(`import JSZip from 'jszip';\n${code}`)).toHaveLength(1);
  });

  it.each([
    ['a method call', 'const zip = await new JSZip().loadAsync(bytes);'],
    ['the static form', 'await JSZip.loadAsync(bytes, { checkCRC32: true });'],
    ['a computed property', "const read = zip['loadAsync'];"],
  ])('the check fires on %s', (_name, code) => {
    expect(readerUses(`import JSZip from 'jszip';\n${code}`)).toHaveLength(1);
  });

  it.each([
    ['a default import', "import JSZip from 'jszip';"],
    ['a dynamic import', "const JSZip = await import('jszip');"],
  ])('the importer check fires on %s', (_name, code) => {
    expect(importsJszip(code)).toBe(true);
  });
});

const runStub = runJszipStub;

describe("the build's stubs for jszip (vite.config.ts JSZIP_STUBS)", () => {
  it('flate: a DEFLATE zip fails with the stub\'s message; a STORE zip is written as before', async () => {
    expect.hasAssertions();
    // jszip's own table of compressions, the one its generate step reads (same module instance as `jszip`).
    const compressions = createRequire(import.meta.url)('jszip/lib/compressions.js') as Record<string, unknown>;
    const deflate = compressions.DEFLATE;
    compressions.DEFLATE = runStub('flate');
    try {
      const zip = new JSZip().file('a.txt', 'text');
      await expect(zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' })).rejects.toThrow(/expected stored \(STORE\) entries only in this page, found a DEFLATE compression/);
      const stored = await zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
      expect(await (await JSZip.loadAsync(stored)).file('a.txt')!.async('string')).toBe('text');
    } finally {
      compressions.DEFLATE = deflate;
    }
  });

  const channels: MessageChannel[] = [];
  afterEach(() => {
    for (const c of channels.splice(0)) {
      c.port1.close();
      c.port2.close();
    }
  });
  /** The stub run where no setImmediate exists (a browser); its channels are closed after each test. */
  function stubbedSetImmediate(): (callback: () => void) => void {
    const page: { setImmediate?: (callback: () => void) => void } = {};
    class RecordedChannel extends MessageChannel {
      constructor() {
        super();
        channels.push(this);
      }
    }
    runStub('setimmediate', { globalThis: page, setImmediate: undefined, MessageChannel: RecordedChannel });
    expect(channels).toHaveLength(1);
    return page.setImmediate!;
  }

  it('setimmediate: callbacks run in the order given, each in a task of its own (its microtasks first)', async () => {
    const setImmediate = stubbedSetImmediate();
    const log: string[] = [];
    await new Promise<void>((done) => {
      for (const n of [1, 2, 3]) {
        setImmediate(() => {
          log.push(`task ${n}`);
          queueMicrotask(() => log.push(`microtask ${n}`));
          if (n === 3) setImmediate(done);
        });
      }
      log.push('sync');
    });
    expect(log).toEqual(['sync', 'task 1', 'microtask 1', 'task 2', 'microtask 2', 'task 3', 'microtask 3']);
  });

  it('setimmediate: a callback set from a callback runs after the ones already waiting', async () => {
    const setImmediate = stubbedSetImmediate();
    const log: string[] = [];
    await new Promise<void>((done) => {
      setImmediate(() => {
        log.push('a');
        setImmediate(() => (log.push('nested'), done()));
      });
      setImmediate(() => log.push('b'));
    });
    expect(log).toEqual(['a', 'b', 'nested']);
  });

  it('setimmediate: where a setImmediate exists (Node), the stub leaves it alone', () => {
    const page: Record<string, unknown> = {};
    runStub('setimmediate', { globalThis: page, setImmediate: () => undefined, MessageChannel: undefined });
    expect(page).toEqual({});
  });
});

/** jszip's own require, from its lib/ folder: `./utils` is the module object its other modules hold. */
const jszipRequire = createRequire(createRequire(import.meta.url).resolve('jszip/lib/index.js'));
/** Runs `run` with the helper stubs' exports in jszip's module objects (the ones its other modules hold), then puts jszip's back. */
async function withHelperStubs<T>(run: () => Promise<T>): Promise<T> {
  const saved = JSZIP_HELPER_STUBS.map((name) => {
    const own = jszipRequire(`./${name}`) as Record<string, unknown>;
    const stub = runStub(name) as Record<string, unknown>;
    const before = Object.fromEntries(Object.keys(stub).map((k) => [k, own[k]]));
    Object.assign(own, stub);
    return () => Object.assign(own, before);
  });
  try {
    return await run();
  } finally {
    for (const restore of saved) restore();
  }
}

describe("the build's stubs for jszip's helpers, inside jszip's own code (vite.config.ts JSZIP_HELPER_STUBS)", () => {
  const text = (s: string) => new TextEncoder().encode(s);
  const files = [
    { path: 'MailRoot/server.tab', bytes: text('"SmtpServerDomain"\t"mail.example.jp"\n') },
    { path: 'MailRoot/server.key', bytes: text('-----BEGIN PRIVATE KEY-----\n') },
    { path: 'MailRoot/clients/taro.p12', bytes: new Uint8Array([0x30, 0x82, 0x00, 0xff, 0x00]) },
    { path: 'MailRoot/空のファイル.txt', bytes: new Uint8Array(0) },
    { path: 'INSTALL.txt', bytes: text('手順\n') },
  ];

  it.each(JSZIP_HELPER_STUBS)('%s: the stub exports what jszip\'s module does', (name) => {
    expect(jszipStubShape(name)).toEqual({ onlyJszip: [], onlyStub: [] });
  });

  it("zip.ts's zip is the same bytes with the stubs as with jszip's own helpers", async () => {
    expect.hasAssertions();
    const own = await zipBundle(files);
    const stubbed = await withHelperStubs(() => zipBundle(files));
    expect(stubbed.length).toBeGreaterThan(500);
    expect(Buffer.from(stubbed).equals(Buffer.from(own))).toBe(true);
    const names = Object.keys((await JSZip.loadAsync(stubbed)).files);
    expect(names).toEqual(['MailRoot/', 'MailRoot/server.tab', 'MailRoot/server.key', 'MailRoot/clients/', 'MailRoot/clients/taro.p12', 'MailRoot/空のファイル.txt', 'INSTALL.txt']);
  });

  it('base64: a base64 input fails with the stub\'s message; a base64 output with jszip\'s "not supported"', async () => {
    expect.hasAssertions();
    await withHelperStubs(async () => {
      const input = new JSZip().file('a.txt', 'QUJD', { base64: true });
      await expect(input.generateAsync({ type: 'uint8array', compression: 'STORE' })).rejects.toThrow(/expected bytes in and a Uint8Array out in this page, found a base64 input or output/);
      const output = new JSZip().file('a.txt', new Uint8Array([65]), { binary: true });
      await expect(output.generateAsync({ type: 'base64', compression: 'STORE' })).rejects.toThrow(/base64 is not supported by this platform/);
    });
  });

  it('nodejsUtils: a Node Buffer is bytes like any Uint8Array; its Buffer and stream helpers throw', async () => {
    expect.hasAssertions();
    const utils = runStub('nodejsUtils') as Record<string, (...args: unknown[]) => unknown>;
    expect(utils.isBuffer!(Buffer.from('x'))).toBe(false);
    for (const helper of ['isStream', 'newBufferFrom', 'allocBuffer']) expect(() => utils[helper]!(1)).toThrow(/expected no Node Buffer or stream in this page/);
    const zip = await withHelperStubs(() => new JSZip().file('a.txt', Buffer.from('abc'), { binary: true }).generateAsync({ type: 'uint8array', compression: 'STORE' }));
    expect(await (await JSZip.loadAsync(zip)).file('a.txt')!.async('string')).toBe('abc');
  });

  it("compressedObject: only a read zip's data would construct one, and the stub throws", () => {
    const CompressedObject = runStub('compressedObject') as new () => unknown;
    expect(() => new CompressedObject()).toThrow(/expected only zip writing in this page, found the compressed data of a read zip/);
  });
});

describe("jszip's lib/utf8.js without its decoder (vite.config.ts jszipUtf8EncodeOnly)", () => {
  const source = readFileSync(jszipRequire.resolve('./utf8'), 'utf8');
  /** The cut module run as CommonJS, its requires jszip's own modules. */
  function cutUtf8(): Record<string, unknown> {
    const module = { exports: {} as Record<string, unknown> };
    new Function('module', 'exports', 'require', jszipUtf8EncodeOnly(source))(module, module.exports, jszipRequire);
    return module.exports;
  }

  it('keeps the encoder as jszip wrote it and exports the same names', () => {
    const cut = jszipUtf8EncodeOnly(source);
    expect(cut.length).toBeLessThan(source.length / 2);
    expect(source).toContain(cut.slice(cut.indexOf('// convert string to array'), cut.indexOf('// That\'s all for the pako functions.')));
    expect(Object.keys(cutUtf8()).sort()).toEqual(Object.keys(jszipRequire('./utf8') as object).sort());
  });

  it('the encoder gives the bytes of the whole module (no Node Buffer), a lone surrogate included', () => {
    const support = jszipRequire('./support') as { nodebuffer: boolean };
    const own = jszipRequire('./utf8') as { utf8encode: (s: string) => Uint8Array };
    const encode = cutUtf8().utf8encode as (s: string) => Uint8Array;
    const nodebuffer = support.nodebuffer;
    support.nodebuffer = false;
    try {
      for (const text of ['MailRoot/server.tab', 'クライアント/太郎.p12', '\u{1F510}.txt', 'lone \uD800 surrogate']) {
        expect([...encode(text)]).toEqual([...own.utf8encode(text)]);
      }
    } finally {
      support.nodebuffer = nodebuffer;
    }
  });

  it("zip.ts's zip is the same bytes with the cut module; a text read fails with its message", async () => {
    expect.hasAssertions();
    const own = jszipRequire('./utf8') as Record<string, unknown>;
    const files = [{ path: 'MailRoot/証明書/server.crt', bytes: new TextEncoder().encode('-----BEGIN CERTIFICATE-----\n') }];
    const before = await zipBundle(files);
    const read = await JSZip.loadAsync(before); // jszip's reader decodes the names: read before the cut
    const saved = { ...own };
    // utf8encode keeps its identity: ZipFileWorker compares encodeFileName with it (no custom encoding).
    const { utf8encode: _kept, ...cut } = cutUtf8();
    Object.assign(own, cut);
    try {
      expect(Buffer.from(await zipBundle(files)).equals(Buffer.from(before))).toBe(true);
      await expect(read.file('MailRoot/証明書/server.crt')!.async('string')).rejects.toThrow(/expected only zip writing in this page, found a UTF-8 decode/);
    } finally {
      Object.assign(own, saved);
    }
  });
});

describe("jszip's lib/utils.js with only what the writer reaches (vite.config.ts jszipUtilsWriterOnly)", () => {
  const source = readFileSync(jszipRequire.resolve('./utils'), 'utf8');
  type Utils = Record<string, unknown> & { transformTo: (outputType: string, input: unknown) => unknown; getTypeOf: (input: unknown) => string | undefined };
  /** The cut module run as CommonJS, its requires jszip's own modules. */
  function cutUtils(): Utils {
    const module = { exports: {} as Utils };
    new Function('module', 'exports', 'require', jszipUtilsWriterOnly(source))(module, module.exports, jszipRequire);
    return module.exports;
  }
  /** Runs `run` with the helper stubs (as in the page) and the cut module's exports in jszip's utils object, then puts jszip's back. */
  async function withCutUtils<T>(run: () => Promise<T>): Promise<T> {
    const own = jszipRequire('./utils') as Utils;
    const saved = { ...own };
    Object.assign(own, cutUtils());
    try {
      return await withHelperStubs(run);
    } finally {
      Object.assign(own, saved);
    }
  }
  const text = (s: string) => new TextEncoder().encode(s);
  const files = [
    { path: 'MailRoot/server.tab', bytes: text('"SmtpServerDomain"\t"mail.example.jp"\n') },
    { path: 'MailRoot/clients/太郎.p12', bytes: new Uint8Array([0x30, 0x82, 0x00, 0xff, 0x00]) },
    { path: 'MailRoot/空のファイル.txt', bytes: new Uint8Array(0) },
  ];

  it('cuts the conversions and Blob code, keeps the names jszip exports', () => {
    const cut = jszipUtilsWriterOnly(source);
    expect(cut.length).toBeLessThan(source.length * 0.8);
    expect(cut).not.toMatch(/arrayLikeToArrayLike|FileReader|BlobBuilder/);
    expect(Object.keys(cutUtils()).sort()).toEqual(Object.keys(jszipRequire('./utils') as object).sort());
  });

  it("the conversions the cut keeps are the ones zip.ts's zip makes with jszip's own file", async () => {
    expect.hasAssertions();
    const own = jszipRequire('./utils') as Utils;
    const transformTo = own.transformTo;
    const made = new Set<string>();
    own.transformTo = (outputType, input) => (made.add(`${input ? own.getTypeOf(input) : 'empty'} to ${outputType}`), transformTo(outputType, input));
    try {
      await withHelperStubs(() => zipBundle(files));
    } finally {
      own.transformTo = transformTo;
    }
    expect([...made].sort()).toEqual(['string to uint8array', 'uint8array to string', 'uint8array to uint8array']);
    const cut = cutUtils();
    expect([...cut.transformTo('uint8array', 'PK\x03\x04') as Uint8Array]).toEqual([0x50, 0x4b, 3, 4]);
    expect(cut.transformTo('string', new Uint8Array([0xe5, 0xa4, 0xaa]))).toBe('\xe5\xa4\xaa');
    const bytes = new Uint8Array([1, 2]);
    expect(cut.transformTo('uint8array', bytes)).toBe(bytes);
  });

  it("zip.ts's zip is the same bytes with the cut module", async () => {
    expect.hasAssertions();
    const own = await zipBundle(files);
    const cut = await withCutUtils(() => zipBundle(files));
    expect(cut.length).toBeGreaterThan(300);
    expect(Buffer.from(cut).equals(Buffer.from(own))).toBe(true);
  });

  it.each([
    // newBlob's argument is the zip as an ArrayBuffer, a conversion the cut table does not have.
    ['a Blob output', { type: 'blob' }, /found a conversion from uint8array to arraybuffer/],
    ['an ArrayBuffer output', { type: 'arraybuffer' }, /found a conversion from uint8array to arraybuffer/],
    ['an array output', { type: 'array' }, /found a conversion from string to array/],
  ] as const)('%s fails with the message', async (_name, options, message) => {
    expect.hasAssertions();
    const zip = new JSZip().file('a.txt', new Uint8Array([65]), { binary: true });
    await withCutUtils(() => expect(zip.generateAsync({ ...options, compression: 'STORE' })).rejects.toThrow(message));
  });

  it("an ArrayBuffer input fails with the message; a Blob input with jszip's own", async () => {
    expect.hasAssertions();
    await withCutUtils(async () => {
      const buffer = new JSZip().file('a.bin', new Uint8Array([1]).buffer, { binary: true });
      await expect(buffer.generateAsync({ type: 'uint8array', compression: 'STORE' })).rejects.toThrow(/found a conversion from arraybuffer to uint8array/);
      const blob = new JSZip().file('a.bin', new Blob([new Uint8Array([1])]), { binary: true });
      await expect(blob.generateAsync({ type: 'uint8array', compression: 'STORE' })).rejects.toThrow(/Can't read the data of 'a.bin'/);
    });
  });

  it("newBlob, and the reader's path and debug helpers, throw with the message", () => {
    const cut = cutUtils() as Record<string, () => unknown>;
    expect(() => cut.newBlob!()).toThrow(/found a Blob output/);
    expect(() => cut.resolve!()).toThrow(/found a path of a read zip/);
    expect(() => cut.pretty!()).toThrow(/found a read zip/);
  });
});
