/**
 * Password-based encryption, the one implementation for PKCS#12 and for encrypted PKCS#8 keys
 * (keys.ts): the RFC 7292 Appendix B key derivation, the PKCS#12 PBE schemes
 * (pbeWithSHAAnd3-KeyTripleDES-CBC and, for reading `-legacy` files, 2-key 3DES and RC2), PBES2
 * (RFC 8018 §6.2: PBKDF2 + AES-CBC or 3DES-CBC) and the MAC hashes.
 *
 * Invariants:
 * - WebCrypto has no DES or RC2 (pki-interop.md): 3DES is des.js, RC2 is the RFC 2268 decryptor
 *   below (decrypt only: we never write RC2). PBKDF2 and AES-CBC are WebCrypto. OIDs come from
 *   oids.ts, 3DES-CBC from crypto.ts.
 * - PKCS#12 PBE and the MAC take the password as a BMPString, big-endian, with two trailing zero
 *   bytes (RFC 7292 Appendix B.1); PBES2 takes it as UTF-8, as OpenSSL does.
 * - Iteration counts read from a file are bounded: a hostile file must not hang the page. The
 *   Appendix B KDF runs in JS and stops at MAX_ITERATIONS; PBKDF2 is native and the caller may
 *   allow more (keys.ts does: its own vault writes 600000).
 * - Every failure is a PkiError in PKCS#12's codes: PKCS12_UNSUPPORTED for an algorithm we do not
 *   implement, PKCS12_MALFORMED for parameters that do not parse, PKCS12_BAD_PASSWORD for a
 *   padding failure. keys.ts re-codes them for key files (keyError).
 */
import * as asn1js from 'asn1js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { desEde3Cbc, expectOctetString, expectOid, expectSequence, expectSmallInt, subtle } from './crypto.ts';
import { PkiError } from './errors.ts';
import { sha1Chain, sha256Chain } from './hash-chain.ts';
import { HASH_OID, HMAC_OID, PBE_OID, PKCS12_PBE_OID } from './oids.ts';
import { concatBytes, toArrayBuffer } from './pem.ts';

/** Hashes PKCS#12 files use for the MAC, the Appendix B KDF and the PBKDF2 PRF. */
export type PbeHash = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/** Highest iteration count we run: OpenSSL writes 2048, Windows 2000, Java 10000; 1e6 is ~1 s of SHA-1 in JS. */
export const MAX_ITERATIONS = 1_000_000;

/** How far a caller lets PBKDF2 go (native, so it may allow more than the JS KDF's MAX_ITERATIONS). */
export interface PbeLimits {
  pbkdf2Iterations?: number;
}

/** RFC 7292 Appendix B.3 diversifiers. */
export const PKCS12_KDF_ID = { key: 1, iv: 2, mac: 3 } as const;

const HASHES = { 'SHA-1': sha1, 'SHA-224': sha224, 'SHA-256': sha256, 'SHA-384': sha384, 'SHA-512': sha512 } as const;

export const DIGEST_OID_BY_HASH: Record<PbeHash, string> = {
  'SHA-1': HASH_OID.sha1,
  'SHA-224': HASH_OID.sha224,
  'SHA-256': HASH_OID.sha256,
  'SHA-384': HASH_OID.sha384,
  'SHA-512': HASH_OID.sha512,
};
const HMAC_OID_BY_HASH: Record<PbeHash, string> = {
  'SHA-1': HMAC_OID.hmacWithSha1,
  'SHA-224': HMAC_OID.hmacWithSha224,
  'SHA-256': HMAC_OID.hmacWithSha256,
  'SHA-384': HMAC_OID.hmacWithSha384,
  'SHA-512': HMAC_OID.hmacWithSha512,
};

/** The key of `table` whose OID is `oid` (the tables here are keyed by name and looked up by OID when reading). */
function nameByOid<K extends string>(table: Readonly<Record<K, string | { oid: string }>>, oid: string): K | undefined {
  return (Object.keys(table) as K[]).find((k) => {
    const v = table[k];
    return (typeof v === 'string' ? v : v.oid) === oid;
  });
}

