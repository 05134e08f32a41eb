/**
 * PKCS#12 (.p12/.pfx) files: a private key, its certificate and the CA chain for mail clients.
 *
 * Writing follows pki-interop.md "PKCS#12 for mail clients" exactly:
 * - two profiles: "compatible" (pbeWithSHAAnd3-KeyTripleDES-CBC for key and certificates,
 *   HMAC-SHA1 MAC) imports everywhere; "modern" (PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC,
 *   HMAC-SHA256 MAC) fails on older Windows, Android and Apple systems.
 * - the ASN.1 is built here with asn1js and encrypted here (pbe.ts), never by pkijs's
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
 *
 * Reading accepts our two profiles, OpenSSL 3's default and `-legacy` output (RC2-40 certificate
 * bags), Windows/Java exports (BER, constructed OCTET STRINGs). The MAC is verified before anything
 * is decrypted, so a wrong password is PKCS12_BAD_PASSWORD, not a garbled key.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { derOf, expectOctetString, expectOid, expectSequence, expectSet, expectSmallInt, parseDer, randomBytes, readAsn1 } from './crypto.ts';
import { decodeStructure } from './decode.ts';
import { PkiError, assertInputSize, isPkiError } from './errors.ts';
import { keyMatchesSpki, privateKeyFromPkcs8 } from './keys.ts';
import { CMS_OID, PKCS9_OID, PKCS12_BAG_OID } from './oids.ts';
import {
  DIGEST_OID_BY_HASH, MAX_ITERATIONS, PKCS12_KDF_ID, describePbeAlgorithm, encodeBmpPassword, encodePbeAlgorithm, hashByDigestOid,
  hashBytes, hmacBytes, parsePbeAlgorithm, pbeDecrypt, pbeEncrypt, pkcs12Kdf, type PbeAlgorithm, type PbeHash,
} from './pbe.ts';
import { concatBytes, equalBytes, toArrayBuffer } from './pem.ts';
import type { PrivateKeyMaterial } from './types.ts';

export type Pkcs12Profile = 'compatible' | 'modern';

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

export interface ParsedPkcs12 {
  /** PKCS#8 PrivateKeyInfo DER of the first key in the file. */
  key?: Uint8Array;
  /** Every key in the file, in file order (a Java keystore or a Windows export may hold several). */
  keys: Uint8Array[];
  /** The certificate whose localKeyID or public key matches `key`. */
  certificate?: Uint8Array;
  /** Every other certificate, in file order. */
  caCertificates: Uint8Array[];
  friendlyName?: string;
  /** Which of our profiles the file follows; 'other' for any other algorithm mix. */
  profile: Pkcs12Profile | 'other';
  /** What protects the file, as OpenSSL names it (for inspection). */
  algorithms: { key?: string; certificates?: string; mac?: string };
}

export const DEFAULT_PKCS12_ITERATIONS = 2048;
const PKCS12_SALT_BYTES = 8;
const PBKDF2_SALT_BYTES = 16;
/** PFX version (RFC 7292 §4: v3). */
const PFX_VERSION = 3;

// ---------------------------------------------------------------------------------------------
// Writing

const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
const octets = (bytes: Uint8Array) => new asn1js.OctetString({ valueHex: toArrayBuffer(bytes) });
const explicit0 = (inner: asn1js.AsnType) => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [inner] });
const int = (value: number) => new asn1js.Integer({ value });

