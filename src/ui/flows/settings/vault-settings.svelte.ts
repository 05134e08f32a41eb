/**
 * The 保管庫 / vault section of the settings flow: the idle lock time (validated as typed, saved
 * with the store's settings and applied to the open vault at once) and the passphrase change
 * (current, new, repeat; re-encrypts every stored key in one transaction, issue 4). Locking now
 * is vaultState.lock(). Nothing is written until an explicit, awaited save()/submit().
 */
import { IDLE_LOCK_MINUTES_RANGE } from '../../../lib/store/index.ts';
import { describeError, type DescribedError } from '../../i18n/error-messages.ts';
import { app } from '../../state/app.svelte.ts';
import { settingsState } from '../../state/settings.svelte.ts';
import { MIN_PASSPHRASE_LENGTH, passphraseAccepted, passphraseStrength, vaultState } from '../../state/vault.svelte.ts';

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

export class IdleLockForm {
  /** The user's edit; null shows the stored value. */
  text = $state<string | null>(null);
  status = $state<ActionStatus>('idle');
  failure = $state.raw<unknown>(null);

  current = $derived(this.text ?? String(settingsState.idleLockMinutes));
  minutes = $derived(parseIdleMinutes(this.current));
  changed = $derived(this.minutes !== undefined && this.minutes !== settingsState.idleLockMinutes);

  get error(): DescribedError | null {
    return this.failure === null ? null : describeError(app.lang, this.failure);
  }

  edit(text: string): void {
    this.text = text;
    this.status = 'idle';
  }

  /** Saves and applies the time; true on success. */
  async save(): Promise<boolean> {
    const minutes = this.minutes;
    if (minutes === undefined || this.status === 'working') return false;
    this.status = 'working';
    this.failure = null;
    try {
      await settingsState.saveIdleLock(minutes);
      this.text = null;
      this.status = 'done';
      return true;
    } catch (e) {
      this.failure = e;
      this.status = 'failed';
      return false;
    }
  }
}

export class ChangePassphraseForm {
  current = $state('');
  next = $state('');
  repeat = $state('');
  status = $state<ActionStatus>('idle');
  failure = $state.raw<unknown>(null);
  keysReencrypted = $state(0);

  strength = $derived(passphraseStrength(this.next));
  mismatch = $derived(this.repeat !== '' && this.repeat !== this.next);
  sameAsCurrent = $derived(this.next !== '' && this.next === this.current);
  ready = $derived(
    this.current !== '' && passphraseAccepted(this.strength) && this.repeat === this.next && !this.sameAsCurrent,
  );

  readonly minLength = MIN_PASSPHRASE_LENGTH;

  get error(): DescribedError | null {
    return this.failure === null ? null : describeError(app.lang, this.failure);
  }

  /**
   * Changes the passphrase; true on success. On failure (a wrong current passphrase: nothing was
   * changed) the fields stay as typed so the user can correct the current one.
   */
  async submit(): Promise<boolean> {
    if (!this.ready || this.status === 'working') return false;
    this.status = 'working';
    this.failure = null;
    try {
      this.keysReencrypted = await vaultState.changePassphrase(this.current, this.next);
      this.current = '';
      this.next = '';
      this.repeat = '';
      this.status = 'done';
      return true;
    } catch (e) {
      this.failure = e;
      this.status = 'failed';
      return false;
    }
  }
}
