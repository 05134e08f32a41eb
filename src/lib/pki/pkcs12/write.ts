/**
 * PKCS#12 (.p12/.pfx) writer: a private key, its certificate and the CA chain for mail clients.
 *
 * Writing follows pki-interop.md "PKCS#12 for mail clients" exactly:
 * - two profiles: "compatible" (pbeWithSHAAnd3-KeyTripleDES-CBC for key and certificates,
 *   HMAC-SHA1 MAC) imports everywhere; "modern" (PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC,
 *   HMAC-SHA256 MAC) fails on older Windows, Android and Apple systems.
 * - the ASN.1 is built here with asn1js and encrypted here (pbe/), never by pkijs's
 *   makeInternalValues: its 64-byte salts and BER-chunked content are rejected by Windows and
 *   certtool (PKI.js #300, #405). Output is DER: definite lengths, primitive OCTET STRINGs, SET OF
 *   in sorted order (X.690 §11.6).
 * - 8-byte PKCS#12 PBE and MAC salts (what OpenSSL writes; Windows and certtool accept them),
 *   16-byte PBKDF2 salts (RFC 8018 §4.1 asks for at least 64 bits; NIST SP 800-132 for 128).
 * - the key in a PKCS8ShroudedKeyBag; key bag and leaf certificate bag carry the same localKeyID
 *   (SHA-1 of the leaf DER, as OpenSSL does) and a friendlyName: NSS and Java pair them by it.
 *   CA certificates are extra CertBags without localKeyID. Never the Microsoft CSP-name attribute.
 * - layout as `openssl pkcs12 -export`: an encrypted-data ContentInfo with the certificates, then a
 *   data ContentInfo with the shrouded key bag; the MAC covers the AuthenticatedSafe (RFC 7292 §5.1).
 */
import * as asn1js from 'asn1js';
import { derOf, explicit0, intNode, octetsNode, oidNode, setOf } from '../asn1.ts';
import { DIGEST_OID, sha1, type DigestName } from '../digest.ts';
import { PkiError } from '../errors.ts';
import { keyMatchesSpki, privateKeyFromPkcs8 } from '../keys.ts';
import { CMS_OID, PKCS9_OID, PKCS12_BAG_OID } from '../oids.ts';
import { MAX_ITERATIONS, encodeBmpPassword, encodePbeAlgorithm, pbeEncrypt, type PbeAlgorithm } from '../pbe/index.ts';
import { toArrayBuffer } from '../pem.ts';
import { randomBytes } from '../webcrypto.ts';
import { PFX_VERSION, certificateSpki, computeMac, type Pkcs12Profile } from './common.ts';

export interface CreatePkcs12Options {
  /** PKCS#8 PrivateKeyInfo DER (unencrypted). */
  key: Uint8Array;
  /** The leaf certificate DER; must hold the public half of `key`. */
  certificate: Uint8Array;
  /** CA certificates DER, nearest issuer first. */
  caCertificates?: Uint8Array[];
  password: string;
  /** Shown as the name of the identity by Windows, macOS, Thunderbird; omitted when blank. */
  friendlyName: string;
  profile: Pkcs12Profile;
  /** PBE, PBKDF2 and MAC iteration count; 2048 by default (OpenSSL 3's default). */
  iterations?: number;
}

export const DEFAULT_PKCS12_ITERATIONS = 2048;
const PKCS12_SALT_BYTES = 8;
const PBKDF2_SALT_BYTES = 16;

function attribute(type: string, value: asn1js.AsnType): asn1js.Sequence {
  return new asn1js.Sequence({ value: [oidNode(type), new asn1js.Set({ value: [value] })] });
}

function safeBag(bagId: string, value: asn1js.AsnType, attributes: asn1js.Sequence[]): asn1js.Sequence {
  const parts: asn1js.AsnType[] = [oidNode(bagId), explicit0(value)];
  if (attributes.length > 0) parts.push(setOf(attributes));
  return new asn1js.Sequence({ value: parts });
}

function certBag(der: Uint8Array, attributes: asn1js.Sequence[]): asn1js.Sequence {
  // RFC 7292 §4.2.3: CertBag { certId x509Certificate, certValue [0] EXPLICIT OCTET STRING }
  const value = new asn1js.Sequence({ value: [oidNode(PKCS9_OID.x509Certificate), explicit0(octetsNode(der))] });
  return safeBag(PKCS12_BAG_OID.certBag, value, attributes);
}

