/**
 * The one digest module of the PKI core: every hash, HMAC and digest OID lookup goes through here
 * (fingerprints, key identifiers, localKeyID, the PKCS#12 MAC and KDF, the PBKDF2 PRF names).
 * Synchronous (hashes.ts) so it can run anywhere, including while building a zip; whole-file
 * checksums go through WebCrypto instead (sha256Hex). SHA-1 and MD5 appear only where a format
 * names them (OpenSSL's hashed directory, PKCS#12 compatible profile, fingerprints shown as openssl does).
 */
import { hmac, sha1 as sha1Hash, sha224, sha256 as sha256Hash, sha384, sha512 } from './hashes.ts';
import { HASH_OID, HMAC_OID } from './oids.ts';
import { toHex } from './pem.ts';
import { subtle } from './webcrypto.ts';

/** Every digest a file we read may name: the signing hashes (HashName) plus SHA-224/512 (PKCS#12 MACs, PBKDF2 PRFs). */
export type DigestName = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

const HASHES = { 'SHA-1': sha1Hash, 'SHA-224': sha224, 'SHA-256': sha256Hash, 'SHA-384': sha384, 'SHA-512': sha512 } as const;

export const DIGEST_OID: Readonly<Record<DigestName, string>> = {
  'SHA-1': HASH_OID.sha1,
  'SHA-224': HASH_OID.sha224,
  'SHA-256': HASH_OID.sha256,
  'SHA-384': HASH_OID.sha384,
  'SHA-512': HASH_OID.sha512,
};
export const HMAC_OID_BY_DIGEST: Readonly<Record<DigestName, string>> = {
  'SHA-1': HMAC_OID.hmacWithSha1,
  'SHA-224': HMAC_OID.hmacWithSha224,
  'SHA-256': HMAC_OID.hmacWithSha256,
  'SHA-384': HMAC_OID.hmacWithSha384,
  'SHA-512': HMAC_OID.hmacWithSha512,
};

/** The digest whose OID (or HMAC OID) is `oid`, if we know it. */
export function digestByOid(oid: string, table: Readonly<Record<DigestName, string>> = DIGEST_OID): DigestName | undefined {
  return (Object.keys(table) as DigestName[]).find((k) => table[k] === oid);
}

export function digest(hash: DigestName, data: Uint8Array): Uint8Array {
  return HASHES[hash](data);
}
export function sha1(data: Uint8Array): Uint8Array {
  return sha1Hash(data);
}
export function sha256(data: Uint8Array): Uint8Array {
  return sha256Hash(data);
}

/** Output and block sizes in bytes (the RFC 7292 Appendix B KDF's u and v). */
export function digestSizes(hash: DigestName): { outputLength: number; blockLength: number } {
  return { outputLength: HASHES[hash].outputLen, blockLength: HASHES[hash].blockLen };
}

export function hmacDigest(hash: DigestName, key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(HASHES[hash], key, data);
}

/** `a`, one digest long, hashed `rounds` more times, allocation-free (hashes.ts md's chain). */
export function iterateDigest(hash: DigestName, a: Uint8Array, rounds: number): Uint8Array {
  return HASHES[hash].chain(a, rounds);
}

/**
 * SHA-256 as lowercase hex through WebCrypto, for checksums of whole files (bundle manifests,
 * backups): large inputs are hashed by the browser, not in a main-thread JS loop. Text is UTF-8.
 */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  // A copy, so a view into a larger buffer hashes only its own bytes.
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data.slice();
  return toHex(new Uint8Array(await subtle().digest('SHA-256', bytes)));
}

/** 'AB:CD:...' uppercase colon hex, as `openssl x509 -fingerprint` prints it. */
export function fingerprint(der: Uint8Array, hash: 'SHA-256' | 'SHA-1'): string {
  return toHex(digest(hash, der), ':').toUpperCase();
}
