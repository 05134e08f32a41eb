/**
 * Inspection: a plain summary of whatever a user drops on the page (certificate or PEM bundle,
 * CSR, CRL, private key, public key, PKCS#12), and certificate signature checks.
 *
 * Invariant: untrusted input never produces anything but a summary or a PkiError: oversized input
 * is INPUT_TOO_LARGE, broken PEM keeps its PEM_* code, bytes that are not DER are DER_MALFORMED,
 * well-formed DER of a structure we do not read is DER_WRONG_TYPE.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { decodeCertificate } from './cert.ts';
import { parseCrl, type CrlSummary } from './crl.ts';
import { MAX_DER_NODES, derNodesWithin, parseDer, readAsn1 } from './asn1.ts';
import { ensurePkijsEngine } from './webcrypto.ts';
import { parseCsr, type CsrSummary } from './csr.ts';
import { PEM_LABELS, authorityKeyIdOf, isCaByExtensions, subjectKeyIdOf, decodeStructure, listExtensions, readBlocks, readDer, readDerList, readUsageExtensions, sameName, signatureHashOf } from './decode.ts';
import { PkiError, assertInputSize, isPkiError } from './errors.ts';
import { fingerprint } from './digest.ts';
import { describeKeySpec, parseKeySpecFromSpki } from './keys.ts';
import { parsePrivateKey } from './key-files.ts';
import { nameToText, parseName } from './names.ts';
import { EXTENSION_OID } from './oids.ts';
import { toHex } from './pem.ts';
import { parseSanExtension, screenForeignSans } from './san.ts';
import { normalizeSerialHex } from './serial.ts';
import type { CertificateSummary, KeySpec, PrivateKeyMaterial } from './types.ts';
import { nextMacrotask } from '../time.ts';

const KEY_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'] as const;
const PKCS12_LABELS = ['PKCS12'] as const;
const PUBLIC_KEY_LABELS = ['PUBLIC KEY'] as const;

export type InspectResult =
  | { kind: 'certificate'; certificates: CertificateSummary[] }
  | { kind: 'csr'; csr: CsrSummary }
  | { kind: 'crl'; crl: CrlSummary }
  | { kind: 'key'; key: PrivateKeyMaterial; description: string }
  | { kind: 'public-key'; spki: Uint8Array; key: KeySpec | { kind: 'other'; description: string } }
  /**
   * Hook for the PKCS#12 reader (pkcs12.ts): inspection only recognises the container; the UI
   * asks for the password and hands `der` to the PKCS#12 reader.
   */
  | { kind: 'pkcs12'; der: Uint8Array };

/** Summary of the first certificate in the input (PEM or DER); later blocks are not read. */
export function parseCertificate(input: string | Uint8Array): CertificateSummary {
  return summarizeCertificate(readDer(input, PEM_LABELS.certificate, 'certificate'));
}

/**
 * Most certificates one file may hold. A CA bundle such as Mozilla's (curl's cacert.pem) has about
 * 150; a 1 MB PEM of 900 took 36 s in diagnostics (issue 12).
 */
export const MAX_CERTIFICATES_PER_FILE = 200;

/** Summaries of every certificate in a PEM bundle (in file order), or of one DER certificate. */
export function parseCertificates(input: string | Uint8Array): CertificateSummary[] {
  return summarizeCertificates(readDerList(input, PEM_LABELS.certificate, 'certificate'));
}

function summarizeCertificates(ders: readonly Uint8Array[]): CertificateSummary[] {
  assertCertificateCount(ders.length);
  return ders.map((der) => summarizeCertificate(der));
}

function assertCertificateCount(n: number): void {
  if (n > MAX_CERTIFICATES_PER_FILE) {
    throw new PkiError('TOO_MANY_CERTIFICATES', `certificates: expected at most ${MAX_CERTIFICATES_PER_FILE} in one file, found ${n}`);
  }
}

/**
 * parseCertificates for a file the page reads while the user waits: the same summaries, with a
 * macrotask between certificates (issue 15 item 3: a file of 200 took ~2 s in one task, ~11 ms
 * each; summarising is pkijs's schema match plus names, key and fingerprints).
 */
export async function readCertificates(input: string | Uint8Array): Promise<CertificateSummary[]> {
  const ders = readDerList(input, PEM_LABELS.certificate, 'certificate');
  // Decoding the PEM of 200 certificates is a step of its own: the first summary waits for a turn.
  await nextMacrotask();
  return summarizeInTurns(ders);
}

/** summarizeCertificate over each DER, yielding between them; `summarize` may be a cached one. */
export async function summarizeInTurns(
  ders: readonly Uint8Array[],
  summarize: (der: Uint8Array) => CertificateSummary = summarizeCertificate,
): Promise<CertificateSummary[]> {
  assertCertificateCount(ders.length);
  const out: CertificateSummary[] = [];
  for (const der of ders) {
    if (out.length > 0) await nextMacrotask();
    out.push(summarize(der));
  }
  return out;
}

