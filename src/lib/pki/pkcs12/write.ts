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
import { derOf, derSequenceOf, derSetOf, derTlv, intNode, oidNode } from '../asn1.ts';
import { DIGEST_OID, sha1, type DigestName } from '../digest.ts';
import { PkiError } from '../errors.ts';
import { keyMatchesSpki, privateKeyFromPkcs8 } from '../keys.ts';
import { CMS_OID, PKCS9_OID, PKCS12_BAG_OID } from '../oids.ts';
import { MAX_ITERATIONS, encodeBmpPassword, encodePbeAlgorithm, pbeEncrypt, type PbeAlgorithm } from '../pbe/index.ts';
import type { PrivateKeyMaterial } from '../types.ts';
import { randomBytes } from '../webcrypto.ts';
import { PFX_VERSION, certificateSpki, computeMac, type Pkcs12Profile } from './common.ts';

export interface CreatePkcs12Options {
  /**
   * The private key: PrivateKeyMaterial as keys.ts makes it (WebCrypto has already checked it and
   * derived its public key, so nothing is imported again: issue 15 item 2), or PKCS#8
   * PrivateKeyInfo DER (unencrypted), which is imported through WebCrypto first.
   */
  key: PrivateKeyMaterial | Uint8Array;
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

/** DER pieces written straight to bytes: the writer builds no asn1js objects (issue 15 item 2). */
const OID_DER = new Map<string, Uint8Array>();
function oid(value: string): Uint8Array {
  let der = OID_DER.get(value);
  if (!der) OID_DER.set(value, (der = derOf(oidNode(value))));
  return der;
}
const seq = (...parts: Uint8Array[]) => derSequenceOf(parts);
const octets = (bytes: Uint8Array) => derTlv(0x04, [bytes]);
const explicit0 = (inner: Uint8Array) => derTlv(0xa0, [inner]);
const int = (value: number) => derOf(intNode(value));
const DER_NULL = Uint8Array.of(0x05, 0x00);

function attribute(type: string, value: Uint8Array): Uint8Array {
  return seq(oid(type), derSetOf([value]));
}

function safeBag(bagId: string, value: Uint8Array, attributes: Uint8Array[]): Uint8Array {
  return attributes.length > 0 ? seq(oid(bagId), explicit0(value), derSetOf(attributes)) : seq(oid(bagId), explicit0(value));
}

function certBag(der: Uint8Array, attributes: Uint8Array[]): Uint8Array {
  // RFC 7292 §4.2.3: CertBag { certId x509Certificate, certValue [0] EXPLICIT OCTET STRING }
  return safeBag(PKCS12_BAG_OID.certBag, seq(oid(PKCS9_OID.x509Certificate), explicit0(octets(der))), attributes);
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
  const key = options.key instanceof Uint8Array ? await privateKeyFromPkcs8(options.key) : options.key;
  const leafSpki = certificateSpki(options.certificate, 'PKCS#12 leaf certificate');
  if (!keyMatchesSpki(key, leafSpki)) {
    throw new PkiError('KEY_MISMATCH', 'PKCS#12: expected the certificate to hold the public half of the private key, found another key');
  }
  const caCertificates = options.caCertificates ?? [];
  caCertificates.forEach((der, i) => certificateSpki(der, `PKCS#12 CA certificate ${i + 1}`));

  const localKeyId = sha1(options.certificate);
  const identity = [attribute(PKCS9_OID.localKeyId, octets(localKeyId))];
  const friendlyName = options.friendlyName.trim();
  if (friendlyName) identity.push(attribute(PKCS9_OID.friendlyName, derOf(new asn1js.BmpString({ value: friendlyName }))));

  // Certificates: one SafeContents, encrypted as a whole (RFC 7292 §4.1 EncryptedData).
  const certContents = seq(certBag(options.certificate, identity), ...caCertificates.map((der) => certBag(der, [])));
  const certAlg = newAlgorithm(profile, iterations);
  const certCipher = await pbeEncrypt(certAlg, password, certContents);
  const encryptedData = seq(
    int(0), // EncryptedData version (RFC 5652 §8)
    // encryptedContent [0] IMPLICIT OCTET STRING, primitive (DER; pkijs would split it)
    seq(oid(CMS_OID.data), derOf(encodePbeAlgorithm(certAlg)), derTlv(0x80, [certCipher])),
  );

  // Key: a PKCS8ShroudedKeyBag (EncryptedPrivateKeyInfo) in a plain data SafeContents.
  const keyAlg = newAlgorithm(profile, iterations);
  const keyCipher = await pbeEncrypt(keyAlg, password, key.pkcs8);
  const shrouded = seq(derOf(encodePbeAlgorithm(keyAlg)), octets(keyCipher));
  const keyContents = seq(safeBag(PKCS12_BAG_OID.pkcs8ShroudedKeyBag, shrouded, identity));

  const authSafe = seq(
    seq(oid(CMS_OID.encryptedData), explicit0(encryptedData)),
    seq(oid(CMS_OID.data), explicit0(octets(keyContents))),
  );

  const macHash = macHashOf(profile);
  const macSalt = randomBytes(PKCS12_SALT_BYTES);
  const mac = computeMac(macHash, encodeBmpPassword(password), macSalt, iterations, authSafe);
  return seq(
    int(PFX_VERSION),
    seq(oid(CMS_OID.data), explicit0(octets(authSafe))),
    // MacData: DigestInfo with NULL parameters, as OpenSSL writes it
    seq(seq(seq(oid(DIGEST_OID[macHash]), DER_NULL), octets(mac)), octets(macSalt), int(iterations)),
  );
}