/** DER SET OF: elements sorted by their encodings (X.690 §11.6). */
function derSetOf(items: asn1js.AsnType[]): asn1js.Set {
  const encoded = items.map((item) => ({ item, der: derOf(item) }));
  encoded.sort((a, b) => compareBytes(a.der, b.der));
  return new asn1js.Set({ value: encoded.map((e) => e.item) });
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function attribute(type: string, value: asn1js.AsnType): asn1js.Sequence {
  return new asn1js.Sequence({ value: [oid(type), new asn1js.Set({ value: [value] })] });
}

function safeBag(bagId: string, value: asn1js.AsnType, attributes: asn1js.Sequence[]): asn1js.Sequence {
  const parts: asn1js.AsnType[] = [oid(bagId), explicit0(value)];
  if (attributes.length > 0) parts.push(derSetOf(attributes));
  return new asn1js.Sequence({ value: parts });
}

function certBag(der: Uint8Array, attributes: asn1js.Sequence[]): asn1js.Sequence {
  // RFC 7292 §4.2.3: CertBag { certId x509Certificate, certValue [0] EXPLICIT OCTET STRING }
  const value = new asn1js.Sequence({ value: [oid(PKCS9_OID.x509Certificate), explicit0(octets(der))] });
  return safeBag(PKCS12_BAG_OID.certBag, value, attributes);
}

function newAlgorithm(profile: Pkcs12Profile, iterations: number): PbeAlgorithm {
  return profile === 'compatible'
    ? { kind: 'pkcs12', cipher: '3des', salt: randomBytes(PKCS12_SALT_BYTES), iterations }
    : { kind: 'pbes2', prf: 'SHA-256', salt: randomBytes(PBKDF2_SALT_BYTES), iterations, cipher: 'aes-256-cbc', iv: randomBytes(16) };
}

function macHashOf(profile: Pkcs12Profile): PbeHash {
  return profile === 'compatible' ? 'SHA-1' : 'SHA-256';
}

/** RFC 7292 §5.1 step 4 and Appendix B: HMAC over the AuthenticatedSafe with a key from the App. B KDF. */
function computeMac(hash: PbeHash, password: Uint8Array, salt: Uint8Array, iterations: number, authSafe: Uint8Array): Uint8Array {
  const outputLength = hashBytes(hash, new Uint8Array(0)).length;
  const macKey = pkcs12Kdf(hash, password, salt, PKCS12_KDF_ID.mac, iterations, outputLength);
  return hmacBytes(hash, macKey, authSafe);
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

  const localKeyId = hashBytes('SHA-1', options.certificate);
  const identity: asn1js.Sequence[] = [attribute(PKCS9_OID.localKeyId, octets(localKeyId))];
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
      int(0), // EncryptedData version (RFC 5652 §8)
      new asn1js.Sequence({
        value: [
          oid(CMS_OID.data),
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
  const shrouded = new asn1js.Sequence({ value: [encodePbeAlgorithm(keyAlg), octets(keyCipher)] });
  const keyContents = new asn1js.Sequence({ value: [safeBag(PKCS12_BAG_OID.pkcs8ShroudedKeyBag, shrouded, identity)] });

  const authSafe = derOf(new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [oid(CMS_OID.encryptedData), explicit0(encryptedData)] }),
      new asn1js.Sequence({ value: [oid(CMS_OID.data), explicit0(octets(derOf(keyContents)))] }),
    ],
  }));

  const macHash = macHashOf(profile);
  const macSalt = randomBytes(PKCS12_SALT_BYTES);
  const mac = computeMac(macHash, encodeBmpPassword(password), macSalt, iterations, authSafe);
  const pfx = new asn1js.Sequence({
    value: [
      int(PFX_VERSION),
      new asn1js.Sequence({ value: [oid(CMS_OID.data), explicit0(octets(authSafe))] }),
      new asn1js.Sequence({
        value: [
          // DigestInfo with NULL parameters, as OpenSSL writes it
          new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [oid(DIGEST_OID_BY_HASH[macHash]), new asn1js.Null()] }), octets(mac)] }),
          octets(macSalt),
          int(iterations),
        ],
      }),
    ],
  });
  return derOf(pfx);
}

function certificateSpki(der: Uint8Array, what: string): Uint8Array {
  const cert = decodeStructure(pkijs.Certificate, der, what);
  return derOf(cert.subjectPublicKeyInfo.toSchema());
}

