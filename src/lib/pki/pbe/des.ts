/**
 * 3DES-EDE-CBC (FIPS 46-3 / SP 800-67, CBC per SP 800-38A) on typed arrays, for PKCS#12
 * "compatible" and legacy PKCS#8 (WebCrypto has no DES, pki-interop.md).
 *
 * Why not des.js's CBC/EDE classes: they compute every round bit by bit (a loop over the 32 bits
 * of P per round) and buffer through plain arrays; 100 compatible PKCS#12 files spent a sixth of
 * their time there (issue 15 item 2). Here each round is eight table lookups: the S-boxes joined
 * with the P permutation (the classic SP-table form). Every table and the key schedule are built
 * from des.js's own exported primitives (utils.substitute, utils.permute, pc1/pc2/r28shl), so the
 * constants are not re-typed; and the three DES stages run between one initial and one final
 * permutation (FP then IP between stages cancel). Checked against des.js and the FIPS 81
 * known answer in des.test.ts; interop tests feed the output to openssl, NSS, GnuTLS and Java.
 */
// des.js's primitives only (lib/des/utils.js): its entry would bring in its Cipher/DES/CBC/EDE
// classes too, which nothing here runs (issue 15 page size).
import utils from 'des.js/lib/des/utils.js';

/** SP[i * 64 + b]: S-box i on the 6 bits b, placed and permuted by P. */
const SP = (() => {
  const sp = new Int32Array(8 * 64);
  for (let i = 0; i < 8; i++) {
    const shift = 28 - 4 * i;
    for (let b = 0; b < 64; b++) {
      // substitute() reads boxes 0-3 from bits 18,12,6,0 of its first argument, 4-7 of its second.
      const left = i < 4 ? b << (18 - 6 * i) : 0;
      const right = i < 4 ? 0 : b << (18 - 6 * (i - 4));
      const nibble = (utils.substitute(left, right) >>> shift) & 0xf;
      sp[i * 64 + b] = utils.permute((nibble << shift) >>> 0) | 0;
    }
  }
  return sp;
})();

/** des.js's shift schedule (FIPS 46-3 Table of left shifts). */
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];

/** The 16 round keys of one DES key as 8 six-bit groups each (the S-box inputs' key halves). */
function roundKeys(key: Uint8Array, offset: number): Int32Array {
  const tmp = [0, 0];
  utils.pc1(utils.readUInt32BE(key, offset), utils.readUInt32BE(key, offset + 4), tmp, 0);
  let c = tmp[0]!;
  let d = tmp[1]!;
  const out = new Int32Array(16 * 8);
  for (let round = 0; round < 16; round++) {
    c = utils.r28shl(c, SHIFTS[round]!);
    d = utils.r28shl(d, SHIFTS[round]!);
    utils.pc2(c, d, tmp, 0);
    for (let i = 0; i < 4; i++) {
      out[round * 8 + i] = (tmp[0]! >>> (18 - 6 * i)) & 0x3f;
      out[round * 8 + 4 + i] = (tmp[1]! >>> (18 - 6 * i)) & 0x3f;
    }
  }
  return out;
}

/** f(R, K) of one round: the E expansion's eight 6-bit groups (as utils.expand), keyed, through SP. */
function f(r: number, k: Int32Array, o: number): number {
  return (
    SP[(((r & 1) << 5) | (r >>> 27)) ^ k[o]!]! |
    SP[64 + (((r >>> 23) & 0x3f) ^ k[o + 1]!)]! |
    SP[128 + (((r >>> 19) & 0x3f) ^ k[o + 2]!)]! |
    SP[192 + (((r >>> 15) & 0x3f) ^ k[o + 3]!)]! |
    SP[256 + (((r >>> 11) & 0x3f) ^ k[o + 4]!)]! |
    SP[320 + (((r >>> 7) & 0x3f) ^ k[o + 5]!)]! |
    SP[384 + (((r >>> 3) & 0x3f) ^ k[o + 6]!)]! |
    SP[448 + ((((r & 0x1f) << 1) | (r >>> 31)) ^ k[o + 7]!)]!
  );
}

/**
 * One DES stage between the permutations, on `s` = [L, R] after IP; leaves in `s` the pair the
 * final permutation takes (des.js DES#_encrypt / #_decrypt, the same order of halves).
 */
function stage(s: Int32Array, k: Int32Array, decrypt: boolean): void {
  let l = s[0]!;
  let r = s[1]!;
  if (!decrypt) {
    for (let o = 0; o < 128; o += 8) {
      const t = r;
      r = l ^ f(r, k, o);
      l = t;
    }
    s[0] = r;
    s[1] = l;
  } else {
    let a = r;
    let b = l;
    for (let o = 120; o >= 0; o -= 8) {
      const t = a;
      a = b ^ f(a, k, o);
      b = t;
    }
    s[0] = a;
    s[1] = b;
  }
}

/** A 3DES-EDE key (K1 K2 K3, 24 bytes) prepared for either direction. */
export interface TripleDesKey {
  k1: Int32Array;
  k2: Int32Array;
  k3: Int32Array;
}

export function prepareTripleDesKey(key: Uint8Array): TripleDesKey {
  return { k1: roundKeys(key, 0), k2: roundKeys(key, 8), k3: roundKeys(key, 16) };
}

/** CBC over whole 8-byte blocks, no padding: `data.length` must be a multiple of 8. */
export function tripleDesCbcBlocks(mode: 'encrypt' | 'decrypt', key: TripleDesKey, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  const s = new Int32Array(2);
  const tmp = [0, 0];
  let p0 = utils.readUInt32BE(iv, 0);
  let p1 = utils.readUInt32BE(iv, 4);
  for (let o = 0; o < data.length; o += 8) {
    const c0 = utils.readUInt32BE(data, o);
    const c1 = utils.readUInt32BE(data, o + 4);
    if (mode === 'encrypt') utils.ip((c0 ^ p0) >>> 0, (c1 ^ p1) >>> 0, tmp, 0);
    else utils.ip(c0, c1, tmp, 0);
    s[0] = tmp[0]!;
    s[1] = tmp[1]!;
    if (mode === 'encrypt') {
      stage(s, key.k1, false);
      stage(s, key.k2, true);
      stage(s, key.k3, false);
    } else {
      stage(s, key.k3, true);
      stage(s, key.k2, false);
      stage(s, key.k1, true);
    }
    utils.rip(s[0]! >>> 0, s[1]! >>> 0, tmp, 0);
    let x0 = tmp[0]!;
    let x1 = tmp[1]!;
    if (mode === 'encrypt') {
      p0 = x0;
      p1 = x1;
    } else {
      x0 = (x0 ^ p0) >>> 0;
      x1 = (x1 ^ p1) >>> 0;
      p0 = c0;
      p1 = c1;
    }
    utils.writeUInt32BE(out, x0, o);
    utils.writeUInt32BE(out, x1, o + 4);
  }
  return out;
}
