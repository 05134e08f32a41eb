/**
 * State of the "証明書の管理" flow, composed of three parts: the list (list-state: read from the
 * vault on load and whenever any tab writes, filtered and paged in memory), the selected
 * certificate (details-state: its details and files again) and the acts (actions-state: renew,
 * revoke, compromise, rotation, import, vault-wide downloads). Every read and act goes through
 * recipes/manage-actions.ts. Restore has its own state (restore-state), usable before a vault exists.
 */
import { prepareFormatters } from '../../../i18n/dates.ts';
import { loadManageSnapshot, requestPersistence } from '../../../lib/recipes/index.ts';
import type { Store } from '../../../lib/store/index.ts';
import type { Shared } from '../../state/context.ts';
import { ManageActionsState } from './actions-state.svelte.ts';
import { ManageDetailsState } from './details-state.svelte.ts';
import { ManageListState } from './list-state.svelte.ts';
import { RenewalRequestState } from './renewal-state.svelte.ts';

export { REVOKE_REASONS, isOfferedReason } from './actions-state.svelte.ts';
export { STATUS_FILTERS } from './list-state.svelte.ts';
export { RestoreState } from './restore-state.svelte.ts';

export class ManageState {
  readonly #store: () => Promise<Store>;
  readonly #app: Shared['app'];
  readonly list = new ManageListState();
  readonly details: ManageDetailsState;
  readonly actions: ManageActionsState;
  /** The renewal CSR of an outside CA's certificate (issue 11 item 1). */
  readonly renewal: RenewalRequestState;
  #unsubscribe: (() => void) | null = null;
  readonly #stopForgetting: () => void;
  /** Store changes heard (this tab's commits and other tabs'), counted by the subscription. */
  #changes = 0;
  /** The count of changes the list shown reflects (-1: nothing read yet). */
  #shownAt = -1;
  /** The read under way (or queued), and the count of changes it will reflect at least. */
  #reading: { at: number; done: Promise<void> } | null = null;
  #prepared: Promise<void> | null = null;
  #disposed = false;

  /** `store` opens the vault's store by default (tests give their own). */
  constructor({ app, vault }: Pick<Shared, 'app' | 'vault'>, store: () => Promise<Store> = () => vault.ensureOpen()) {
    this.#store = store;
    this.#app = app;
    this.details = new ManageDetailsState(app, store);
    this.actions = new ManageActionsState(app, store, this.details, () => this.refresh());
    this.renewal = new RenewalRequestState(app, store, () => this.refresh());
    this.#stopForgetting = vault.onLock(() => this.forgetSecrets());
  }

  /**
   * Reads the list as soon as the flow is shown, the vault still locked: the summaries the list
   * shows are not sealed (only keys are), so the read (~0.3 s at 10,000 certificates, seconds at
   * 100,000) runs while the passphrase is typed and derived instead of after the unlock (issue 15:
   * the manage view over 10,000 certificates took 1.1 s from the unlock click). Nothing is shown
   * before the unlock (VaultGate), and from here on a write in any tab is read again.
   */
  prepare(): Promise<void> {
    this.#prepared ??= (async () => {
      const store = await this.#store();
      if (this.#disposed) return;
      this.#unsubscribe ??= store.subscribe(() => {
        this.#changes++;
        void this.refresh();
      });
      // ICU's locale data for the list's dates and counts, loaded in a task of its own while
      // IndexedDB reads (70-175 ms at load 10 when the first page's render paid it; issue 15).
      setTimeout(() => prepareFormatters(this.#app.lang), 0);
      await this.refresh();
    })().catch((e: unknown) => {
      this.#prepared = null; // the load after the unlock tries again and shows the failure
      throw e;
    });
    return this.#prepared;
  }

  /** After the unlock: the list (read by prepare, or now), and persistence asked once. */
  async load(): Promise<void> {
    await this.prepare();
    if (!this.list.persistence) this.list.persistence = await requestPersistence();
  }

  /**
   * Reads the vault again when it changed since the read shown or under way: an act's own refresh
   * after its commit joins the read its store notification started, and an act that wrote nothing
   * (opening a certificate) reads nothing (at 100,000 certificates a read is seconds; issue 15 item 4).
   */
  refresh(): Promise<void> {
    const wanted = this.#changes;
    if (this.#reading && this.#reading.at >= wanted) return this.#reading.done;
    if (!this.#reading && this.#shownAt >= wanted) return Promise.resolve();
    const before = this.#reading?.done.catch(() => undefined) ?? Promise.resolve();
    const done: Promise<void> = before
      .then(async () => {
        if (this.#shownAt >= wanted) return;
        const readAt = this.#changes;
        const snapshot = await loadManageSnapshot(await this.#store());
        this.list.show(snapshot);
        this.#shownAt = Math.max(this.#shownAt, readAt);
        await this.details.reload();
      })
      .finally(() => {
        if (this.#reading?.done === done) this.#reading = null;
      });
    this.#reading = { at: wanted, done };
    return done;
  }

  /** Shows a certificate's details; the previous certificate's result goes. */
  async select(id: string): Promise<void> {
    this.actions.clearResult();
    this.renewal.close();
    await this.actions.run(() => this.details.show(id));
  }

  /**
   * What holds plaintext keys or passwords: the key-compromise result (the new key), the rotation's
   * zip and hand-over sheet (keys, PKCS#12 passwords), the PKCS#12 and export passwords. Forgotten
   * when the vault locks (issue 12 item 8); everything stays in the vault for another download.
   */
  forgetSecrets(): void {
    this.actions.forgetSecrets();
    this.details.newP12Password();
    this.details.forgetKit();
  }

  dispose(): void {
    this.#disposed = true;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#stopForgetting();
  }
}
