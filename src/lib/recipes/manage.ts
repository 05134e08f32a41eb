/**
 * Recipe for the "証明書の管理" flow: what the vault operations (store) do not already give as
 * one call: the days-to-expiry timeline as geometry for an SVG, CRL files, the MailRoot bundle
 * again for a stored server certificate, the bundle after a key compromise (seed: "秘密鍵が流出
 * した場合の対応"), the hand-over after rotating the client-verification CA, the OpenSSL CA
 * directory as a zip, and the backup reminder.
 *
 * Invariants: nothing here writes to the store except through store operations; plaintext keys
 * exist only in the returned downloads (the server key is unencrypted because XMail has no
 * passphrase callback, xmail-tls.md).
 */
import { buildMailRootBundle, zipBundle, type BundleFile, type Lang, type TargetOs } from '../bundle/index.ts';
import { encodePem, type PrivateKeyMaterial, type Pkcs12Profile } from '../pki/index.ts';
import {
  exportOpenSslCa,
  getCa,
  getCertificate,
  issuerCertificateOf,
  openCertificateKey,
  StoreError,
  type BackupStatus,
  type CertificateListItem,
  type CertificateRecord,
  type CompromiseResult,
  type IssuedCrl,
  type RotationResult,
  type StoreContext,
} from '../store/index.ts';
import { clientCertsBundleFiles, generatePassword, handOverClient, type ClientIssueResult, type ClientUser, type HandOverOptions } from './client-certs.ts';
import { DAY_MS } from '../time.ts';
import { serializeServerKeyPem } from './server-common.ts';

// ---------------------------------------------------------------- list: filter and pages

// The one list filter lives in the store (store/operations/list.ts: listCertificates reads through
// it); the manage screen re-filters what it loaded with the same functions.
export { indexCertificates, filterCertificates, type CertificateListEntry, type CertificateListFilter } from '../store/index.ts';

export const LIST_PAGE_SIZE = 100;

export interface ListPage {
  /** 1-based, clamped to 1..pages. */
  page: number;
  pages: number;
  /** Slice bounds: items.slice(start, end); shown to people as start + 1 .. end. */
  start: number;
  end: number;
  total: number;
}

/** Page `page` of `total` rows; a page past the end (the list shrank) becomes the last page. */
export function listPage(total: number, page: number, size: number = LIST_PAGE_SIZE): ListPage {
  const pages = Math.max(1, Math.ceil(total / size));
  const p = Math.min(pages, Math.max(1, Math.floor(page) || 1));
  const start = (p - 1) * size;
  return { page: p, pages, start, end: Math.min(total, start + size), total };
}

// ---------------------------------------------------------------- timeline

export interface TimelineRow {
  id: string;
  label: string;
  status: CertificateListItem['status'];
  daysLeft: number;
  /** Bar from "today" (x = 0) to the expiry, clipped to the horizon; 0..1 of the width. */
  end: number;
  /** Beyond the horizon: the bar is drawn to the edge with an arrow. */
  beyond: boolean;
}

export interface Timeline {
  horizonDays: number;
  rows: TimelineRow[];
  /** Tick marks at 0..1 with their day count. */
  ticks: Array<{ at: number; days: number }>;
  /** The "expiring" window as 0..1. */
  warnAt: number;
}

/** Days to expiry as bars from today, one row per certificate, nearest expiry first. */
export function createTimeline(items: readonly CertificateListItem[], options: { horizonDays?: number; warnDays?: number } = {}): Timeline {
  const horizon = Math.max(30, options.horizonDays ?? Math.min(825, Math.max(90, ...items.map((i) => i.daysLeft))));
  const step = horizon <= 120 ? 30 : horizon <= 400 ? 90 : 180;
  const ticks: Timeline['ticks'] = [];
  for (let d = 0; d <= horizon; d += step) ticks.push({ at: d / horizon, days: d });
  return {
    horizonDays: horizon,
    warnAt: Math.min(1, (options.warnDays ?? 30) / horizon),
    ticks,
    rows: [...items]
      .sort((a, b) => a.daysLeft - b.daysLeft)
      .map((i) => ({
        id: i.record.id,
        label: i.record.label || i.record.serialHex,
        status: i.status,
        daysLeft: i.daysLeft,
        end: Math.max(0, Math.min(1, i.daysLeft / horizon)),
        beyond: i.daysLeft > horizon,
      })),
  };
}

