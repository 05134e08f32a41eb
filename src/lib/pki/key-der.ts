/**
 * DER readers for key structures, shared by keys.ts and key-files.ts (not part of pki/index.ts):
 * SubjectPublicKeyInfo (RFC 5280 4.1.2.7, RFC 5480 for EC) and PKCS#8 PrivateKeyInfo (RFC 5208/5958),
 * and the KeySpec they describe. Every failure is a PkiError (DER_MALFORMED or KEY_UNSUPPORTED).
 */
import * as asn1js from 'asn1js';
import { expectInteger, expectOctetString, expectOid, expectSequence, expectSmallInt, parseDer, readAsn1 } from './asn1.ts';
import { PkiError } from './errors.ts';
import { CURVE_OID, KEY_ALGORITHM_OID } from './oids.ts';
import type { EcCurve, KeySpec, RsaBits } from './types.ts';

export const RSA_BITS: readonly number[] = [2048, 3072, 4096];
export const CURVE_BY_OID = new Map<string, EcCurve>([[CURVE_OID['P-256'], 'P-256'], [CURVE_OID['P-384'], 'P-384']]);

export interface SpkiInfo {
  algorithm: string;
  curveOid?: string;
  publicKey: Uint8Array;
  spec?: KeySpec;
  description: string;
}

const OTHER_KEY_NAMES = new Map<string, string>([
  [KEY_ALGORITHM_OID.rsassaPss, 'RSA-PSS'], [KEY_ALGORITHM_OID.dsa, 'DSA'], [KEY_ALGORITHM_OID.ed25519, 'Ed25519'],
  [KEY_ALGORITHM_OID.ed448, 'Ed448'], [KEY_ALGORITHM_OID.x25519, 'X25519'], [KEY_ALGORITHM_OID.x448, 'X448'],
  [CURVE_OID['P-521'], 'P-521'], [CURVE_OID.secp256k1, 'secp256k1'],
]);

export function readSpki(spki: Uint8Array): SpkiInfo {
  const what = 'SubjectPublicKeyInfo';
  return readAsn1(what, () => {
    const [alg, bits] = expectSequence(parseDer(spki, what), what);
    const [oidNode, params] = expectSequence(alg, `${what} algorithm`);
    const algorithm = expectOid(oidNode, `${what} algorithm`);
    if (!(bits instanceof asn1js.BitString)) throw new PkiError('DER_MALFORMED', `${what}: expected a BIT STRING key`);
    const publicKey = bits.valueBlock.valueHexView.slice();
    if (algorithm === KEY_ALGORITHM_OID.rsaEncryption) {
      const [n] = expectSequence(parseDer(publicKey, 'RSAPublicKey'), 'RSAPublicKey');
      const size = integerBits(expectInteger(n, 'RSA modulus'));
      const spec = RSA_BITS.includes(size) ? { kind: 'RSA' as const, bits: size as RsaBits } : undefined;
      return { algorithm, publicKey, spec, description: `RSA ${size}` };
    }
    if (algorithm === KEY_ALGORITHM_OID.ecPublicKey) {
      const curveOid = params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : undefined;
      const curve = curveOid ? CURVE_BY_OID.get(curveOid) : undefined;
      const description = `ECDSA ${curve ?? (curveOid ? OTHER_KEY_NAMES.get(curveOid) ?? curveOid : 'explicit curve')}`;
      return { algorithm, curveOid, publicKey, spec: curve ? { kind: 'EC' as const, curve } : undefined, description };
    }
    return { algorithm, publicKey, description: OTHER_KEY_NAMES.get(algorithm) ?? `key algorithm ${algorithm}` };
  });
}

/** Bit length of a non-negative INTEGER (an RSA modulus). */
function integerBits(i: asn1js.Integer): number {
  const bytes = i.valueBlock.valueHexView;
  let k = 0;
  while (k < bytes.length - 1 && bytes[k] === 0) k++;
  const first = bytes[k] ?? 0;
  return (bytes.length - k - 1) * 8 + (first === 0 ? 0 : 32 - Math.clz32(first));
}

export interface Pkcs8Info {
  algorithm: string;
  curveOid?: string;
  privateKey: Uint8Array;
}


export function readPkcs8(pkcs8: Uint8Array): Pkcs8Info {
  const what = 'PKCS#8 PrivateKeyInfo';
  return readAsn1(what, () => {
    const items = expectSequence(parseDer(pkcs8, what), what);
    const version = expectSmallInt(items[0], `${what} version`);
    if (version > 1) throw new PkiError('DER_MALFORMED', `${what}: expected version 0 or 1, found ${version}`);
    const [oidNode, params] = expectSequence(items[1], `${what} algorithm`);
    const algorithm = expectOid(oidNode, `${what} algorithm`);
    const curveOid = params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : undefined;
    return { algorithm, curveOid, privateKey: expectOctetString(items[2], `${what} privateKey`) };
  });
}

/** KeySpec of a PKCS#8 key, or KEY_UNSUPPORTED naming what it is. */
export function pkcs8Spec(info: Pkcs8Info): KeySpec {
  if (info.algorithm === KEY_ALGORITHM_OID.rsaEncryption) {
    const bits = readAsn1('RSAPrivateKey', () => {
      const items = expectSequence(parseDer(info.privateKey, 'RSAPrivateKey'), 'RSAPrivateKey');
      return integerBits(expectInteger(items[1], 'RSAPrivateKey modulus'));
    });
    if (!RSA_BITS.includes(bits)) {
      throw new PkiError('KEY_UNSUPPORTED', `private key: expected RSA 2048, 3072 or 4096 bits, found RSA ${bits}`);
    }
    return { kind: 'RSA', bits: bits as RsaBits };
  }
  if (info.algorithm === KEY_ALGORITHM_OID.ecPublicKey) {
    const curve = info.curveOid ? CURVE_BY_OID.get(info.curveOid) : undefined;
    if (!curve) {
      const found = info.curveOid ? OTHER_KEY_NAMES.get(info.curveOid) ?? info.curveOid : 'explicit curve parameters';
      throw new PkiError('KEY_UNSUPPORTED', `private key: expected an EC key on P-256 or P-384, found ${found}`);
    }
    return { kind: 'EC', curve };
  }
  const name = OTHER_KEY_NAMES.get(info.algorithm) ?? info.algorithm;
  throw new PkiError('KEY_UNSUPPORTED', `private key: expected RSA or ECDSA, found ${name}`);
}
