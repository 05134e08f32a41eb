/**
 * Private keys as objects: generation (WebCrypto), CryptoKeys for signing and verifying, the
 * KeySpec of a public key, matching a key with a certificate's SPKI, and PrivateKeyMaterial from
 * PKCS#8. Key files (PEM forms, encrypted PKCS#8, what a user brings) are key-files.ts.
 * Invariants: a PrivateKeyMaterial always holds a PKCS#8 that WebCrypto accepted and the SPKI
 * WebCrypto derived from it, so `spki` matches `pkcs8`; every failure is a PkiError.
 */
import { PkiError } from './errors.ts';
import { CURVE_BY_OID, RSA_BITS, pkcs8Spec, readPkcs8, readSpki } from './key-der.ts';
import { CURVE_OID, KEY_ALGORITHM_OID } from './oids.ts';
import { equalBytes, toArrayBuffer } from './pem.ts';
import type { HashName, KeySpec, PrivateKeyMaterial } from './types.ts';
import { subtle } from './webcrypto.ts';

export const KEY_SPECS: readonly KeySpec[] = [
  { kind: 'RSA', bits: 2048 },
  { kind: 'RSA', bits: 3072 },
  { kind: 'RSA', bits: 4096 },
  { kind: 'EC', curve: 'P-256' },
  { kind: 'EC', curve: 'P-384' },
];

/** The hash each key signs with: SHA-384 for P-384 (RFC 5480 section 4), SHA-256 otherwise. Never SHA-1 by default. */
export function defaultHashFor(spec: KeySpec): HashName {
  return spec.kind === 'EC' && spec.curve === 'P-384' ? 'SHA-384' : 'SHA-256';
}

export function describeKeySpec(spec: KeySpec): string {
  return spec.kind === 'RSA' ? `RSA ${spec.bits}` : `ECDSA ${spec.curve}`;
}

function signAlgorithm(spec: KeySpec, hash: HashName): RsaHashedImportParams | EcKeyImportParams {
  return spec.kind === 'RSA' ? { name: 'RSASSA-PKCS1-v1_5', hash } : { name: 'ECDSA', namedCurve: spec.curve };
}

/** Generates an extractable key pair (RSA e = 65537) and returns its PKCS#8 and SPKI DER. */
export async function generateKey(spec: KeySpec): Promise<PrivateKeyMaterial> {
  const algorithm: RsaHashedKeyGenParams | EcKeyGenParams = spec.kind === 'RSA'
    ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: spec.bits, publicExponent: new Uint8Array([1, 0, 1]), hash: defaultHashFor(spec) }
    : { name: 'ECDSA', namedCurve: spec.curve };
  if (spec.kind === 'RSA' ? !RSA_BITS.includes(spec.bits) : !CURVE_BY_OID.has(CURVE_OID[spec.curve])) {
    throw new PkiError('KEY_UNSUPPORTED', `key generation: expected RSA 2048/3072/4096 or ECDSA P-256/P-384, found ${JSON.stringify(spec)}`);
  }
  try {
    const pair = await subtle().generateKey(algorithm, true, ['sign', 'verify']);
    const [pkcs8, spki] = await Promise.all([
      subtle().exportKey('pkcs8', pair.privateKey),
      subtle().exportKey('spki', pair.publicKey),
    ]);
    return { spec, pkcs8: new Uint8Array(pkcs8), spki: new Uint8Array(spki) };
  } catch (cause) {
    throw new PkiError('CRYPTO_FAILED', `key generation (${describeKeySpec(spec)}): WebCrypto failed`, { cause });
  }
}

/** A non-extractable private CryptoKey for pkijs `sign()`, bound to `hash` (RSA) or the key's curve (ECDSA). */
export async function importSigningKey(key: PrivateKeyMaterial, hash: HashName): Promise<CryptoKey> {
  try {
    return await subtle().importKey('pkcs8', toArrayBuffer(key.pkcs8), signAlgorithm(key.spec, hash), false, ['sign']);
  } catch (cause) {
    throw new PkiError('KEY_UNSUPPORTED', `signing key import (${describeKeySpec(key.spec)}, ${hash}): WebCrypto refused the key`, { cause });
  }
}

