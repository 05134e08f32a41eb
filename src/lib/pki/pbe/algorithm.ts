/**
 * PBE AlgorithmIdentifiers, decoded and encoded: the PKCS#12 PBE schemes (RFC 7292 Appendix C:
 * 3DES to write, 2-key 3DES and RC2 read for `-legacy` files) and PBES2 (RFC 8018 §6.2 / A.4:
 * PBKDF2 + AES-CBC or 3DES-CBC).
 * Invariants: structural problems are DER_MALFORMED (asn1.ts walkers), bad values
 * PKCS12_MALFORMED, unknown algorithms PKCS12_UNSUPPORTED; iteration counts are checked on read.
 */
import * as asn1js from 'asn1js';
import { expectOctetString, expectOid, expectSequence, expectSmallInt, intNode, octetsNode, oidNode } from '../asn1.ts';
import { HMAC_OID_BY_DIGEST, digestByOid, type DigestName } from '../digest.ts';
import { PkiError } from '../errors.ts';
import { PBE_OID, PKCS12_PBE_OID } from '../oids.ts';
import { MAX_ITERATIONS, checkIterations, type PbeLimits } from './kdf.ts';

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
      prf: DigestName;
      salt: Uint8Array;
      iterations: number;
      cipher: 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc' | 'des-ede3-cbc';
      iv: Uint8Array;
    };


export type Pkcs12Cipher = Extract<PbeAlgorithm, { kind: 'pkcs12' }>['cipher'];
export type Pbes2Cipher = Extract<PbeAlgorithm, { kind: 'pbes2' }>['cipher'];

/** RFC 7292 Appendix C schemes; `name` is what OpenSSL prints. */
export const PKCS12_CIPHERS: Readonly<Record<Pkcs12Cipher, { oid: string; keyLength: number; name: string }>> = {
  '3des': { oid: PKCS12_PBE_OID.pbeWithShaAnd3KeyTripleDesCbc, keyLength: 24, name: 'pbeWithSHA1And3-KeyTripleDES-CBC' },
  '2des': { oid: PKCS12_PBE_OID.pbeWithShaAnd2KeyTripleDesCbc, keyLength: 16, name: 'pbeWithSHA1And2-KeyTripleDES-CBC' },
  'rc2-128': { oid: PKCS12_PBE_OID.pbeWithShaAnd128BitRc2Cbc, keyLength: 16, name: 'pbeWithSHA1And128BitRC2-CBC' },
  'rc2-40': { oid: PKCS12_PBE_OID.pbeWithShaAnd40BitRc2Cbc, keyLength: 5, name: 'pbeWithSHA1And40BitRC2-CBC' },
};
/** RFC 8018 §B.2 encryption schemes for PBES2. */
export const PBES2_CIPHERS: Readonly<Record<Pbes2Cipher, { oid: string; keyLength: number }>> = {
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

/** The key of `table` whose OID is `oid`. */
function nameByOid<K extends string>(table: Readonly<Record<K, { oid: string }>>, oid: string): K | undefined {
  return (Object.keys(table) as K[]).find((k) => table[k].oid === oid);
}

/** DER AlgorithmIdentifier for `alg` (RFC 7292 Appendix C pkcs-12PbeParams; RFC 8018 PBES2-params). */
export function encodePbeAlgorithm(alg: PbeAlgorithm): asn1js.Sequence {
  if (alg.kind === 'pkcs12') {
    return new asn1js.Sequence({
      value: [oidNode(PKCS12_CIPHERS[alg.cipher].oid), new asn1js.Sequence({ value: [octetsNode(alg.salt), intNode(alg.iterations)] })],
    });
  }
  // keyLength omitted: every cipher here has a fixed key size (OpenSSL omits it too). prf written
  // explicitly with NULL parameters, as OpenSSL does; the RFC 8018 default would be HMAC-SHA1.
  const pbkdf2Params = new asn1js.Sequence({
    value: [
      octetsNode(alg.salt),
      intNode(alg.iterations),
      new asn1js.Sequence({ value: [oidNode(HMAC_OID_BY_DIGEST[alg.prf]), new asn1js.Null()] }),
    ],
  });
  return new asn1js.Sequence({
    value: [
      oidNode(PBE_OID.pbes2),
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({ value: [oidNode(PBE_OID.pbkdf2), pbkdf2Params] }),
          new asn1js.Sequence({ value: [oidNode(PBES2_CIPHERS[alg.cipher].oid), octetsNode(alg.iv)] }),
        ],
      }),
    ],
  });
}

const malformed = (what: string) => new PkiError('PKCS12_MALFORMED', `PBE parameters: expected ${what}`);

/**
 * Decodes an encryption AlgorithmIdentifier (an asn1js SEQUENCE) into a PbeAlgorithm. Structural
 * problems are DER_MALFORMED (asn1.ts walkers), bad values PKCS12_MALFORMED, unknown
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
    let prf: DigestName = 'SHA-1'; // RFC 8018 A.2: DEFAULT algid-hmacWithSHA1
    if (rest[0] !== undefined) {
      const prfId = expectOid(expectSequence(rest[0], 'PBKDF2-params prf')[0], 'PBKDF2-params prf');
      const h = digestByOid(prfId, HMAC_OID_BY_DIGEST);
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

export function unsupported(what: string): PkiError {
  return new PkiError('PKCS12_UNSUPPORTED', `PBE: ${what} is not supported`);
}
