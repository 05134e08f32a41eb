/**
 * Recipe for "I already have a certificate": the files a user holds (a .pfx/.p12 with its
 * password, a .p7b/.p7c, .crt/.cer/.pem in PEM or DER, a key) become the same MailRoot server
 * bundle as the other server flows (server.key unencrypted: PKCS#1 for RSA, server.cert leaf then
 * intermediates, INSTALL, MANIFEST), through the one bundle builder (server-common
 * buildServerBundle) so the bundle rules (no startup change unless needed) are the same.
 *
 * Invariants: the files are read and sorted by pki's readAndSortUserFiles (key ↔ certificate
 * match, orderChain); the chain is then checked exactly as the public-CA answer is
 * (assembleReturnedChain: the key matches the leaf, every signature verifies with the next
 * certificate, host names only from SANs that pass our rules, the root dropped). A bundle is never
 * built without the leaf's issuer unless the caller says the user accepted it
 * (acceptMissingIntermediate): such a server.cert fails on every client ("unable to get local
 * issuer certificate"). Findings are data with codes; the UI words them in ja + en.
 * When the user keeps the key in the vault, the key and the checked chain (what server.cert holds)
 * go there as one server certificate record (store keepExternalCertificate: sealed, one commit), so
 * certificate management lists it and a renewal can reuse the key or replace it.
 */
import type { Lang, TargetOs } from '../bundle/index.ts';
import { PkiError, certificateCoversHost, createPkcs12, readAndSortUserFiles, type CertificateSummary, type PrivateKeyMaterial, type SortedFiles, type UserFile } from '../pki/index.ts';
import { keepExternalCertificate, type KeptExternalCertificate, type StoreContext } from '../store/index.ts';
import { EXPIRY_WARNING_DAYS, type XmailTarget } from '../xmail/index.ts';
import { assembleReturnedChain } from './public-ca.ts';
import { buildServerBundle, bundleFileName, hostNamesFromServerTab, keyWarnsForTarget, parseHostNames, type ServerBundle } from './server-common.ts';
import { DAY_MS } from '../time.ts';

export type { KeptExternalCertificate, SortedFiles, UserFile };

/** Reads and sorts the user's files; `choose` picks one identity when several keys have their certificate. */
export function readOwnCertificateFiles(files: readonly UserFile[], choose?: number): Promise<SortedFiles> {
  return readAndSortUserFiles(files, choose === undefined ? {} : { choose });
}

export type OwnFindingCode =
  | 'own.hostNotCovered'
  | 'own.hostsCovered'
  | 'own.expired'
  | 'own.notYetValid'
  | 'own.expiresSoon'
  | 'own.valid'
  | 'own.keyNotForTarget'
  | 'own.rootDropped'
  | 'own.intermediateMissing'
  | 'own.chainComplete'
  | 'own.nameDropped';

export interface OwnFinding {
  code: OwnFindingCode;
  level: 'error' | 'warning' | 'info' | 'ok';
  params?: Record<string, string | number>;
}

