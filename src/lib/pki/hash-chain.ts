/**
 * A = H(H(...H(A))) for the RFC 7292 Appendix B KDF (pbe/kdf.ts, through digest.ts iterateDigest), which hashes its own 20- or 32-byte
 * output `iterations` times: 2048 per derivation by default, 7 derivations per compatible-profile
 * PKCS#12 file. Each input is one padded block, so the loop runs the compression function on a
 * reused word array instead of allocating a hash object, a padded copy and a digest per round
 * (@noble/hashes, which the page used then, took about 2 µs a round; this is about ten times faster,
 * issue 7 bench).
 * Checked against node:crypto in hash-chain.test.ts; other hashes keep the generic loop.
 */
import { sha2Constants } from './hashes.ts';

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

function readWords(bytes: Uint8Array, n: number): Uint32Array {
  const w = new Uint32Array(n);
  for (let i = 0; i < n; i++) w[i] = ((bytes[4 * i]! << 24) | (bytes[4 * i + 1]! << 16) | (bytes[4 * i + 2]! << 8) | bytes[4 * i + 3]!) >>> 0;
  return w;
}

function writeWords(h: Uint32Array | Int32Array): Uint8Array {
  const out = new Uint8Array(h.length * 4);
  for (let i = 0; i < h.length; i++) {
    out[4 * i] = h[i]! >>> 24;
    out[4 * i + 1] = (h[i]! >>> 16) & 0xff;
    out[4 * i + 2] = (h[i]! >>> 8) & 0xff;
    out[4 * i + 3] = h[i]! & 0xff;
  }
  return out;
}

const SHA1_IV = [0x67452301 | 0, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476 | 0, 0xc3d2e1f0 | 0] as const;
const [H0, H1, H2, H3, H4] = SHA1_IV;
const K0 = 0x5a827999 | 0, K1 = 0x6ed9eba1 | 0, K2 = 0x8f1bbcdc | 0, K3 = 0xca62c1d6 | 0;

/**
 * SHA-1 applied `rounds` times to a 20-byte value (FIPS 180-4 §6.1). Int32 arithmetic throughout
 * (constants as signed words, Int32Array schedule) and one loop per 20-step stage, so V8 keeps
 * every value a small integer: about twice the speed of the single loop with Uint32 words
 * (issue 15 item 2).
 */
export function sha1Chain(value: Uint8Array, rounds: number): Uint8Array {
  if (value.length !== 20) throw new RangeError(`sha1Chain: expected 20 bytes, found ${value.length}`);
  const start = readWords(value, 5);
  let h0 = start[0]! | 0, h1 = start[1]! | 0, h2 = start[2]! | 0, h3 = start[3]! | 0, h4 = start[4]! | 0;
  const w = new Int32Array(80);
  w[5] = 0x80000000 | 0; // padding: one bit after the 20-byte message, zeros, then its length
  w[15] = 160; // message length in bits
  for (let r = 0; r < rounds; r++) {
    w[0] = h0; w[1] = h1; w[2] = h2; w[3] = h3; w[4] = h4;
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!;
      w[t] = (x << 1) | (x >>> 31);
    }
    let a = H0, b = H1, c = H2, d = H3, e = H4;
    let t = 0;
    for (; t < 20; t++) {
      const tmp = (rotl(a, 5) + ((b & c) | (~b & d)) + e + K0 + w[t]!) | 0;
      e = d; d = c; c = rotl(b, 30); b = a; a = tmp;
    }
    for (; t < 40; t++) {
      const tmp = (rotl(a, 5) + (b ^ c ^ d) + e + K1 + w[t]!) | 0;
      e = d; d = c; c = rotl(b, 30); b = a; a = tmp;
    }
    for (; t < 60; t++) {
      const tmp = (rotl(a, 5) + ((b & c) | (b & d) | (c & d)) + e + K2 + w[t]!) | 0;
      e = d; d = c; c = rotl(b, 30); b = a; a = tmp;
    }
    for (; t < 80; t++) {
      const tmp = (rotl(a, 5) + (b ^ c ^ d) + e + K3 + w[t]!) | 0;
      e = d; d = c; c = rotl(b, 30); b = a; a = tmp;
    }
    h0 = (H0 + a) | 0; h1 = (H1 + b) | 0; h2 = (H2 + c) | 0; h3 = (H3 + d) | 0; h4 = (H4 + e) | 0;
  }
  return writeWords(Uint32Array.of(h0, h1, h2, h3, h4));
}

/** SHA-256 applied `rounds` times to a 32-byte value (FIPS 180-4 §6.2). */
export function sha256Chain(value: Uint8Array, rounds: number): Uint8Array {
  if (value.length !== 32) throw new RangeError(`sha256Chain: expected 32 bytes, found ${value.length}`);
  const { K256, IV256 } = sha2Constants();
  const h = Int32Array.from(readWords(value, 8));
  const w = new Int32Array(64);
  for (let r = 0; r < rounds; r++) {
    w.set(h, 0);
    w[8] = 0x80000000;
    w.fill(0, 9, 15);
    w[15] = 256;
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15]!, y = w[t - 2]!;
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
      w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
    }
    let a = IV256[0]!, b = IV256[1]!, c = IV256[2]!, d = IV256[3]!, e = IV256[4]!, f = IV256[5]!, g = IV256[6]!, hh = IV256[7]!;
    for (let t = 0; t < 64; t++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const t1 = (hh + S1 + ((e & f) ^ (~e & g)) + K256[t]! + w[t]!) | 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] = IV256[0]! + a; h[1] = IV256[1]! + b; h[2] = IV256[2]! + c; h[3] = IV256[3]! + d;
    h[4] = IV256[4]! + e; h[5] = IV256[5]! + f; h[6] = IV256[6]! + g; h[7] = IV256[7]! + hh;
  }
  return writeWords(h);
}
