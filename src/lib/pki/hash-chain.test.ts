import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sha1Chain, sha256Chain } from './hash-chain.ts';

const nodeHash = (name: string) => (b: Uint8Array) => new Uint8Array(createHash(name).update(b).digest());
const sha1 = nodeHash('sha1');
const sha256 = nodeHash('sha256');

function naive(h: (b: Uint8Array) => Uint8Array, a: Uint8Array, rounds: number): Uint8Array {
  let x = a;
  for (let i = 0; i < rounds; i++) x = h(x);
  return x;
}

describe('hash chains (the PKCS#12 KDF inner loop)', () => {
  it('match node:crypto for SHA-1 and SHA-256 over many inputs and round counts', () => {
    for (const rounds of [0, 1, 2, 3, 17, 2047]) {
      for (let k = 0; k < 8; k++) {
        const a1 = crypto.getRandomValues(new Uint8Array(20));
        const a2 = crypto.getRandomValues(new Uint8Array(32));
        expect(sha1Chain(a1, rounds)).toEqual(naive(sha1, a1, rounds));
        expect(sha256Chain(a2, rounds)).toEqual(naive(sha256, a2, rounds));
      }
    }
  });

  it('refuses an input that is not one digest long', () => {
    expect(() => sha1Chain(new Uint8Array(19), 1)).toThrow(RangeError);
    expect(() => sha256Chain(new Uint8Array(20), 1)).toThrow(RangeError);
  });
});
