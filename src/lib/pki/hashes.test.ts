/**
 * Our synchronous digests (hashes.ts) against node:crypto (OpenSSL's): every length around the
 * padding boundaries of both block sizes, a long input, and HMAC with short, block-long and
 * longer-than-a-block keys; the hash chains (A = H(H(...H(A))), the PKCS#12 KDF inner loop) against
 * node:crypto hashing its own output round after round (was hash-chain.test.ts for SHA-1/SHA-256).
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmac, md5, sha1, sha224, sha256, sha384, sha512, type Hash } from './hashes.ts';

const HASHES: Array<[string, Hash, number, number]> = [
  ['md5', md5, 16, 64],
  ['sha1', sha1, 20, 64],
  ['sha224', sha224, 28, 64],
  ['sha256', sha256, 32, 64],
  ['sha384', sha384, 48, 128],
  ['sha512', sha512, 64, 128],
];
const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7 + (i >> 8)) & 0xff);
const LENGTHS = [0, 1, 3, 55, 56, 57, 63, 64, 65, 111, 112, 113, 119, 120, 127, 128, 129, 200, 255, 256, 1000, 70_000];

describe('hashes.ts: the page own digests', () => {
  it.each(HASHES)('%s matches node:crypto at every length around the block boundaries', (name, hash, outputLen, blockLen) => {
    expect(hash.outputLen).toBe(outputLen);
    expect(hash.blockLen).toBe(blockLen);
    for (const n of LENGTHS) {
      const data = bytes(n);
      expect(Buffer.from(hash(data)).toString('hex'), `${name} of ${n} bytes`).toBe(createHash(name).update(data).digest('hex'));
    }
  });

  it.each(HASHES)('HMAC-%s matches node:crypto for short, block-long and long keys', (name, hash, _out, blockLen) => {
    for (const keyLen of [0, 1, 20, blockLen - 1, blockLen, blockLen + 1, 300]) {
      for (const n of [0, 5, blockLen, 1000]) {
        const key = bytes(keyLen, 2), data = bytes(n, 3);
        expect(Buffer.from(hmac(hash, key, data)).toString('hex'), `key ${keyLen}, data ${n}`).toBe(createHmac(name, key).update(data).digest('hex'));
      }
    }
  });

  it.each(HASHES)('%s chain matches node:crypto hashing its own output, over many inputs and round counts', (name, hash, outputLen) => {
    const naive = (a: Uint8Array, rounds: number) => {
      let x = a;
      for (let i = 0; i < rounds; i++) x = new Uint8Array(createHash(name).update(x).digest());
      return x;
    };
    for (const rounds of [0, 1, 2, 3, 17, 2047]) {
      for (let k = 0; k < 8; k++) {
        const a = crypto.getRandomValues(new Uint8Array(outputLen));
        const copy = a.slice();
        expect(hash.chain(a, rounds), `${rounds} rounds`).toEqual(naive(a, rounds));
        expect(a).toEqual(copy);
      }
    }
  });

  it.each(HASHES)('%s chain refuses an input that is not one digest long', (_name, hash, outputLen) => {
    expect(() => hash.chain(new Uint8Array(outputLen - 1), 1)).toThrow(RangeError);
    expect(() => hash.chain(new Uint8Array(outputLen + 1), 1)).toThrow(RangeError);
  });

  it("computes MD5's sines table with a wide margin: no product 2^32 * |sin(i + 1)| is within 0.01 of an integer", () => {
    const products = Array.from({ length: 64 }, (_, i) => Math.abs(Math.sin(i + 1)) * 2 ** 32);
    const margins = products.map((x) => Math.min(x - Math.floor(x), Math.ceil(x) - x));
    expect(Math.min(...margins)).toBeGreaterThan(0.01);
    // RFC 1321 §3.4's first and last entries.
    expect([Math.floor(products[0]!), Math.floor(products[63]!)]).toEqual([0xd76aa478, 0xeb86d391]);
  });

  it('hashes a view into a larger buffer by its own bytes only, and leaves the input alone', () => {
    const whole = bytes(300);
    const view = whole.subarray(100, 200);
    const copy = whole.slice();
    expect(Buffer.from(sha512(view)).toString('hex')).toBe(createHash('sha512').update(view).digest('hex'));
    expect(Buffer.from(md5(view)).toString('hex')).toBe(createHash('md5').update(view).digest('hex'));
    expect(whole).toEqual(copy);
  });
});