// ---------------------------------------------------------------- CRL

export interface DownloadFile {
  filename: string;
  mediaType: string;
  bytes: Uint8Array;
}

function safeFileBase(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'ca';
}

/** crl.pem / crl.der named after the CA (openssl crl -inform PEM|DER reads them). */
export function crlFile(crl: IssuedCrl, caName: string, format: 'pem' | 'der'): DownloadFile {
  const base = `${safeFileBase(caName)}-crl-${crl.record.crlNumber}`;
  return format === 'pem'
    ? { filename: `${base}.pem`, mediaType: 'application/x-pem-file', bytes: new TextEncoder().encode(crl.pem) }
    : { filename: `${base}.crl`, mediaType: 'application/pkix-crl', bytes: crl.der };
}

// ---------------------------------------------------------------- MailRoot bundle again

export interface ServerBundleOptions {
  os: TargetOs;
  lang: Lang;
}

async function serverBundle(record: CertificateRecord, key: PrivateKeyMaterial, caDer: Uint8Array | null, caName: string | undefined, o: ServerBundleOptions): Promise<BundleFile[]> {
  // Above the leaf: the vault's CA, or the intermediates an outside CA returned with it (public-CA
  // answer, "I already have a certificate"); without them every client fails to verify the server.
  const above = caDer ? [caDer] : (record.chain ?? []);
  const chain = [record.der, ...above].map((der) => encodePem('CERTIFICATE', der)).join('');
  return buildMailRootBundle({
    os: o.os,
    lang: o.lang,
    // The form the first download wrote (server-common.ts): the same key is the same server.key.
    serverKeyPem: serializeServerKeyPem(key),
    serverCertChainPem: chain,
    caCertificates: caDer ? [caDer] : [],
    hostNames: record.sans.filter((s) => s.type !== 'email').map((s) => s.value),
    ...(caName ? { caName } : {}),
  });
}

/** The MailRoot bundle of a stored server certificate (its key from the vault). */
export async function serverBundleZip(ctx: StoreContext, certificateId: string, o: ServerBundleOptions): Promise<Uint8Array> {
  const record = await getCertificate(ctx.db, certificateId);
  const key = await openCertificateKey(ctx, record);
  // The CA certificate goes into trust-ca.mobileconfig: only when the certificate verifies under it.
  const caDer = await issuerCertificateOf(ctx, record);
  const ca = record.caId ? await getCa(ctx.db, record.caId) : null;
  return zipBundle(await serverBundle(record, key, caDer, ca?.name, o));
}

/** After handleKeyCompromise: the new key and the re-issued server certificate as a MailRoot bundle. */
export async function compromiseBundleZip(ctx: StoreContext, result: CompromiseResult, o: ServerBundleOptions): Promise<Uint8Array | null> {
  const server = result.reissued.find((r) => r.record.profile === 'server');
  if (!server) return null;
  const ca = server.record.caId ? await getCa(ctx.db, server.record.caId) : null;
  return zipBundle(await serverBundle(server.record, server.key, server.caCertificate, ca?.name, o));
}

// ---------------------------------------------------------------- rotation of the client CA

/** After rotateClientCa: what the hand-over needs, held until the administrator has chosen the kits. */
export interface RotationHandOver {
  /** The new PKCS#12 + password per user who must install it (the passwords go on the sheet). */
  handOver: ClientIssueResult;
  /** Every active client-verification CA: the new certs.pem and certs/. */
  trustedCaCertificates: Uint8Array[];
  /** The CA this rotation retired: INSTALL removes what equals it from certs.pem and certs/. */
  retiredCaCertificates: Uint8Array[];
}

/** The certificate's user as the vault recorded it, or its name and address read from the certificate. */
function userOf(record: CertificateRecord): ClientUser {
  return record.user ?? { name: record.commonName, email: record.sans.find((s) => s.type === 'email')?.value ?? record.commonName };
}

/** A new PKCS#12 under a generated password for each re-issued user. */
export async function rotationHandOver(result: RotationResult, profile: Pkcs12Profile): Promise<RotationHandOver> {
  const taken = new Set<string>();
  const issued: ClientIssueResult['issued'] = [];
  for (const r of result.reissued) {
    issued.push(await handOverClient({ user: userOf(r.record), ...r }, profile, generatePassword(), taken));
  }
  return { handOver: { issued, caName: result.newCa.name, caCertificate: result.newCa.certDer, profile, cancelled: false }, trustedCaCertificates: result.trustedCaCertificates, retiredCaCertificates: [result.retiredCa.certDer] };
}

