import JSZip from 'jszip';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { equalBytes } from '../pki/index.ts';
import { isBundleError } from './errors.ts';
import { encodeUtf8, type BundleFile } from './manifest.ts';
import { ZIP_FIXED_DATE, zipBundle } from './zip.ts';

const files: BundleFile[] = [
  { path: 'INSTALL.en.txt', bytes: encodeUtf8('steps\n'.repeat(50)) },
  { path: 'MailRoot/server.key', bytes: encodeUtf8('key') },
  { path: 'MailRoot/certs/153054dd.0', bytes: encodeUtf8('ca') },
  { path: 'clients/ca.cer', bytes: new Uint8Array([0x30, 0x82, 0, 0]) },
];

describe('zipBundle', () => {
  afterEach(() => vi.useRealTimers());

  it('gives the same bytes for the same files, whenever it runs', async () => {
    // Only Date is faked (jszip's own timers stay real): a clock-based timestamp would differ between
    // the two runs, 1 h and a DOS-time 2 s step apart.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-04-01T09:00:00Z') });
    const a = await zipBundle(files);
    vi.setSystemTime(new Date('2026-04-01T10:00:03Z'));
    const b = await zipBundle(files);
    expect(equalBytes(a, b)).toBe(true);
  });

  it('round-trips every file, with explicit folders and the fixed date on every entry', async () => {
    const zip = await JSZip.loadAsync(await zipBundle(files));
    const names = Object.keys(zip.files);
    expect(names).toEqual(['INSTALL.en.txt', 'MailRoot/', 'MailRoot/server.key', 'MailRoot/certs/', 'MailRoot/certs/153054dd.0', 'clients/', 'clients/ca.cer']);
    for (const f of files) {
      expect(equalBytes(await zip.file(f.path)!.async('uint8array'), f.bytes)).toBe(true);
    }
    // jszip writes and reads the DOS fields as UTC (ZipFileWorker / DataReader.readDate).
    for (const entry of Object.values(zip.files)) expect(entry.date.getTime()).toBe(ZIP_FIXED_DATE.getTime());
  });

  // Unzipped on Unix (Info-ZIP unzip restores a Unix entry's mode, umask or not), the key must not
  // be readable by others in the bundle folder either: a DOS-platform zip left it 644 under umask 022.
  it.each([
    ['MailRoot/server.key', '600'],
    ['base/MailRoot/server.key', '600'],
    ['clients/taro@example.jp/taro@example.jp.p12', '600'],
    ['clients/own.pfx', '600'],
    ['MailRoot/server.cert', '644'],
    ['INSTALL.en.txt', '644'],
  ] as const)('%s unzips with mode %s; folders 755', async (path, mode) => {
    expect.hasAssertions();
    const zip = await JSZip.loadAsync(await zipBundle([...files.filter((f) => f.path !== path), { path, bytes: encodeUtf8('x') }]));
    expect(Number(zip.file(path)!.unixPermissions).toString(8)).toBe(mode);
    for (const entry of Object.values(zip.files).filter((e) => e.dir)) expect(Number(entry.unixPermissions).toString(8), entry.name).toBe('755');
  });

  it('stores every entry (method 0): each file\'s bytes stand as they are after its local header', async () => {
    const zip = await zipBundle(files);
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const stored = new Map<string, Uint8Array>();
    // Local file headers (APPNOTE.TXT 4.3.7): signature 0x04034b50, method at 8, compressed size at
    // 18, uncompressed size at 22, name and extra-field lengths at 26 and 28; then name, extra, data.
    let at = 0;
    while (view.getUint32(at, true) === 0x04034b50) {
      const method = view.getUint16(at + 8, true);
      const size = view.getUint32(at + 18, true);
      const nameLength = view.getUint16(at + 26, true);
      const dataAt = at + 30 + nameLength + view.getUint16(at + 28, true);
      const name = new TextDecoder().decode(zip.subarray(at + 30, at + 30 + nameLength));
      expect(method, name).toBe(0);
      expect(view.getUint32(at + 22, true), name).toBe(size);
      if (!name.endsWith('/')) stored.set(name, zip.subarray(dataAt, dataAt + size));
      at = dataAt + size;
    }
    expect([...stored.keys()]).toEqual(files.map((f) => f.path));
    for (const f of files) expect(equalBytes(stored.get(f.path)!, f.bytes), f.path).toBe(true);
  });

  it.each([['../evil.txt', 'BUNDLE_PATH_INVALID'], ['/abs', 'BUNDLE_PATH_INVALID'], ['a\\b', 'BUNDLE_PATH_INVALID']] as const)(
    'refuses %j with %s before writing anything',
    async (path, code) => {
      expect.assertions(1);
      await zipBundle([...files, { path, bytes: new Uint8Array() }]).catch((e: unknown) => {
        expect(isBundleError(e, code)).toBe(true);
      });
    },
  );
});
