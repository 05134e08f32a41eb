import * as des from 'des.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../pem.ts';
import { desEde3Cbc } from './ciphers.ts';
import { prepareTripleDesKey, tripleDesCbcBlocks } from './des.ts';

/** des.js's own CBC/EDE, the implementation des.ts replaced (issue 15 item 2). */
function reference(mode: 'encrypt' | 'decrypt', key: Uint8Array, iv: Uint8Array, data: Uint8Array): string {
  const c = des.CBC.instantiate(des.EDE).create({ type: mode, key: Array.from(key), iv: Array.from(iv), padding: false });
  return toHex(Uint8Array.from([...c.update(Array.from(data)), ...c.final()]));
}

describe('3DES-EDE-CBC (des.ts)', () => {
  it.each([
    // FIPS 81 appendix B / the classic "Now is the time for all " vector: with K1 = K2 = K3, EDE is single DES.
    ['0123456789abcdef'.repeat(3), '1234567890abcdef', '4e6f77206973207468652074696d6520666f7220616c6c20', 'e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6'],
  ])('known answer: key %s, IV %s', (key, iv, plain, cipher) => {
    expect.hasAssertions();
    expect(toHex(tripleDesCbcBlocks('encrypt', prepareTripleDesKey(fromHex(key)), fromHex(iv), fromHex(plain)))).toBe(cipher);
    expect(toHex(tripleDesCbcBlocks('decrypt', prepareTripleDesKey(fromHex(key)), fromHex(iv), fromHex(cipher)))).toBe(plain);
  });

  it('equals des.js for any key, IV and whole blocks, both ways', () => {
    expect.hasAssertions();
    fc.assert(fc.property(
      fc.uint8Array({ minLength: 24, maxLength: 24 }), fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.integer({ min: 1, max: 40 }), fc.integer(),
      (key, iv, blocks, seed) => {
        const data = Uint8Array.from({ length: blocks * 8 }, (_, i) => (seed * 31 + i * 7) & 0xff);
        const k = prepareTripleDesKey(key);
        const enc = tripleDesCbcBlocks('encrypt', k, iv, data);
        expect(toHex(enc)).toBe(reference('encrypt', key, iv, data));
        expect(toHex(tripleDesCbcBlocks('decrypt', k, iv, data))).toBe(reference('decrypt', key, iv, data));
        expect(tripleDesCbcBlocks('decrypt', k, iv, enc)).toEqual(data);
      },
    ), { numRuns: 300 });
  });

  it('desEde3Cbc pads (PKCS#7) and unpads around it', () => {
    expect.hasAssertions();
    const key = Uint8Array.from({ length: 24 }, (_, i) => i * 11);
    const iv = Uint8Array.from({ length: 8 }, (_, i) => 255 - i);
    for (const n of [0, 1, 7, 8, 9, 100]) {
      const data = Uint8Array.from({ length: n }, (_, i) => i);
      const enc = desEde3Cbc('encrypt', key, iv, data);
      expect(enc.length).toBe((Math.floor(n / 8) + 1) * 8);
      const padded = new Uint8Array(enc.length).fill(enc.length - n);
      padded.set(data);
      expect(toHex(enc)).toBe(reference('encrypt', key, iv, padded));
      expect(desEde3Cbc('decrypt', key, iv, enc)).toEqual(data);
    }
  });
});
