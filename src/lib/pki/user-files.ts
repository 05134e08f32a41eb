/**
 * "Bring your own certificate": reading whatever files a user already holds for a server (a
 * .pfx/.p12 with its password, a .p7b/.p7c chain from the CA, .crt/.cer/.pem files in PEM or DER
 * with one or many certificates, a fullchain.pem, a key in PKCS#1, PKCS#8, SEC1 or encrypted
 * PKCS#8) and sorting them into what XMail needs: the key, its certificate (the leaf) and the
 * intermediates, leaf first.
 *
 * Invariants: every file gets a kind or a coded error (PkiError code) saying what it is and what
 * to do; nothing here throws for one bad file. The leaf is the certificate holding the public half
 * of a key the user gave (keyMatchesSpki), never a guess; the order comes from orderCertificates with
 * that leaf fixed; a self-signed root at the top is dropped (servers need not send it, RFC 8446
 * §4.4.2) and named; a missing issuer is named by the issuer's subject. Loops are bounded by the
 * number of files and of certificates (MAX_CERTIFICATES_PER_FILE per file).
 *
 * Size (over 300 lines): one pass over everything a user may drop (PKCS#12, PKCS#7, PEM/DER
 * bundles, keys) into one identity; the readers it calls live in their own modules, what remains is
 * sorting the pieces and the key-to-leaf match.
 */
import { berElement } from './asn1.ts';
import { orderCertificates } from './chain.ts';
import { readBlocks } from './decode.ts';
import { PkiError, isPkiError, type PkiErrorCode } from './errors.ts';
import { MAX_CERTIFICATES_PER_FILE, inspectAny, summarizeCertificate, summarizeInTurns } from './inspect.ts';
import { nextMacrotask } from '../time.ts';
import { keyMatchesSpki, privateKeyFromPkcs8 } from './keys.ts';
import { parsePrivateKey } from './key-files.ts';
import { equalBytes, toHex } from './pem.ts';
import { parsePkcs12 } from './pkcs12/index.ts';
import { pkcs7CertificateDers as pkcs7Certificates } from './pkcs7-certificates.ts';
import type { CertificateSummary, PrivateKeyMaterial } from './types.ts';

export interface UserFile {
  name: string;
  bytes: Uint8Array;
  /** For a .pfx/.p12 or an encrypted key. */
  password?: string;
}

/** What a file turned out to be. */
export type UserFileKind = 'pkcs12' | 'pkcs7' | 'certificates' | 'key' | 'key-and-certificates' | 'unknown';

export interface ReadUserFile {
  name: string;
  kind: UserFileKind;
  certificates: Uint8Array[];
  keys: PrivateKeyMaterial[];
  /** Set when the file could not be used; `kind` then says what it looked like. */
  error?: { code: PkiErrorCode; message: string };
  /** The file asks for a password (a .pfx or an encrypted key) and none or a wrong one was given. */
  needsPassword?: boolean;
}

const PEM_CERT_LABELS = ['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE'];
const PEM_PKCS7_LABELS = ['PKCS7', 'CERTIFICATE CHAIN'];
const PEM_KEY_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'];
/** PKI files that are not what XMail needs: requests, revocation lists, public keys (RFC 7468 labels). */
const PEM_NOT_CERTIFICATE_LABELS = ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST', 'X509 CRL', 'PUBLIC KEY', 'RSA PUBLIC KEY'];

/**
 * The certificates of a PKCS#7 SignedData "certificates-only" message (RFC 2315 §9.1, RFC 5652
 * §5.1: what `openssl crl2pkcs7 -nocrl` and Windows' .p7b export write). PKCS7_MALFORMED when the
 * DER is not a SignedData, PKCS7_NO_CERTIFICATES when it carries none.
 */
export function readPkcs7Certificates(der: Uint8Array): Uint8Array[] {
  const certs = pkcs7CertificateDers(der);
  for (const c of certs) summaryOf(c); // each must decode as a certificate
  return certs;
}

/** readPkcs7Certificates without the check of each certificate (the caller checks, in turns). */
function pkcs7CertificateDers(der: Uint8Array): Uint8Array[] {
  return pkcs7Certificates(der, MAX_CERTIFICATES_PER_FILE);
}

/**
 * Summaries made while a file is read, for sorting the same certificates afterwards: keyed by the
 * DER array itself (the read result holds those arrays), so each certificate is summarised once
 * per read (issue 15 item 3: a .p7b of 200 certificates was summarised twice, ~7 s in one task).
 */
const summaries = new WeakMap<Uint8Array, CertificateSummary>();

function summaryOf(der: Uint8Array): CertificateSummary {
  let s = summaries.get(der);
  if (!s) {
    s = summarizeCertificate(der);
    summaries.set(der, s);
  }
  return s;
}

