/**
 * The one UI-side holder of the opened Store (src/lib/store) and the vault's lock state, shared by
 * every vault-backed flow. App.svelte creates the page's one instance and shares it through context
 * (state/context.ts: getVault()); flow states receive it through their constructor. Flows call:
 *   await vault.ensureOpen()   -> the Store (opened once per page, lazily)
 *   vault.status               -> 'closed' | 'uninitialized' | 'locked' | 'unlocked' (reactive)
 *   vault.blocked              -> true while the open waits for a tab of an older version of the page
 *                                      to close (it then goes on by itself: the gate says so meanwhile)
 *   vault.canRetryOpen         -> false when the failed open can never work (this page is older than
 *                                      the database: DB_NEWER_VERSION; a migration step failed on the
 *                                      stored data: DB_MIGRATION_FAILED), so the gate offers no retry
 *   vault.closedForUpgrade     -> a newer version of the page in another tab took the database: only
 *                                      a reload helps (the gate offers it instead of the unlock form)
 *   vault.isUnlocked           -> boolean (reactive)
 *   await vault.create(pass)   -> first use: chooses the passphrase, leaves the vault unlocked
 *   await vault.unlock(pass)   -> once per page
 *   vault.lock()               -> forgets the passphrase
 *   vault.lockedBy             -> 'user' | 'idle' | 'other-tab' | 'vault-changed' | 'closed-for-upgrade' | null: why it locked last
 *   vault.lockNotice           -> the i18n key of the notice telling why, or null
 *   await vault.changePassphrase(current, next) -> re-encrypts every key; throws StoreError
 *   vault.setIdleLock(minutes) -> applies the user's idle time to the open vault at once
 *   vault.onLock(forget)       -> flow states register what to forget when the vault locks for
 *                                      any reason (plaintext keys, PKCS#12 passwords; issue 12 item 8)
 * User activity in the page (pointer, keys, wheel) restarts the vault's idle timer: wired here, once,
 * when the store opens, so no component has to report it.
 *   vault.action               -> busy while creating/unlocking; its `error` is the last failure as
 *                                      an i18n-ready DescribedError (or null)
 * create/unlock return true on success and false on a failure the user can fix (wrong or weak
 * passphrase); the reason is in `error`. The passphrase itself is never kept here.
 */
import { MIN_PASSPHRASE_LENGTH, assessPassphrase, isStoreError, openStore, type LockReason as StoreLockReason, type PassphraseProblem, type Store } from '../../lib/store/index.ts';
import { AsyncAction, type LangSource } from './async-action.svelte.ts';

export type VaultStatus = 'closed' | 'uninitialized' | 'locked' | 'unlocked';

export { MIN_PASSPHRASE_LENGTH };

/** What the passphrase fields show as the user types: the store's reason for refusing, or how strong it is. */
export type PassphraseStrength = 'empty' | PassphraseProblem | 'fair' | 'strong';

/** The vault's own rule (lib/store/passphrase.ts, issue 12 item 7), so the form refuses what the vault would. */
export function passphraseStrength(pass: string): PassphraseStrength {
  if (pass === '') return 'empty';
  const a = assessPassphrase(pass);
  if (!a.accepted) return a.problem ?? 'predictable';
  return a.level === 'strong' ? 'strong' : 'fair';
}

/** Whether a new vault passphrase of this strength may be submitted. */
export function passphraseAccepted(strength: PassphraseStrength): boolean {
  return strength === 'fair' || strength === 'strong';
}

/** What the store's open tells the page while it runs. */
export interface OpenHooks {
  /** An older tab blocks the open (openStore's onBlocked): it waits for that tab to close. */
  onBlocked: () => void;
}

export interface VaultStateOptions {
  /** The language of the failure text in `action` (the page's AppState). */
  app: LangSource;
  /** Opens the store (tests inject a fake-indexeddb-backed store with few PBKDF2 iterations). */
  open?: (hooks: OpenHooks) => Promise<Store>;
  /** Where user activity is heard; the page's document by default (none in Node). */
  activityTarget?: EventTarget | null;
}

/** Why the vault locked (the store's reasons, less 'closed': a closing page shows nothing). */
export type LockReason = Exclude<StoreLockReason, 'closed'>;