function newAlgorithm(profile: Pkcs12Profile, iterations: number): PbeAlgorithm {
  return profile === 'compatible'
    ? { kind: 'pkcs12', cipher: '3des', salt: randomBytes(PKCS12_SALT_BYTES), iterations }
    : { kind: 'pbes2', prf: 'SHA-256', salt: randomBytes(PBKDF2_SALT_BYTES), iterations, cipher: 'aes-256-cbc', iv: randomBytes(16) };
}

function macHashOf(profile: Pkcs12Profile): DigestName {
  return profile === 'compatible' ? 'SHA-1' : 'SHA-256';
}

/**
 * Builds a password-protected PKCS#12 holding `key`, its `certificate` and the CA chain, in the
 * chosen profile. Refuses an empty password (PKCS12_EMPTY_PASSWORD) and a key that does not match
 * the certificate (KEY_MISMATCH).
 */
export async function createPkcs12(options: CreatePkcs12Options): Promise<Uint8Array> {
  const { password, profile } = options;
  const iterations = options.iterations ?? DEFAULT_PKCS12_ITERATIONS;
  if (password === '') {
    throw new PkiError('PKCS12_EMPTY_PASSWORD', 'PKCS#12: expected a password, found an empty one (mail clients refuse blank-password files)');
  }
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
    throw new PkiError('PKCS12_UNSUPPORTED', `PKCS#12: expected 1 to ${MAX_ITERATIONS} iterations, found ${iterations}`);
  }
  const key = await privateKeyFromPkcs8(options.key);
  const leafSpki = certificateSpki(options.certificate, 'PKCS#12 leaf certificate');
  if (!keyMatchesSpki(key, leafSpki)) {
    throw new PkiError('KEY_MISMATCH', 'PKCS#12: expected the certificate to hold the public half of the private key, found another key');
  }
  const caCertificates = options.caCertificates ?? [];
  caCertificates.forEach((der, i) => certificateSpki(der, `PKCS#12 CA certificate ${i + 1}`));

  const localKeyId = sha1(options.certificate);
  const identity: asn1js.Sequence[] = [attribute(PKCS9_OID.localKeyId, octetsNode(localKeyId))];
  const friendlyName = options.friendlyName.trim();
  if (friendlyName) identity.push(attribute(PKCS9_OID.friendlyName, new asn1js.BmpString({ value: friendlyName })));

  // Certificates: one SafeContents, encrypted as a whole (RFC 7292 §4.1 EncryptedData).
  const certContents = new asn1js.Sequence({
    value: [certBag(options.certificate, identity), ...caCertificates.map((der) => certBag(der, []))],
  });
  const certAlg = newAlgorithm(profile, iterations);
  const certCipher = await pbeEncrypt(certAlg, password, derOf(certContents));
  const encryptedData = new asn1js.Sequence({
    value: [
      intNode(0), // EncryptedData version (RFC 5652 §8)
      new asn1js.Sequence({
        value: [
          oidNode(CMS_OID.data),
          encodePbeAlgorithm(certAlg),
          // encryptedContent [0] IMPLICIT OCTET STRING, primitive (DER; pkijs would split it)
          new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: toArrayBuffer(certCipher) }),
        ],
      }),
    ],
  });

  // Key: a PKCS8ShroudedKeyBag (EncryptedPrivateKeyInfo) in a plain data SafeContents.
  const keyAlg = newAlgorithm(profile, iterations);
  const keyCipher = await pbeEncrypt(keyAlg, password, key.pkcs8);
  const shrouded = new asn1js.Sequence({ value: [encodePbeAlgorithm(keyAlg), octetsNode(keyCipher)] });
  const keyContents = new asn1js.Sequence({ value: [safeBag(PKCS12_BAG_OID.pkcs8ShroudedKeyBag, shrouded, identity)] });

  const authSafe = derOf(new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [oidNode(CMS_OID.encryptedData), explicit0(encryptedData)] }),
      new asn1js.Sequence({ value: [oidNode(CMS_OID.data), explicit0(octetsNode(derOf(keyContents)))] }),
    ],
  }));

  const macHash = macHashOf(profile);
  const macSalt = randomBytes(PKCS12_SALT_BYTES);
  const mac = computeMac(macHash, encodeBmpPassword(password), macSalt, iterations, authSafe);
  const pfx = new asn1js.Sequence({
    value: [
      intNode(PFX_VERSION),
      new asn1js.Sequence({ value: [oidNode(CMS_OID.data), explicit0(octetsNode(authSafe))] }),
      new asn1js.Sequence({
        value: [
          // DigestInfo with NULL parameters, as OpenSSL writes it
          new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [oidNode(DIGEST_OID[macHash]), new asn1js.Null()] }), octetsNode(mac)] }),
          octetsNode(macSalt),
          intNode(iterations),
        ],
      }),
    ],
  });
  return derOf(pfx);
}
