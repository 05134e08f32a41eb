/**
 * The "証明書の管理" screen's reads and acts over the store (docs/ARCHITECTURE.md: ui goes through
 * recipes): one load of everything the list shows, a certificate's details, its files again, the
 * CRL / calendar / backup downloads, and the acts (renew, the renewal CSR of an outside CA's
 * certificate, revoke, key compromise, client-CA rotation, CA import, restore). Each returns data for the screen; the downloads come back as
 * DownloadFile (name, media type, bytes) ready to save.
 * Invariants: every write is one store operation (one transaction each); plaintext keys leave only
 * in the downloads and in the compromise/rotation results the screen forgets on lock.
 */
import type { Lang, TargetOs } from '../bundle/index.ts';
import { serializeCsrPem, type Pkcs12Profile, type RevocationReason } from '../pki/index.ts';
import {
  createBackup,
  createRenewalRequest,
  deletePendingRequest,
  exportCertificate,
  exportExpiryCalendar,
  getBackupStatus,
  getCa,
  getCertificateDetails,
  handleKeyCompromise,
  importCa,
  issueCrl,
  listCas,
  listCertificateEntries,
  planRenewalRequest,
  renewCertificate,
  restoreBackup,
  revokeAllWithKey,
  revokeCertificate,
  rotateClientCa,
  type BackupStatus,
  type CaPurpose,
  type CaRecord,
  type CertificateDetails,
  type CertificateListEntry,
  type CompromiseResult,
  type PendingRequestRecord,
  type RenewalKeyChoice,
  type RenewalPlan,
  type RestoreOptions,
  type RestoreReport,
  type StoreContext,
} from '../store/index.ts';
import {
  backupReminder,
  compromiseBundleZip,
  crlFile,
  rotationHandOver,
  type RotationHandOver,
  serverBundleZip,
  type BackupReminder,
  type DownloadFile,
} from './manage.ts';

export { requestPersistence } from '../store/index.ts';

// ---------------------------------------------------------------- reads

/** Everything the list shows, read at one moment (the filters then work on it in memory). */
export interface ManageSnapshot {
  /** Every certificate not superseded, nearest expiry first, indexed for the filter. */
  entries: CertificateListEntry[];
  /** The clock at the read, in ms: the filter's "now". */
  nowMs: number;
  /** Every CA, retired ones included (their CRLs are still published). */
  cas: CaRecord[];
  backup: BackupStatus;
  reminder: BackupReminder;
}

export async function loadManageSnapshot(ctx: StoreContext): Promise<ManageSnapshot> {
  const entries = await listCertificateEntries(ctx);
  const now = ctx.clock.now();
  const backup = await getBackupStatus(ctx.db);
  return {
    entries,
    nowMs: now.getTime(),
    cas: await listCas(ctx.db, { includeRetired: true }),
    backup,
    reminder: backupReminder(backup, now),
  };
}

export function certificateDetails(ctx: StoreContext, id: string): Promise<CertificateDetails> {
  return getCertificateDetails(ctx, id);
}

// ---------------------------------------------------------------- downloads

export type CertificateDownload = { kind: 'pem' } | { kind: 'der' } | { kind: 'pkcs12'; profile: Pkcs12Profile; password: string };

/** The stored certificate again: PEM, DER, or a PKCS#12 with its key (vault unlocked). */
export async function certificateDownload(ctx: StoreContext, id: string, format: CertificateDownload): Promise<DownloadFile> {
  const f = await exportCertificate(ctx, id, format);
  return { filename: f.filename, mediaType: f.mediaType, bytes: f.bytes };
}

/** The MailRoot bundle of a stored server certificate, named after its common name. */
export async function serverBundleDownload(ctx: StoreContext, details: CertificateDetails, o: { os: TargetOs; lang: Lang }): Promise<DownloadFile> {
  const name = (details.record.commonName || 'server').replace(/[^A-Za-z0-9._-]+/g, '_');
  return { filename: `xmail-tls-${name}.zip`, mediaType: 'application/zip', bytes: await serverBundleZip(ctx, details.record.id, o) };
}

/** A new CRL of the CA (the CRL number goes up), as PEM or DER. */
export async function crlDownload(ctx: StoreContext, caId: string, nextUpdateDays: number, format: 'pem' | 'der'): Promise<DownloadFile> {
  const ca = await getCa(ctx.db, caId);
  return crlFile(await issueCrl(ctx, caId, { nextUpdateDays }), ca.name, format);
}

