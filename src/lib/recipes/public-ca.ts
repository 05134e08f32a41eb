/**
 * Recipe for 公的運用 / public CA: a key and a CSR carrying the host names (the CA reads names from
 * the SANs only, BR 7.1.4.2), then — when the CA has answered — what it returned (leaf and
 * intermediates, any order, PEM or DER, one or several files) checked against the key, ordered
 * leaf first, and turned into the MailRoot bundle.
 *
 * Invariants: a CSR carries no validity; the public CA decides it within the CA/Browser Forum
 * limits (Ballot SC-081: 200 days from 2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15), shown
 * to the user here. A returned certificate that does not belong to the key is refused before any
 * bundle is built; so is one whose signature does not verify under the intermediate given with it
 * (issue 12 item 2). A missing intermediate is reported, not silently accepted: without it the
 * leaf's signature cannot be checked here, and the answer says so (signatureChecked: false).
 * The host names come only from the leaf's SANs that pass our host-name rules (pki screenForeignSans);
 * the others are dropped and listed in nameIssues, so no name a CA wrote reaches INSTALL unchecked.
 * The key may also wait in the vault (store/pending-requests: encrypted under the vault passphrase)
 * instead of, or besides, the key file; the CA's answer then completes the request there, and the
 * certificate shows up in certificate management with that key.
 */
import type { Lang, TargetOs } from '../bundle/index.ts';
import {
  PkiError,
  createCsr,
  decodePemOrDer,
  generateKey,
  keyMatchesCertificate,
  orderChain,
  parseCertificate,
  parsePrivateKey,
  readUserFile,
  serializeCsrPem,
  sortUserFiles,
  serializeEncryptedPrivateKeyPem,
  serializePrivateKeyPem,
  verifyCertificateSignature,
  type CertificateRole,
  type CertificateSummary,
  type ChainIssue,
  type PkiErrorCode,
  type ReadUserFile,
  type UserFileKind,
  type FieldIssue,
  type KeySpec,
  type PrivateKeyMaterial,
  type SanEntry,
} from '../pki/index.ts';
import {
  completePendingRequest,
  getPendingRequest,
  listPendingRequests,
  openKey,
  savePendingRequest,
  type CertificateRecord,
  type PendingRequestRecord,
  type StoreContext,
} from '../store/index.ts';
import { buildServerBundle, bundleFileName, parseHostNames, type ServerBundle } from './server-common.ts';

/** CA/Browser Forum Ballot SC-081: the longest validity a public CA may issue from each date. */
export const PUBLIC_VALIDITY_LIMITS: ReadonlyArray<{ from: string; days: number }> = [
  { from: '2020-09-01', days: 398 },
  { from: '2026-03-15', days: 200 },
  { from: '2027-03-15', days: 100 },
  { from: '2029-03-15', days: 47 },
];

/** The limit in force at `now`, and the next change if any. */
export function publicValidityLimit(now: Date = new Date()): { days: number; next?: { from: string; days: number } } {
  let current = PUBLIC_VALIDITY_LIMITS[0]!;
  for (const limit of PUBLIC_VALIDITY_LIMITS) if (Date.parse(`${limit.from}T00:00:00Z`) <= now.getTime()) current = limit;
  const next = PUBLIC_VALIDITY_LIMITS.find((l) => Date.parse(`${l.from}T00:00:00Z`) > now.getTime());
  return next ? { days: current.days, next } : { days: current.days };
}

export interface CsrForm {
  hostNames: string;
  keySpec: KeySpec;
}

export function validateCsrForm(form: CsrForm): FieldIssue[] {
  const { sans, issues } = parseHostNames(form.hostNames);
  // Public CAs issue for registered names only, never for a private IP or a bare host.
  for (const s of sans) if (s.type === 'ip') issues.push({ field: 'hostNames', code: 'san.publicIp', params: { value: s.value } });
  // A name without a dot ("mail", or "mail example.com" split at the space) is not a registered
  // domain name: a public CA refuses it, and a paid request would go out wrong (issue 17 item 2).
  for (const s of sans) if (s.type === 'dns' && !s.value.includes('.')) issues.push({ field: 'hostNames', code: 'san.dns.noDot', params: { value: s.value } });
  return issues;
}

