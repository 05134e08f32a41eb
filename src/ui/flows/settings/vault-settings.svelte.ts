/**
 * The 保管庫 / vault section of the settings flow: the idle lock time (validated as typed, saved
 * with the store's settings and applied to the open vault at once) and the passphrase change
 * (current, new, repeat; re-encrypts every stored key in one transaction, issue 4). Locking now
 * is VaultState.lock(). Nothing is written until an explicit, awaited save()/submit().
 */
import { IDLE_LOCK_MINUTES_RANGE } from '../../../lib/store/index.ts';
import { AsyncAction } from '../../state/async-action.svelte.ts';
import type { Shared } from '../../state/context.ts';
import type { SettingsState } from '../../state/settings.svelte.ts';
import { MIN_PASSPHRASE_LENGTH, passphraseAccepted, passphraseStrength, type VaultState } from '../../state/vault.svelte.ts';

/**
 * A working day: longer would leave the keys open overnight on an unattended desk. The store's
 * range (saveSettings refuses anything else with SETTINGS_INVALID, and so does a restore).
 */
export const MIN_IDLE_LOCK_MINUTES = IDLE_LOCK_MINUTES_RANGE.min;
export const MAX_IDLE_LOCK_MINUTES = IDLE_LOCK_MINUTES_RANGE.max;

/** Whole minutes MIN..MAX_IDLE_LOCK_MINUTES; anything else (empty, 0, decimals, text) is undefined. */
export function parseIdleMinutes(text: string): number | undefined {
  if (!/^\s*\d{1,3}\s*$/.test(text)) return undefined;
  const n = Number(text);
  return n >= MIN_IDLE_LOCK_MINUTES && n <= MAX_IDLE_LOCK_MINUTES ? n : undefined;
}

type ActionStatus = 'idle' | 'working' | 'done' | 'failed';

/**
 * A form's one awaited action (AsyncAction: running, failure, error) and whether it finished:
 * working while it runs, then done or failed. The forms expose it as `action`, so no form repeats
 * the status/failure/error getters (issue 13 item 5).
 */
class FormAction extends AsyncAction<'working'> {
  done = $state(false);

  get status(): ActionStatus {
    if (this.running) return 'working';
    if (this.failure !== null) return 'failed';
    return this.done ? 'done' : 'idle';
  }

  /** Runs `step` unless one is running; true when it succeeded. */
  async submit(step: () => Promise<void>): Promise<boolean> {
    if (this.running) return false;
    this.done = false;
    this.done = await this.run('working', step);
    return this.done;
  }
}

export class IdleLockForm {
  /** The user's edit; null shows the stored value. */
  text = $state<string | null>(null);
  readonly action: FormAction;
  readonly #settings: SettingsState;

  constructor({ app, settings }: Pick<Shared, 'app' | 'settings'>) {
    this.action = new FormAction(app);
    this.#settings = settings;
  }

  get current() { return this.#current; }
  #current = $derived.by(() => this.text ?? String(this.#settings.idleLockMinutes));
  get minutes() { return this.#minutes; }
  #minutes = $derived(parseIdleMinutes(this.current));
  get changed() { return this.#changed; }
  #changed = $derived.by(() => this.minutes !== undefined && this.minutes !== this.#settings.idleLockMinutes);

  edit(text: string): void {
    this.text = text;
    this.action.done = false;
  }

  /** Saves and applies the time; true on success. */
  async save(): Promise<boolean> {
    const minutes = this.minutes;
    if (minutes === undefined) return false;
    return this.action.submit(async () => {
      await this.#settings.saveIdleLock(minutes);
      this.text = null;
    });
  }
}

export class ChangePassphraseForm {
  current = $state('');
  next = $state('');
  repeat = $state('');
  readonly action: FormAction;
  readonly #vault: VaultState;
  get keysReencrypted() { return this.#keysReencrypted; }
  #keysReencrypted = $state(0);

  constructor({ app, vault }: Pick<Shared, 'app' | 'vault'>) {
    this.action = new FormAction(app);
    this.#vault = vault;
  }

  get strength() { return this.#strength; }
  #strength = $derived(passphraseStrength(this.next));
  get mismatch() { return this.#mismatch; }
  #mismatch = $derived(this.repeat !== '' && this.repeat !== this.next);
  get sameAsCurrent() { return this.#sameAsCurrent; }
  #sameAsCurrent = $derived(this.next !== '' && this.next === this.current);
  get ready() { return this.#ready; }
  #ready = $derived(
    this.current !== '' && passphraseAccepted(this.strength) && this.repeat === this.next && !this.sameAsCurrent,
  );

  readonly minLength = MIN_PASSPHRASE_LENGTH;

  /**
   * Changes the passphrase; true on success. On failure (a wrong current passphrase: nothing was
   * changed) the fields stay as typed so the user can correct the current one.
   */
  async submit(): Promise<boolean> {
    if (!this.ready) return false;
    return this.action.submit(async () => {
      this.#keysReencrypted = await this.#vault.changePassphrase(this.current, this.next);
      this.current = '';
      this.next = '';
      this.repeat = '';
    });
  }
}