/** A public CryptoKey for verifying: RSA of any size, ECDSA on P-256/P-384/P-521. */
export async function importPublicKey(spki: Uint8Array, hash: HashName): Promise<CryptoKey> {
  const info = readSpki(spki);
  let algorithm: RsaHashedImportParams | EcKeyImportParams;
  if (info.algorithm === KEY_ALGORITHM_OID.rsaEncryption) algorithm = { name: 'RSASSA-PKCS1-v1_5', hash };
  else if (info.algorithm === KEY_ALGORITHM_OID.ecPublicKey && info.curveOid && WEBCRYPTO_CURVES.has(info.curveOid)) {
    algorithm = { name: 'ECDSA', namedCurve: WEBCRYPTO_CURVES.get(info.curveOid)! };
  } else {
    throw new PkiError('KEY_UNSUPPORTED', `public key import: expected an RSA or ECDSA P-256/P-384/P-521 key, found ${info.description}`);
  }
  try {
    return await subtle().importKey('spki', toArrayBuffer(spki), algorithm, true, ['verify']);
  } catch (cause) {
    throw new PkiError('KEY_UNSUPPORTED', `public key import (${info.description}): WebCrypto refused the key`, { cause });
  }
}
// Pure: the page never imports a public key alone, and an unmarked constructor call would stay in it.
const WEBCRYPTO_CURVES = /* @__PURE__ */ new Map<string, string>([
  [CURVE_OID['P-256'], 'P-256'], [CURVE_OID['P-384'], 'P-384'], [CURVE_OID['P-521'], 'P-521'],
]);

export function publicKeyOf(key: PrivateKeyMaterial): Uint8Array {
  return key.spki;
}

/** True when `spki` is the public half of `key` (algorithm, curve and key bits compared, not encodings). */
export function keyMatchesSpki(key: PrivateKeyMaterial, spki: Uint8Array): boolean {
  // The same DER is the same key; the usual case (WebCrypto and certificates both write DER SPKI) needs no parse.
  if (equalBytes(key.spki, spki)) return true;
  const a = readSpki(key.spki);
  const b = readSpki(spki);
  return a.algorithm === b.algorithm && a.curveOid === b.curveOid && equalBytes(a.publicKey, b.publicKey);
}

/** The KeySpec of a SubjectPublicKeyInfo, or a description of a key the engine does not make. */
export function parseKeySpecFromSpki(spki: Uint8Array): KeySpec | { kind: 'other'; description: string } {
  const info = readSpki(spki);
  return info.spec ?? { kind: 'other', description: info.description };
}

/** Builds PrivateKeyMaterial from PKCS#8 DER: WebCrypto validates it and derives the public key. */
export async function privateKeyFromPkcs8(pkcs8: Uint8Array): Promise<PrivateKeyMaterial> {
  const spec = pkcs8Spec(readPkcs8(pkcs8));
  const algorithm = signAlgorithm(spec, defaultHashFor(spec));
  try {
    const key = await subtle().importKey('pkcs8', toArrayBuffer(pkcs8), algorithm, true, ['sign']);
    const jwk = await subtle().exportKey('jwk', key);
    const publicJwk: JsonWebKey = spec.kind === 'RSA'
      ? { kty: 'RSA', n: jwk.n, e: jwk.e }
      : { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
    const pub = await subtle().importKey('jwk', publicJwk, algorithm, true, ['verify']);
    const [normalized, spki] = await Promise.all([subtle().exportKey('pkcs8', key), subtle().exportKey('spki', pub)]);
    return { spec, pkcs8: new Uint8Array(normalized), spki: new Uint8Array(spki) };
  } catch (cause) {
    throw new PkiError('KEY_UNSUPPORTED', `private key (${describeKeySpec(spec)}): WebCrypto refused the key as inconsistent or malformed`, { cause });
  }
}
