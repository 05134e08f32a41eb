import { describe, expect, it } from 'vitest';
import { isBundleError } from './errors.ts';
import { createHashDirFiles } from './hash-dir.ts';

const der = (n: number) => new Uint8Array([0x30, 0x03, 0x02, 0x01, n]);
const a = { der: der(1), hashes: { hash: '153054dd', hashOld: '6aebb30b' } };
const b = { der: der(2), hashes: { hash: '153054dd', hashOld: 'c60f9c9c' } }; // same new name as a
const same = { der: der(3), hashes: { hash: '0badcafe', hashOld: '0badcafe' } };

describe('createHashDirFiles', () => {
  it.each([
    ['both', [a, b], ['153054dd.0', '6aebb30b.0', '153054dd.1', 'c60f9c9c.0']],
    ['new', [a, b], ['153054dd.0', '153054dd.1']],
    ['old', [a, b], ['6aebb30b.0', 'c60f9c9c.0']],
    ['both', [same], ['0badcafe.0']],
    ['both', [a, a], ['153054dd.0', '6aebb30b.0']],
  ] as const)('%s of %#: numbers per hash from 0 without gaps', (style, cas, names) => {
    const files = createHashDirFiles(cas, style);
    expect(files.map((f) => f.path)).toEqual(names.map((n) => `MailRoot/certs/${n}`));
    for (const f of files) expect(new TextDecoder().decode(f.bytes)).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
  });

  it.each(['153054DD', '153054d', '../x'])('refuses hash name %j', (hash) => {
    expect.assertions(1);
    try {
      createHashDirFiles([{ der: der(1), hashes: { hash, hashOld: '6aebb30b' } }], 'new');
    } catch (e) {
      expect(isBundleError(e, 'BUNDLE_INPUT_INVALID')).toBe(true);
    }
  });
});