/** Summary of one DER certificate. */
export function summarizeCertificate(der: Uint8Array): CertificateSummary {
  const cert = decodeStructure(pkijs.Certificate, der, 'certificate');
  return readAsn1('certificate', () => {
    const exts = cert.extensions ?? [];
    const find = (oid: string) => exts.find((e) => e.extnID === oid);
    const subject = parseName(cert.subject);
    const issuer = parseName(cert.issuer);
    const spki = new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER(false));
    const san = find(EXTENSION_OID.subjectAltName);
    // Names another CA wrote are held to our host-name rules; the dropped ones are sanIssues.
    const sans = screenForeignSans(san ? parseSanExtension(san) : []);
    const ski = subjectKeyIdOf(exts);
    const aki = authorityKeyIdOf(exts);
    return {
      der,
      subject,
      issuer,
      subjectText: nameToText(subject),
      issuerText: nameToText(issuer),
      serialHex: normalizeSerialHex(toHex(cert.serialNumber.valueBlock.valueHexView)) ?? '',
      notBefore: cert.notBefore.value,
      notAfter: cert.notAfter.value,
      sans: sans.entries,
      sanIssues: sans.issues,
      key: parseKeySpecFromSpki(spki),
      signatureHash: signatureHashOf(cert.signatureAlgorithm.algorithmId),
      isCa: isCaByExtensions(exts),
      selfIssued: sameName(cert.subject, cert.issuer),
      ...readUsageExtensions(exts),
      subjectKeyId: ski ? colonHex(ski) : undefined,
      authorityKeyId: aki ? colonHex(aki) : undefined,
      sha256Fingerprint: fingerprint(der, 'SHA-256'),
      sha1Fingerprint: fingerprint(der, 'SHA-1'),
      spki,
      extensions: listExtensions(exts),
    };
  });
}

/** Whether `cert` is signed by `issuer`'s key; false (never a throw) on a bad or unverifiable signature. */
export async function verifyCertificateSignature(cert: string | Uint8Array, issuer: string | Uint8Array): Promise<boolean> {
  const c = decodeCertificate(cert);
  const i = decodeCertificate(issuer);
  ensurePkijsEngine();
  try {
    return await c.verify(i);
  } catch {
    return false;
  }
}

/**
 * Detects what the input is and summarises it. PEM: the first recognised block decides the kind
 * (all CERTIFICATE blocks are summarised for a bundle). DER: tried as certificate, CSR, CRL,
 * PKCS#12, public key, then private key. `password` is for an encrypted private key.
 */
export async function inspectAny(input: string | Uint8Array, password?: string): Promise<InspectResult> {
  assertInputSize(input, 'input');
  const blocks = readBlocks(input);
  const first = blocks[0]!;
  if (first.label === '') return inspectDer(first.der, password);
  const known = blocks.find((b) => kindOfLabel(b.label) !== undefined);
  if (!known) {
    throw new PkiError('PEM_WRONG_LABEL', `inspect: expected a certificate, CSR, CRL, key or PKCS#12 block, found ${blocks.map((b) => b.label).join(', ')}`);
  }
  switch (kindOfLabel(known.label)!) {
    case 'certificate':
      return { kind: 'certificate', certificates: summarizeCertificates(blocks.filter((b) => kindOfLabel(b.label) === 'certificate').map((b) => b.der)) };
    case 'csr':
      return { kind: 'csr', csr: await parseCsr(known.der) };
    case 'crl':
      return { kind: 'crl', crl: parseCrl(known.der) };
    case 'pkcs12':
      return { kind: 'pkcs12', der: known.der };
    case 'public-key':
      return publicKeyResult(known.der);
    case 'key':
      return keyResult(await parsePrivateKey(pemTextOf(input), password));
  }
}

type Kind = InspectResult['kind'];

function kindOfLabel(label: string): Kind | undefined {
  if ((PEM_LABELS.certificate as readonly string[]).includes(label)) return 'certificate';
  if ((PEM_LABELS.csr as readonly string[]).includes(label)) return 'csr';
  if ((PEM_LABELS.crl as readonly string[]).includes(label)) return 'crl';
  if ((KEY_LABELS as readonly string[]).includes(label)) return 'key';
  if ((PKCS12_LABELS as readonly string[]).includes(label)) return 'pkcs12';
  if ((PUBLIC_KEY_LABELS as readonly string[]).includes(label)) return 'public-key';
  return undefined;
}

/** The key parser reads PEM itself (it needs legacy encryption headers): give it the text. */
function pemTextOf(input: string | Uint8Array): string {
  return typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: false }).decode(input);
}

function keyResult(key: PrivateKeyMaterial): InspectResult {
  return { kind: 'key', key, description: describeKeySpec(key.spec) };
}

