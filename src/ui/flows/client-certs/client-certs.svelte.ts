/**
 * State of the "クライアント証明書" flow: the pasted user list (checked as it is typed), the
 * PKCS#12 profile and key, the issuing run with progress and cancel, the result for the zip and
 * the printable hand-over sheet.
 */
import type { KeySpec, Pkcs12Profile } from '../../../lib/pki/index.ts';
import { issueClientCertificates, parseUserList, zipClientCerts, type ClientIssueResult, type UserLineIssue } from '../../../lib/recipes/index.ts';
import { listCas, type CaRecord } from '../../../lib/store/index.ts';
import type { AppState } from '../../state/app.svelte.ts';
import { AsyncAction } from '../../state/async-action.svelte.ts';
import type { Shared } from '../../state/context.ts';
import type { VaultState } from '../../state/vault.svelte.ts';
import { parseDays } from '../../components/days.ts';

export const CLIENT_KEYS = {
  'rsa-2048': { kind: 'RSA', bits: 2048 },
  'rsa-4096': { kind: 'RSA', bits: 4096 },
  'ec-p-256': { kind: 'EC', curve: 'P-256' },
} as const satisfies Record<string, KeySpec>;
export type ClientKeyId = keyof typeof CLIENT_KEYS;

export class ClientCertsState {
  cas = $state.raw<CaRecord[]>([]);
  caId = $state('');
  usersText = $state('');
  profile = $state<Pkcs12Profile>('compatible');
  keyId = $state<ClientKeyId>('rsa-2048');
  validityText = $state('');
  touched = $state(false);
  readonly action: AsyncAction<'issue'>;
  done = $state(0);
  get total() { return this.#total; }
  #total = $state(0);
  result = $state.raw<ClientIssueResult | null>(null);
  #abort: AbortController | null = null;
  readonly #app: AppState;
  readonly #vault: VaultState;
  /** The result holds plaintext keys and PKCS#12 passwords: forgotten when the vault locks. */
  readonly #stopForgetting: () => void;

  constructor({ app, vault }: Pick<Shared, 'app' | 'vault'>) {
    this.#app = app;
    this.#vault = vault;
    this.action = new AsyncAction(app);
    this.#stopForgetting = vault.onLock(() => this.forgetSecrets());
  }

  get parsed() { return this.#parsed; }
  #parsed = $derived(parseUserList(this.usersText));
  /** Blank: the recipe's default validity. Otherwise whole days by the one parseDays (ui/components/days.ts). */
  #validityBlank = $derived(this.validityText.trim() === '');
  get validityDays() { return this.#validityDays; }
  #validityDays: number | undefined = $derived(this.#validityBlank ? undefined : parseDays(this.validityText));
  get validityBad() { return this.#validityBad; }
  #validityBad = $derived(!this.#validityBlank && (this.validityDays === undefined || this.validityDays < 1 || this.validityDays > 3650));
  get issues() { return this.#issues; }
  #issues: UserLineIssue[] = $derived(
    this.parsed.users.length === 0 && this.parsed.issues.length === 0 ? [{ line: 0, field: 'users', code: 'users.empty' }] : this.parsed.issues,
  );
  get canIssue() { return this.#canIssue; }
  #canIssue = $derived.by(() => !!this.caId && this.issues.length === 0 && !this.validityBad && !this.action.running);

  async load(): Promise<void> {
    const store = await this.#vault.ensureOpen();
    this.cas = (await listCas(store.db, { purpose: 'client-verify' })).filter((c) => c.status === 'active');
    if (!this.cas.some((c) => c.id === this.caId)) this.caId = this.cas[0]?.id ?? '';
  }

  async issue(): Promise<void> {
    this.touched = true;
    if (!this.canIssue) return;
    this.result = null;
    const abort = (this.#abort = new AbortController());
    await this.action.run('issue', async () => {
      const store = await this.#vault.ensureOpen();
      this.result = await issueClientCertificates(store, {
        caId: this.caId,
        users: this.parsed.users,
        keySpec: CLIENT_KEYS[this.keyId],
        validityDays: this.validityDays,
        profile: this.profile,
        signal: abort.signal,
        onProgress: (done, total) => {
          this.done = done;
          this.#total = total;
        },
      });
    });
    if (this.#abort === abort) this.#abort = null;
  }

  cancel(): void {
    this.#abort?.abort();
  }

  /** Drops the issued keys and PKCS#12 passwords (vault locked); the certificates stay in the vault. */
  forgetSecrets(): void {
    this.cancel();
    this.result = null;
    this.done = 0;
    this.#total = 0;
  }

  dispose(): void {
    this.#stopForgetting();
  }

  reset(): void {
    this.result = null;
    this.usersText = '';
    this.touched = false;
    this.done = 0;
    this.#total = 0;
  }

  zip = async (): Promise<Uint8Array> => {
    if (!this.result) throw new Error('client-certs: download before issuing');
    return zipClientCerts(this.result, this.#app.lang);
  };
}