const LOCK_NOTICES = {
  idle: 'vault.lockedIdle',
  'other-tab': 'vault.lockedOtherTab',
  'vault-changed': 'vault.lockedVaultChanged',
  'closed-for-upgrade': 'vault.lockedClosedForUpgrade',
} as const;
export type LockNoticeKey = (typeof LOCK_NOTICES)[keyof typeof LOCK_NOTICES];

/** What counts as the user being there: pointer, keys, wheel (issue 4: lock after real idleness). */
export const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;
/** pointermove fires many times a second; one restart of the idle timer per second is plenty. */
const ACTIVITY_THROTTLE_MS = 1000;

export class VaultState {
  status = $state<VaultStatus>('closed');
  /** Creating or unlocking; the last failure (a StoreError etc.) and its text in the current language. */
  readonly action: AsyncAction<'create' | 'unlock'>;
  /** Kept raw: the Store is an object graph Svelte must not proxy. */
  get store() { return this.#store; }
  #store = $state.raw<Store | null>(null);
  /** Why the vault locked last; null until then and again once it is unlocked. */
  get lockedBy() { return this.#lockedBy; }
  #lockedBy = $state<LockReason | null>(null);
  /** The open waits for a tab of an older version of the page to close (IndexedDB `blocked`). */
  get blocked() { return this.#blocked; }
  #blocked = $state(false);

  readonly #open: (hooks: OpenHooks) => Promise<Store>;
  readonly #activityTarget: EventTarget | null;
  #opening: Promise<Store> | null = null;
  #unsubscribeLock: (() => void) | null = null;
  #stopActivity: (() => void) | null = null;
  // Callbacks, not state shown anywhere: a plain Set on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #forgetters = new Set<() => void>();

  constructor(options: VaultStateOptions) {
    this.action = new AsyncAction(options.app);
    this.#open = options.open ?? ((hooks) => openStore({ onBlocked: hooks.onBlocked }));
    this.#activityTarget = options.activityTarget === undefined ? (globalThis.document ?? null) : options.activityTarget;
  }

  /** The notice telling why the vault locked by itself (idle, another tab); null after "lock now". */
  get lockNotice(): LockNoticeKey | null {
    const by = this.lockedBy;
    return this.status === 'locked' && by !== null && by !== 'user' ? LOCK_NOTICES[by] : null;
  }

  get isUnlocked(): boolean {
    return this.status === 'unlocked';
  }

  /**
   * Whether the failed open may be tried again: not when this page is older than the database (a
   * newer build upgraded it, DB_NEWER_VERSION): only the newer page can open it; nor when a
   * migration step failed on the stored data (DB_MIGRATION_FAILED): a retry runs the same step on
   * the same records.
   */
  get canRetryOpen(): boolean {
    const failure = this.action.failure;
    return !isStoreError(failure, 'DB_NEWER_VERSION') && !isStoreError(failure, 'DB_MIGRATION_FAILED');
  }

  /** A newer version of the page in another tab took the database: this page's store is closed for good. */
  get closedForUpgrade(): boolean {
    return this.lockedBy === 'closed-for-upgrade';
  }

  /**
   * Opens the store once per page and reads whether a passphrase was chosen already. While an
   * older tab blocks the open, `blocked` is true and every caller waits; the open goes on by itself
   * once that tab closes (nothing is written before: the upgrade is one versionchange transaction).
   */
  async ensureOpen(): Promise<Store> {
    if (this.store) return this.store;
    this.#opening ??= this.#open({ onBlocked: () => (this.#blocked = true) }).then(async (store) => {
      this.#blocked = false;
      this.action.clear();
      await this.attach(store);
      return store;
    });
    try {
      return await this.#opening;
    } catch (e) {
      this.#opening = null;
      this.#blocked = false;
      this.action.fail(e);
      throw e;
    }
  }

  /**
   * Holds `store` as the page's store: its locks reach this state and every registered forgetter,
   * page activity restarts its idle timer. ensureOpen does this; tests call it with their store.
   */
  async attach(store: Store): Promise<void> {
    // Heard at once when a newer tab took the database already (status 'locked', closedForUpgrade).
    this.#unsubscribeLock = store.vault.onLock((reason) => {
      this.status = 'locked';
      this.#lockedBy = reason === 'closed' ? null : reason;
      this.#forget();
    });
    this.#stopActivity = this.#watchActivity(store);
    try {
      if (!store.db.closedForUpgrade) this.status = await store.vault.state();
    } catch (e) {
      // Closed for an upgrade meanwhile: the lock above asks for a reload. Any other failure: this
      // store is dropped, so the gate's "try again" (ensureOpen) opens a new one.
      if (!store.db.closedForUpgrade) {
        this.#unsubscribeLock();
        this.#unsubscribeLock = null;
        this.#stopActivity?.();
        this.#stopActivity = null;
        store.close();
        throw e;
      }
    }
    this.#store = store;
  }

  /**
   * `forget` runs whenever the vault locks (by the user, idle time, another tab): flow states clear
   * what they hold in plaintext there, so it does not reappear after the next unlock. Returns the
   * unsubscribe function (call it when the flow's component goes away).
   */
  onLock(forget: () => void): () => void {
    this.#forgetters.add(forget);
    return () => this.#forgetters.delete(forget);
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
    return this.#run('create', async (store) => {
      await store.vault.initialize(passphrase);
    });
  }

  async unlock(passphrase: string): Promise<boolean> {
    return this.#run('unlock', async (store) => {
      await store.vault.unlock(passphrase);
    });
  }

  /** "Lock now": this tab and every other tab of the vault (the store tells them). */
  lock(): void {
    this.store?.vault.lock();
    if (this.store) this.status = 'locked';
  }

  /**
   * Re-encrypts every stored key under `next` in one transaction and leaves the vault unlocked with
   * it. Throws the StoreError as it is: VAULT_BAD_PASSPHRASE (wrong current one) and
   * VAULT_WEAK_PASSPHRASE change nothing. Returns how many keys were re-encrypted.
   */
  async changePassphrase(current: string, next: string): Promise<number> {
    const store = await this.ensureOpen();
    const { keysReencrypted } = await store.vault.changePassphrase(current, next);
    this.status = await store.vault.state();
    this.#lockedBy = null;
    return keysReencrypted;
  }

  /** Applies the idle time (settings.idleLockMinutes; 0 = never) to the open vault at once. */
  setIdleLock(minutes: number): void {
    this.store?.vault.setIdleTimeout(minutes * 60_000);
  }

  clearError(): void {
    this.action.clear();
  }

  /** For tests and page teardown. */
  close(): void {
    this.#unsubscribeLock?.();
    this.#stopActivity?.();
    this.#stopActivity = null;
    this.store?.close();
    this.#store = null;
    this.#opening = null;
    this.status = 'closed';
  }

  #forget(): void {
    for (const forget of this.#forgetters) {
      try {
        forget();
      } catch (e) {
        console.error('forgetting secrets on lock failed', e);
      }
    }
  }

  #watchActivity(store: Store): (() => void) | null {
    const target = this.#activityTarget;
    if (!target) return null;
    let last = -Infinity;
    const onActivity = (): void => {
      const now = store.clock.now().getTime();
      if (now - last < ACTIVITY_THROTTLE_MS) return;
      last = now;
      store.vault.touch(); // no-op while locked
    };
    const options = { capture: true, passive: true } as const;
    for (const type of ACTIVITY_EVENTS) target.addEventListener(type, onActivity, options);
    return () => {
      for (const type of ACTIVITY_EVENTS) target.removeEventListener(type, onActivity, options);
    };
  }

  /** Runs create/unlock on the open store; on failure the status is read again (the vault may have changed). */
  async #run(kind: 'create' | 'unlock', step: (store: Store) => Promise<void>): Promise<boolean> {
    const ok = await this.action.run(kind, async () => {
      const store = await this.ensureOpen();
      await step(store);
      this.status = await store.vault.state();
      if (this.status === 'unlocked') this.#lockedBy = null;
    });
    if (!ok && this.store) this.status = await this.store.vault.state().catch(() => this.status);
    return ok;
  }
}