function publicKeyResult(der: Uint8Array): InspectResult {
  const info = decodeStructure(pkijs.PublicKeyInfo, der, 'public key');
  const spki = new Uint8Array(info.toSchema().toBER(false));
  return { kind: 'public-key', spki, key: parseKeySpecFromSpki(spki) };
}

async function inspectDer(der: Uint8Array, password?: string): Promise<InspectResult> {
  // Only a CRL may have more nodes than MAX_DER_NODES: anything that big is read as a CRL alone
  // (one parse under the CRL bound), never built again for each type tried below.
  if (!derNodesWithin(der, MAX_DER_NODES)) return { kind: 'crl', crl: parseCrl(der) };
  const root = parseDer(der, 'input');
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (e) {
      if (isPkiError(e, 'DER_WRONG_TYPE')) return undefined;
      throw e;
    }
  };
  const cert = attempt(() => decodeStructure(pkijs.Certificate, der, 'certificate'));
  if (cert) return { kind: 'certificate', certificates: [summarizeCertificate(der)] };
  if (attempt(() => decodeStructure(pkijs.CertificationRequest, der, 'certificate request'))) return { kind: 'csr', csr: await parseCsr(der) };
  if (attempt(() => decodeStructure(pkijs.CertificateRevocationList, der, 'CRL'))) return { kind: 'crl', crl: parseCrl(der) };
  if (looksLikePfx(root)) return { kind: 'pkcs12', der };
  if (looksLikePublicKey(root)) return publicKeyResult(der);
  if (looksLikePrivateKey(root)) return keyResult(await parsePrivateKey(der, password));
  throw new PkiError('DER_WRONG_TYPE', 'inspect: expected a certificate, CSR, CRL, key or PKCS#12, found DER of another type');
}

function items(node: asn1js.AsnType): asn1js.AsnType[] | undefined {
  return node instanceof asn1js.Sequence ? node.valueBlock.value : undefined;
}

/**
 * PFX (RFC 7292 §4): SEQUENCE { version INTEGER, authSafe ContentInfo (SEQUENCE { OID, [0] }),
 * macData SEQUENCE { DigestInfo SEQUENCE { SEQUENCE, OCTET STRING }, OCTET STRING, ... } OPTIONAL },
 * the shape pkijs's PFX schema matches. Checked here by shape, not with pkijs.PFX: referencing that
 * class pulls its AuthenticatedSafe, SafeContents, EnvelopedData, SignedData... (~60 classes,
 * 150 KB of the page) into the build for a yes/no (issue 15: page size). parsePkcs12 reads it.
 */
function looksLikePfx(root: asn1js.AsnType): boolean {
  const v = items(root);
  if (!v || v.length < 2 || v.length > 3 || !(v[0] instanceof asn1js.Integer)) return false;
  const authSafe = items(v[1]!);
  const explicit = authSafe?.[1];
  if (authSafe?.length !== 2 || !(authSafe[0] instanceof asn1js.ObjectIdentifier) || !(explicit instanceof asn1js.Constructed)) return false;
  if (explicit.idBlock.tagClass !== 3 || explicit.idBlock.tagNumber !== 0) return false;
  if (v.length === 2) return true;
  const mac = items(v[2]!);
  const digestInfo = mac?.[0] ? items(mac[0]) : undefined;
  return !!mac && mac.length >= 2 && mac.length <= 3 && digestInfo?.length === 2 && digestInfo[0] instanceof asn1js.Sequence
    && digestInfo[1] instanceof asn1js.OctetString && mac[1] instanceof asn1js.OctetString && (mac.length === 2 || mac[2] instanceof asn1js.Integer);
}

/** SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier, BIT STRING }. */
function looksLikePublicKey(root: asn1js.AsnType): boolean {
  const v = items(root);
  return !!v && v.length === 2 && v[0] instanceof asn1js.Sequence && v[1] instanceof asn1js.BitString;
}

/**
 * The private-key shapes keys.ts reads: PKCS#8 (INTEGER, SEQUENCE, OCTET STRING...), encrypted
 * PKCS#8 (SEQUENCE, OCTET STRING), PKCS#1 RSA (nine INTEGERs) and SEC1 EC (INTEGER 1, OCTET STRING...).
 */
function looksLikePrivateKey(root: asn1js.AsnType): boolean {
  const v = items(root);
  if (!v || v.length < 2) return false;
  if (v.length === 2 && v[0] instanceof asn1js.Sequence && v[1] instanceof asn1js.OctetString) return true;
  if (!(v[0] instanceof asn1js.Integer)) return false;
  if (v[1] instanceof asn1js.Sequence && v[2] instanceof asn1js.OctetString) return true;
  if (v[1] instanceof asn1js.OctetString) return true;
  return v.length >= 9 && v.every((x) => x instanceof asn1js.Integer);
}

function colonHex(bytes: Uint8Array): string {
  return toHex(bytes, ':').toUpperCase();
}
