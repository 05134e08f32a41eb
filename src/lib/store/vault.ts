/**
 * The vault passphrase: chosen when the first key is stored, asked once after the page opens,
 * held in memory only, forgotten on lock() and after an idle time.
 * Invariants:
 *  - Private keys reach IndexedDB only as EncryptedPrivateKeyInfo (PBES2, PBKDF2-HMAC-SHA256,
 *    AES-256-CBC; pki/keys.ts) under the vault passphrase, so `openssl pkcs8` reads them.
 *  - One key derivation per unlock (issue 15 item 1): every key is written with the vault
 *    record's salt and iteration count (each with its own IV), so the PBKDF2 output that checks
 *    the passphrase IS the keys' AES-256 key (RFC 8018 6.2.1); it is held as a non-extractable
 *    CryptoKey while unlocked and dropped on lock. Keys written before (their own salt each) are
 *    re-sealed on the next unlock in one transaction, and still open with the passphrase meanwhile.
 *    The vault record says when no such key can be left (VaultMeta.keySeal 2): then an unlock
 *    reads no key at all (a vault with a key per client certificate holds thousands).
 *  - A wrong passphrase is told by a verifier (SHA-256 of the PBKDF2 output, as in a password
 *    hash) before any key is touched: VAULT_BAD_PASSPHRASE, nothing written.
 *  - Changing the passphrase decrypts and re-encrypts every key in memory first, then writes all of
 *    them in one transaction (db.ts) guarded by their revisions and count.
 *  - Two tabs (issue 12 item 3): a tab remembers the vault record's revision it unlocked; every
 *    commit that seals a key under this tab's passphrase (commitSealed) checks that revision in the
 *    same transaction, so a key is never sealed under a passphrase another tab retired
 *    (VAULT_CHANGED, and this tab locks). "Lock now" and a vault change are announced on
 *    BroadcastChannel('xmail-tls-vault') and lock every tab of the same database; an idle lock
 *    stays in its tab (the user may be working in another one).
 * Size (over ~300 lines): one class whose secrets (passphrase, key-encryption key, MAC keys) and
 * revision check must be read together to see that a lock drops all of them and no seal escapes
 * the revision; the key derivations it uses sit at the end of the file.
 */
import {
  decryptPrivateKey,
  decryptPrivateKeyUnder,
  encryptPrivateKeyUnder,
  equalBytes,
  importKeyEncryptionKey,
  isEncryptedUnder,
  type KeyEncryptionKey,
} from '../pki/index.ts';
import { canonicalJson } from './codec.ts';
import { unchanged, type Changeset, type StoreDb } from './db.ts';
import { StoreError, isStoreError } from './errors.ts';
import { MIN_PASSPHRASE_BITS, MIN_PASSPHRASE_LENGTH, assessPassphrase } from './passphrase.ts';
import type { CaRecord, KeyRecord, VaultMeta } from './schema.ts';

/** OWASP Password Storage Cheat Sheet (2023) for PBKDF2-HMAC-SHA256; issue 4 asks for at least this. */
export const DEFAULT_PBKDF2_ITERATIONS = 600_000;
export { MIN_PASSPHRASE_LENGTH } from './passphrase.ts';

export interface Clock {
  now(): Date;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

export type VaultState = 'uninitialized' | 'locked' | 'unlocked';
/**
 * Why the vault locked: the user ("lock now", in this tab), the idle timer, a "lock now" in another
 * tab, a passphrase change (or any vault change) in another tab, a newer version of the page in
 * another tab taking the database (StoreDb closed for its upgrade: reload), or the page closing the store.
 */
export type LockReason = 'user' | 'idle' | 'other-tab' | 'vault-changed' | 'closed-for-upgrade' | 'closed';

export const VAULT_CHANNEL_NAME = 'xmail-tls-vault';
interface VaultMessage {
  type: 'lock' | 'changed';
  /** The database name: tabs of another database (the test harness) ignore it. */
  db: string;
  source: string;
}

export interface VaultOptions {
  clock?: Clock;
  /** PBKDF2 iterations for a new vault and the keys it encrypts. Tests use a small count. */
  iterations?: number;
  /** Lock after this many ms without activity; 0 = never. */
  idleMs?: number;
  /** Where locks and vault changes are told to other tabs (undefined = the global BroadcastChannel when there is one; null = none). */
  channel?: BroadcastChannel | null;
}

export class Vault {
  readonly #db: StoreDb;
  readonly #clock: Clock;
  readonly #iterations: number;
  #idleMs: number;
  #passphrase: string | null = null;
  /** The vault record's revision when this tab learnt the passphrase; null while locked. */
  #metaRev: number | null = null;
  /** HMAC keys for backups and CA records, derived with the passphrase; null while locked. */
  #keys: VaultKeys | null = null;
  /** The keys' AES key (PBES2 under the vault's salt and iterations); null while locked. */
  #kek: KeyEncryptionKey | null = null;
  /** The unlocked vault's records carry MACs (VaultMeta.auth 2). */
  #authenticated = false;
  #timer: unknown = null;
  #lockListeners = new Set<(reason: LockReason) => void>();
  readonly #channel: BroadcastChannel | null;
  readonly #instanceId = crypto.randomUUID();

