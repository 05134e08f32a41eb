/**
 * The vault's public surface: open the store, unlock it, run the certificate-management
 * operations, back up and restore. The UI imports only from here.
 */
import { defaultIdSource, defaultSerialSource, type StoreContext } from './context.ts';
import { StoreDb, type ChangeListener, type DbOptions } from './db.ts';
import { IDLE_LOCK_MINUTES_RANGE } from './record-schema.ts';
import { getSettings } from './repositories.ts';
import { DEFAULT_SETTINGS } from './schema.ts';
import { Vault, systemClock, type Clock } from './vault.ts';

export * from './errors.ts';
export * from './schema.ts';
export { StoreDb, CHANNEL_NAME, MIGRATIONS, requestPersistence, type Changeset, type StoreChangeMessage, type ChangeListener } from './db.ts';
export { assessPassphrase, MIN_PASSPHRASE_BITS, type PassphraseAssessment, type PassphraseProblem, type PassphraseLevel } from './passphrase.ts';
export { Vault, DEFAULT_PBKDF2_ITERATIONS, MIN_PASSPHRASE_LENGTH, VAULT_CHANNEL_NAME, systemClock, type Clock, type LockReason, type VaultState } from './vault.ts';
export type { StoreContext } from './context.ts';
export * from './repositories.ts';
export * from './operations/index.ts';
export * from './pending-requests.ts';
export { keepExternalCertificate, type KeepExternalCertificateInput, type KeptExternalCertificate } from './external-certificates.ts';
export * from './renewal-requests.ts';
export * from './backup.ts';
export { PBKDF2_ITERATIONS_RANGE, IDLE_LOCK_MINUTES_RANGE, SETTINGS_DAYS_RANGE, REMINDER_DAYS_RANGE } from './record-schema.ts';
export * from './calendar.ts';
export * from './openssl-ca-export.ts';

export interface OpenStoreOptions extends DbOptions {
  clock?: Clock;
  /** PBKDF2 iterations for a new vault and its keys (default 600000; tests pass a small count). */
  iterations?: number;
  newId?: () => string;
  newSerialHex?: () => string;
  /** Where the vault tells other tabs of a lock or a passphrase change (undefined = BroadcastChannel when there is one; null = none). */
  vaultChannel?: BroadcastChannel | null;
}

export interface Store extends StoreContext {
  subscribe(listener: ChangeListener): () => void;
  close(): void;
}

/** Opens (and migrates) the database and wires the vault's idle lock to the user's setting. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const db = await StoreDb.open(options);
  const clock = options.clock ?? systemClock;
  const settings = await getSettings(db);
  // A value stored before saveSettings checked ranges (or by hand) falls back to the default.
  const minutes = settings.idleLockMinutes;
  const idleLockMinutes =
    Number.isSafeInteger(minutes) && minutes >= IDLE_LOCK_MINUTES_RANGE.min && minutes <= IDLE_LOCK_MINUTES_RANGE.max ? minutes : DEFAULT_SETTINGS.idleLockMinutes;
  const vault = new Vault(db, { clock, iterations: options.iterations, idleMs: idleLockMinutes * 60_000, channel: options.vaultChannel });
  return {
    db,
    vault,
    clock,
    newId: options.newId ?? defaultIdSource,
    newSerialHex: options.newSerialHex ?? defaultSerialSource,
    subscribe: (listener) => db.subscribe(listener),
    close: () => {
      vault.close();
      db.close();
    },
  };
}
