/**
 * State of the "証明書の管理" flow: the list (read from the vault on load and when any tab
 * writes; filtered in memory and shown 100 rows a page, derived), the selected certificate's details, and every action of
 * the flow (download again, renew, revoke, CRL, compromise, rotation, backup/restore, OpenSSL
 * export, import). Each action is an awaited store call; errors land in `failure`.
 */
import type { Pkcs12Profile, RevocationReason } from '../../../lib/pki/index.ts';
import {
  backupReminder,
  compromiseBundleZip,
  createTimeline,
  crlFile,
  filterCertificates,
  generatePassword,
  indexCertificates,
  listPage,
  openSslCaZip,
  rotationBundleZip,
  serverBundleZip,
  type BackupReminder,
  type CertificateListEntry,
  type ClientIssueResult,
  type DownloadFile,
  type Timeline,
} from '../../../lib/recipes/index.ts';
import {
  createBackup,
  exportCertificate,
  exportExpiryCalendar,
  getBackupStatus,
  getCertificateDetails,
  handleKeyCompromise,
  importCa,
  isStoreError,
  issueCrl,
  listCas,
  listCertificates,
  renewCertificate,
  requestPersistence,
  restoreBackup,
  revokeAllWithKey,
  revokeCertificate,
  rotateClientCa,
  type BackupStatus,
  type CaPurpose,
  type CaRecord,
  type CertificateDetails,
  type CertificateFilter,
  type CompromiseResult,
  type RestoreReport,
  type Store,
} from '../../../lib/store/index.ts';
import { describeError, type DescribedError } from '../../i18n/error-messages.ts';
import { app } from '../../state/app.svelte.ts';
import { vaultState } from '../../state/vault.svelte.ts';

export const REVOKE_REASONS = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation'] as const satisfies readonly RevocationReason[];

/** The reasons the page offers have ja/en labels; any other RFC 5280 reason (from an imported CA) shows its name. */
export function isOfferedReason(reason: string): reason is (typeof REVOKE_REASONS)[number] {
  return (REVOKE_REASONS as readonly string[]).includes(reason);
}
export type StatusFilter = NonNullable<CertificateFilter['status']>;
export const STATUS_FILTERS: readonly StatusFilter[] = ['all', 'valid', 'expiring', 'expired', 'revoked'];

export class ManageState {
  /** Every listed certificate as read at the last refresh; the filters work on it in memory. */
  entries = $state.raw<CertificateListEntry[]>([]);
  nowMs = $state(0);
  cas = $state.raw<CaRecord[]>([]);
  #status = $state<StatusFilter>('all');
  #withinText = $state('30');
  #text = $state('');
  /** The page asked for (1-based); `pager` clamps it to the filtered list. */
  page = $state(1);
  selectedId = $state('');
  details = $state.raw<CertificateDetails | null>(null);
  backup = $state.raw<BackupStatus>({ lastBackupAt: null, changesSinceBackup: 0 });
  persistence = $state<'granted' | 'denied' | 'unsupported' | ''>('');
  os = $state<'windows' | 'unix'>('windows');
  p12Profile = $state<Pkcs12Profile>('compatible');
  p12Password = $state(generatePassword());
  reason = $state<RevocationReason>('unspecified');
  crlDays = $state('30');
  exportPassword = $state('');
  compromise = $state.raw<CompromiseResult | null>(null);
  rotation = $state.raw<{ zip: Uint8Array; handOver: ClientIssueResult } | null>(null);
  restoreReport = $state.raw<RestoreReport | null>(null);
  message = $state('');
  busy = $state(false);
  failure = $state.raw<unknown>(null);
  #unsubscribe: (() => void) | null = null;

  withinDays = $derived(Math.max(1, Math.floor(Number(this.withinText)) || 30));
  items = $derived(filterCertificates(this.entries, { status: this.status, withinDays: this.withinDays, text: this.text, nowMs: this.nowMs }));
  pager = $derived(listPage(this.items.length, this.page));
  visible = $derived(this.items.slice(this.pager.start, this.pager.end));
  /** The rows of the page shown (a 10,000-bar SVG would be the same long task as the table). */
  timeline: Timeline = $derived(createTimeline(this.visible.filter((i) => i.status !== 'revoked'), { warnDays: this.withinDays }));
  /** Computed with the clock at each refresh (a backup, a change in any tab). */
  reminder = $state.raw<BackupReminder>({ due: false });

  get error(): DescribedError | null {
    return this.failure === null ? null : describeError(app.lang, this.failure);
  }

