/**
 * The synchronous digests of the PKI core, behind digest.ts: SHA-1, SHA-224, SHA-256, SHA-384,
 * SHA-512 (FIPS 180-4), MD5 (RFC 1321, only for OpenSSL 0.9.8's subject_hash_old) and HMAC
 * (RFC 2104). Synchronous so they run anywhere (the PKCS#12 KDF and MAC, while building a zip);
 * WebCrypto hashes whole files (digest.ts sha256Hex). Ours instead of @noble/hashes (issue 15 page
 * size: 6 KB gzip of the page). Each hash also runs the PKCS#12 KDF's chains (md's `chain`; once
 * hash-chain.ts, a second SHA-1/SHA-256 of its own). Checked against node:crypto for every length
 * around the block boundaries and for chains of up to 2047 rounds (hashes.test.ts).
 * The SHA-2 constants are computed as FIPS 180-4 §4.2.2, §4.2.3 and §5.3 define them (the first
 * bits of the fractional parts of the square and cube roots of the first primes), with BigInt
 * integer roots: exact, no table to mistype.
 */

/** A hash function with its output and block sizes in bytes. */
export interface Hash {
  (data: Uint8Array): Uint8Array;
  readonly outputLen: number;
  readonly blockLen: number;
  /** `value` (one digest long) hashed `rounds` times: A = H(H(...H(A))) (see md). */
  chain(value: Uint8Array, rounds: number): Uint8Array;
}

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** floor(x^(1/k)) for x >= 1 (Newton's method on BigInts). */
function iroot(x: bigint, k: bigint): bigint {
  let r = 1n << (BigInt(x.toString(2).length) / k + 1n);
  for (;;) {
    const next = ((k - 1n) * r + x / r ** (k - 1n)) / k;
    if (next >= r) return r;
    r = next;
  }
}

const PRIMES: number[] = [];
for (let n = 2; PRIMES.length < 80; n++) if (PRIMES.every((p) => n % p)) PRIMES.push(n);

/** The first 64 bits of the fractional part of the k-th root of each prime, as [high, low] words. */
const fraction64 = (primes: number[], k: bigint): Int32Array =>
  Int32Array.from(primes.flatMap((p) => {
    const f = iroot(BigInt(p) << (64n * k), k);
    return [Number((f >> 32n) & 0xffffffffn) | 0, Number(f & 0xffffffffn) | 0];
  }));

/**
 * The SHA-2 constants: round constants from the cube roots of the first 80 primes ([high, low]
 * per SHA-512 round; SHA-256's are the first 64 high words), start values from the square roots
 * of the first 8 (SHA-512; SHA-256 takes the high words) and of the next 8 primes (SHA-384;
 * SHA-224 takes the low words). Computed on first use (a few ms), not when the page starts.
 */
export const sha2Constants = (() => {
  let constants: Readonly<Record<'K512' | 'K256' | 'IV512' | 'IV384' | 'IV256' | 'IV224', Int32Array>> | undefined;
  return () => {
    if (constants) return constants;
    const K512 = fraction64(PRIMES, 3n), IV512 = fraction64(PRIMES.slice(0, 8), 2n), IV384 = fraction64(PRIMES.slice(8, 16), 2n);
    const even = (_: number, i: number) => i % 2 === 0;
    return (constants = { K512, K256: K512.slice(0, 128).filter(even), IV512, IV384, IV256: IV512.filter(even), IV224: IV384.filter((_, i) => i % 2 === 1) });
  };
})();

/**
 * A Merkle-Damgård hash over 32-bit words: pads `data` (0x80, zeros, the bit length in 8 bytes,
 * little-endian for MD5), runs `compress` on each block's words and writes the first `outputLen`
 * bytes of the state.
 * `chain` hashes a digest of its own length `rounds` times, A = H(H(...H(A))), for the RFC 7292
 * Appendix B KDF (pbe/kdf.ts, through digest.ts iterateDigest), which does so 2048 times per
 * derivation by default, 7 derivations per compatible-profile PKCS#12 file. Such an input is one
 * padded block, so each round compresses that reused block and copies the state into it, instead
 * of allocating a padded copy and a digest per round (@noble/hashes, which the page used once,
 * took about 2 µs a round; this is about ten times faster, issue 7 bench).
 */
function md(blockLen: number, outputLen: number, iv: () => Int32Array, compress: (state: Int32Array, block: Int32Array) => void, littleEndian = false): Hash {
  const blockWords = blockLen / 4;
  const padded = (data: Uint8Array): Int32Array => {
    const total = Math.ceil((data.length + 1 + blockLen / 8) / blockLen) * blockLen;
    const bytes = new Uint8Array(total);
    bytes.set(data);
    bytes[data.length] = 0x80;
    const view = new DataView(bytes.buffer);
    const bits = data.length * 8;
    view.setUint32(total - (littleEndian ? 8 : 4), bits >>> 0, littleEndian);
    view.setUint32(total - (littleEndian ? 4 : 8), Math.floor(bits / 2 ** 32), littleEndian);
    const words = new Int32Array(total / 4);
    for (let i = 0; i < words.length; i++) words[i] = view.getInt32(4 * i, littleEndian);
    return words;
  };
  const digestOf = (words: Int32Array): Uint8Array => {
    const out = new DataView(new ArrayBuffer(outputLen));
    for (let i = 0; i < outputLen / 4; i++) out.setInt32(4 * i, words[i]!, littleEndian);
    return new Uint8Array(out.buffer);
  };
  const hash = (data: Uint8Array): Uint8Array => {
    const words = padded(data);
    const state = iv().slice();
    for (let i = 0; i < words.length; i += blockWords) compress(state, words.subarray(i, i + blockWords));
    return digestOf(state);
  };
  const chain = (value: Uint8Array, rounds: number): Uint8Array => {
    if (value.length !== outputLen) throw new RangeError(`hash chain: expected ${outputLen} bytes, found ${value.length}`);
    const block = padded(value);
    const state = new Int32Array(iv().length);
    for (let r = 0; r < rounds; r++) {
      state.set(iv());
      compress(state, block);
      block.set(state.subarray(0, outputLen / 4));
    }
    return digestOf(block);
  };
  return Object.assign(hash, { outputLen, blockLen, chain });
}

const SHA1_W = new Int32Array(80);

/**
 * FIPS 180-4 §6.1.2, one loop per 20-step stage with its function and constant written in, so V8
 * keeps every value a small integer: about four times the speed of one loop choosing the stage's
 * function each step (the PKCS#12 KDF's chains run it 14,000 times a file; issue 15 item 2).
 */
function sha1Compress(state: Int32Array, block: Int32Array): void {
  const w = SHA1_W;
  w.set(block);
  for (let t = 16; t < 80; t++) w[t] = rotl(w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!, 1);
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!, e = state[4]!, t = 0;
  for (; t < 20; t++) {
    const next = (rotl(a, 5) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[t]!) | 0;
    e = d; d = c; c = rotl(b, 30); b = a; a = next;
  }
  for (; t < 40; t++) {
    const next = (rotl(a, 5) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[t]!) | 0;
    e = d; d = c; c = rotl(b, 30); b = a; a = next;
  }
  for (; t < 60; t++) {
    const next = (rotl(a, 5) + ((b & c) | (b & d) | (c & d)) + e + (0x8f1bbcdc | 0) + w[t]!) | 0;
    e = d; d = c; c = rotl(b, 30); b = a; a = next;
  }
  for (; t < 80; t++) {
    const next = (rotl(a, 5) + (b ^ c ^ d) + e + (0xca62c1d6 | 0) + w[t]!) | 0;
    e = d; d = c; c = rotl(b, 30); b = a; a = next;
  }
  state[0]! += a; state[1]! += b; state[2]! += c; state[3]! += d; state[4]! += e;
}

const SHA256_W = new Int32Array(64);

/** FIPS 180-4 §6.2.2. */
function sha256Compress(state: Int32Array, block: Int32Array): void {
  const { K256 } = sha2Constants();
  const w = SHA256_W;
  w.set(block);
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15]!, y = w[t - 2]!;
    w[t] = w[t - 16]! + (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) + w[t - 7]! + (rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10));
  }
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!, e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  for (let t = 0; t < 64; t++) {
    const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[t]! + w[t]!) | 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  state[0]! += a; state[1]! += b; state[2]! += c; state[3]! += d; state[4]! += e; state[5]! += f; state[6]! += g; state[7]! += h;
}