/** Checks (and summarises) each certificate, giving the page its thread back between them. */
async function checkInTurns(ders: Uint8Array[]): Promise<Uint8Array[]> {
  await nextMacrotask(); // finding the certificates (a .p7b's layout) was a step of its own
  await summarizeInTurns(ders, summaryOf);
  return ders;
}

/**
 * DER values laid end to end (`cat leaf.der intermediate.der > chain.der`): each must be a SEQUENCE
 * with a definite length (a certificate's outer shape), found by its tag and length (asn1.ts
 * berElement). Returns undefined when the bytes are not such a sequence.
 */
function splitConcatenatedDer(bytes: Uint8Array): Uint8Array[] | undefined {
  const parts: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length && parts.length <= MAX_CERTIFICATES_PER_FILE) {
    const element = berElement(bytes, offset, bytes.length);
    if (!element || element.tag !== 0x30 || element.contentEnd !== element.end) return undefined;
    parts.push(bytes.subarray(offset, element.end));
    offset = element.end;
  }
  return offset === bytes.length && parts.length > 1 ? parts : undefined;
}

function fail(name: string, kind: UserFileKind, e: unknown, extra: Partial<ReadUserFile> = {}): ReadUserFile {
  const error = isPkiError(e) ? { code: e.code, message: e.message } : { code: 'FILE_UNRECOGNIZED' as const, message: String(e) };
  return { name, kind, certificates: [], keys: [], error, ...extra };
}

/** A certificate, or failing that a PKCS#7 (some CAs wrap a .p7b in "BEGIN CERTIFICATE"). */
function certificatesOfDer(der: Uint8Array): { kind: 'certificates' | 'pkcs7'; certs: Uint8Array[] } {
  try {
    summaryOf(der);
    return { kind: 'certificates', certs: [der] };
  } catch (e) {
    try {
      return { kind: 'pkcs7', certs: readPkcs7Certificates(der) };
    } catch {
      throw e;
    }
  }
}

async function readPkcs12File(file: UserFile, der: Uint8Array): Promise<ReadUserFile> {
  const { name } = file;
  try {
    const parsed = await parsePkcs12(der, file.password ?? '');
    const certificates = [...(parsed.certificate ? [parsed.certificate] : []), ...parsed.caCertificates];
    const keys: PrivateKeyMaterial[] = [];
    for (const pkcs8 of parsed.keys) {
      try {
        keys.push(await privateKeyFromPkcs8(pkcs8));
      } catch (e) {
        return fail(name, 'pkcs12', e, { certificates });
      }
    }
    if (keys.length === 0) {
      const error = new PkiError('PKCS12_NO_KEY', 'PKCS#12: expected a private key in the file, found certificates only');
      return { name, kind: 'pkcs12', certificates, keys, error: { code: error.code, message: error.message } };
    }
    return { name, kind: 'pkcs12', certificates, keys };
  } catch (e) {
    if (isPkiError(e, 'PKCS12_BAD_PASSWORD') && !file.password) {
      return fail(name, 'pkcs12', new PkiError('PKCS12_PASSWORD_REQUIRED', 'PKCS#12: expected the password the file was exported with, found none'), { needsPassword: true });
    }
    return fail(name, 'pkcs12', e, isPkiError(e, 'PKCS12_BAD_PASSWORD') ? { needsPassword: true } : {});
  }
}

async function readKey(file: UserFile, input: string | Uint8Array, kind: UserFileKind, certificates: Uint8Array[]): Promise<ReadUserFile> {
  try {
    return { name: file.name, kind, certificates, keys: [await parsePrivateKey(input, file.password)] };
  } catch (e) {
    const needsPassword = isPkiError(e, 'KEY_PASSWORD_REQUIRED') || isPkiError(e, 'KEY_BAD_PASSWORD');
    return fail(file.name, kind, e, { certificates, ...(needsPassword ? { needsPassword } : {}) });
  }
}

