/**
 * What every vault operation works with: the database, the unlocked vault, a clock, and the
 * sources of ids and serials (injectable so tests can force a serial collision).
 */
import { generateSerialHex } from '../pki/index.ts';
import type { StoreDb } from './db.ts';
import type { Clock, Vault } from './vault.ts';

export interface StoreContext {
  db: StoreDb;
  vault: Vault;
  clock: Clock;
  newId: () => string;
  /** 16 random bytes, positive (pki/serial.ts); unique per CA is enforced by the schema. */
  newSerialHex: () => string;
}

export const defaultIdSource = (): string => crypto.randomUUID();
export const defaultSerialSource = generateSerialHex;
