/**
 * What the PKCS#12 (RFC 7292) writer and reader share: the profile names, the PFX version, the
 * integrity MAC (RFC 7292 §5.1 step 4, Appendix B) and the leaf/CA certificate's key.
 */
import { derChildren } from '../asn1.ts';
import { digestSizes, hmacDigest, type DigestName } from '../digest.ts';
import { PkiError, assertInputSize } from '../errors.ts';
import { PKCS12_KDF_ID, pkcs12Kdf } from '../pbe/index.ts';

export type Pkcs12Profile = 'compatible' | 'modern';

/** PFX version (RFC 7292 §4: v3). */
export const PFX_VERSION = 3;

/** HMAC over the AuthenticatedSafe with a key from the Appendix B KDF (id 3). */
export function computeMac(hash: DigestName, password: Uint8Array, salt: Uint8Array, iterations: number, authSafe: Uint8Array): Uint8Array {
  const macKey = pkcs12Kdf(hash, password, salt, PKCS12_KDF_ID.mac, iterations, digestSizes(hash).outputLength);
  return hmacDigest(hash, macKey, authSafe);
}

/**
 * The SubjectPublicKeyInfo DER of a certificate, found by walking the tags and lengths of the
 * Certificate and TBSCertificate SEQUENCEs (RFC 5280 4.1) rather than through pkijs's schema match
 * or asn1js objects, which cost 3-10 ms per certificate and ran for every CA certificate of every
 * file in a batch (issue 15 item 2). Anything not shaped like a certificate is DER_MALFORMED
 * naming `what`; the key inside is read by keyMatchesSpki.
 */
export function certificateSpki(der: Uint8Array, what: string): Uint8Array {
  assertInputSize(der, what);
  const parts = derChildren(der, what);
  if (der[0] !== SEQUENCE || parts.length !== 3 || parts[0]![0] !== SEQUENCE || parts[1]![0] !== SEQUENCE || parts[2]![0] !== BIT_STRING) {
    throw new PkiError('DER_MALFORMED', `${what}: expected a Certificate (tbsCertificate, signatureAlgorithm, signature)`);
  }
  const tbs = derChildren(parts[0]!, `${what} tbsCertificate`);
  // [0] version (optional), serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
  const start = tbs[0]?.[0] === VERSION_TAG ? 1 : 0;
  const spki = tbs[start + 5];
  if (tbs[start]?.[0] !== INTEGER || spki?.[0] !== SEQUENCE) {
    throw new PkiError('DER_MALFORMED', `${what}: expected a TBSCertificate with a serial number and a subjectPublicKeyInfo`);
  }
  return spki.slice();
}
const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const VERSION_TAG = 0xa0;