// ---------------------------------------------------------------------------------------------
// Reading

interface Bag {
  kind: 'key' | 'cert';
  der: Uint8Array;
  localKeyId?: Uint8Array;
  friendlyName?: string;
}

interface ReadState {
  password: string;
  bmpPassword: Uint8Array;
  bags: Bag[];
  algorithms: { key: PbeAlgorithm[]; certificates: PbeAlgorithm[]; plainKey: boolean; plainCerts: boolean };
  macVerified: boolean;
}

/** Nested SafeContentsBag depth we follow; real files use none. */
const MAX_BAG_NESTING = 4;
/**
 * Encrypted items (bags and contents) we decrypt in one file: real files have two or three.
 * Each may ask for MAX_ITERATIONS; without a bound a crafted file could keep the page busy for hours.
 */
const MAX_DECRYPTIONS = 32;

/**
 * Reads a PKCS#12 file: verifies the MAC with `password` (PKCS12_BAD_PASSWORD when it does not
 * match), decrypts the bags, pairs the key with its certificate by localKeyID or public key.
 * Errors: PKCS12_MALFORMED (not a PKCS#12), PKCS12_UNSUPPORTED (an algorithm or mode we do not read).
 */
export async function parsePkcs12(bytes: Uint8Array, password: string): Promise<ParsedPkcs12> {
  assertInputSize(bytes, 'PKCS#12');
  try {
    return await readPfx(bytes, password);
  } catch (e) {
    if (isPkiError(e) && e.code !== 'DER_MALFORMED' && e.code !== 'DER_WRONG_TYPE') throw e;
    throw new PkiError('PKCS12_MALFORMED', `PKCS#12: expected a PFX structure (RFC 7292), ${isPkiError(e) ? e.message : 'the decoder failed'}`, { cause: e });
  }
}

async function readPfx(bytes: Uint8Array, password: string): Promise<ParsedPkcs12> {
  const { authSafe, macData } = readAsn1('PKCS#12 PFX', () => {
    const [version, authSafeInfo, macNode] = expectSequence(parseDer(bytes, 'PKCS#12'), 'PFX');
    const v = expectSmallInt(version, 'PFX version');
    if (v !== PFX_VERSION) throw new PkiError('PKCS12_UNSUPPORTED', `PKCS#12: expected PFX version 3, found ${v}`);
    const [type, content] = expectSequence(authSafeInfo, 'PFX authSafe');
    const typeOid = expectOid(type, 'PFX authSafe contentType');
    if (typeOid === CMS_OID.signedData) throw new PkiError('PKCS12_UNSUPPORTED', 'PKCS#12: public-key integrity mode (signedData) is not supported');
    if (typeOid !== CMS_OID.data) throw new PkiError('PKCS12_MALFORMED', `PKCS#12: expected authSafe of type data, found ${typeOid}`);
    return { authSafe: expectOctetString(explicitContent(content, 'PFX authSafe content'), 'PFX authSafe content'), macData: macNode };
  });

  let macHash: PbeHash | undefined;
  let passwordBytes = encodeBmpPassword(password);
  if (macData !== undefined) {
    const mac = readAsn1('PKCS#12 MacData', () => {
      const [digestInfo, salt, iterations] = expectSequence(macData, 'MacData');
      const [alg, digest] = expectSequence(digestInfo, 'MacData DigestInfo');
      const digestOid = expectOid(expectSequence(alg, 'MacData digest algorithm')[0], 'MacData digest algorithm');
      return {
        digestOid,
        digest: expectOctetString(digest, 'MacData digest'),
        salt: expectOctetString(salt, 'MacData macSalt'),
        iterations: iterations === undefined ? 1 : expectSmallInt(iterations, 'MacData iterations'), // DEFAULT 1
      };
    });
    macHash = hashByDigestOid(mac.digestOid);
    if (!macHash) throw new PkiError('PKCS12_UNSUPPORTED', `PKCS#12: MAC algorithm ${mac.digestOid} is not supported (PBMAC1?)`);
    const hash = macHash;
    const verify = (pw: Uint8Array) => equalBytes(computeMac(hash, pw, mac.salt, mac.iterations, authSafe), mac.digest);
    if (!verify(passwordBytes)) {
      // An empty password may have been encoded as no bytes at all (OpenSSL and NSS try both).
      const empty = new Uint8Array(0);
      if (password === '' && verify(empty)) passwordBytes = empty;
      else throw new PkiError('PKCS12_BAD_PASSWORD', 'PKCS#12: the MAC does not match; expected the password the file was exported with');
    }
  }

  const state: ReadState = {
    password,
    bmpPassword: passwordBytes,
    bags: [],
    algorithms: { key: [], certificates: [], plainKey: false, plainCerts: false },
    macVerified: macData !== undefined,
  };
  const contentInfos = readAsn1('PKCS#12 AuthenticatedSafe', () => expectSequence(parseDer(authSafe, 'AuthenticatedSafe'), 'AuthenticatedSafe'));
  for (const info of contentInfos) {
    const safeContents = await readContentInfo(info, state);
    await readSafeContents(safeContents, state, 0);
  }
  return assemble(state, macHash);
}

