/**
 * What the PKCS#12 (RFC 7292) writer and reader share: the profile names, the PFX version, the
 * integrity MAC (RFC 7292 §5.1 step 4, Appendix B) and the leaf/CA certificate's key.
 */
import * as pkijs from 'pkijs';
import { derOf } from '../asn1.ts';
import { decodeStructure } from '../decode.ts';
import { digestSizes, hmacDigest, type DigestName } from '../digest.ts';
import { PKCS12_KDF_ID, pkcs12Kdf } from '../pbe/index.ts';

export type Pkcs12Profile = 'compatible' | 'modern';

/** PFX version (RFC 7292 §4: v3). */
export const PFX_VERSION = 3;

/** HMAC over the AuthenticatedSafe with a key from the Appendix B KDF (id 3). */
export function computeMac(hash: DigestName, password: Uint8Array, salt: Uint8Array, iterations: number, authSafe: Uint8Array): Uint8Array {
  const macKey = pkcs12Kdf(hash, password, salt, PKCS12_KDF_ID.mac, iterations, digestSizes(hash).outputLength);
  return hmacDigest(hash, macKey, authSafe);
}

/** The SubjectPublicKeyInfo DER of a certificate (coded PkiErrors naming `what`). */
export function certificateSpki(der: Uint8Array, what: string): Uint8Array {
  const cert = decodeStructure(pkijs.Certificate, der, what);
  return derOf(cert.subjectPublicKeyInfo.toSchema());
}