  // The filters (bound to the inputs): a new filter shows its first page.
  get status(): StatusFilter {
    return this.#status;
  }
  set status(value: StatusFilter) {
    this.#status = value;
    this.page = 1;
  }
  get withinText(): string {
    return this.#withinText;
  }
  set withinText(value: string) {
    this.#withinText = value;
    this.page = 1;
  }
  get text(): string {
    return this.#text;
  }
  set text(value: string) {
    this.#text = value;
    this.page = 1;
  }

  async #store(): Promise<Store> {
    return vaultState.ensureOpen();
  }

  /** First load: the list, the CAs, persistence asked once, and a re-read whenever any tab writes. */
  async load(): Promise<void> {
    const store = await this.#store();
    this.#unsubscribe ??= store.subscribe(() => void this.refresh());
    await this.refresh();
    if (!this.persistence) this.persistence = await requestPersistence();
  }

  /**
   * What holds plaintext keys or passwords: the key-compromise result (the new key), the rotation's
   * zip and hand-over sheet (keys, PKCS#12 passwords), the PKCS#12 and export passwords. Forgotten
   * when the vault locks (issue 12 item 8); everything stays in the vault for another download.
   */
  forgetSecrets(): void {
    this.compromise = null;
    this.rotation = null;
    this.p12Password = generatePassword();
    this.exportPassword = '';
  }

  readonly #stopForgetting = vaultState.onLock(() => this.forgetSecrets());

  dispose(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#stopForgetting();
  }

  async refresh(): Promise<void> {
    const store = await this.#store();
    const listed = await listCertificates(store, { status: 'all', withinDays: this.withinDays });
    this.nowMs = store.clock.now().getTime();
    this.entries = indexCertificates(listed.map((i) => i.record));
    this.cas = await listCas(store.db, { includeRetired: true });
    this.backup = await getBackupStatus(store.db);
    this.reminder = backupReminder(this.backup, store.clock.now());
    if (this.selectedId) this.details = await getCertificateDetails(store, this.selectedId).catch(() => null);
  }

  goToPage(page: number): void {
    this.page = listPage(this.items.length, page).page;
  }

  async select(id: string): Promise<void> {
    this.selectedId = id;
    this.compromise = null;
    this.message = '';
    await this.#run(async (store) => {
      this.details = await getCertificateDetails(store, id);
    });
  }

  close(): void {
    this.selectedId = '';
    this.details = null;
  }

  // ------------------------------------------------------------ downloads (the save button calls these)

  exportAs = (kind: 'pem' | 'der' | 'pkcs12') => async (): Promise<DownloadFile> => {
    const store = await this.#store();
    const f = await exportCertificate(store, this.selectedId, kind === 'pkcs12' ? { kind, profile: this.p12Profile, password: this.p12Password } : { kind });
    return { filename: f.filename, mediaType: f.mediaType, bytes: f.bytes };
  };

  bundle = async (): Promise<DownloadFile> => {
    const store = await this.#store();
    const name = (this.details?.record.commonName || 'server').replace(/[^A-Za-z0-9._-]+/g, '_');
    return { filename: `xmail-tls-${name}.zip`, mediaType: 'application/zip', bytes: await serverBundleZip(store, this.selectedId, { os: this.os, lang: app.lang }) };
  };

  crl = (caId: string, format: 'pem' | 'der') => async (): Promise<DownloadFile> => {
    const store = await this.#store();
    const ca = this.cas.find((c) => c.id === caId);
    const issued = await issueCrl(store, caId, { nextUpdateDays: Math.max(1, Math.floor(Number(this.crlDays)) || 30) });
    return crlFile(issued, ca?.name ?? 'ca', format);
  };

  calendar = async (): Promise<DownloadFile> => {
    const f = await exportExpiryCalendar(await this.#store());
    return { filename: f.filename, mediaType: f.mediaType, bytes: f.bytes };
  };

  backupFile = async (): Promise<DownloadFile> => {
    const b = await createBackup(await this.#store());
    void this.refresh();
    return { filename: b.filename, mediaType: 'application/json', bytes: new TextEncoder().encode(b.text) };
  };

  openSslCa = (caId: string) => async (): Promise<DownloadFile> => openSslCaZip(await this.#store(), caId, this.exportPassword);

  compromiseZip = async (): Promise<DownloadFile> => {
    const zip = this.compromise ? await compromiseBundleZip(await this.#store(), this.compromise, { os: this.os, lang: app.lang }) : null;
    if (!zip) throw new Error('manage: no re-issued server certificate to bundle');
    return { filename: 'xmail-tls-new-key.zip', mediaType: 'application/zip', bytes: zip };
  };

  rotationZip = async (): Promise<DownloadFile> => {
    if (!this.rotation) throw new Error('manage: no rotation to bundle');
    return { filename: 'xmail-client-ca-rotated.zip', mediaType: 'application/zip', bytes: this.rotation.zip };
  };

  // ------------------------------------------------------------ actions

  async renew(): Promise<void> {
    await this.#run(async (store) => {
      await renewCertificate(store, this.selectedId);
      this.message = 'manage.renewed';
    });
  }

  async revoke(): Promise<void> {
    await this.#run(async (store) => {
      const done = this.#revokedMessage();
      await revokeCertificate(store, this.selectedId, this.reason);
      this.message = done;
    });
  }

  async revokeAllWithKey(): Promise<number> {
    let count = 0;
    const keyId = this.details?.record.keyId;
    if (!keyId) return 0;
    await this.#run(async (store) => {
      const done = this.#revokedMessage();
      count = (await revokeAllWithKey(store, keyId, this.reason)).length;
      this.message = done;
    });
    return count;
  }

  /** XMail never reads a CRL: for a client certificate the result says the CA must be replaced (issue 17). */
  #revokedMessage(): 'manage.revoke.done.client' | 'manage.revoke.done.server' {
    return this.details?.record.profile === 'client' ? 'manage.revoke.done.client' : 'manage.revoke.done.server';
  }

  async handleCompromise(): Promise<void> {
    const keyId = this.details?.record.keyId;
    if (!keyId) return;
    await this.#run(async (store) => {
      this.compromise = await handleKeyCompromise(store, keyId);
    });
  }

  async rotate(caId: string): Promise<void> {
    await this.#run(async (store) => {
      const result = await rotateClientCa(store, caId);
      this.rotation = await rotationBundleZip(result, { os: this.os, lang: app.lang, profile: 'compatible' });
    });
  }

  async importCa(input: { name: string; purpose: CaPurpose; certificate: string; key: string; keyPassword: string }): Promise<boolean> {
    return this.#run(async (store) => {
      await importCa(store, { ...input, keyPassword: input.keyPassword || undefined });
    });
  }

  newP12Password(): void {
    this.p12Password = generatePassword();
  }

  async #run(action: (store: Store) => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.failure = null;
    try {
      await action(await this.#store());
      await this.refresh();
      return true;
    } catch (e) {
      this.failure = e;
      return false;
    } finally {
      this.busy = false;
    }
  }
}

