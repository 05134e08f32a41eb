/**
 * Private-key files: the PEM forms XMail and the openssl CLI use (PKCS#8, PKCS#1 for RSA, SEC1 for
 * EC), encrypted PKCS#8, and reading whatever a user brings (PEM or DER, any of those forms).
 * Structures: RFC 5208/5958 (PKCS#8), RFC 8017 appendix A.1.2 (PKCS#1), RFC 5915 (SEC1
 * ECPrivateKey), RFC 8018 (PBES2/PBKDF2). Every failure is a PkiError; a key read here always goes
 * through privateKeyFromPkcs8 (keys.ts), so WebCrypto checks it.
 */
import * as asn1js from 'asn1js';
import { derOf, expectOctetString, expectSequence, expectSmallInt, parseDer, readAsn1 } from './asn1.ts';
import { PkiError, isPkiError, type PkiErrorCode } from './errors.ts';
import { readPkcs8, readSpki } from './key-der.ts';
import { describeKeySpec, privateKeyFromPkcs8 } from './keys.ts';
import { CURVE_OID, KEY_ALGORITHM_OID } from './oids.ts';
import { encodePbeAlgorithm, parsePbeAlgorithm, pbeDecrypt, pbeEncrypt, type PbeAlgorithm, type PbeLimits } from './pbe/index.ts';
import { decodePemOrDer, encodePem, equalBytes, toArrayBuffer, type PemBlock } from './pem.ts';
import type { PrivateKeyMaterial } from './types.ts';
import { randomBytes, subtle } from './webcrypto.ts';

// ---------------------------------------------------------------------------------------------
// Serialization

export type PrivateKeyForm = 'pkcs8' | 'pkcs1' | 'sec1';

/**
 * PEM text of the key: 'PRIVATE KEY' (PKCS#8), 'RSA PRIVATE KEY' (PKCS#1, RSA only: the form
 * XMail's server.key is safest in) or 'EC PRIVATE KEY' (SEC1 with curve and public key, as
 * `openssl ec` writes it; EC only).
 */
export function serializePrivateKeyPem(key: PrivateKeyMaterial, form: PrivateKeyForm): string {
  if (form === 'pkcs8') return encodePem('PRIVATE KEY', key.pkcs8);
  const info = readPkcs8(key.pkcs8);
  if (form === 'pkcs1') {
    if (key.spec.kind !== 'RSA') throw new PkiError('KEY_UNSUPPORTED', `PKCS#1 export: expected an RSA key, found ${describeKeySpec(key.spec)}`);
    return encodePem('RSA PRIVATE KEY', info.privateKey);
  }
  if (key.spec.kind !== 'EC') throw new PkiError('KEY_UNSUPPORTED', `SEC1 export: expected an EC key, found ${describeKeySpec(key.spec)}`);
  const spec = key.spec;
  const d = readAsn1('ECPrivateKey', () => {
    const items = expectSequence(parseDer(info.privateKey, 'ECPrivateKey'), 'ECPrivateKey');
    return expectOctetString(items[1], 'ECPrivateKey privateKey');
  });
  const sec1 = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 1 }),
      new asn1js.OctetString({ valueHex: toArrayBuffer(d) }),
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.ObjectIdentifier({ value: CURVE_OID[spec.curve] })] }),
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 1 },
        value: [new asn1js.BitString({ valueHex: toArrayBuffer(readSpki(key.spki).publicKey), unusedBits: 0 })],
      }),
    ],
  });
  return encodePem('EC PRIVATE KEY', derOf(sec1));
}


function wrapPkcs8(algorithm: string, params: asn1js.AsnType, privateKey: Uint8Array): Uint8Array {
  return derOf(new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 0 }),
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: algorithm }), params] }),
      new asn1js.OctetString({ valueHex: toArrayBuffer(privateKey) }),
    ],
  }));
}

/** PKCS#1 RSAPrivateKey → PKCS#8 (rsaEncryption with NULL parameters, RFC 8017 appendix A.1). */
export function pkcs1ToPkcs8(pkcs1: Uint8Array): Uint8Array {
  return wrapPkcs8(KEY_ALGORITHM_OID.rsaEncryption, new asn1js.Null(), pkcs1);
}