export interface CsrResult {
  key: PrivateKeyMaterial;
  csrDer: Uint8Array;
  csrPem: string;
  sans: SanEntry[];
  hostNames: string[];
}

export async function makeKeyAndCsr(form: CsrForm): Promise<CsrResult> {
  const { sans } = parseHostNames(form.hostNames);
  const key = await generateKey(form.keySpec);
  const csrDer = await createCsr({ key, subject: [], sans, profile: 'server' });
  return { key, csrDer, csrPem: serializeCsrPem(csrDer), sans, hostNames: sans.map((s) => s.value) };
}

/** Keeps the CSR's key in the vault (encrypted, one transaction) until the CA answers. */
export async function keepRequestInVault(store: StoreContext, csr: CsrResult): Promise<PendingRequestRecord> {
  return savePendingRequest(store, { key: csr.key, csrDer: csr.csrDer, subject: [], sans: csr.sans, label: csr.hostNames.join(', ') });
}

/** Requests waiting in the vault, oldest first (the store open is enough, no passphrase). */
export async function listWaitingRequests(store: Pick<StoreContext, 'db'>): Promise<PendingRequestRecord[]> {
  return listPendingRequests(store);
}

/** A waiting request with its key decrypted (the vault must be unlocked). */
export async function openWaitingRequest(store: StoreContext, id: string): Promise<{ request: PendingRequestRecord; key: PrivateKeyMaterial }> {
  const request = await getPendingRequest(store, id);
  return { request, key: await openKey(store, request.keyId) };
}

/** Records what the CA returned (checked by assembleReturnedChain) in the vault and closes the request. */
export async function recordReturnedCertificate(store: StoreContext, requestId: string, returned: ReturnedChain): Promise<CertificateRecord> {
  return completePendingRequest(store, requestId, { chain: returned.chain });
}

/** The key file the user keeps until the CA answers: plain PKCS#8 PEM, or encrypted (PBES2) when a password is given. */
export async function serializeKeyFile(key: PrivateKeyMaterial, password?: string): Promise<string> {
  return password ? serializeEncryptedPrivateKeyPem(key, password) : serializePrivateKeyPem(key, 'pkcs8');
}

/** A key file dropped back after a reload. */
export async function parseKeyFile(input: string | Uint8Array, password?: string): Promise<PrivateKeyMaterial> {
  return parsePrivateKey(input, password);
}

/** Every certificate in what the user pasted or dropped (PEM with any number of blocks, or DER). */
export function collectCertificates(inputs: ReadonlyArray<string | Uint8Array>): Uint8Array[] {
  const ders: Uint8Array[] = [];
  for (const input of inputs) {
    if (typeof input === 'string' && input.trim() === '') continue;
    for (const block of decodePemOrDer(input)) {
      if (block.label === '' || block.label === 'CERTIFICATE' || block.label === 'X509 CERTIFICATE') ders.push(block.der);
    }
  }
  if (ders.length === 0) throw new PkiError('PEM_NO_BLOCK', 'CA answer: expected at least one CERTIFICATE, found none');
  return ders;
}

export interface AnswerFile {
  name: string;
  bytes: Uint8Array;
}

export interface AnswerFileRead {
  name: string;
  kind: UserFileKind;
  /** The role of each certificate of the file (with the key known: server, intermediate, root, other). */
  roles: CertificateRole[];
  certificates: Uint8Array[];
  error?: PkiErrorCode;
}

/**
 * What each file of the CA's answer is (issue 11 item 0): read by pki readUserFile (PEM or DER,
 * one or many certificates, .p7b/.p7c), and, when the request's key is known, each certificate's
 * role from sortUserFiles with that key (server certificate, intermediate, root, not used).
 */
export async function readAnswerFiles(key: PrivateKeyMaterial | null, files: readonly AnswerFile[]): Promise<AnswerFileRead[]> {
  const read: ReadUserFile[] = [];
  for (const f of files) read.push(await readUserFile(f));
  const withKey: ReadUserFile[] = key ? [...read, { name: '', kind: 'key', certificates: [], keys: [key] }] : read;
  const sorted = sortUserFiles(withKey);
  return read.map((r, i) => ({
    name: r.name,
    kind: r.kind,
    roles: sorted.certificates.filter((c) => c.file === i).map((c) => c.role),
    certificates: r.certificates,
    ...(r.error ? { error: r.error.code } : {}),
  }));
}