export function hashByDigestOid(oid: string): PbeHash | undefined {
  return nameByOid(DIGEST_OID_BY_HASH, oid);
}

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

export function hashBytes(hash: PbeHash, data: Uint8Array): Uint8Array {
  return HASHES[hash](data);
}

export function hmacBytes(hash: PbeHash, key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(HASHES[hash], key, data);
}

/**
 * RFC 7292 Appendix B.2 key derivation. `password` is already encoded (encodeBmpPassword).
 * `id` is 1 (key), 2 (IV) or 3 (MAC key); returns `length` bytes.
 */
export function pkcs12Kdf(hash: PbeHash, password: Uint8Array, salt: Uint8Array, id: number, iterations: number, length: number): Uint8Array {
  checkIterations(iterations);
  const H = HASHES[hash];
  const u = H.outputLen;
  const v = H.blockLen;
  const D = new Uint8Array(v).fill(id);
  const fill = (src: Uint8Array): Uint8Array => {
    const out = new Uint8Array(v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length]!;
    return out;
  };
  const I = concatBytes(fill(salt), fill(password));
  const out = new Uint8Array(length);
  for (let done = 0; done < length; ) {
    let A: Uint8Array = H(concatBytes(D, I));
    A = hash === 'SHA-1' ? sha1Chain(A, iterations - 1) : hash === 'SHA-256' ? sha256Chain(A, iterations - 1) : repeatHash(H, A, iterations - 1);
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

function repeatHash(H: (b: Uint8Array) => Uint8Array, a: Uint8Array, rounds: number): Uint8Array {
  for (let r = 0; r < rounds; r++) a = H(a);
  return a;
}

function checkIterations(iterations: number, max = MAX_ITERATIONS): void {
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new PkiError('PKCS12_MALFORMED', `PBE: expected a positive iteration count, found ${iterations}`);
  }
  if (iterations > max) {
    throw new PkiError('PKCS12_UNSUPPORTED', `PBE: expected at most ${max} iterations, found ${iterations}`);
  }
}

/** A PBE AlgorithmIdentifier, decoded. */
export type PbeAlgorithm =
  | {
      kind: 'pkcs12';
      cipher: '3des' | '2des' | 'rc2-128' | 'rc2-40';
      salt: Uint8Array;
      iterations: number;
    }
  | {
      kind: 'pbes2';
      prf: PbeHash;
      salt: Uint8Array;
      iterations: number;
      cipher: 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc' | 'des-ede3-cbc';
      iv: Uint8Array;
    };

type Pkcs12Cipher = Extract<PbeAlgorithm, { kind: 'pkcs12' }>['cipher'];
type Pbes2Cipher = Extract<PbeAlgorithm, { kind: 'pbes2' }>['cipher'];

/** RFC 7292 Appendix C schemes; `name` is what OpenSSL prints. */
const PKCS12_CIPHERS: Readonly<Record<Pkcs12Cipher, { oid: string; keyLength: number; name: string }>> = {
  '3des': { oid: PKCS12_PBE_OID.pbeWithShaAnd3KeyTripleDesCbc, keyLength: 24, name: 'pbeWithSHA1And3-KeyTripleDES-CBC' },
  '2des': { oid: PKCS12_PBE_OID.pbeWithShaAnd2KeyTripleDesCbc, keyLength: 16, name: 'pbeWithSHA1And2-KeyTripleDES-CBC' },
  'rc2-128': { oid: PKCS12_PBE_OID.pbeWithShaAnd128BitRc2Cbc, keyLength: 16, name: 'pbeWithSHA1And128BitRC2-CBC' },
  'rc2-40': { oid: PKCS12_PBE_OID.pbeWithShaAnd40BitRc2Cbc, keyLength: 5, name: 'pbeWithSHA1And40BitRC2-CBC' },
};
/** RFC 8018 §B.2 encryption schemes for PBES2. */
const PBES2_CIPHERS: Readonly<Record<Pbes2Cipher, { oid: string; keyLength: number }>> = {
  'aes-128-cbc': { oid: PBE_OID.aes128Cbc, keyLength: 16 },
  'aes-192-cbc': { oid: PBE_OID.aes192Cbc, keyLength: 24 },
  'aes-256-cbc': { oid: PBE_OID.aes256Cbc, keyLength: 32 },
  'des-ede3-cbc': { oid: PBE_OID.desEde3Cbc, keyLength: 24 },
};

/** The human name OpenSSL prints for the algorithm (for inspection and messages). */
export function describePbeAlgorithm(alg: PbeAlgorithm): string {
  if (alg.kind === 'pkcs12') return PKCS12_CIPHERS[alg.cipher].name;
  return `PBES2, PBKDF2 (HMAC-${alg.prf}), ${alg.cipher.toUpperCase()}`;
}

// ---------------------------------------------------------------------------------------------
// AlgorithmIdentifier encoding/decoding

const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
const octets = (bytes: Uint8Array) => new asn1js.OctetString({ valueHex: toArrayBuffer(bytes) });

/** DER AlgorithmIdentifier for `alg` (RFC 7292 Appendix C pkcs-12PbeParams; RFC 8018 PBES2-params). */
export function encodePbeAlgorithm(alg: PbeAlgorithm): asn1js.Sequence {
  if (alg.kind === 'pkcs12') {
    return new asn1js.Sequence({
      value: [oid(PKCS12_CIPHERS[alg.cipher].oid), new asn1js.Sequence({ value: [octets(alg.salt), new asn1js.Integer({ value: alg.iterations })] })],
    });
  }
  // keyLength omitted: every cipher here has a fixed key size (OpenSSL omits it too). prf written
  // explicitly with NULL parameters, as OpenSSL does; the RFC 8018 default would be HMAC-SHA1.
  const pbkdf2Params = new asn1js.Sequence({
    value: [
      octets(alg.salt),
      new asn1js.Integer({ value: alg.iterations }),
      new asn1js.Sequence({ value: [oid(HMAC_OID_BY_HASH[alg.prf]), new asn1js.Null()] }),
    ],
  });
  return new asn1js.Sequence({
    value: [
      oid(PBE_OID.pbes2),
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({ value: [oid(PBE_OID.pbkdf2), pbkdf2Params] }),
          new asn1js.Sequence({ value: [oid(PBES2_CIPHERS[alg.cipher].oid), octets(alg.iv)] }),
        ],
      }),
    ],
  });
}