/**
 * The rotation zip: MailRoot/certs.pem + certs/ with the new CA, retired-ca/ with the old one (its
 * copies are removed from the server, nothing else)
 * and each user's kit, written like the client-certificates flow's (issue 14): the programs chosen
 * per user and the same kit-server settings (planKitServer: host, ports from the command line,
 * STARTTLS only when the administrator says so). No password.
 */
export async function rotationZip(rotation: RotationHandOver, o: ServerBundleOptions & HandOverOptions): Promise<Uint8Array> {
  const files = await buildMailRootBundle({
    os: o.os,
    lang: o.lang,
    clientVerifyCas: rotation.trustedCaCertificates,
    // The retired CA must stop being trusted (XMail checks no CRL); every other CA stays.
    clientVerifyRetired: rotation.retiredCaCertificates,
    hashStyle: 'both',
    extraFiles: clientCertsBundleFiles(rotation.handOver, o.lang, o),
  });
  return zipBundle(files);
}

/** rotationHandOver then rotationZip, in one call. */
export async function rotationBundleZip(result: RotationResult, o: ServerBundleOptions & HandOverOptions & { profile: Pkcs12Profile }): Promise<{ zip: Uint8Array; handOver: ClientIssueResult }> {
  const rotation = await rotationHandOver(result, o.profile);
  return { zip: await rotationZip(rotation, o), handOver: rotation.handOver };
}

// ---------------------------------------------------------------- a user's kit again

/**
 * A stored client certificate (a renewal, a re-issue, or the same one again) handed over as the
 * client-certificates flow does (issue 14 item 4): a new PKCS#12 from the key in the vault under a
 * new generated password, for the same per-user kits and printed sheet.
 */
export async function storedClientHandOver(ctx: StoreContext, certificateId: string, profile: Pkcs12Profile): Promise<ClientIssueResult> {
  const record = await getCertificate(ctx.db, certificateId);
  if (record.profile !== 'client') {
    throw new StoreError('WRONG_PURPOSE', `kit for ${record.commonName}: expected a client certificate, found a ${record.profile} certificate`);
  }
  const key = await openCertificateKey(ctx, record);
  const caDer = await issuerCertificateOf(ctx, record);
  if (!caDer || !record.caId) {
    throw new StoreError('WRONG_PURPOSE', `kit for ${record.commonName}: expected a certificate issued by a CA of the vault`);
  }
  const ca = await getCa(ctx.db, record.caId);
  const issued = [await handOverClient({ user: userOf(record), record, key, caCertificate: caDer }, profile, generatePassword(), new Set())];
  return { issued, caName: ca.name, caCertificate: caDer, profile, cancelled: false };
}

// ---------------------------------------------------------------- OpenSSL CA directory

/** The CA as an OpenSSL CA directory (`openssl ca` goes on from there), in a folder named after it. */
export async function openSslCaZip(ctx: StoreContext, caId: string, keyPassword: string): Promise<DownloadFile> {
  const ca = await getCa(ctx.db, caId);
  const base = safeFileBase(ca.name);
  const files = await exportOpenSslCa(ctx, caId, { keyPassword });
  const bytes = await zipBundle(files.map((f) => ({ path: `${base}/${f.path}`, bytes: f.bytes })));
  return { filename: `${base}-openssl-ca.zip`, mediaType: 'application/zip', bytes };
}

// ---------------------------------------------------------------- backup reminder

export type BackupReminder = { due: false } | { due: true; reason: 'never' | 'changes' | 'old'; changes: number; days?: number };

/** Ask for a backup after any change since the last one, or every 30 days (Safari evicts site data after 7 days unused). */
export function backupReminder(status: BackupStatus, now: Date, options: { maxAgeDays?: number } = {}): BackupReminder {
  if (status.lastBackupAt === null) return status.changesSinceBackup > 0 ? { due: true, reason: 'never', changes: status.changesSinceBackup } : { due: false };
  if (status.changesSinceBackup > 0) return { due: true, reason: 'changes', changes: status.changesSinceBackup };
  const days = Math.floor((now.getTime() - Date.parse(status.lastBackupAt)) / DAY_MS);
  return days > (options.maxAgeDays ?? 30) ? { due: true, reason: 'old', changes: 0, days } : { due: false };
}