/** Reads one file of any of the kinds above; never throws. */
export async function readUserFile(file: UserFile): Promise<ReadUserFile> {
  const { name, bytes } = file;
  let blocks;
  try {
    blocks = readBlocks(bytes);
  } catch (e) {
    return fail(name, 'unknown', isPkiError(e, 'PEM_NO_BLOCK') ? new PkiError('FILE_UNRECOGNIZED', `${name}: expected a certificate, key, .pfx or .p7b, found neither PEM nor DER`) : e);
  }
  if (blocks.length === 1 && blocks[0]!.label === '') return readDerFile(file, bytes);

  // PEM: certificates, PKCS#7 and keys may share one file (fullchain.pem, key + certificate .pem).
  const certificates: Uint8Array[] = [];
  let kind: UserFileKind = 'certificates';
  try {
    for (const [i, block] of blocks.entries()) {
      if (i > 0) await nextMacrotask(); // ~11 ms a certificate: 200 blocks were one task (issue 15 item 3)
      if (PEM_CERT_LABELS.includes(block.label)) {
        const got = certificatesOfDer(block.der);
        if (got.kind === 'pkcs7') kind = 'pkcs7';
        certificates.push(...got.certs);
      } else if (PEM_PKCS7_LABELS.includes(block.label)) {
        kind = 'pkcs7';
        certificates.push(...(await checkInTurns(pkcs7CertificateDers(block.der))));
      } else if (block.label === 'PKCS12') {
        return readPkcs12File(file, block.der);
      }
      if (certificates.length > MAX_CERTIFICATES_PER_FILE) {
        throw new PkiError('TOO_MANY_CERTIFICATES', `${name}: expected at most ${MAX_CERTIFICATES_PER_FILE} certificates, found more`);
      }
    }
  } catch (e) {
    return fail(name, kind, e);
  }
  const hasKey = blocks.some((b) => PEM_KEY_LABELS.includes(b.label));
  if (hasKey) return readKey(file, new TextDecoder().decode(bytes), certificates.length ? 'key-and-certificates' : 'key', certificates);
  if (certificates.length === 0) {
    // A CSR, a CRL or a public key taken for the certificate or the key: say so (FILE_NOT_CERTIFICATE).
    const code = blocks.some((b) => PEM_NOT_CERTIFICATE_LABELS.includes(b.label)) ? 'FILE_NOT_CERTIFICATE' : 'FILE_UNRECOGNIZED';
    return fail(name, 'unknown', new PkiError(code, `${name}: expected a certificate, key or PKCS#7 block, found ${blocks.map((b) => b.label).join(', ')}`));
  }
  return { name, kind, certificates, keys: [] };
}

async function readDerFile(file: UserFile, der: Uint8Array): Promise<ReadUserFile> {
  const { name } = file;
  const parts = splitConcatenatedDer(der);
  if (parts) {
    try {
      return { name, kind: 'certificates', certificates: await checkInTurns(parts), keys: [] };
    } catch {
      // not certificates end to end: read as one value below
    }
  }
  let p7: Uint8Array[] | undefined;
  try {
    p7 = pkcs7CertificateDers(der);
  } catch (e) {
    if (isPkiError(e, 'PKCS7_NO_CERTIFICATES')) return fail(name, 'pkcs7', e);
  }
  if (p7) {
    try {
      return { name, kind: 'pkcs7', certificates: await checkInTurns(p7), keys: [] };
    } catch {
      // its certificates do not read as certificates: read as one value below
    }
  }
  let result;
  try {
    result = await inspectAny(der, file.password);
  } catch (e) {
    if (isPkiError(e, 'KEY_PASSWORD_REQUIRED') || isPkiError(e, 'KEY_BAD_PASSWORD')) return fail(name, 'key', e, { needsPassword: true });
    if (isPkiError(e, 'DER_WRONG_TYPE')) {
      return fail(name, 'unknown', new PkiError('FILE_UNRECOGNIZED', `${name}: expected a certificate, key, .pfx or .p7b, found DER of another kind`));
    }
    return fail(name, 'unknown', e);
  }
  switch (result.kind) {
    case 'certificate':
      return { name, kind: 'certificates', certificates: result.certificates.map((c) => c.der), keys: [] };
    case 'pkcs12':
      return readPkcs12File(file, der);
    case 'key':
      return { name, kind: 'key', certificates: [], keys: [result.key] };
    default:
      return fail(name, 'unknown', new PkiError('FILE_NOT_CERTIFICATE', `${name}: expected a certificate, key, .pfx or .p7b, found a ${result.kind}`));
  }
}

// ---------------------------------------------------------------------------------------------
// Sorting the files into key + chain

export type CertificateRole = 'server' | 'intermediate' | 'root' | 'other';

export interface SortedCertificate {
  summary: CertificateSummary;
  role: CertificateRole;
  /** Index of the file it came from. */
  file: number;
}

/** One key and the certificate it belongs to: a candidate server identity. */
export interface Identity {
  key: PrivateKeyMaterial;
  /** Index in `certificates`. */
  leaf: number;
  keyFile: number;
}

export type SortProblemCode =
  /** No file holds a private key. */
  | 'NO_KEY'
  /** Keys were given, but no certificate holds the public half of any of them. */
  | 'NO_MATCHING_CERTIFICATE'
  /** No certificate at all. */
  | 'NO_CERTIFICATE'
  /** Several keys each have their certificate: the caller picks one (`choose`). */
  | 'SEVERAL_IDENTITIES';