/** SEC1 ECPrivateKey → PKCS#8 (the curve comes from the SEC1 [0] parameters, RFC 5915 section 3). */
export function sec1ToPkcs8(sec1: Uint8Array): Uint8Array {
  const curveOid = readAsn1('EC PRIVATE KEY', () => {
    const items = expectSequence(parseDer(sec1, 'EC PRIVATE KEY'), 'EC PRIVATE KEY');
    const params = items.find((n) => n.idBlock.tagClass === 3 && n.idBlock.tagNumber === 0);
    const inner = params instanceof asn1js.Constructed ? params.valueBlock.value[0] : undefined;
    return inner instanceof asn1js.ObjectIdentifier ? inner.valueBlock.toString() : undefined;
  });
  if (!curveOid) throw new PkiError('KEY_UNSUPPORTED', 'EC PRIVATE KEY: expected a named curve in the key, found none (explicit or missing parameters)');
  return wrapPkcs8(KEY_ALGORITHM_OID.ecPublicKey, new asn1js.ObjectIdentifier({ value: curveOid }), sec1);
}

// ---------------------------------------------------------------------------------------------
// Parsing what a user brings

const KEY_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'];
const FOREIGN_KEY_LABELS: Record<string, string> = {
  'OPENSSH PRIVATE KEY': 'an OpenSSH key (convert with ssh-keygen -p -m PEM, then openssl pkcs8 -topk8)',
  'DSA PRIVATE KEY': 'a DSA key',
  'ANY PRIVATE KEY': 'an unspecified key',
};

/**
 * Reads a private key from PEM text or DER bytes: PKCS#8, PKCS#1, SEC1 (named curve) or encrypted
 * PKCS#8 (PBES2: PBKDF2 with HMAC-SHA1/SHA-2, AES-CBC or 3DES-CBC; or a PKCS#12 PBE scheme). When the input holds several
 * blocks (a key and a certificate), the first key block is used.
 */
export async function parsePrivateKey(input: string | Uint8Array, password?: string): Promise<PrivateKeyMaterial> {
  const blocks = decodePemOrDer(input);
  const block = blocks.find((b) => b.label === '' || KEY_LABELS.includes(b.label));
  if (!block) {
    const foreign = blocks.find((b) => b.label in FOREIGN_KEY_LABELS);
    if (foreign) throw new PkiError('KEY_UNSUPPORTED', `private key: expected RSA or ECDSA, found ${FOREIGN_KEY_LABELS[foreign.label]}`);
    throw new PkiError('PEM_WRONG_LABEL', `private key: expected ${KEY_LABELS.join(', ')}, found ${blocks.map((b) => b.label).join(', ')}`);
  }
  if (/ENCRYPTED/i.test(block.headers['Proc-Type'] ?? '')) {
    throw new PkiError('KEY_UNSUPPORTED',
      'private key: legacy PEM encryption (Proc-Type: 4,ENCRYPTED) is not supported; convert it with "openssl pkcs8 -topk8 -v2 aes256 -in old.key -out new.key"');
  }
  const kind = block.label === '' ? classifyKeyDer(block.der) : LABEL_KIND[block.label]!;
  return privateKeyFromPkcs8(await toPkcs8(kind, block, password));
}

type KeyDerKind = 'pkcs8' | 'pkcs1' | 'sec1' | 'encrypted';
const LABEL_KIND: Record<string, KeyDerKind> = {
  'PRIVATE KEY': 'pkcs8', 'RSA PRIVATE KEY': 'pkcs1', 'EC PRIVATE KEY': 'sec1', 'ENCRYPTED PRIVATE KEY': 'encrypted',
};

async function toPkcs8(kind: KeyDerKind, block: PemBlock, password: string | undefined): Promise<Uint8Array> {
  switch (kind) {
    case 'pkcs8': return block.der;
    case 'pkcs1': return pkcs1ToPkcs8(block.der);
    case 'sec1': return sec1ToPkcs8(block.der);
    case 'encrypted':
      if (password === undefined) throw new PkiError('KEY_PASSWORD_REQUIRED', 'private key: the key is encrypted; expected a password, found none');
      return decryptPrivateKey(block.der, password);
  }
}

/** Which private-key structure raw DER holds, by shape (openssl writes all four without a label in DER). */
function classifyKeyDer(der: Uint8Array): KeyDerKind {
  const what = 'private key DER';
  const kind = readAsn1(what, (): KeyDerKind | undefined => {
    const items = expectSequence(parseDer(der, what), what);
    const [a, b, c] = items;
    if (items.length === 2 && a instanceof asn1js.Sequence && b instanceof asn1js.OctetString) return 'encrypted';
    if (!(a instanceof asn1js.Integer)) return undefined;
    const version = expectSmallInt(a, `${what} version`);
    if (version <= 1 && b instanceof asn1js.Sequence && c instanceof asn1js.OctetString) return 'pkcs8';
    if (version === 0 && items.length >= 9 && items.slice(0, 9).every((n) => n instanceof asn1js.Integer)) return 'pkcs1';
    if (version === 1 && b instanceof asn1js.OctetString) return 'sec1';
    return undefined;
  });
  if (!kind) {
    throw new PkiError('DER_WRONG_TYPE', `${what}: expected PKCS#8, PKCS#1, SEC1 or encrypted PKCS#8, found another structure`);
  }
  return kind;
}

