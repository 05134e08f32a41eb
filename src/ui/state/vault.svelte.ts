/**
 * The one UI-side holder of the opened Store (src/lib/store) and the vault's lock state, shared by
 * every vault-backed flow. Flows call:
 *   await vaultState.ensureOpen()   -> the Store (opened once per page, lazily)
 *   vaultState.status               -> 'closed' | 'uninitialized' | 'locked' | 'unlocked' (reactive)
 *   vaultState.isUnlocked           -> boolean (reactive)
 *   await vaultState.create(pass)   -> first use: chooses the passphrase, leaves the vault unlocked
 *   await vaultState.unlock(pass)   -> once per page
 *   vaultState.lock()               -> forgets the passphrase
 *   vaultState.error                -> the last failure as an i18n-ready DescribedError (or null)
 * create/unlock return true on success and false on a failure the user can fix (wrong or weak
 * passphrase); the reason is in `error`. The passphrase itself is never kept here.
 */
import { MIN_PASSPHRASE_LENGTH, openStore, type Store } from '../../lib/store/index.ts';
import { describeError, type DescribedError } from '../i18n/error-messages.ts';
import { app } from './app.svelte.ts';

export type VaultStatus = 'closed' | 'uninitialized' | 'locked' | 'unlocked';

export { MIN_PASSPHRASE_LENGTH };

export type PassphraseStrength = 'empty' | 'too-short' | 'weak' | 'fair' | 'strong';

/** A hint only (the vault itself enforces MIN_PASSPHRASE_LENGTH): length and character variety. */
export function passphraseStrength(pass: string): PassphraseStrength {
  const length = [...pass].length;
  if (length === 0) return 'empty';
  if (length < MIN_PASSPHRASE_LENGTH) return 'too-short';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(pass)).length;
  if (length >= 16 || (length >= 12 && classes >= 3)) return 'strong';
  if (length >= 10 && classes >= 2) return 'fair';
  return 'weak';
}

export interface VaultStateOptions {
  /** Opens the store (tests inject a fake-indexeddb-backed store with few PBKDF2 iterations). */
  open?: () => Promise<Store>;
}

export class VaultState {
  status = $state<VaultStatus>('closed');
  busy = $state(false);
  /** The last failure (a StoreError etc.); `error` gives its text in the current language. */
  failure = $state.raw<unknown>(null);
  /** Kept raw: the Store is an object graph Svelte must not proxy. */
  store = $state.raw<Store | null>(null);

  readonly #open: () => Promise<Store>;
  #opening: Promise<Store> | null = null;
  #unsubscribeLock: (() => void) | null = null;

  constructor(options: VaultStateOptions = {}) {
    this.#open = options.open ?? (() => openStore());
  }

  get error(): DescribedError | null {
    return this.failure === null ? null : describeError(app.lang, this.failure);
  }

  get isUnlocked(): boolean {
    return this.status === 'unlocked';
  }

  /** Opens the store once per page and reads whether a passphrase was chosen already. */
  async ensureOpen(): Promise<Store> {
    if (this.store) return this.store;
    this.#opening ??= this.#open().then(async (store) => {
      this.store = store;
      this.#unsubscribeLock = store.vault.onLock(() => {
        this.status = 'locked';
      });
      this.status = await store.vault.state();
      return store;
    });
    try {
      return await this.#opening;
    } catch (e) {
      this.#opening = null;
      this.failure = e;
      throw e;
    }
  }

  /** Re-reads the state (another tab may have created the vault). Never throws. */
  async refresh(): Promise<void> {
    try {
      const store = await this.ensureOpen();
      this.status = await store.vault.state();
    } catch {
      // error is set by ensureOpen
    }
  }

  async create(passphrase: string): Promise<boolean> {
    return this.#run(async (store) => {
      await store.vault.initialize(passphrase);
    });
  }

  async unlock(passphrase: string): Promise<boolean> {
    return this.#run(async (store) => {
      await store.vault.unlock(passphrase);
    });
  }

  lock(): void {
    this.store?.vault.lock();
    if (this.store) this.status = 'locked';
  }

  clearError(): void {
    this.failure = null;
  }

  /** For tests and page teardown. */
  close(): void {
    this.#unsubscribeLock?.();
    this.store?.close();
    this.store = null;
    this.#opening = null;
    this.status = 'closed';
  }

  async #run(action: (store: Store) => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.failure = null;
    try {
      const store = await this.ensureOpen();
      await action(store);
      this.status = await store.vault.state();
      return true;
    } catch (e) {
      this.failure = e;
      if (this.store) this.status = await this.store.vault.state().catch(() => this.status);
      return false;
    } finally {
      this.busy = false;
    }
  }
}

export const vaultState = new VaultState();
