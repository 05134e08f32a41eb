/**
 * The harness API's plain types and constants, shared by the page (main.ts) and the specs.
 * No value here may touch the DOM: Node imports this file.
 */
import type { StoreName } from '../../../src/lib/store/index.ts';

export interface OpenOptions {
  /** Database name (each test uses its own). */
  name?: string;
  /** PBKDF2 iterations for a NEW vault (openStore's test option; default 600000). */
  iterations?: number;
  /**
   * Holds the next commit inside its transaction, after every write was issued, for this many ms
   * (a synchronous wait in the store's beforeCommit hook: nothing can commit meanwhile), and says
   * so on the console with HOLD_MARK. Lets a test close the page during a commit.
   */
  holdNextCommitMs?: number;
  /** false: the vault hears no other tab (no BroadcastChannel), so only the revision check guards it. */
  hearOtherTabs?: boolean;
}

export const HOLD_MARK = '[harness] commit held';

/** What a consistent store looks like: every list empty. */
export interface StoreAudit {
  counts: Record<StoreName, number>;
  /** "caId/serialHex" seen more than once. */
  duplicateSerials: string[];
  /** Certificate ids whose keyId is null or names no key record. */
  certificatesWithoutKey: string[];
  /** Certificate ids whose caId names no CA. */
  certificatesWithoutCa: string[];
  /** Key ids that no certificate and no CA uses. */
  orphanKeys: string[];
  /** Revocation ids without a revoked certificate. */
  danglingRevocations: string[];
  /** With `openKeys`: certificate ids whose decrypted key does not hold the certificate's public key. */
  keyMismatches: string[];
  serials: string[];
}