const malformed = (what: string) => new PkiError('PKCS12_MALFORMED', `PBE parameters: expected ${what}`);

/**
 * Decodes an encryption AlgorithmIdentifier (an asn1js SEQUENCE) into a PbeAlgorithm. Structural
 * problems are DER_MALFORMED (crypto.ts walkers), bad values PKCS12_MALFORMED, unknown
 * algorithms PKCS12_UNSUPPORTED.
 */
export function parsePbeAlgorithm(node: unknown, limits: PbeLimits = {}): PbeAlgorithm {
  const [algOid, params] = expectSequence(node, 'PBE AlgorithmIdentifier');
  const id = expectOid(algOid, 'PBE algorithm');
  const pkcs12Cipher = nameByOid(PKCS12_CIPHERS, id);
  if (pkcs12Cipher) {
    const [salt, iter] = expectSequence(params, 'pkcs-12PbeParams');
    const iterations = expectSmallInt(iter, 'pkcs-12PbeParams iterations');
    checkIterations(iterations);
    return { kind: 'pkcs12', cipher: pkcs12Cipher, salt: expectOctetString(salt, 'pkcs-12PbeParams salt'), iterations };
  }
  if (id === PBE_OID.pbes2) {
    const [kdf, scheme] = expectSequence(params, 'PBES2-params');
    const [kdfOid, kdfParams] = expectSequence(kdf, 'PBES2 keyDerivationFunc');
    const kdfId = expectOid(kdfOid, 'PBES2 keyDerivationFunc');
    if (kdfId !== PBE_OID.pbkdf2) throw unsupported(`key derivation ${kdfId} (expected PBKDF2)`);
    const p = expectSequence(kdfParams, 'PBKDF2-params');
    const salt = expectOctetString(p[0], 'PBKDF2-params salt (specified)');
    const iterations = expectSmallInt(p[1], 'PBKDF2-params iterationCount');
    checkIterations(iterations, limits.pbkdf2Iterations ?? MAX_ITERATIONS);
    let rest = p.slice(2);
    let keyLength: number | undefined;
    if (rest[0] instanceof asn1js.Integer) {
      keyLength = expectSmallInt(rest[0], 'PBKDF2-params keyLength');
      rest = rest.slice(1);
    }
    let prf: PbeHash = 'SHA-1'; // RFC 8018 A.2: DEFAULT algid-hmacWithSHA1
    if (rest[0] !== undefined) {
      const prfId = expectOid(expectSequence(rest[0], 'PBKDF2-params prf')[0], 'PBKDF2-params prf');
      const h = nameByOid(HMAC_OID_BY_HASH, prfId);
      if (!h) throw unsupported(`PBKDF2 PRF ${prfId}`);
      prf = h;
    }
    const [encOid, iv] = expectSequence(scheme, 'PBES2 encryptionScheme');
    const encId = expectOid(encOid, 'PBES2 encryptionScheme');
    const cipher = nameByOid(PBES2_CIPHERS, encId);
    if (!cipher) throw unsupported(`PBES2 cipher ${encId}`);
    const expectedKeyLength = PBES2_CIPHERS[cipher].keyLength;
    if (keyLength !== undefined && keyLength !== expectedKeyLength) throw malformed(`a ${expectedKeyLength}-byte key for ${cipher}, found ${keyLength}`);
    const ivBytes = expectOctetString(iv, 'PBES2 encryptionScheme IV');
    const blockSize = cipher === 'des-ede3-cbc' ? 8 : 16;
    if (ivBytes.length !== blockSize) throw malformed(`a ${blockSize}-byte IV, found ${ivBytes.length}`);
    return { kind: 'pbes2', prf, salt, iterations, cipher, iv: ivBytes };
  }
  if (id === PKCS12_PBE_OID.pbeWithShaAnd128BitRc4 || id === PKCS12_PBE_OID.pbeWithShaAnd40BitRc4) throw unsupported(`RC4 encryption (${id})`);
  throw unsupported(`encryption algorithm ${id}`);
}