/** The single value inside a `[0] EXPLICIT` wrapper. */
function explicitContent(node: unknown, what: string): asn1js.AsnType {
  if (!(node instanceof asn1js.Constructed) || node.idBlock.tagClass !== 3 || node.idBlock.tagNumber !== 0 || node.valueBlock.value.length !== 1) {
    throw new PkiError('DER_MALFORMED', `${what}: expected [0] EXPLICIT with one value`);
  }
  return node.valueBlock.value[0]!;
}

/** Returns the SafeContents bytes of one AuthenticatedSafe entry, decrypting EncryptedData. */
async function readContentInfo(info: asn1js.AsnType, state: ReadState): Promise<{ der: Uint8Array; encrypted?: PbeAlgorithm }> {
  const { type, content } = readAsn1('PKCS#12 ContentInfo', () => {
    const [t, c] = expectSequence(info, 'ContentInfo');
    return { type: expectOid(t, 'ContentInfo contentType'), content: explicitContent(c, 'ContentInfo content') };
  });
  if (type === CMS_OID.data) return { der: readAsn1('PKCS#12 data', () => expectOctetString(content, 'ContentInfo data')) };
  if (type === CMS_OID.envelopedData) throw new PkiError('PKCS12_UNSUPPORTED', 'PKCS#12: public-key privacy mode (envelopedData) is not supported');
  if (type !== CMS_OID.encryptedData) throw new PkiError('PKCS12_UNSUPPORTED', `PKCS#12: content type ${type} is not supported`);
  const { algorithm, cipherText } = readAsn1('PKCS#12 EncryptedData', () => {
    const [, eci] = expectSequence(content, 'EncryptedData');
    const [, alg, enc] = expectSequence(eci, 'EncryptedContentInfo');
    return { algorithm: parsePbeAlgorithm(alg), cipherText: implicitOctets(enc, 'EncryptedContentInfo encryptedContent') };
  });
  return { der: await decrypt(algorithm, cipherText, state, 'certificates'), encrypted: algorithm };
}

/** `[0] IMPLICIT OCTET STRING`: primitive (DER) or constructed of OCTET STRING pieces (BER, Windows). */
function implicitOctets(node: unknown, what: string): Uint8Array {
  if (node instanceof asn1js.Primitive && node.idBlock.tagClass === 3 && node.idBlock.tagNumber === 0) return node.valueBlock.valueHexView.slice();
  if (node instanceof asn1js.Constructed && node.idBlock.tagClass === 3 && node.idBlock.tagNumber === 0) {
    return concatBytes(...node.valueBlock.value.map((p) => expectOctetString(p, what)));
  }
  throw new PkiError('DER_MALFORMED', `${what}: expected [0] IMPLICIT OCTET STRING`);
}