export interface SortedFiles {
  files: ReadUserFile[];
  /** Every distinct certificate given, in file order, with its role. */
  certificates: SortedCertificate[];
  /** Keys given that have their certificate among `certificates`. */
  identities: Identity[];
  /** The chosen identity (the only one, or `choose`). */
  identity?: Identity;
  /** Leaf first, then intermediates: what server.cert holds. Empty without an identity. */
  chain: Uint8Array[];
  /** The self-signed root that ended the path, dropped from `chain`. */
  droppedRoot?: CertificateSummary;
  /** The subject of the leaf's issuer when no file holds it (the missing intermediate). */
  missingIssuer?: string;
  /** The leaf's subject, when its issuer is missing. */
  missingFor?: string;
  problem?: SortProblemCode;
  /** Some .pfx in the files had no key (PKCS12_NO_KEY): the NO_KEY advice names it. */
  pfxWithoutKey?: string;
}

/** Reads every file and sorts the result (see sortUserFiles). */
export async function readAndSortUserFiles(files: readonly UserFile[], options: { choose?: number } = {}): Promise<SortedFiles> {
  const read: ReadUserFile[] = [];
  for (const f of files) read.push(await readUserFile(f));
  // Summarised in turns now (a .pfx's certificates were not yet), so sorting finds them made.
  for (const f of read) {
    for (const der of f.certificates) {
      await nextMacrotask();
      try {
        summaryOf(der);
      } catch {
        // sortUserFiles meets it as before
      }
    }
  }
  return sortUserFiles(read, options);
}

/**
 * Finds the identities (key + matching certificate), picks one (the only one, or
 * `options.choose`: an index in `identities`), orders its chain leaf first with orderCertificates and
 * gives every certificate a role. Problems are data (`problem`), never thrown.
 */
export function sortUserFiles(files: readonly ReadUserFile[], options: { choose?: number } = {}): SortedFiles {
  const certificates: SortedCertificate[] = [];
  const seen = new Set<string>();
  for (const [fileIndex, f] of files.entries()) {
    for (const der of f.certificates) {
      const id = toHex(der);
      if (seen.has(id)) continue;
      seen.add(id);
      certificates.push({ summary: summaryOf(der), role: 'other', file: fileIndex });
    }
  }
  const identities: Identity[] = [];
  for (const [keyFile, f] of files.entries()) {
    for (const key of f.keys) {
      if (identities.some((i) => equalBytes(i.key.spki, key.spki))) continue;
      const leaf = certificates.findIndex((c) => keyMatchesSpki(key, c.summary.spki));
      if (leaf >= 0) identities.push({ key, leaf, keyFile });
    }
  }
  const pfxWithoutKey = files.find((f) => f.error?.code === 'PKCS12_NO_KEY')?.name;
  const base: SortedFiles = { files: [...files], certificates, identities, chain: [], ...(pfxWithoutKey ? { pfxWithoutKey } : {}) };
  const anyKey = files.some((f) => f.keys.length > 0);
  if (!anyKey) return { ...base, problem: certificates.length ? 'NO_KEY' : 'NO_CERTIFICATE' };
  if (certificates.length === 0) return { ...base, problem: 'NO_CERTIFICATE' };
  if (identities.length === 0) return { ...base, problem: 'NO_MATCHING_CERTIFICATE' };
  const identity = identities.length === 1 ? identities[0] : options.choose !== undefined ? identities[options.choose] : undefined;
  if (!identity) return { ...base, problem: 'SEVERAL_IDENTITIES' };

  const { chain, issues } = orderCertificates(certificates.map((c) => c.summary), { leaf: identity.leaf });
  const byDer = (der: Uint8Array) => certificates.find((c) => equalBytes(c.summary.der, der))!;
  const path = chain.map(byDer);
  for (const [i, c] of path.entries()) c.role = i === 0 ? 'server' : 'intermediate';
  const top = path[path.length - 1]!;
  const result: SortedFiles = { ...base, identity, chain: path.map((c) => c.summary.der) };
  if (path.length > 1 && top.summary.selfIssued) {
    top.role = 'root';
    result.droppedRoot = top.summary;
    result.chain = result.chain.slice(0, -1);
  }
  // Only the leaf's own issuer is known to be needed: an intermediate whose issuer (the root, in
  // the clients' stores) was not given is the normal case, not a gap.
  if (path.length === 1 && issues.some((i) => i.code === 'CHAIN_MISSING_ISSUER') && !top.summary.selfIssued) {
    result.missingIssuer = top.summary.issuerText;
    result.missingFor = top.summary.subjectText;
  }
  // A self-signed CA that did not issue this chain is still a root, not "other".
  for (const c of certificates) if (c.role === 'other' && c.summary.selfIssued && c.summary.isCa) c.role = 'root';
  return result;
}