function unsupported(what: string): PkiError {
  return new PkiError('PKCS12_UNSUPPORTED', `PBE: ${what} is not supported`);
}

// ---------------------------------------------------------------------------------------------
// Encryption

/** Encrypts with `alg` (3DES PKCS#12 PBE or PBES2 AES/3DES). RC2 is read-only. */
export async function pbeEncrypt(alg: PbeAlgorithm, password: string, data: Uint8Array): Promise<Uint8Array> {
  if (alg.kind === 'pkcs12') {
    if (alg.cipher !== '3des') throw unsupported(`writing ${describePbeAlgorithm(alg)}`);
    const { key, iv } = pkcs12KeyIv(alg, encodeBmpPassword(password));
    return tripleDesCbc('encrypt', key, iv, data);
  }
  const key = await pbkdf2(alg, password);
  if (alg.cipher === 'des-ede3-cbc') return tripleDesCbc('encrypt', key, alg.iv, data);
  return aesCbc('encrypt', key, alg.iv, data);
}

/**
 * Decrypts with `alg`; a padding failure (the usual sign of a wrong password) is PKCS12_BAD_PASSWORD.
 * `bmpPassword` overrides the Appendix B password bytes (an empty password written as no bytes).
 */
export async function pbeDecrypt(alg: PbeAlgorithm, password: string, data: Uint8Array, bmpPassword?: Uint8Array): Promise<Uint8Array> {
  const blockSize = alg.kind === 'pbes2' && alg.cipher.startsWith('aes') ? 16 : 8;
  if (data.length === 0 || data.length % blockSize !== 0) {
    throw new PkiError('PKCS12_MALFORMED', `PBE decryption: expected a non-empty multiple of ${blockSize} bytes, found ${data.length}`);
  }
  if (alg.kind === 'pkcs12') {
    const { key, iv } = pkcs12KeyIv(alg, bmpPassword ?? encodeBmpPassword(password));
    if (alg.cipher === 'rc2-40' || alg.cipher === 'rc2-128') {
      return removePadding(rc2CbcDecrypt(key, alg.cipher === 'rc2-40' ? 40 : 128, iv, data), 8);
    }
    return tripleDesCbc('decrypt', alg.cipher === '2des' ? concatBytes(key, key.subarray(0, 8)) : key, iv, data);
  }
  const key = await pbkdf2(alg, password);
  if (alg.cipher === 'des-ede3-cbc') return tripleDesCbc('decrypt', key, alg.iv, data);
  return aesCbc('decrypt', key, alg.iv, data);
}