// ---------------------------------------------------------------------------------------------
// Encrypted PKCS#8 (RFC 5958 EncryptedPrivateKeyInfo): the algorithms are pbe/'s, the same code
// that protects PKCS#12 bags. PBES2 is what OpenSSL >= 1.1 writes; the PKCS#12 PBE schemes are what
// `openssl pkcs8 -topk8` wrote by default before 1.1.0 (PBE-SHA1-3DES).

/** Bounds that keep a hostile file from hanging the page (OpenSSL 3 defaults to 2048; we write 600000). */
const MAX_PBKDF2_ITERATIONS = 10_000_000;
export const DEFAULT_KEY_ENCRYPTION_ITERATIONS = 600_000;
const KEY_PBE_LIMITS: PbeLimits = { pbkdf2Iterations: MAX_PBKDF2_ITERATIONS };

/** pbe/ reports in PKCS#12's codes; on a key file the same failures get the key codes. */
const KEY_CODE_FOR_PBE_CODE: Partial<Record<PkiErrorCode, PkiErrorCode>> = {
  PKCS12_UNSUPPORTED: 'KEY_UNSUPPORTED',
  PKCS12_MALFORMED: 'DER_MALFORMED',
  PKCS12_BAD_PASSWORD: 'KEY_BAD_PASSWORD',
};

async function keyError<T>(what: string, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (cause) {
    const code = isPkiError(cause) ? KEY_CODE_FOR_PBE_CODE[cause.code] : undefined;
    if (!code) throw cause;
    throw new PkiError(code, `${what}: ${(cause as PkiError).message}`, { cause });
  }
}

/** Decrypts EncryptedPrivateKeyInfo DER to PKCS#8 DER; a wrong password is KEY_BAD_PASSWORD. */
export async function decryptPrivateKey(der: Uint8Array, password: string): Promise<Uint8Array> {
  const what = 'ENCRYPTED PRIVATE KEY';
  const { algorithm, encrypted } = await keyError(what, () => readEncryptedPrivateKey(der));
  const plain = await keyError(what, () => pbeDecrypt(algorithm, password, encrypted));
  // Padding that happens to look right under a wrong password: the plaintext must still be PKCS#8.
  try {
    readPkcs8(plain);
  } catch (cause) {
    throw new PkiError('KEY_BAD_PASSWORD', `${what}: decryption gave no PKCS#8 key; expected the password the key was encrypted with`, { cause });
  }
  return plain;
}

/**
 * Encrypts PKCS#8 DER as EncryptedPrivateKeyInfo: PBES2, PBKDF2-HMAC-SHA256 (600000 iterations by
 * default, OWASP 2023), AES-256-CBC, 16-byte salt; the form `openssl pkcs8 -topk8 -v2 aes256` writes.
 */
export async function encryptPrivateKey(pkcs8: Uint8Array, password: string, opts: { iterations?: number } = {}): Promise<Uint8Array> {
  if (password === '') throw new PkiError('KEY_PASSWORD_REQUIRED', 'key encryption: expected a non-empty password, found an empty one');
  const iterations = opts.iterations ?? DEFAULT_KEY_ENCRYPTION_ITERATIONS;
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
    throw new PkiError('KEY_UNSUPPORTED', `key encryption: expected 1 to ${MAX_PBKDF2_ITERATIONS} iterations, found ${iterations}`);
  }
  readPkcs8(pkcs8);
  const algorithm: PbeAlgorithm = { kind: 'pbes2', prf: 'SHA-256', salt: randomBytes(16), iterations, cipher: 'aes-256-cbc', iv: randomBytes(16) };
  const encrypted = await pbeEncrypt(algorithm, password, pkcs8);
  return derOf(new asn1js.Sequence({
    value: [encodePbeAlgorithm(algorithm), new asn1js.OctetString({ valueHex: toArrayBuffer(encrypted) })],
  }));
}

/**
 * A key-encryption key derived once for many keys (issue 15 item 1). PBES2 with PBKDF2 and
 * AES-256-CBC takes its AES key from (password, salt, iterations) alone (RFC 8018 6.2.1 step 3;
 * the IV does not enter the derivation), so keys written with the same salt and iteration count
 * share it: it is derived once and each key gets its own IV. Each key is still the
 * EncryptedPrivateKeyInfo `openssl pkcs8` opens with the password. `key` is a non-extractable
 * AES-CBC CryptoKey.
 */