async function decrypt(algorithm: PbeAlgorithm, data: Uint8Array, state: ReadState, what: 'key' | 'certificates'): Promise<Uint8Array> {
  state.algorithms[what === 'key' ? 'key' : 'certificates'].push(algorithm);
  if (state.algorithms.key.length + state.algorithms.certificates.length > MAX_DECRYPTIONS) {
    throw new PkiError('PKCS12_UNSUPPORTED', `PKCS#12: expected at most ${MAX_DECRYPTIONS} encrypted items, found more`);
  }
  try {
    return await pbeDecrypt(algorithm, state.password, data, state.bmpPassword);
  } catch (e) {
    // With a verified MAC the password is right: a padding failure means a damaged file.
    if (isPkiError(e, 'PKCS12_BAD_PASSWORD') && state.macVerified) {
      throw new PkiError('PKCS12_MALFORMED', `PKCS#12: the MAC matched but the ${what} did not decrypt (${describePbeAlgorithm(algorithm)})`, { cause: e });
    }
    throw e;
  }
}

async function readSafeContents(contents: { der: Uint8Array; encrypted?: PbeAlgorithm }, state: ReadState, depth: number): Promise<void> {
  const bags = readAsn1('PKCS#12 SafeContents', () => expectSequence(parseDer(contents.der, 'SafeContents'), 'SafeContents'));
  for (const bag of bags) {
    const { bagId, value, attributes } = readAsn1('PKCS#12 SafeBag', () => {
      const [id, v, attrs] = expectSequence(bag, 'SafeBag');
      return { bagId: expectOid(id, 'SafeBag bagId'), value: explicitContent(v, 'SafeBag bagValue'), attributes: readAttributes(attrs) };
    });
    switch (bagId) {
      case PKCS12_BAG_OID.keyBag:
        state.algorithms.plainKey = true;
        state.bags.push({ kind: 'key', der: derOf(value), ...attributes });
        break;
      case PKCS12_BAG_OID.pkcs8ShroudedKeyBag: {
        const { algorithm, cipherText } = readAsn1('PKCS#12 PKCS8ShroudedKeyBag', () => {
          const [alg, enc] = expectSequence(value, 'EncryptedPrivateKeyInfo');
          return { algorithm: parsePbeAlgorithm(alg), cipherText: expectOctetString(enc, 'EncryptedPrivateKeyInfo encryptedData') };
        });
        const pkcs8 = await decrypt(algorithm, cipherText, state, 'key');
        readAsn1('PKCS#12 decrypted key', () => expectSequence(parseDer(pkcs8, 'decrypted PrivateKeyInfo'), 'PrivateKeyInfo'));
        state.bags.push({ kind: 'key', der: pkcs8, ...attributes });
        break;
      }
      case PKCS12_BAG_OID.certBag: {
        const cert = readAsn1('PKCS#12 CertBag', () => {
          const [certId, certValue] = expectSequence(value, 'CertBag');
          const type = expectOid(certId, 'CertBag certId');
          if (type !== PKCS9_OID.x509Certificate) return undefined; // SDSI certificates: skipped
          return expectOctetString(explicitContent(certValue, 'CertBag certValue'), 'CertBag certValue');
        });
        if (!contents.encrypted) state.algorithms.plainCerts = true;
        if (cert) state.bags.push({ kind: 'cert', der: cert, ...attributes });
        break;
      }
      case PKCS12_BAG_OID.safeContentsBag:
        if (depth >= MAX_BAG_NESTING) throw new PkiError('PKCS12_MALFORMED', `PKCS#12: expected at most ${MAX_BAG_NESTING} nested SafeContents`);
        await readSafeContents({ der: derOf(value), encrypted: contents.encrypted }, state, depth + 1);
        break;
      default:
        break; // CRL and secret bags carry nothing a mail client needs
    }
  }
}

