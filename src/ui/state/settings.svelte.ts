/**
 * The user's settings every flow reads: which XMail they run (target) and the defaults for new
 * keys and certificates. Kept in the store's settings record (IndexedDB, via the vault state given
 * to the constructor); reading and saving need the store open, not unlocked. Until loaded, and when the store
 * cannot be opened, the defaults below apply.
 */
import type { KeySpec } from '../../lib/pki/index.ts';
import { DEFAULT_SETTINGS, getSettings, saveSettings, type Settings } from '../../lib/store/index.ts';
import type { XmailTarget } from '../../lib/xmail/index.ts';
import type { AppState } from './app.svelte.ts';
import { AsyncAction } from './async-action.svelte.ts';
import type { VaultState } from './vault.svelte.ts';

/**
 * The default target: the official 1.27 Windows build, the last upstream release and the one most
 * of our users run. Its limits (RSA only, TLS 1.0, SHA-1 client chains) are the strictest, so what
 * is made for it also works with every other build (xmail-tls.md, "Which XMail the user runs").
 * The store's built-in settings use the same one.
 */
export const DEFAULT_TARGET: XmailTarget = DEFAULT_SETTINGS.xmailTarget;

export interface SettingsValues {
  target: XmailTarget;
  keySpec: KeySpec;
  serverValidityDays: number;
  clientValidityDays: number;
}

export const DEFAULT_VALUES: SettingsValues = {
  target: DEFAULT_TARGET,
  keySpec: DEFAULT_SETTINGS.defaults.keySpec,
  serverValidityDays: DEFAULT_SETTINGS.defaults.serverValidityDays,
  clientValidityDays: DEFAULT_SETTINGS.defaults.clientValidityDays,
};

export type SettingsStatus = 'default' | 'loading' | 'loaded' | 'saving' | 'saved' | 'failed';

export class SettingsState {
  get values() { return this.#values; }
  #values = $state<SettingsValues>({ ...DEFAULT_VALUES });
  status = $state<SettingsStatus>('default');
  /** Reading and saving the record; a failure stays here for the page. */
  readonly action: AsyncAction<'load' | 'save'>;
  /** Minutes without activity before the vault locks (the vault section saves it on its own). */
  idleLockMinutes = $state(DEFAULT_SETTINGS.idleLockMinutes);
  #record: Settings | null = null;
  #loading: Promise<void> | null = null;
  readonly #app: AppState;
  readonly #vault: VaultState;

  /** `app` gives the language saved with the settings; `vault` opens the store they live in. */
  constructor(app: AppState, vault: VaultState) {
    this.#app = app;
    this.#vault = vault;
    this.action = new AsyncAction(app);
  }

  get target(): XmailTarget {
    return this.values.target;
  }

  /** Reads the stored settings once per page; never throws (the defaults stay on failure). */
  ensureLoaded(): Promise<void> {
    this.#loading ??= this.#load();
    return this.#loading;
  }

  async #load(): Promise<void> {
    this.status = 'loading';
    const loaded = await this.action.run('load', async () => {
      const store = await this.#vault.ensureOpen();
      const record = await getSettings(store.db);
      this.#record = record;
      this.#values = {
        target: record.xmailTarget,
        keySpec: record.defaults.keySpec,
        serverValidityDays: record.defaults.serverValidityDays,
        clientValidityDays: record.defaults.clientValidityDays,
      };
      this.idleLockMinutes = record.idleLockMinutes;
    });
    this.status = loaded ? 'loaded' : 'failed';
  }

  /** Saves the values and the current language; true on success. */
  async save(next: SettingsValues): Promise<boolean> {
    await this.ensureLoaded(); // never throws: a failed read leaves the record to be read again below
    this.status = 'saving';
    const saved = await this.action.run('save', async () => {
      const store = await this.#vault.ensureOpen();
      const base = this.#record ?? (await getSettings(store.db));
      const { id: _id, rev: _rev, ...rest } = base;
      this.#record = await saveSettings(store.db, {
        ...rest,
        language: this.#app.lang,
        xmailTarget: next.target,
        defaults: { ...base.defaults, keySpec: next.keySpec, serverValidityDays: next.serverValidityDays, clientValidityDays: next.clientValidityDays },
      });
      this.#values = { ...next };
    });
    this.status = saved ? 'saved' : 'failed';
    return saved;
  }

  /**
   * Saves the idle lock time alone (the rest of the record as stored) and applies it to the open
   * vault at once; openStore applies the stored value on the next page load. Throws on failure.
   */
  async saveIdleLock(minutes: number): Promise<void> {
    await this.ensureLoaded();
    const store = await this.#vault.ensureOpen();
    const { id: _id, rev: _rev, ...rest } = this.#record ?? (await getSettings(store.db));
    this.#record = await saveSettings(store.db, { ...rest, idleLockMinutes: minutes });
    this.idleLockMinutes = minutes;
    this.#vault.setIdleLock(minutes);
  }
}