export interface ReturnedChain {
  /** Leaf first; the self-signed root dropped (servers need not send it, RFC 8446 4.4.2). */
  chain: Uint8Array[];
  leaf: CertificateSummary;
  issues: ChainIssue[];
  /** The leaf's issuer is not among the certificates given (the CA's intermediate is missing). */
  missingIntermediate: boolean;
  /** Every signature along the given chain was checked (false when the leaf's issuer was not given). */
  signatureChecked: boolean;
  /** The leaf's DNS names and IP addresses that passed our host-name rules: what INSTALL and the vault use. */
  hostNames: string[];
  /** Names in the leaf that failed those rules and were dropped (params.value = the name as written). */
  nameIssues: FieldIssue[];
  /** The subjects of `chain`, leaf first: what the page shows as the order of server.cert. */
  subjects: string[];
}

/**
 * Orders what the CA returned leaf first, checks the leaf belongs to our key (KEY_MISMATCH) and
 * that each certificate's signature verifies with the next one's key (SIGNATURE_INVALID), and
 * keeps only the host names that pass our rules (SAN_INVALID when none does).
 */
export async function assembleReturnedChain(key: PrivateKeyMaterial, certs: readonly Uint8Array[]): Promise<ReturnedChain> {
  const { chain, issues } = orderChain(certs);
  const leafDer = chain[0];
  if (!leafDer || !keyMatchesCertificate(key, leafDer)) {
    throw new PkiError('KEY_MISMATCH', 'CA answer: expected a certificate for the key of this CSR, found none that matches');
  }
  const leaf = parseCertificate(leafDer);
  const top = parseCertificate(chain[chain.length - 1]!);
  // orderChain links by names and key identifiers only; here each link is proven by its signature.
  const links = chain.map((der, i) => [der, chain[i + 1] ?? (top.selfIssued ? der : undefined)] as const);
  for (const [i, [cert, issuer]] of links.entries()) {
    if (issuer && !(await verifyCertificateSignature(cert, issuer))) {
      throw new PkiError('SIGNATURE_INVALID', `CA answer: expected certificate ${i + 1} of ${chain.length} to be signed by the next one, found a signature that does not verify`);
    }
  }
  const hostNames = leaf.sans.filter((s) => s.type === 'dns' || s.type === 'ip').map((s) => s.value);
  if (hostNames.length === 0) {
    throw new PkiError('SAN_INVALID', `CA answer: expected at least one valid host name in the certificate, found ${leaf.sanIssues.length ? 'only invalid ones' : 'none'}`);
  }
  const trimmed = chain.length > 1 && top.selfIssued ? chain.slice(0, -1) : chain;
  // Only the leaf's own issuer is needed here: an intermediate whose issuer (the root, already in
  // the clients' stores) was not given is the normal answer, not a gap (issue 11).
  const missingIntermediate = chain.length === 1 && issues.some((i) => i.code === 'CHAIN_MISSING_ISSUER') && !leaf.selfIssued;
  const subjects = trimmed.map((der, i) => (i === 0 ? leaf : i === chain.length - 1 ? top : parseCertificate(der)).subjectText);
  return { chain: trimmed, leaf, issues, missingIntermediate, signatureChecked: !missingIntermediate, hostNames, nameIssues: leaf.sanIssues, subjects };
}

export interface PublicBundleOptions {
  os: TargetOs;
  lang: Lang;
  serverTab?: string | Uint8Array;
}

export interface PublicBundleResult extends ServerBundle {
  fileName: string;
}

export async function buildPublicBundle(key: PrivateKeyMaterial, returned: ReturnedChain, options: PublicBundleOptions): Promise<PublicBundleResult> {
  const hostNames = returned.hostNames;
  const bundle = await buildServerBundle({
    os: options.os,
    lang: options.lang,
    key,
    chain: returned.chain,
    hostNames,
    ...(options.serverTab !== undefined ? { serverTab: options.serverTab } : {}),
  });
  return { ...bundle, fileName: bundleFileName('public-ca', hostNames) };
}