/** Restore works with or without an unlocked vault: into an empty browser it comes before any passphrase. */
export class RestoreState {
  mode = $state<'empty' | 'merge'>('empty');
  passphrase = $state('');
  text = $state.raw<string | null>(null);
  fileName = $state('');
  report = $state.raw<RestoreReport | null>(null);
  busy = $state(false);
  failure = $state.raw<unknown>(null);
  /** The user accepted restoring a backup without a MAC (offered only after BACKUP_UNAUTHENTICATED). */
  acceptUnauthenticated = $state(false);
  /** The backup's passphrase is forgotten after each restore and when the vault locks (issue 12 item 8). */
  readonly #stopForgetting = vaultState.onLock(() => this.forgetSecrets());

  get error(): DescribedError | null {
    return this.failure === null ? null : describeError(app.lang, this.failure);
  }

  forgetSecrets(): void {
    this.passphrase = '';
  }

  dispose(): void {
    this.#stopForgetting();
  }

  /** The last attempt was refused because the file has no MAC: the form offers to accept that. */
  get unauthenticated(): boolean {
    return isStoreError(this.failure, 'BACKUP_UNAUTHENTICATED') || this.acceptUnauthenticated;
  }

  setFile(name: string, bytes: Uint8Array): void {
    this.acceptUnauthenticated = false;
    this.fileName = name;
    this.text = new TextDecoder().decode(bytes);
    this.report = null;
    this.failure = null;
  }

  async restore(): Promise<void> {
    if (this.text === null) return;
    this.busy = true;
    this.failure = null;
    try {
      const store = await vaultState.ensureOpen();
      this.report = await restoreBackup(store, this.text, {
        mode: this.mode,
        ...(this.passphrase ? { backupPassphrase: this.passphrase } : {}),
        ...(this.acceptUnauthenticated ? { acceptUnauthenticated: true } : {}),
      });
      await vaultState.refresh();
    } catch (e) {
      this.failure = e;
    } finally {
      this.passphrase = '';
      this.busy = false;
    }
  }
}