function pkcs12KeyIv(alg: Extract<PbeAlgorithm, { kind: 'pkcs12' }>, pw: Uint8Array): { key: Uint8Array; iv: Uint8Array } {
  const keyLength = PKCS12_CIPHERS[alg.cipher].keyLength;
  return {
    key: pkcs12Kdf('SHA-1', pw, alg.salt, PKCS12_KDF_ID.key, alg.iterations, keyLength),
    iv: pkcs12Kdf('SHA-1', pw, alg.salt, PKCS12_KDF_ID.iv, alg.iterations, 8),
  };
}

async function pbkdf2(alg: Extract<PbeAlgorithm, { kind: 'pbes2' }>, password: string): Promise<Uint8Array> {
  const keyLength = PBES2_CIPHERS[alg.cipher].keyLength;
  if (alg.prf === 'SHA-224') throw unsupported('PBKDF2 with HMAC-SHA-224 (WebCrypto has no SHA-224)');
  try {
    const base = await subtle().importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
    const bits = await subtle().deriveBits({ name: 'PBKDF2', hash: alg.prf, salt: toArrayBuffer(alg.salt), iterations: alg.iterations }, base, keyLength * 8);
    return new Uint8Array(bits);
  } catch (e) {
    throw new PkiError('CRYPTO_FAILED', `PBKDF2-HMAC-${alg.prf}: WebCrypto refused the derivation`, { cause: e });
  }
}

async function aesCbc(op: 'encrypt' | 'decrypt', keyBytes: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  let key: CryptoKey;
  try {
    key = await subtle().importKey('raw', toArrayBuffer(keyBytes), 'AES-CBC', false, [op]);
  } catch (e) {
    throw new PkiError('PKCS12_UNSUPPORTED', `AES-CBC: this browser refused a ${keyBytes.length * 8}-bit key`, { cause: e });
  }
  try {
    return new Uint8Array(await subtle()[op]({ name: 'AES-CBC', iv: toArrayBuffer(iv) }, key, toArrayBuffer(data)));
  } catch (e) {
    // WebCrypto reports a bad PKCS#7 padding as OperationError: the key (password) was wrong.
    throw new PkiError('PKCS12_BAD_PASSWORD', 'AES-CBC decryption: expected valid padding, found garbage (wrong password?)', { cause: e });
  }
}

/** 3DES-EDE-CBC (crypto.ts); on decryption a padding failure, the sign of a wrong key, is PKCS12_BAD_PASSWORD. */
function tripleDesCbc(op: 'encrypt' | 'decrypt', key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  try {
    return desEde3Cbc(op, key, iv, data);
  } catch (e) {
    if (op === 'encrypt') throw e;
    throw new PkiError('PKCS12_BAD_PASSWORD', '3DES-CBC decryption: expected valid padding, found garbage (wrong password?)', { cause: e });
  }
}

