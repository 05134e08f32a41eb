/**
 * The store's one error class. Every failure of the vault, the IndexedDB layer, backup/restore and
 * the certificate-management operations is a StoreError with a discriminated `code` the UI maps to
 * Japanese/English text, a message naming the step and what was expected versus found, and the
 * original `cause` (a PkiError, a DOMException from IndexedDB) when there was one.
 */
import { CodedError } from '../coded-error.ts';
export type StoreErrorCode =
  | 'DB_UNAVAILABLE'
  | 'DB_BLOCKED'
  | 'DB_NEWER_VERSION'
  | 'DB_MIGRATION_FAILED'
  | 'DB_TRANSACTION_FAILED'
  | 'DB_CONFLICT'
  | 'SERIAL_COLLISION'
  | 'VAULT_NOT_INITIALIZED'
  | 'VAULT_ALREADY_INITIALIZED'
  | 'VAULT_LOCKED'
  | 'VAULT_BAD_PASSPHRASE'
  | 'VAULT_WEAK_PASSPHRASE'
  | 'VAULT_CHANGED'
  | 'NOT_FOUND'
  | 'CA_RETIRED'
  | 'CA_KEY_MISMATCH'
  | 'CA_NOT_A_CA'
  | 'CERT_ALREADY_REVOKED'
  | 'CERT_NO_KEY'
  | 'CERT_KEY_MISMATCH'
  | 'CERT_NOT_RENEWABLE'
  | 'CERT_OUTSIDE_CA'
  | 'KEY_COMPROMISED'
  | 'RENEWAL_PENDING'
  | 'RENEWAL_ANSWER_MISMATCH'
  | 'WRONG_PURPOSE'
  | 'BACKUP_FOREIGN'
  | 'BACKUP_CORRUPT'
  | 'BACKUP_UNSUPPORTED_VERSION'
  | 'BACKUP_PASSPHRASE_REQUIRED'
  | 'BACKUP_TAMPERED'
  | 'BACKUP_UNAUTHENTICATED'
  | 'RECORD_TAMPERED'
  | 'STORE_NOT_EMPTY'
  | 'SETTINGS_INVALID'
  | 'INVALID_ARGUMENT';

export class StoreError extends CodedError<StoreErrorCode> {
  override readonly name = 'StoreError';
}

export function isStoreError(e: unknown, code?: StoreErrorCode): e is StoreError {
  return e instanceof StoreError && (code === undefined || e.code === code);
}
