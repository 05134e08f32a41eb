/**
 * Restoring a backup (recipes' restoreFromBackup): with or without an unlocked vault, since into an
 * empty browser it comes before any passphrase. The backup's passphrase is forgotten after each
 * restore and when the vault locks (issue 12 item 8).
 */
import { restoreFromBackup } from '../../../lib/recipes/index.ts';
import { isStoreError, type RestoreReport } from '../../../lib/store/index.ts';
import { AsyncAction } from '../../state/async-action.svelte.ts';
import type { Shared } from '../../state/context.ts';
import type { VaultState } from '../../state/vault.svelte.ts';

export class RestoreState {
  mode = $state<'empty' | 'merge'>('empty');
  passphrase = $state('');
  text = $state.raw<string | null>(null);
  get fileName() { return this.#fileName; }
  #fileName = $state('');
  report = $state.raw<RestoreReport | null>(null);
  /** Busy while restoring (`action.running`), the failure kept (`action.error`). */
  readonly action: AsyncAction<'restore'>;
  /** The user accepted restoring a backup without a MAC (offered only after BACKUP_UNAUTHENTICATED). */
  acceptUnauthenticated = $state(false);
  readonly #vault: VaultState;
  readonly #stopForgetting: () => void;

  /** `vault` is restored into (it opens without a passphrase) and re-read after. */
  constructor({ app, vault }: Pick<Shared, 'app' | 'vault'>) {
    this.action = new AsyncAction(app);
    this.#vault = vault;
    this.#stopForgetting = vault.onLock(() => this.forgetSecrets());
  }

  /**
   * On lock: the backup passphrase, and the last restore's report and failure, so no restore
   * message shows again after the next unlock (lock-forgets.svelte.test.ts).
   */
  forgetSecrets(): void {
    this.passphrase = '';
    this.report = null;
    this.action.clear();
  }

  dispose(): void {
    this.#stopForgetting();
  }

  /** The last attempt was refused because the file has no MAC: the form offers to accept that. */
  get unauthenticated(): boolean {
    return isStoreError(this.action.failure, 'BACKUP_UNAUTHENTICATED') || this.acceptUnauthenticated;
  }

  setFile(name: string, bytes: Uint8Array): void {
    this.acceptUnauthenticated = false;
    this.#fileName = name;
    this.text = new TextDecoder().decode(bytes);
    this.report = null;
    this.action.clear();
  }

  async restore(): Promise<void> {
    const text = this.text;
    if (text === null) return;
    try {
      await this.action.run('restore', async () => {
        const store = await this.#vault.ensureOpen();
        this.report = await restoreFromBackup(store, text, {
          mode: this.mode,
          ...(this.passphrase ? { backupPassphrase: this.passphrase } : {}),
          ...(this.acceptUnauthenticated ? { acceptUnauthenticated: true } : {}),
        });
        await this.#vault.refresh();
      });
    } finally {
      this.passphrase = '';
    }
  }
}