function removePadding(data: Uint8Array, blockSize: number): Uint8Array {
  const pad = data[data.length - 1] ?? 0;
  let ok = pad >= 1 && pad <= blockSize && pad <= data.length;
  for (let i = 1; ok && i <= pad; i++) ok = data[data.length - i] === pad;
  if (!ok) throw new PkiError('PKCS12_BAD_PASSWORD', 'PBE decryption: expected valid padding, found garbage (wrong password?)');
  return data.subarray(0, data.length - pad);
}

// ---------------------------------------------------------------------------------------------
// RC2 (RFC 2268), decryption only: OpenSSL `-legacy` writes certificate bags with
// pbeWithSHAAnd40BitRC2-CBC, and users still have such files.

// RFC 2268 §2: PITABLE, a permutation of 0..255 derived from the digits of pi.
const PITABLE = Uint8Array.from(
  ('d978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2179a59f587b34f1361456d8d09817d32bd8f40eb86b77b0bf09521225c6b4e8254d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb6266fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed708e8eade8052eef784aa72ac354d6a2a961ad2715a1549744b9fd05e0418a4ecc2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b25559731' +
    '2d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a90d38341bab33ffb0bb480c5fb9b1cd2ec5f3db47e5a59c770aa62068fe7fc1ad')
    .match(/../g)!
    .map((h) => parseInt(h, 16)),
);

function rc2ExpandKey(key: Uint8Array, effectiveBits: number): Uint16Array {
  const L = new Uint8Array(128);
  L.set(key);
  const T = key.length;
  for (let i = T; i < 128; i++) L[i] = PITABLE[(L[i - 1]! + L[i - T]!) & 0xff]!;
  const T8 = Math.ceil(effectiveBits / 8);
  const TM = 0xff >> (8 * T8 - effectiveBits);
  L[128 - T8] = PITABLE[L[128 - T8]! & TM]!;
  for (let i = 127 - T8; i >= 0; i--) L[i] = PITABLE[L[i + 1]! ^ L[i + T8]!]!;
  const K = new Uint16Array(64);
  for (let i = 0; i < 64; i++) K[i] = L[2 * i]! | (L[2 * i + 1]! << 8);
  return K;
}

function rc2DecryptBlock(K: Uint16Array, block: Uint8Array, out: Uint8Array): void {
  const R = [0, 1, 2, 3].map((i) => block[2 * i]! | (block[2 * i + 1]! << 8));
  const S = [1, 2, 3, 5];
  let j = 63;
  const rmix = () => {
    for (let i = 3; i >= 0; i--) {
      const r = R[i]!;
      const rot = ((r >>> S[i]!) | (r << (16 - S[i]!))) & 0xffff;
      R[i] = (rot - K[j--]! - (R[(i + 3) & 3]! & R[(i + 2) & 3]!) - (~R[(i + 3) & 3]! & R[(i + 1) & 3]!)) & 0xffff;
    }
  };
  const rmash = () => {
    for (let i = 3; i >= 0; i--) R[i] = (R[i]! - K[R[(i + 3) & 3]! & 63]!) & 0xffff;
  };
  for (let n = 0; n < 5; n++) rmix();
  rmash();
  for (let n = 0; n < 6; n++) rmix();
  rmash();
  for (let n = 0; n < 5; n++) rmix();
  for (let i = 0; i < 4; i++) {
    out[2 * i] = R[i]! & 0xff;
    out[2 * i + 1] = R[i]! >> 8;
  }
}

/** RC2-CBC decryption without padding removal (RFC 2268 key expansion with `effectiveBits`). */
export function rc2CbcDecrypt(key: Uint8Array, effectiveBits: number, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const K = rc2ExpandKey(key, effectiveBits);
  const out = new Uint8Array(data.length);
  const block = new Uint8Array(8);
  let prev = iv;
  for (let o = 0; o < data.length; o += 8) {
    const c = data.subarray(o, o + 8);
    rc2DecryptBlock(K, c, block);
    for (let k = 0; k < 8; k++) out[o + k] = block[k]! ^ prev[k]!;
    prev = c;
  }
  return out;
}