// SHA-384/512 work on 64-bit words held as [high, low] pairs of 32-bit words. Each helper returns
// the low word of its result and leaves the high word in `high`.
let high = 0;

/** x + y (mod 2^64). */
function add64(xh: number, xl: number, yh: number, yl: number): number {
  const low = (xl >>> 0) + (yl >>> 0);
  high = (xh + yh + (low > 0xffffffff ? 1 : 0)) | 0;
  return low | 0;
}

/** x rotated right by n (0 < n < 64, n != 32), or shifted right when `shift` (n < 32). */
function rotr64(xh: number, xl: number, n: number, shift = false): number {
  if (n > 32) [xh, xl, n] = [xl, xh, n - 32];
  high = shift ? xh >>> n : (xh >>> n) | (xl << (32 - n));
  return (xl >>> n) | (xh << (32 - n));
}

/** The XOR of three rotations (the third a shift when `shift`): FIPS 180-4 §4.1.3's Σ and σ. */
function sigma64(xh: number, xl: number, a: number, b: number, c: number, shift = false): number {
  let low = rotr64(xh, xl, a);
  let h = high;
  low ^= rotr64(xh, xl, b);
  h ^= high;
  low ^= rotr64(xh, xl, c, shift);
  high ^= h;
  return low;
}

const SHA512_W = new Int32Array(160);

