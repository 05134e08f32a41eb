/**
 * What the PKCS#12 (RFC 7292) writer and reader share: the profile names, the PFX version, the
 * integrity MAC (RFC 7292 §5.1 step 4, Appendix B) and the leaf/CA certificate's key.
 */
import * as asn1js from 'asn1js';
import { expectInteger, expectSequence, parseDer, readAsn1 } from '../asn1.ts';
import { digestSizes, hmacDigest, type DigestName } from '../digest.ts';
import { PkiError } from '../errors.ts';
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
 * The SubjectPublicKeyInfo DER of a certificate, found by walking the Certificate and
 * TBSCertificate SEQUENCEs (RFC 5280 4.1) rather than through pkijs's schema match, which cost
 * ~3 ms per certificate and ran for every CA certificate of every file in a batch (issue 15
 * item 2). Anything not shaped like a certificate is DER_MALFORMED naming `what`.
 */
export function certificateSpki(der: Uint8Array, what: string): Uint8Array {
  return readAsn1(what, () => {
    const parts = expectSequence(parseDer(der, what), what);
    if (parts.length !== 3 || !(parts[2] instanceof asn1js.BitString)) throw new PkiError('DER_MALFORMED', `${what}: expected a Certificate (tbsCertificate, signatureAlgorithm, signature)`);
    expectSequence(parts[1], `${what} signatureAlgorithm`);
    const tbs = expectSequence(parts[0], `${what} tbsCertificate`);
    // [0] version (optional), serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
    const start = tbs[0]?.idBlock.tagClass === 3 ? 1 : 0;
    expectInteger(tbs[start], `${what} serialNumber`);
    const spki = tbs[start + 5];
    expectSequence(spki, `${what} subjectPublicKeyInfo`);
    return spki!.valueBeforeDecodeView.slice();
  });
}