export interface KeyEncryptionKey {
  readonly key: CryptoKey;
  readonly salt: Uint8Array;
  readonly iterations: number;
}

/**
 * Imports PBKDF2-HMAC-SHA256(password, salt, iterations) with a 32-byte output, already computed by
 * the caller (the vault derives it once per unlock), as the AES-256-CBC key of that PBES2 setting.
 */
export async function importKeyEncryptionKey(derived: Uint8Array, salt: Uint8Array, iterations: number): Promise<KeyEncryptionKey> {
  if (derived.length !== 32) throw new PkiError('KEY_UNSUPPORTED', `key-encryption key: expected 32 derived bytes (AES-256), found ${derived.length}`);
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
    throw new PkiError('KEY_UNSUPPORTED', `key-encryption key: expected 1 to ${MAX_PBKDF2_ITERATIONS} iterations, found ${iterations}`);
  }
  const key = await subtle().importKey('raw', toArrayBuffer(derived), 'AES-CBC', false, ['encrypt', 'decrypt']);
  return { key, salt: salt.slice(), iterations };
}

/** encryptPrivateKey's output under a key-encryption key: its salt and iterations, a fresh IV. */
export async function encryptPrivateKeyUnder(pkcs8: Uint8Array, kek: KeyEncryptionKey): Promise<Uint8Array> {
  readPkcs8(pkcs8);
  const iv = randomBytes(16);
  const algorithm: PbeAlgorithm = { kind: 'pbes2', prf: 'SHA-256', salt: kek.salt, iterations: kek.iterations, cipher: 'aes-256-cbc', iv };
  const encrypted = new Uint8Array(await subtle().encrypt({ name: 'AES-CBC', iv: toArrayBuffer(iv) }, kek.key, toArrayBuffer(pkcs8)));
  return derOf(new asn1js.Sequence({
    value: [encodePbeAlgorithm(algorithm), new asn1js.OctetString({ valueHex: toArrayBuffer(encrypted) })],
  }));
}

/**
 * Whether `der` was written under `kek` (PBES2, HMAC-SHA256, AES-256-CBC, the same salt and
 * iterations). Only the parameters are compared, so a vault record's salt and iterations will do.
 */
export function isEncryptedUnder(der: Uint8Array, kek: Pick<KeyEncryptionKey, 'salt' | 'iterations'>): boolean {
  const algorithm = readEncryptedPrivateKey(der).algorithm;
  return (
    algorithm.kind === 'pbes2' &&
    algorithm.prf === 'SHA-256' &&
    algorithm.cipher === 'aes-256-cbc' &&
    algorithm.iterations === kek.iterations &&
    equalBytes(algorithm.salt, kek.salt)
  );
}

/**
 * Decrypts a key written under `kek` without deriving anything; null when it was written under
 * another salt or setting (the caller falls back to decryptPrivateKey with the password). A
 * failure to decrypt or a plaintext that is not PKCS#8 is KEY_BAD_PASSWORD, as there.
 */
export async function decryptPrivateKeyUnder(der: Uint8Array, kek: KeyEncryptionKey): Promise<Uint8Array | null> {
  const what = 'ENCRYPTED PRIVATE KEY';
  const { algorithm, encrypted } = readEncryptedPrivateKey(der);
  if (!isEncryptedUnder(der, kek) || algorithm.kind !== 'pbes2') return null;
  let plain: Uint8Array;
  try {
    plain = new Uint8Array(await subtle().decrypt({ name: 'AES-CBC', iv: toArrayBuffer(algorithm.iv) }, kek.key, toArrayBuffer(encrypted)));
    readPkcs8(plain);
  } catch (cause) {
    throw new PkiError('KEY_BAD_PASSWORD', `${what}: decryption under the key-encryption key gave no PKCS#8 key`, { cause });
  }
  return plain;
}

function readEncryptedPrivateKey(der: Uint8Array): { algorithm: PbeAlgorithm; encrypted: Uint8Array } {
  const what = 'ENCRYPTED PRIVATE KEY';
  return readAsn1(what, () => {
    const [alg, data] = expectSequence(parseDer(der, what), what);
    return { algorithm: parsePbeAlgorithm(alg, KEY_PBE_LIMITS), encrypted: expectOctetString(data, `${what} encryptedData`) };
  });
}

/** 'ENCRYPTED PRIVATE KEY' PEM of the key under `password` (see encryptPrivateKey). */
export async function serializeEncryptedPrivateKeyPem(key: PrivateKeyMaterial, password: string, opts: { iterations?: number } = {}): Promise<string> {
  return encodePem('ENCRYPTED PRIVATE KEY', await encryptPrivateKey(key.pkcs8, password, opts));
}