function readAttributes(node: asn1js.AsnType | undefined): { localKeyId?: Uint8Array; friendlyName?: string } {
  const out: { localKeyId?: Uint8Array; friendlyName?: string } = {};
  if (node === undefined) return out;
  for (const attr of expectSet(node, 'SafeBag bagAttributes')) {
    const [type, values] = expectSequence(attr, 'PKCS12Attribute');
    const id = expectOid(type, 'PKCS12Attribute attrId');
    const first = expectSet(values, 'PKCS12Attribute attrValues')[0];
    if (id === PKCS9_OID.localKeyId) out.localKeyId = expectOctetString(first, 'localKeyID');
    else if (id === PKCS9_OID.friendlyName) {
      if (!(first instanceof asn1js.BmpString)) throw new PkiError('DER_MALFORMED', 'friendlyName: expected a BMPString');
      out.friendlyName = first.valueBlock.value;
    }
  }
  return out;
}

async function assemble(state: ReadState, macHash: PbeHash | undefined): Promise<ParsedPkcs12> {
  const keyBag = state.bags.find((b) => b.kind === 'key');
  const certs = state.bags.filter((b) => b.kind === 'cert');
  let leaf: Bag | undefined;
  if (keyBag) {
    if (keyBag.localKeyId) leaf = certs.find((c) => c.localKeyId && equalBytes(c.localKeyId, keyBag.localKeyId!));
    if (!leaf) leaf = await matchByPublicKey(keyBag.der, certs);
  }
  const { algorithms } = state;
  const describe = (list: PbeAlgorithm[], plain: boolean) =>
    [...new Set([...list.map(describePbeAlgorithm), ...(plain ? ['none'] : [])])].join(', ') || undefined;
  const result: ParsedPkcs12 = {
    caCertificates: certs.filter((c) => c !== leaf).map((c) => c.der),
    keys: state.bags.filter((b) => b.kind === 'key').map((b) => b.der),
    profile: profileOf(state, macHash),
    algorithms: {},
  };
  const keyAlgorithms = describe(algorithms.key, algorithms.plainKey);
  const certAlgorithms = describe(algorithms.certificates, algorithms.plainCerts);
  if (keyAlgorithms) result.algorithms.key = keyAlgorithms;
  if (certAlgorithms) result.algorithms.certificates = certAlgorithms;
  if (macHash) result.algorithms.mac = macHash;
  if (keyBag) result.key = keyBag.der;
  if (leaf) result.certificate = leaf.der;
  const friendlyName = keyBag?.friendlyName ?? leaf?.friendlyName;
  if (friendlyName !== undefined) result.friendlyName = friendlyName;
  return result;
}

async function matchByPublicKey(pkcs8: Uint8Array, certs: Bag[]): Promise<Bag | undefined> {
  let key: PrivateKeyMaterial;
  try {
    key = await privateKeyFromPkcs8(pkcs8);
  } catch {
    return undefined; // a key type WebCrypto does not take (DSA, Ed448): no pairing, the key is still returned
  }
  return certs.find((c) => {
    try {
      return keyMatchesSpki(key, certificateSpki(c.der, 'PKCS#12 certificate'));
    } catch {
      return false; // an unreadable certificate is not the leaf; it is still returned with the CA certificates
    }
  });
}

function profileOf(state: ReadState, macHash: PbeHash | undefined): Pkcs12Profile | 'other' {
  const all = [...state.algorithms.key, ...state.algorithms.certificates];
  if (state.algorithms.plainKey || state.algorithms.plainCerts || all.length === 0) return 'other';
  if (macHash === 'SHA-1' && all.every((a) => a.kind === 'pkcs12' && a.cipher === '3des')) return 'compatible';
  if (macHash === 'SHA-256' && all.every((a) => a.kind === 'pbes2' && a.cipher === 'aes-256-cbc' && a.prf === 'SHA-256')) return 'modern';
  return 'other';
}
