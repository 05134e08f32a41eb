/**
 * The acts of "証明書の管理" (renew, revoke, key compromise, client-CA rotation, CA import) and its
 * vault-wide downloads (CRL, OpenSSL CA directory, calendar, backup), through
 * recipes/manage-actions.ts. One act at a time: `busy` while it runs, its failure kept for the
 * page, the result message after it; every act ends with `after` (the flow reads the vault again).
 */
import type { RevocationReason } from '../../../lib/pki/index.ts';
import {
  backupDownload,
  calendarDownload,
  compromiseDownload,
  crlDownload,
  importCaFromForm,
  openSslCaZip,
  renew,
  respondToKeyCompromise,
  revoke,
  revokeAllOfKey,
  rotateClientCaWithHandOver,
  rotationZip,
  type HandOverOptions,
  type RotationHandOver,
  type DownloadFile,
  type ImportCaForm,
} from '../../../lib/recipes/index.ts';
import type { CompromiseResult, Store } from '../../../lib/store/index.ts';
import { AsyncAction, type LangSource } from '../../state/async-action.svelte.ts';
import type { ManageDetailsState } from './details-state.svelte.ts';

export const REVOKE_REASONS = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation'] as const satisfies readonly RevocationReason[];

/** The reasons the page offers have ja/en labels; any other RFC 5280 reason (from an imported CA) shows its name. */
export function isOfferedReason(reason: string): reason is (typeof REVOKE_REASONS)[number] {
  return (REVOKE_REASONS as readonly string[]).includes(reason);
}

export type ManageMessage = '' | 'manage.renewed' | 'manage.revoke.done.client' | 'manage.revoke.done.server';

export class ManageActionsState {
  reason = $state<RevocationReason>('unspecified');
  crlDays = $state('30');
  exportPassword = $state('');
  compromise = $state.raw<CompromiseResult | null>(null);
  rotation = $state.raw<RotationHandOver | null>(null);
  get message() { return this.#message; }
  #message = $state<ManageMessage>('');
  /** The busy act (`action.running`) and its kept failure (`action.error`): ui/state/async-action, as in every flow. */
  readonly action: AsyncAction;
  readonly #app: LangSource;
  readonly #store: () => Promise<Store>;
  readonly #selected: ManageDetailsState;
  readonly #after: () => Promise<void>;

  /** `app` gives the language of the failures and the downloads' text. */
  constructor(app: LangSource, store: () => Promise<Store>, selected: ManageDetailsState, after: () => Promise<void>) {
    this.#app = app;
    this.action = new AsyncAction(app);
    this.#store = store;
    this.#selected = selected;
    this.#after = after;
  }

  /** A new selection starts without the previous certificate's result. */
  clearResult(): void {
    this.compromise = null;
    this.#message = '';
  }

  /** Plaintext keys and passwords held for a download: forgotten when the vault locks (issue 12 item 8). */
  forgetSecrets(): void {
    this.compromise = null;
    this.rotation = null;
    this.exportPassword = '';
  }

  // ------------------------------------------------------------ downloads (the save buttons call these)

  crl = (caId: string, format: 'pem' | 'der') => async (): Promise<DownloadFile> =>
    crlDownload(await this.#store(), caId, Math.max(1, Math.floor(Number(this.crlDays)) || 30), format);

  openSslCa = (caId: string) => async (): Promise<DownloadFile> => openSslCaZip(await this.#store(), caId, this.exportPassword);

  calendar = async (): Promise<DownloadFile> => calendarDownload(await this.#store());

  backupFile = async (): Promise<DownloadFile> => {
    const file = await backupDownload(await this.#store());
    void this.#after();
    return file;
  };

  compromiseZip = async (): Promise<DownloadFile> => {
    const file = this.compromise ? await compromiseDownload(await this.#store(), this.compromise, { os: this.#selected.os, lang: this.#app.lang }) : null;
    if (!file) throw new Error('manage: no re-issued server certificate to bundle');
    return file;
  };

  /** The rotation zip, its kits as chosen in the hand-over shown with it (programs, server settings). */
  rotationDownload = (kits: HandOverOptions) => async (): Promise<DownloadFile> => {
    if (!this.rotation) throw new Error('manage: no rotation to bundle');
    return { filename: 'xmail-client-ca-rotated.zip', mediaType: 'application/zip', bytes: await rotationZip(this.rotation, { os: this.#selected.os, lang: this.#app.lang, ...kits }) };
  };

  // ------------------------------------------------------------ acts

  async renew(): Promise<void> {
    await this.run(async (store) => {
      await renew(store, this.#selected.selectedId);
      this.#message = 'manage.renewed';
    });
  }

  async revoke(): Promise<void> {
    await this.run(async (store) => {
      const done = this.#revokedMessage();
      await revoke(store, this.#selected.selectedId, this.reason);
      this.#message = done;
    });
  }

  async revokeAllWithKey(): Promise<number> {
    let count = 0;
    const keyId = this.#selected.current?.record.keyId;
    if (!keyId) return 0;
    await this.run(async (store) => {
      const done = this.#revokedMessage();
      count = await revokeAllOfKey(store, keyId, this.reason);
      this.#message = done;
    });
    return count;
  }

  /** XMail never reads a CRL: for a client certificate the result says the CA must be replaced (issue 17). */
  #revokedMessage(): 'manage.revoke.done.client' | 'manage.revoke.done.server' {
    return this.#selected.current?.record.profile === 'client' ? 'manage.revoke.done.client' : 'manage.revoke.done.server';
  }

  async handleCompromise(): Promise<void> {
    const keyId = this.#selected.current?.record.keyId;
    if (!keyId) return;
    await this.run(async (store) => {
      this.compromise = await respondToKeyCompromise(store, keyId);
    });
  }

  async rotate(caId: string): Promise<void> {
    await this.run(async (store) => {
      this.rotation = await rotateClientCaWithHandOver(store, caId, 'compatible');
    });
  }

  async importCa(form: ImportCaForm): Promise<boolean> {
    return this.run((store) => importCaFromForm(store, form));
  }

  /** Runs one act: busy while it runs, its failure kept; then the vault is read again. True on success. */
  run(act: (store: Store) => Promise<void>): Promise<boolean> {
    return this.action.run('run', async () => {
      await act(await this.#store());
      await this.#after();
    });
  }
}