  constructor(db: StoreDb, options: VaultOptions = {}) {
    this.#db = db;
    this.#clock = options.clock ?? systemClock;
    this.#iterations = options.iterations ?? DEFAULT_PBKDF2_ITERATIONS;
    this.#idleMs = options.idleMs ?? 15 * 60_000;
    // Feature-detected: Node 18+ and every current browser have BroadcastChannel; without it each
    // tab still refuses a stale seal through the revision check, it only locks later.
    this.#channel =
      options.channel !== undefined ? options.channel : typeof BroadcastChannel === 'function' ? new BroadcastChannel(VAULT_CHANNEL_NAME) : null;
    if (this.#channel) {
      (this.#channel as unknown as { unref?: () => void }).unref?.();
      this.#channel.onmessage = (event: MessageEvent<VaultMessage>) => {
        const m = event.data;
        if (!m || m.db !== this.#db.name || m.source === this.#instanceId) return;
        if (m.type === 'lock') this.#lock('other-tab');
        else if (m.type === 'changed') this.#lock('vault-changed');
      };
    }
    this.#db.onClosedForUpgrade(() => this.#lock('closed-for-upgrade'));
  }

  /** PBKDF2 iterations this vault uses for a new vault and its keys. */
  get iterations(): number {
    return this.#iterations;
  }

  get isUnlocked(): boolean {
    return this.#passphrase !== null;
  }

  async state(): Promise<VaultState> {
    if (this.#passphrase !== null) return 'unlocked';
    return (await this.#db.get('meta', 'vault')) ? 'locked' : 'uninitialized';
  }

  /** Chooses the passphrase (first key stored). Leaves the vault unlocked. */
  async initialize(passphrase: string): Promise<void> {
    checkStrength(passphrase);
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const bits = await derivePassphraseBits(passphrase, salt, this.#iterations);
    const verifier = await verifierOf(bits, salt, 2);
    const meta: VaultMeta = {
      id: 'vault',
      salt,
      iterations: this.#iterations,
      verifier,
      auth: 2,
      keySeal: 2,
      createdAt: this.#clock.now().toISOString(),
      rev: 1,
    };
    try {
      await this.#db.commit({ add: { meta: [meta] }, countsAsChange: true });
    } catch (e) {
      throw new StoreError('VAULT_ALREADY_INITIALIZED', 'vault: a passphrase was chosen already (in this or another tab)', {
        cause: e,
      });
    }
    this.#open(passphrase, meta, await deriveKeys(bits, salt), await importKeyEncryptionKey(bits, salt, meta.iterations));
  }

  /** Unlocks; a vault made before record MACs is migrated here (issue 12 item 4), in one transaction. */
  async unlock(passphrase: string): Promise<void> {
    const meta = await this.#meta();
    const bits = await checkedBits(meta, passphrase);
    const keys = await deriveKeys(bits, meta.salt);
    const kek = await importKeyEncryptionKey(bits, meta.salt, meta.iterations);
    let opened = meta;
    if (meta.auth !== 2) {
      try {
        opened = await this.#migrate(meta, bits, keys.record);
      } catch {
        // another tab wrote meanwhile: stay on the old format, the next unlock migrates
      }
    }
    if (opened.keySeal !== 2) {
      try {
        opened = await this.#resealKeys(opened, passphrase, kek);
      } catch {
        // another tab wrote meanwhile: the keys still open with the passphrase, the next unlock re-seals
      }
    }
    this.#open(passphrase, opened, keys, kek);
  }

  /**
   * Keys written before one derivation per unlock (each under its own salt) are written again
   * under the vault's key-encryption key, and the vault record marked (keySeal 2), all in one
   * transaction guarded by the vault record's revision, every key's revision and their count
   * (issue 15 item 1): a key written, replaced or deleted meanwhile in another tab aborts it, and
   * the next unlock looks again. Each old key costs its own PBKDF2 here, once per vault.
   * Why the mark stays true: only builds of schema 4 and before sealed keys the old way (commit
   * 6fbc1e0 came with DB_VERSION 4), and the mark is written through a connection at this
   * build's DB_VERSION (7 or more). IndexedDB (3.0, section 5.1 "open a database") upgrades a
   * database only once every connection at the lower version has closed (db.ts: `blocked`), and
   * refuses an open at a version below the database's (VersionError): once the mark exists, no tab
   * of such a build can hold the database open, now or later. This build seals every key under the
   * vault, and a merge that brings old-sealed keys from a backup removes the mark (backup.ts).
   */
  async #resealKeys(meta: VaultMeta, passphrase: string, kek: KeyEncryptionKey): Promise<VaultMeta> {
    const all = await this.#db.getAll('keys');
    const put: KeyRecord[] = [];
    for (const k of all) {
      if (isSealedUnder(k.encryptedPkcs8, kek)) continue;
      // A key that does not open with this passphrase (merged from another vault) stays as it is:
      // it fails when used, as before, and never keeps the vault from unlocking.
      const pkcs8 = await decryptPrivateKey(k.encryptedPkcs8, passphrase).catch(() => null);
      if (pkcs8) put.push({ ...k, encryptedPkcs8: await encryptPrivateKeyUnder(pkcs8, kek), rev: k.rev + 1 });
    }
    // Only the mark (no key changed): the same revision, so the other tabs' unlocks stay valid.
    const next: VaultMeta = { ...meta, keySeal: 2, rev: put.length ? meta.rev + 1 : meta.rev };
    await this.#db.commit({
      put: { keys: put, meta: [next] },
      expect: [...unchanged('meta', [meta]), ...unchanged('keys', all)],
      expectCount: { keys: all.length },
      countsAsChange: false,
    });
    if (put.length) this.#post('changed');
    return next;
  }

  /** The CA record with its MAC under this vault's record key (the vault must be unlocked). */
  async sealCa(ca: CaRecord): Promise<CaRecord> {
    this.#require('storing a CA');
    const { mac: _old, ...rest } = ca;
    return { ...rest, mac: await hmac(this.#keys!.record, caMacInput(rest)) };
  }

  /**
   * Refuses a CA record whose certificate, purpose, status or key was changed outside this page
   * (RECORD_TAMPERED): its MAC must match. Vaults made before record MACs carry none until migrated.
   */
  async checkCa(ca: CaRecord): Promise<void> {
    this.#require('checking a CA');
    if (!this.#authenticated) return;
    const rev = this.#metaRev;
    const ok = ca.mac instanceof Uint8Array && (await crypto.subtle.verify('HMAC', this.#keys!.record, ca.mac.slice(), caMacInput(ca).slice()));
    if (ok) return;
    // A passphrase change in another tab MACs every CA again under the new key.
    if ((await this.#db.get('meta', 'vault'))?.rev !== rev) {
      this.#lock('vault-changed');
      throw new StoreError('VAULT_CHANGED', 'vault: the passphrase was changed in another tab since this tab unlocked');
    }
    throw new StoreError('RECORD_TAMPERED', `CA ${ca.name}: its record was changed outside this page (its MAC does not match); it is not used`);
  }

  async #migrate(meta: VaultMeta, bits: Uint8Array, recordKey: CryptoKey): Promise<VaultMeta> {
    const cas = await this.#db.getAll('cas');
    const put: CaRecord[] = [];
    for (const ca of cas) put.push({ ...ca, mac: await hmac(recordKey, caMacInput(ca)), rev: ca.rev + 1 });
    const next: VaultMeta = { ...meta, auth: 2, verifier: await verifierOf(bits, meta.salt, 2), rev: meta.rev + 1 };
    await this.#db.commit({
      put: { meta: [next], cas: put },
      expect: [...unchanged('meta', [meta]), ...unchanged('cas', cas)],
      expectCount: { cas: cas.length },
      countsAsChange: false,
    });
    this.#post('changed');
    return next;
  }

  /**
   * HMAC-SHA256 of `data` under the vault's MAC key (HKDF from the passphrase's PBKDF2 output,
   * never the passphrase itself): authenticates a backup file (issue 12 item 4).
   */
  async mac(data: Uint8Array): Promise<Uint8Array> {
    this.#require('authenticating a backup');
    return hmac(this.#keys!.backup, data);
  }

  /** Whether `mac` is this vault's MAC of `data` (WebCrypto's verify compares in constant time). */
  async macMatches(data: Uint8Array, mac: Uint8Array): Promise<boolean> {
    this.#require('checking a backup');
    return crypto.subtle.verify('HMAC', this.#keys!.backup, mac.slice(), data.slice());
  }

  /** "Lock now": this tab and every other tab of this vault. */
  lock(): void {
    this.#lock('user');
    this.#post('lock');
  }

  /** Locks this tab only, without telling the others (the page is closing the store). */
  lockQuietly(): void {
    this.#lock('closed');
  }

  /**
   * `listener` hears every lock from now on; once the database closed for an upgrade (even before
   * this vault was made, see StoreDb.onClosedForUpgrade) it hears 'closed-for-upgrade' at once.
   */
  onLock(listener: (reason: LockReason) => void): () => void {
    if (this.#db.closedForUpgrade) listener('closed-for-upgrade');
    this.#lockListeners.add(listener);
    return () => this.#lockListeners.delete(listener);
  }

  /**
   * Writes a changeset holding keys this tab sealed (encryptKey): in the same transaction the vault
   * record must still have the revision this tab unlocked, or nothing is written, the error is
   * VAULT_CHANGED and this tab locks (another tab changed the passphrase meanwhile).
   */
  async commitSealed(changes: Changeset): Promise<void> {
    const rev = this.#metaRev;
    if (this.#passphrase === null || rev === null) throw new StoreError('VAULT_LOCKED', 'storing a private key: the vault is locked; unlock it first');
    try {
      await this.#db.commit({ ...changes, expect: [{ store: 'meta', key: 'vault', rev }, ...(changes.expect ?? [])] });
    } catch (e) {
      if (isStoreError(e, 'VAULT_CHANGED')) this.#lock('vault-changed');
      throw e;
    }
  }

  /** Stops hearing other tabs (the store is closing). */
  close(): void {
    this.lockQuietly();
    if (this.#channel) this.#channel.onmessage = null;
    this.#channel?.close();
  }

  /** The idle time the user set (settings.idleLockMinutes); 0 = never lock by itself. */
  setIdleTimeout(ms: number): void {
    this.#idleMs = ms;
    if (this.isUnlocked) this.touch();
  }

  /** Records activity: restarts the idle timer. */
  touch(): void {
    this.#clearTimer();
    if (this.#passphrase !== null && this.#idleMs > 0) {
      this.#timer = this.#clock.setTimeout(() => this.#lock('idle'), this.#idleMs);
    }
  }

  async encryptKey(pkcs8: Uint8Array): Promise<Uint8Array> {
    this.#require('storing a private key');
    return encryptPrivateKeyUnder(pkcs8, this.#kek!);
  }

  async decryptKey(encrypted: Uint8Array): Promise<Uint8Array> {
    const passphrase = this.#require('using a stored private key');
    const rev = this.#metaRev;
    try {
      // A key written under this unlock's key-encryption key opens without a derivation; one from
      // before (or restored from another vault) with the passphrase.
      return (await decryptPrivateKeyUnder(encrypted, this.#kek!)) ?? (await decryptPrivateKey(encrypted, passphrase));
    } catch (e) {
      // The usual reason in a tab unlocked earlier: another tab changed the passphrase since.
      const meta = await this.#db.get('meta', 'vault');
      if (meta?.rev !== rev) {
        this.#lock('vault-changed');
        throw new StoreError('VAULT_CHANGED', 'vault: the passphrase was changed in another tab since this tab unlocked', { cause: e });
      }
      throw new StoreError('VAULT_BAD_PASSPHRASE', 'vault: a stored key does not open with the vault passphrase', {
        cause: e,
      });
    }
  }

  /** Re-encrypts every key under `next` in one transaction; a wrong `current` changes nothing. */
  async changePassphrase(current: string, next: string): Promise<{ keysReencrypted: number }> {
    checkStrength(next);
    const meta = await this.#meta();
    const currentKek = await importKeyEncryptionKey(await checkedBits(meta, current), meta.salt, meta.iterations);
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const bits = await derivePassphraseBits(next, salt, meta.iterations);
    const nextKek = await importKeyEncryptionKey(bits, salt, meta.iterations);
    const keys = await this.#db.getAll('keys');
    const cas = await this.#db.getAll('cas');
    // Two derivations in all (current and next passphrase), not one per key (issue 15 item 1).
    const reencrypted: KeyRecord[] = [];
    for (const k of keys) {
      let pkcs8: Uint8Array;
      try {
        pkcs8 = (await decryptPrivateKeyUnder(k.encryptedPkcs8, currentKek)) ?? (await decryptPrivateKey(k.encryptedPkcs8, current));
      } catch (e) {
        throw new StoreError('VAULT_BAD_PASSPHRASE', `vault: key ${k.id} does not open with the current passphrase`, {
          cause: e,
        });
      }
      reencrypted.push({ ...k, encryptedPkcs8: await encryptPrivateKeyUnder(pkcs8, nextKek), rev: k.rev + 1 });
    }
    const nextMeta: VaultMeta = {
      ...meta,
      salt,
      verifier: await verifierOf(bits, salt, 2),
      auth: 2,
      // Every key was just sealed under the new salt (a key that does not open fails the change).
      keySeal: 2,
      rev: meta.rev + 1,
    };
    const nextKeys = await deriveKeys(bits, salt);
    // The record key changes with the passphrase: every CA record is MACed again in the same transaction.
    const resealed: CaRecord[] = [];
    for (const ca of cas) resealed.push({ ...ca, mac: await hmac(nextKeys.record, caMacInput(ca)), rev: ca.rev + 1 });
    await this.#db.commit({
      put: { keys: reencrypted, meta: [nextMeta], cas: resealed },
      expect: [...unchanged('meta', [meta]), ...unchanged('keys', keys), ...unchanged('cas', cas)],
      expectCount: { keys: keys.length, cas: cas.length },
    });
    this.#open(next, nextMeta, nextKeys, nextKek);
    this.#post('changed');
    return { keysReencrypted: reencrypted.length };
  }

  /** Checks a passphrase against the verifier without unlocking (e.g. before a backup restore). */
  async check(passphrase: string): Promise<boolean> {
    try {
      await checkedBits(await this.#meta(), passphrase);
      return true;
    } catch (e) {
      if (e instanceof StoreError && e.code === 'VAULT_BAD_PASSPHRASE') return false;
      throw e;
    }
  }

  /** The passphrase, for operations that must hand it to pki (an OpenSSL CA export re-encrypts). */
  requirePassphrase(step: string): string {
    return this.#require(step);
  }

  #open(passphrase: string, meta: VaultMeta, keys: VaultKeys, kek: KeyEncryptionKey): void {
    this.#passphrase = passphrase;
    this.#keys = keys;
    this.#kek = kek;
    this.#authenticated = meta.auth === 2;
    this.#metaRev = meta.rev;
    this.touch();
  }

  #lock(reason: LockReason): void {
    const wasUnlocked = this.#passphrase !== null;
    this.#passphrase = null;
    this.#keys = null;
    this.#kek = null;
    this.#authenticated = false;
    this.#metaRev = null;
    this.#clearTimer();
    // Closed for an upgrade: even a locked page must tell the user to reload.
    if (wasUnlocked || reason === 'closed-for-upgrade') for (const l of this.#lockListeners) l(reason);
  }

  #post(type: VaultMessage['type']): void {
    try {
      this.#channel?.postMessage({ type, db: this.#db.name, source: this.#instanceId } satisfies VaultMessage);
    } catch {
      // a closed channel (page unloading) only loses the notice; the revision check still holds
    }
  }

  #require(step: string): string {
    if (this.#passphrase === null) throw new StoreError('VAULT_LOCKED', `${step}: the vault is locked; unlock it first`);
    this.touch();
    return this.#passphrase;
  }

  async #meta(): Promise<VaultMeta> {
    const meta = await this.#db.get('meta', 'vault');
    if (!meta || meta.id !== 'vault') throw new StoreError('VAULT_NOT_INITIALIZED', 'vault: no passphrase has been chosen yet');
    return meta;
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/**
 * Whether a stored key is sealed under the vault's salt and iterations (a key-encryption key or the
 * vault record); a record whose bytes do not even parse is not (it fails when used, as before).
 */
export function isSealedUnder(encryptedPkcs8: Uint8Array, vault: Pick<KeyEncryptionKey, 'salt' | 'iterations'>): boolean {
  try {
    return isEncryptedUnder(encryptedPkcs8, vault);
  } catch {
    return false;
  }
}

/** A new passphrase (vault creation, change) must pass passphrase.ts's rule; unlocking never checks it. */
function checkStrength(passphrase: string): void {
  const a = assessPassphrase(passphrase);
  if (!a.accepted) {
    throw new StoreError(
      'VAULT_WEAK_PASSPHRASE',
      `vault passphrase: expected at least ${MIN_PASSPHRASE_LENGTH} characters and ${MIN_PASSPHRASE_BITS} estimated bits, found ${a.length} characters and ${a.bits} bits (${a.problem})`,
    );
  }
}

/**
 * Checks `passphrase` against the vault record's verifier (VAULT_BAD_PASSPHRASE) and returns the
 * vault's MAC key: one PBKDF2 run serves both. Works for any vault record, ours or a backup's.
 */
export async function openMacKey(meta: Pick<VaultMeta, 'salt' | 'iterations' | 'verifier' | 'auth'>, passphrase: string): Promise<CryptoKey> {
  const bits = await checkedBits(meta, passphrase);
  return (await deriveKeys(bits, meta.salt)).backup;
}

/** The PBKDF2 output for `passphrase`, once it matched the vault record's verifier (VAULT_BAD_PASSPHRASE otherwise). */
async function checkedBits(meta: Pick<VaultMeta, 'salt' | 'iterations' | 'verifier' | 'auth'>, passphrase: string): Promise<Uint8Array> {
  const bits = await derivePassphraseBits(passphrase, meta.salt, meta.iterations);
  if (!equalBytes(await verifierOf(bits, meta.salt, meta.auth === 2 ? 2 : 1), meta.verifier)) {
    throw new StoreError('VAULT_BAD_PASSPHRASE', 'vault: the passphrase does not match the one chosen for this vault');
  }
  return bits;
}

interface VaultKeys {
  backup: CryptoKey;
  record: CryptoKey;
}

async function hmac(key: CryptoKey, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, data.slice()));
}

/** What a CA record's MAC covers: the fields that decide trust (not crlNumber, which a CRL raises). */
function caMacInput(ca: Omit<CaRecord, 'mac'>): Uint8Array {
  const { id, purpose, status, certDer, keyId } = ca;
  return new TextEncoder().encode(`xmail-tls-workshop/ca-record/v1\n${canonicalJson({ id, purpose, status, certDer, keyId })}`);
}

/** PBKDF2-HMAC-SHA256(passphrase, salt, iterations), 256 bits: the root of the verifier and the MAC key. */
async function derivePassphraseBits(passphrase: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt.slice(), iterations }, base, 256));
}

/**
 * Tells a wrong passphrase. Version 1 (vaults before record MACs): SHA-256 of the PBKDF2 output, as
 * in a password hash. Version 2: HKDF-SHA256 of it with its own label. Removing `auth: 2` from a
 * vault record cannot turn it into a version-1 vault (which would skip the record MACs): nobody
 * without the passphrase can compute the version-1 verifier that would then be needed.
 */
async function verifierOf(bits: Uint8Array, salt: Uint8Array, version: 1 | 2): Promise<Uint8Array> {
  if (version === 1) return new Uint8Array(await crypto.subtle.digest('SHA-256', bits.slice()));
  const ikm = await crypto.subtle.importKey('raw', bits.slice(), 'HKDF', false, ['deriveBits']);
  const info = new TextEncoder().encode('xmail-tls-workshop verifier v2');
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: salt.slice(), info }, ikm, 256));
}

/**
 * The backup MAC key: HKDF-SHA256 (RFC 5869) from the PBKDF2 output with its own label, so it is
 * independent of the verifier (SHA-256 of the same bits) and of the passphrase itself.
 */
async function deriveKeys(bits: Uint8Array, salt: Uint8Array): Promise<VaultKeys> {
  const ikm = await crypto.subtle.importKey('raw', bits.slice(), 'HKDF', false, ['deriveKey']);
  const key = (label: string) =>
    crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: salt.slice(), info: new TextEncoder().encode(label) },
      ikm,
      { name: 'HMAC', hash: 'SHA-256', length: 256 },
      false,
      ['sign', 'verify'],
    );
  return { backup: await key('xmail-tls-workshop backup MAC v1'), record: await key('xmail-tls-workshop record MAC v1') };
}

/** The version-1 verifier (vaults made before record MACs; tests build such a vault with it). */
export async function deriveVerifier(passphrase: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  return verifierOf(await derivePassphraseBits(passphrase, salt, iterations), salt, 1);
}