/** FIPS 180-4 §6.4.2; `state` and `block` hold [high, low] pairs. */
function sha512Compress(state: Int32Array, block: Int32Array): void {
  const { K512 } = sha2Constants();
  const w = SHA512_W;
  w.set(block);
  for (let t = 32; t < 160; t += 2) {
    let low = sigma64(w[t - 30]!, w[t - 29]!, 1, 8, 7, true);
    low = add64(high, low, w[t - 32]!, w[t - 31]!);
    low = add64(high, low, w[t - 14]!, w[t - 13]!);
    const h = high;
    const s1 = sigma64(w[t - 4]!, w[t - 3]!, 19, 61, 6, true);
    w[t + 1] = add64(h, low, high, s1);
    w[t] = high;
  }
  const v = state.slice();
  for (let t = 0; t < 160; t += 2) {
    const ah = v[0]!, al = v[1]!, bh = v[2]!, bl = v[3]!, ch = v[4]!, cl = v[5]!, dh = v[6]!, dl = v[7]!;
    const eh = v[8]!, el = v[9]!, fh = v[10]!, fl = v[11]!, gh = v[12]!, gl = v[13]!, hh = v[14]!, hl = v[15]!;
    let low = sigma64(eh, el, 14, 18, 41);
    low = add64(high, low, hh, hl);
    low = add64(high, low, (eh & fh) ^ (~eh & gh), (el & fl) ^ (~el & gl));
    low = add64(high, low, K512[t]!, K512[t + 1]!);
    const t1l = add64(high, low, w[t]!, w[t + 1]!), t1h = high;
    low = sigma64(ah, al, 28, 34, 39);
    const t2l = add64(high, low, (ah & bh) ^ (ah & ch) ^ (bh & ch), (al & bl) ^ (al & cl) ^ (bl & cl)), t2h = high;
    v.copyWithin(2, 0, 14); // h = g, g = f, f = e, e = d, d = c, c = b, b = a
    v[9] = add64(dh, dl, t1h, t1l);
    v[8] = high;
    v[1] = add64(t1h, t1l, t2h, t2l);
    v[0] = high;
  }
  for (let i = 0; i < 16; i += 2) {
    state[i + 1] = add64(state[i]!, state[i + 1]!, v[i]!, v[i + 1]!);
    state[i] = high;
  }
}

/**
 * RFC 1321 §3.4's table T, computed as the RFC defines it: T[i] = floor(2^32 * |sin(i + 1)|). The
 * same in every engine: of the 64 products the nearest to an integer is 0.015 away from it, while a
 * sine is off by ~1e-16 of its value at most (hashes.test.ts checks that margin; the node:crypto
 * comparisons check every value).
 */
const MD5_T = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32));
/** RFC 1321 §3.4: the per-round shifts. */
const MD5_S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

/** RFC 1321 §3.4 (words little-endian). */
function md5Compress(state: Int32Array, x: Int32Array): void {
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!;
  for (let i = 0; i < 64; i++) {
    const round = i >> 4;
    const f = round === 0 ? (b & c) | (~b & d) : round === 1 ? (b & d) | (c & ~d) : round === 2 ? b ^ c ^ d : c ^ (b | ~d);
    const k = round === 0 ? i : round === 1 ? (5 * i + 1) & 15 : round === 2 ? (3 * i + 5) & 15 : (7 * i) & 15;
    const next = (b + rotl((a + f + MD5_T[i]! + x[k]!) | 0, MD5_S[4 * round + (i & 3)]!)) | 0;
    a = d; d = c; c = b; b = next;
  }
  state[0]! += a; state[1]! += b; state[2]! += c; state[3]! += d;
}

const SHA1_IV = Int32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0);

export const sha1 = md(64, 20, () => SHA1_IV, sha1Compress);
export const sha224 = md(64, 28, () => sha2Constants().IV224, sha256Compress);
export const sha256 = md(64, 32, () => sha2Constants().IV256, sha256Compress);
export const sha384 = md(128, 48, () => sha2Constants().IV384, sha512Compress);
export const sha512 = md(128, 64, () => sha2Constants().IV512, sha512Compress);
/** MD5's start value is SHA-1's first four words. */
export const md5 = md(64, 16, () => SHA1_IV.subarray(0, 4), md5Compress, true);

/** HMAC (RFC 2104) with `hash`. */
export function hmac(hash: Hash, key: Uint8Array, data: Uint8Array): Uint8Array {
  const k = new Uint8Array(hash.blockLen);
  k.set(key.length > hash.blockLen ? hash(key) : key);
  const keyed = (pad: number, rest: Uint8Array) => {
    const out = new Uint8Array(k.length + rest.length);
    out.set(k.map((b) => b ^ pad));
    out.set(rest, k.length);
    return hash(out);
  };
  return keyed(0x5c, keyed(0x36, data));
}
