/**
 * State of the "証明書の管理" flow, composed of three parts: the list (list-state: read from the
 * vault on load and whenever any tab writes, filtered and paged in memory), the selected
 * certificate (details-state: its details and files again) and the acts (actions-state: renew,
 * revoke, compromise, rotation, import, vault-wide downloads). Every read and act goes through
 * recipes/manage-actions.ts. Restore has its own state (restore-state), usable before a vault exists.
 */
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

  /** `store` opens the vault's store by default (tests give their own). */
  constructor({ app, vault }: Pick<Shared, 'app' | 'vault'>, store: () => Promise<Store> = () => vault.ensureOpen()) {
    this.#store = store;
    this.details = new ManageDetailsState(app, store);
    this.actions = new ManageActionsState(app, store, this.details, () => this.refresh());
    this.renewal = new RenewalRequestState(app, store, () => this.refresh());
    this.#stopForgetting = vault.onLock(() => this.forgetSecrets());
  }

  /** First load: the list, the CAs, persistence asked once, and a re-read whenever any tab writes. */
  async load(): Promise<void> {
    const store = await this.#store();
    this.#unsubscribe ??= store.subscribe(() => {
      this.#changes++;
      void this.refresh();
    });
    await this.refresh();
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
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#stopForgetting();
  }
}