export async function calendarDownload(ctx: StoreContext): Promise<DownloadFile> {
  const f = await exportExpiryCalendar(ctx);
  return { filename: f.filename, mediaType: f.mediaType, bytes: f.bytes };
}

/** A backup of the whole vault (recorded as the last backup). */
export async function backupDownload(ctx: StoreContext): Promise<DownloadFile> {
  const b = await createBackup(ctx);
  return { filename: b.filename, mediaType: 'application/json', bytes: new TextEncoder().encode(b.text) };
}

/** After a key compromise: the new key and re-issued server certificate as a MailRoot bundle. */
export async function compromiseDownload(ctx: StoreContext, result: CompromiseResult, o: { os: TargetOs; lang: Lang }): Promise<DownloadFile | null> {
  const zip = await compromiseBundleZip(ctx, result, o);
  return zip ? { filename: 'xmail-tls-new-key.zip', mediaType: 'application/zip', bytes: zip } : null;
}

// ---------------------------------------------------------------- acts

export async function renew(ctx: StoreContext, id: string): Promise<void> {
  await renewCertificate(ctx, id);
}

/**
 * What renewing an outside CA's certificate offers (issue 11 item 1): the key spec of a new key,
 * whether the kept key can be reused (and why not), the recommended choice, and a request already
 * waiting. Reads only; the vault may be locked.
 */
export function renewalRequestPlan(ctx: StoreContext, id: string): Promise<RenewalPlan> {
  return planRenewalRequest(ctx, id);
}

/**
 * The renewal CSR of an outside CA's certificate, kept waiting in the vault (vault unlocked): the
 * public-CA flow's waiting-request step takes the CA's answer, and completing it supersedes `id`.
 */
export async function makeRenewalRequest(ctx: StoreContext, id: string, choice: RenewalKeyChoice): Promise<PendingRequestRecord> {
  return (await createRenewalRequest(ctx, id, choice)).request;
}

/**
 * Drops a renewal request the CA will not answer (rejected, lost, or another key choice wanted):
 * a new key made for it goes with it; the certificate's own key stays (pending-requests.ts).
 */
export function discardRenewalRequest(ctx: StoreContext, requestId: string): Promise<void> {
  return deletePendingRequest(ctx, requestId);
}

/** The waiting request's CSR as the .csr (PEM) file to send the CA, named after its first host name. */
export function renewalCsrFile(request: PendingRequestRecord): DownloadFile {
  const base = (request.sans[0]?.value ?? 'server').replace(/[^A-Za-z0-9._-]+/g, '_');
  return { filename: `${base}.csr`, mediaType: 'application/pkcs10', bytes: new TextEncoder().encode(serializeCsrPem(request.csrDer)) };
}

export async function revoke(ctx: StoreContext, id: string, reason: RevocationReason): Promise<void> {
  await revokeCertificate(ctx, id, reason);
}

/** Revokes every certificate issued with the key; the number revoked. */
export async function revokeAllOfKey(ctx: StoreContext, keyId: string, reason: RevocationReason): Promise<number> {
  return (await revokeAllWithKey(ctx, keyId, reason)).length;
}

export function respondToKeyCompromise(ctx: StoreContext, keyId: string): Promise<CompromiseResult> {
  return handleKeyCompromise(ctx, keyId);
}

/**
 * A new client-verification CA and what its hand-over needs (new PKCS#12s and passwords, the CAs for
 * certs.pem); the zip is written on download (rotationZip) with the kits the administrator chose.
 */
export async function rotateClientCaWithHandOver(ctx: StoreContext, caId: string, profile: Pkcs12Profile): Promise<RotationHandOver> {
  return rotationHandOver(await rotateClientCa(ctx, caId), profile);
}

export interface ImportCaForm {
  name: string;
  purpose: CaPurpose;
  certificate: string;
  key: string;
  /** Empty when the key is not encrypted. */
  keyPassword: string;
}

export async function importCaFromForm(ctx: StoreContext, form: ImportCaForm): Promise<void> {
  await importCa(ctx, { name: form.name, purpose: form.purpose, certificate: form.certificate, key: form.key, keyPassword: form.keyPassword || undefined });
}

export function restoreFromBackup(ctx: StoreContext, text: string, options: RestoreOptions): Promise<RestoreReport> {
  return restoreBackup(ctx, text, options);
}
