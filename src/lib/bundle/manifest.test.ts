import { describe, expect, it } from 'vitest';
import { isBundleError, type BundleErrorCode } from './errors.ts';
import { sha256Hex } from '../pki/index.ts';
import { assertBundleFiles, assertBundlePath, encodeUtf8, serializeSha256Manifest } from './manifest.ts';

describe('assertBundlePath', () => {
  it.each([
    'MailRoot/server.key',
    'MailRoot/certs/153054dd.0',
    'clients/太郎.p12',
    'INSTALL.ja.txt',
  ])('accepts %s', (path) => {
    expect(() => assertBundlePath(path)).not.toThrow();
  });

  it.each([
    ['', 'empty'],
    ['/etc/passwd', 'absolute'],
    ['../server.key', 'parent segment'],
    ['MailRoot/../../x', 'parent segment inside'],
    ['MailRoot/./server.key', 'dot segment'],
    ['MailRoot\\server.key', 'backslash'],
    ['C:/MailRoot/server.key', 'drive letter'],
    ['MailRoot//server.key', 'empty segment'],
    ['MailRoot/', 'trailing slash'],
    ['a\u0000b', 'NUL'],
    ['a\nb', 'line feed'],
    ['clients/a:b.p12', 'colon'],
    ['clients/what?.txt', 'question mark'],
    ['clients/name.', 'trailing dot'],
  ])('refuses %j (%s) with BUNDLE_PATH_INVALID', (path) => {
    expect.assertions(1);
    try {
      assertBundlePath(path);
    } catch (e) {
      expect(isBundleError(e, 'BUNDLE_PATH_INVALID')).toBe(true);
    }
  });
});

describe('assertBundleFiles', () => {
  const bytes = new Uint8Array([1]);
  it.each<[string[], BundleErrorCode]>([
    [['a.txt', 'a.txt'], 'BUNDLE_PATH_DUPLICATE'],
    [['clients/CA.cer', 'clients/ca.cer'], 'BUNDLE_PATH_DUPLICATE'],
    [['ok.txt', '../escape.txt'], 'BUNDLE_PATH_INVALID'],
  ])('refuses %j with %s', (paths, code) => {
    expect.assertions(2);
    try {
      assertBundleFiles(paths.map((path) => ({ path, bytes })));
    } catch (e) {
      expect(isBundleError(e, code)).toBe(true);
      expect((e as Error).message).toContain(paths[1]);
    }
  });
});

describe('serializeSha256Manifest', () => {
  it('writes sha256sum lines: 64 hex, two spaces, path, LF', async () => {
    const text = await serializeSha256Manifest([
      { path: 'a.txt', bytes: encodeUtf8('abc') },
      { path: 'dir/empty', bytes: new Uint8Array() },
    ]);
    // FIPS 180-2 test vector for "abc", and the SHA-256 of the empty string.
    expect(text).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.txt\n' +
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  dir/empty\n',
    );
  });

  it('hashes only the view, not the whole underlying buffer', async () => {
    const big = encodeUtf8('xxabcxx');
    expect(await sha256Hex(big.subarray(2, 5))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