export interface OwnCheckOptions {
  /** Host names as the user typed them (comma, space or line separated). */
  hostNames?: string;
  /** The user's server.tab: RootDomain, SmtpServerDomain, POP3Domain, HeloDomain are checked too. */
  serverTab?: string | Uint8Array;
  target: XmailTarget;
  now?: Date;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The leaf of the chosen identity, if any. */
export function ownLeaf(sorted: SortedFiles): CertificateSummary | undefined {
  return sorted.certificates.find((c) => c.role === 'server')?.summary;
}

/**
 * What the user should know about the certificate before installing it: host names (typed, or
 * from server.tab) it does not cover, expiry, a key the XMail target cannot use, the chain.
 */
export function checkOwnCertificate(sorted: SortedFiles, options: OwnCheckOptions): OwnFinding[] {
  const leaf = ownLeaf(sorted);
  if (!leaf) return [];
  const out: OwnFinding[] = [];
  const now = options.now ?? new Date();

  const wanted: Array<{ host: string; source: 'typed' | 'server.tab' }> = [];
  if (options.hostNames?.trim()) for (const s of parseHostNames(options.hostNames).sans) wanted.push({ host: s.value, source: 'typed' });
  if (options.serverTab !== undefined) {
    try {
      for (const host of hostNamesFromServerTab(options.serverTab)) wanted.push({ host, source: 'server.tab' });
    } catch {
      // an unreadable server.tab is reported by the diagnostics flow; here it only adds no names
    }
  }
  const covered: string[] = [];
  const seen = new Set<string>();
  for (const { host, source } of wanted) {
    const h = host.toLowerCase().replace(/\.$/, '');
    if (seen.has(h)) continue;
    seen.add(h);
    if (certificateCoversHost(leaf, h)) covered.push(h);
    else out.push({ code: 'own.hostNotCovered', level: 'warning', params: { host: h, source, names: certNames(leaf) } });
  }
  if (covered.length) out.push({ code: 'own.hostsCovered', level: 'ok', params: { hosts: covered.join(', ') } });
  for (const issue of leaf.sanIssues) out.push({ code: 'own.nameDropped', level: 'info', params: { value: String(issue.params?.value ?? '') } });

  const days = Math.floor((leaf.notAfter.getTime() - now.getTime()) / DAY_MS);
  if (now < leaf.notBefore) out.push({ code: 'own.notYetValid', level: 'warning', params: { notBefore: day(leaf.notBefore) } });
  else if (now > leaf.notAfter) out.push({ code: 'own.expired', level: 'error', params: { notAfter: day(leaf.notAfter) } });
  else if (days < EXPIRY_WARNING_DAYS) out.push({ code: 'own.expiresSoon', level: 'warning', params: { notAfter: day(leaf.notAfter), days } });
  else out.push({ code: 'own.valid', level: 'ok', params: { notAfter: day(leaf.notAfter), days } });

  const key = sorted.identity?.key.spec;
  if (key && keyWarnsForTarget(key, options.target)) out.push({ code: 'own.keyNotForTarget', level: 'error', params: { key: key.kind } });

  if (sorted.missingIssuer !== undefined) {
    out.push({ code: 'own.intermediateMissing', level: 'warning', params: { issuer: sorted.missingIssuer, subject: sorted.missingFor ?? leaf.subjectText } });
  } else {
    out.push({ code: 'own.chainComplete', level: 'ok', params: { count: sorted.chain.length, subjects: chainSubjects(sorted) } });
  }
  if (sorted.droppedRoot) out.push({ code: 'own.rootDropped', level: 'info', params: { subject: sorted.droppedRoot.subjectText } });
  return out;
}

function certNames(leaf: CertificateSummary): string {
  return leaf.sans.filter((s) => s.type === 'dns' || s.type === 'ip').map((s) => s.value).join(', ');
}

/** The chain described by the certificates' own subjects, leaf first ("A → B"). */
function chainSubjects(sorted: SortedFiles): string {
  return sorted.chain.map((der) => sorted.certificates.find((c) => c.summary.der === der)?.summary.subjectText ?? '').join(' → ');
}

export interface OwnBundleOptions {
  os: TargetOs;
  lang: Lang;
  serverTab?: string | Uint8Array;
  /** The user confirmed installing without the leaf's issuer (clients will fail to verify). */
  acceptMissingIntermediate?: boolean;
}

export interface OwnBundleResult extends ServerBundle {
  fileName: string;
  hostNames: string[];
  /** What server.cert holds (leaf first), checked: for the .pfx export. */
  chain: Uint8Array[];
}

/** The MailRoot bundle for the chosen identity (see the module invariants). */
export async function buildOwnCertificateBundle(sorted: SortedFiles, options: OwnBundleOptions): Promise<OwnBundleResult> {
  const identity = sorted.identity;
  if (!identity || sorted.chain.length === 0) {
    throw new PkiError('KEY_MISMATCH', 'own certificate: expected a private key and its certificate, found no such pair');
  }
  if (sorted.missingIssuer !== undefined && !options.acceptMissingIntermediate) {
    throw new PkiError('CHAIN_INCOMPLETE', `own certificate: expected the issuer of the server certificate (${sorted.missingIssuer}), found none`);
  }
  const given = sorted.droppedRoot ? [...sorted.chain, sorted.droppedRoot.der] : sorted.chain;
  const checked = await assembleReturnedChain(identity.key, given);
  const bundle = await buildServerBundle({
    os: options.os,
    lang: options.lang,
    key: identity.key,
    chain: checked.chain,
    hostNames: checked.hostNames,
    ...(options.serverTab !== undefined ? { serverTab: options.serverTab } : {}),
  });
  return { ...bundle, fileName: bundleFileName('own-certificate', checked.hostNames), hostNames: checked.hostNames, chain: checked.chain };
}

/**
 * Keeps the identity's key, sealed under the vault, with the checked chain of the bundle (leaf then
 * intermediates, no root) as a server certificate record; the same certificate again writes nothing.
 */
export async function keepOwnCertificateInVault(store: StoreContext, key: PrivateKeyMaterial, bundle: Pick<OwnBundleResult, 'chain'>): Promise<KeptExternalCertificate> {
  return keepExternalCertificate(store, { key, chain: bundle.chain });
}

/** Shortest password the .pfx export takes: Windows asks for one, and the file travels. */
export const PFX_EXPORT_MIN_PASSWORD = 8;

/**
 * The server key and chain as a .pfx for Windows/IIS and other services beside XMail: our
 * "compatible" PKCS#12 profile (3DES + SHA-1 MAC, pki-interop.md), which every Windows version,
 * `openssl pkcs12` without -legacy, pk12util and certtool open. PKCS12_EMPTY_PASSWORD for a
 * password shorter than PFX_EXPORT_MIN_PASSWORD.
 */
export async function exportOwnCertificatePfx(key: PrivateKeyMaterial, chain: readonly Uint8Array[], password: string, friendlyName: string): Promise<Uint8Array> {
  if ([...password].length < PFX_EXPORT_MIN_PASSWORD) {
    throw new PkiError('PKCS12_EMPTY_PASSWORD', `.pfx export: expected a password of at least ${PFX_EXPORT_MIN_PASSWORD} characters, found ${[...password].length}`);
  }
  const [leaf, ...caCertificates] = chain;
  if (!leaf) throw new PkiError('KEY_MISMATCH', '.pfx export: expected the server certificate, found none');
  return createPkcs12({ key: key.pkcs8, certificate: leaf, caCertificates, password, friendlyName, profile: 'compatible' });
}
