/**
 * The renewal CSR of an outside CA's certificate in "証明書の管理" (issue 11 item 1), through
 * recipes/manage-actions.ts: what renewing offers (a new key of the same spec, or the kept key and
 * why it may be unavailable), the choice (the recommended one first), the request made and kept
 * waiting in the vault, and its .csr file. The CA's answer comes back in the public-CA flow's
 * waiting-request step. Holds no key: the request's key is sealed in the vault.
 */
import {
  discardRenewalRequest,
  makeRenewalRequest,
  renewalCsrFile,
  renewalRequestPlan,
  type DownloadFile,
} from '../../../lib/recipes/index.ts';
import { describeKeySpec } from '../../../lib/pki/index.ts';
import type { PendingRequestRecord, RenewalKeyChoice, RenewalPlan, Store } from '../../../lib/store/index.ts';
import { AsyncAction, type LangSource } from '../../state/async-action.svelte.ts';

export class RenewalRequestState {
  /** The panel is open for `certificateId`. */
  get certificateId() { return this.#certificateId; }
  #certificateId = $state('');
  get plan() { return this.#plan; }
  #plan = $state.raw<RenewalPlan | null>(null);
  choice = $state<RenewalKeyChoice>('new');
  /** Made just now (the success notice says so). */
  get made() { return this.#made; }
  #made = $state.raw<PendingRequestRecord | null>(null);
  readonly action: AsyncAction<'plan' | 'make' | 'discard'>;
  /** The user confirmed that discarding the waiting request (and a new key made for it) cannot be undone. */
  discardConfirmed = $state(false);
  /** The request waiting for the CA: made now, or found when the panel opened. */
  get waiting() { return this.#waiting; }
  #waiting = $derived(this.made ?? this.plan?.waiting ?? null);
  /** The new key's spec as shown ("RSA 2048", "ECDSA P-256"). */
  get specLabel() { return this.#specLabel; }
  #specLabel = $derived(this.plan ? describeKeySpec(this.plan.keySpec) : '');
  readonly #store: () => Promise<Store>;
  readonly #after: () => Promise<void>;

  constructor(app: LangSource, store: () => Promise<Store>, after: () => Promise<void>) {
    this.action = new AsyncAction(app);
    this.#store = store;
    this.#after = after;
  }

  get isOpen(): boolean {
    return this.certificateId !== '';
  }

  /** Opens the panel for a certificate (reads what renewing offers), or closes it. */
  async toggle(id: string): Promise<void> {
    if (this.certificateId === id) return this.close();
    this.close();
    this.#certificateId = id;
    await this.action.run('plan', async () => {
      const plan = await renewalRequestPlan(await this.#store(), id);
      this.#plan = plan;
      this.choice = plan.reuse.available ? plan.recommended : 'new';
    });
  }

  close(): void {
    this.#certificateId = '';
    this.#plan = null;
    this.#made = null;
    this.discardConfirmed = false;
    this.action.clear();
  }

  async make(): Promise<void> {
    const id = this.certificateId;
    if (!id || this.action.running || this.waiting) return;
    await this.action.run('make', async () => {
      const store = await this.#store();
      this.#made = await makeRenewalRequest(store, id, this.choice);
      this.#plan = await renewalRequestPlan(store, id);
      await this.#after();
    });
  }

  /** Drops the waiting request (confirmed first); the choice is offered again. */
  async discard(): Promise<void> {
    const id = this.certificateId;
    const request = this.waiting;
    if (!id || !request || !this.discardConfirmed || this.action.running) return;
    await this.action.run('discard', async () => {
      const store = await this.#store();
      await discardRenewalRequest(store, request.id);
      this.#made = null;
      this.discardConfirmed = false;
      this.#plan = await renewalRequestPlan(store, id);
      await this.#after();
    });
  }

  csrFile = (): Promise<DownloadFile> => {
    const request = this.waiting;
    return request ? Promise.resolve(renewalCsrFile(request)) : Promise.reject(new Error('manage: no renewal request to download'));
  };
}
