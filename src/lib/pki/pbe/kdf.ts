/**
 * Password-based key derivation: the RFC 7292 Appendix B KDF (PKCS#12 PBE and MAC keys) and
 * PBKDF2 (RFC 8018 §5.2, through WebCrypto).
 * Invariants:
 * - PKCS#12 takes the password as a BMPString, big-endian, with two trailing zero bytes (RFC 7292
 *   Appendix B.1); PBKDF2 takes it as UTF-8, as OpenSSL does.
 * - Iteration counts read from a file are bounded: a hostile file must not hang the page. The
 *   Appendix B KDF runs in JS and stops at MAX_ITERATIONS; PBKDF2 is native and the caller may
 *   allow more (keys.ts does: its own vault writes 600000).
 */
import { digest, digestSizes, iterateDigest, type DigestName } from '../digest.ts';
import { PkiError } from '../errors.ts';
import { concatBytes, toArrayBuffer } from '../pem.ts';
import { subtle } from '../webcrypto.ts';

/** Highest iteration count we run: OpenSSL writes 2048, Windows 2000, Java 10000; 1e6 is ~1 s of SHA-1 in JS. */
export const MAX_ITERATIONS = 1_000_000;

/** How far a caller lets PBKDF2 go (native, so it may allow more than the JS KDF's MAX_ITERATIONS). */
export interface PbeLimits {
  pbkdf2Iterations?: number;
}

/** RFC 7292 Appendix B.3 diversifiers. */
export const PKCS12_KDF_ID = { key: 1, iv: 2, mac: 3 } as const;

/** RFC 7292 Appendix B.1: BMPString, big-endian, NUL-terminated. The empty password is two zero bytes. */
export function encodeBmpPassword(password: string): Uint8Array {
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    const c = password.charCodeAt(i); // UTF-16 code units: astral characters become surrogate pairs, as in OpenSSL
    out[i * 2] = c >> 8;
    out[i * 2 + 1] = c & 0xff;
  }
  return out;
}

/**
 * RFC 7292 Appendix B.2 key derivation. `password` is already encoded (encodeBmpPassword).
 * `id` is 1 (key), 2 (IV) or 3 (MAC key); returns `length` bytes.
 */
export function pkcs12Kdf(hash: DigestName, password: Uint8Array, salt: Uint8Array, id: number, iterations: number, length: number): Uint8Array {
  checkIterations(iterations);
  const { outputLength: u, blockLength: v } = digestSizes(hash);
  const D = new Uint8Array(v).fill(id);
  const fill = (src: Uint8Array): Uint8Array => {
    const out = new Uint8Array(v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length]!;
    return out;
  };
  const I = concatBytes(fill(salt), fill(password));
  const out = new Uint8Array(length);
  for (let done = 0; done < length; ) {
    const A = iterateDigest(hash, digest(hash, concatBytes(D, I)), iterations - 1);
    out.set(A.subarray(0, Math.min(u, length - done)), done);
    done += u;
    if (done >= length) break;
    // I_j = (I_j + B + 1) mod 2^(8v), B = A repeated to v bytes
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k]! + A[k % u]! + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return out;
}

/** A positive iteration count of at most `max` (PKCS12_MALFORMED / PKCS12_UNSUPPORTED otherwise). */
export function checkIterations(iterations: number, max = MAX_ITERATIONS): void {
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new PkiError('PKCS12_MALFORMED', `PBE: expected a positive iteration count, found ${iterations}`);
  }
  if (iterations > max) {
    throw new PkiError('PKCS12_UNSUPPORTED', `PBE: expected at most ${max} iterations, found ${iterations}`);
  }
}

/** PBKDF2-HMAC-`prf` through WebCrypto; `password` as UTF-8. */
export async function pbkdf2(prf: DigestName, password: string, salt: Uint8Array, iterations: number, keyLength: number): Promise<Uint8Array> {
  if (prf === 'SHA-224') throw new PkiError('PKCS12_UNSUPPORTED', 'PBE: PBKDF2 with HMAC-SHA-224 (WebCrypto has no SHA-224) is not supported');
  try {
    const base = await subtle().importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
    const bits = await subtle().deriveBits({ name: 'PBKDF2', hash: prf, salt: toArrayBuffer(salt), iterations }, base, keyLength * 8);
    return new Uint8Array(bits);
  } catch (e) {
    throw new PkiError('CRYPTO_FAILED', `PBKDF2-HMAC-${prf}: WebCrypto refused the derivation`, { cause: e });
  }
}
