/**
 * PKCS#12 (.p12/.pfx) reader. Accepts our two profiles, OpenSSL 3's default and `-legacy` output
 * (RC2-40 certificate bags), Windows/Java exports (BER, constructed OCTET STRINGs). The MAC is
 * verified before anything is decrypted, so a wrong password is PKCS12_BAD_PASSWORD, not a
 * garbled key. Bounded work: nesting depth and the number of decryptions are capped, iteration
 * counts are checked by pbe/.
 */
import * as asn1js from 'asn1js';
import { MAX_DER_NODES, berChildren, berElement, derNodesWithin, derOf, expectOctetString, expectOid, expectSequence, expectSet, expectSmallInt, parseDer, readAsn1 } from '../asn1.ts';
import { digestByOid, type DigestName } from '../digest.ts';
import { PkiError, assertInputSize, isPkiError } from '../errors.ts';
import { keyMatchesSpki, privateKeyFromPkcs8 } from '../keys.ts';
import { CMS_OID, PBE_OID, PKCS9_OID, PKCS12_BAG_OID } from '../oids.ts';
import { describePbeAlgorithm, encodeBmpPassword, parsePbeAlgorithm, pbeDecrypt, type PbeAlgorithm } from '../pbe/index.ts';
import { concatBytes, equalBytes } from '../pem.ts';
import type { PrivateKeyMaterial } from '../types.ts';
import { PFX_VERSION, certificateSpki, computeMac, type Pkcs12Profile } from './common.ts';
import { nextMacrotask } from '../../time.ts';

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

  let macHash: DigestName | undefined;
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
    // RFC 9579 PBMAC1 (OpenSSL 3.4+ -pbmac1_pbkdf2): not read yet; its own code so the page says what to do (issue 11).
    if (mac.digestOid === PBE_OID.pbmac1) throw new PkiError('PKCS12_PBMAC1_UNSUPPORTED', 'PKCS#12: expected an HMAC MacData (RFC 7292), found PBMAC1 (RFC 9579), which is not supported');
    macHash = digestByOid(mac.digestOid);
    if (!macHash) throw new PkiError('PKCS12_UNSUPPORTED', `PKCS#12: MAC algorithm ${mac.digestOid} is not supported`);
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

/** SafeBags built between two turns of the page when a SafeContents is read bag by bag. */
const BAGS_PER_TURN = 4;

/** A SafeContents' bags built by asn1js in one go: one task however many bags (the reader before issue 15 item 3). */
export function safeBagsInOneGo(der: Uint8Array): asn1js.AsnType[] {
  return readAsn1('PKCS#12 SafeContents', () => expectSequence(parseDer(der, 'SafeContents'), 'SafeContents'));
}

/**
 * The same bags, each built by asn1js on its own, with a macrotask every BAGS_PER_TURN bags (issue
 * 15 item 3: a .pfx of 200 certificates was one ~0.6 s parse at load 10, a trace showed). The bags
 * are found from the tags and lengths (berElement); the node bound still covers the whole
 * SafeContents, and on any doubt or failure the one-go parse decides, so its errors stay as they were.
 */
export async function safeBagsInTurns(der: Uint8Array): Promise<asn1js.AsnType[]> {
  const root = derNodesWithin(der, MAX_DER_NODES) ? berElement(der, 0, der.length) : undefined;
  const children = root && root.end === der.length && root.tag === 0x30 ? berChildren(der, root) : undefined;
  if (!children || children.length <= BAGS_PER_TURN) return safeBagsInOneGo(der);
  const bags: asn1js.AsnType[] = [];
  try {
    for (const [i, child] of children.entries()) {
      if (i > 0 && i % BAGS_PER_TURN === 0) await nextMacrotask();
      bags.push(parseDer(der.subarray(child.start, child.end), 'SafeContents'));
    }
  } catch {
    return safeBagsInOneGo(der);
  }
  return bags;
}

async function readSafeContents(contents: { der: Uint8Array; encrypted?: PbeAlgorithm }, state: ReadState, depth: number): Promise<void> {
  const bags = await safeBagsInTurns(contents.der);
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

async function assemble(state: ReadState, macHash: DigestName | undefined): Promise<ParsedPkcs12> {
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

function profileOf(state: ReadState, macHash: DigestName | undefined): Pkcs12Profile | 'other' {
  const all = [...state.algorithms.key, ...state.algorithms.certificates];
  if (state.algorithms.plainKey || state.algorithms.plainCerts || all.length === 0) return 'other';
  if (macHash === 'SHA-1' && all.every((a) => a.kind === 'pkcs12' && a.cipher === '3des')) return 'compatible';
  if (macHash === 'SHA-256' && all.every((a) => a.kind === 'pbes2' && a.cipher === 'aes-256-cbc' && a.prf === 'SHA-256')) return 'modern';
  return 'other';
}
