/**
 * Backup and restore: one JSON file holding every store (keys stay encrypted PKCS#8) and a
 * manifest of SHA-256 sums, one per store over its canonical JSON (codec.ts).
 * Invariants:
 *  - A file that is not ours (BACKUP_FOREIGN), from a newer version (BACKUP_UNSUPPORTED_VERSION),
 *    or whose sums or records do not check out (BACKUP_CORRUPT) is refused whole before anything
 *    is written. Every record passes the full schema (record-schema.ts: types, closed sets, ranges
 *    such as PBKDF2 iterations 100,000 to 10,000,000 and an idle lock of 1 to 480 minutes, no
 *    unknown or `__proto__` keys) and is rebuilt from its known fields; nesting is bounded before
 *    anything recurses over the file.
 *  - Restore is one transaction: into an empty store (everything, as it was), or a merge that adds
 *    what is missing, skips what is identical and lists every conflict; nothing is overwritten.
 *  - A backup from an older schema is restorable: its records are brought to this schema first
 *    (upgradeSnapshot), as the database migrations (db.ts) bring stored records.
 *  - dumpStore() is the canonical, deterministic picture of a store, used to compare stores.
 *  - Authenticated (issue 12 item 4): `mac` is HMAC-SHA256 over the file's header and manifest (whose
 *    sums cover every record), keyed from the vault passphrase (vault.ts: HKDF from the PBKDF2
 *    output). A file whose sums were recomputed after a change is BACKUP_TAMPERED; checking needs
 *    the backup's passphrase (BACKUP_PASSPHRASE_REQUIRED), or this vault unlocked when the backup
 *    is of this very vault. A file without `mac` (made before, or stripped) is BACKUP_UNAUTHENTICATED
 *    unless the caller says the user accepted the warning (`acceptUnauthenticated`).
 * Size (just over 300 lines): writing and restoring share the file format, the manifest and the
 * MAC; split apart they would each need the other's private helpers.
 */
import { decodeBase64, decryptPrivateKey, encodeBase64, equalBytes, sha256Hex } from '../pki/index.ts';
import { canonicalJson, toJsonValue, type Json } from './codec.ts';
import type { StoreContext } from './context.ts';
import type { Snapshot, StoreDb } from './db.ts';
import { StoreError } from './errors.ts';
import { BACKUP_MAX_DEPTH, PBKDF2_ITERATIONS_RANGE, SchemaViolation, jsonNestingExceeds, recordCheck } from './record-schema.ts';
import {
  CONTENT_STORES,
  DB_VERSION,
  STORE_NAMES,
  STORE_SINCE,
  upgradeV2Settings,
  type KeyRecord,
  type RecordOf,
  type StoreName,
  type VaultMeta,
} from './schema.ts';
import { isSealedUnder, openMacKey } from './vault.ts';

export const BACKUP_FORMAT = 'xmail-tls-workshop/backup';
export const BACKUP_VERSION = 1;

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: number;
  schemaVersion: number;
  createdAt: string;
  manifest: Record<StoreName, { count: number; sha256: string }>;
  stores: Record<StoreName, Json[]>;
  /** HMAC-SHA256 (base64) of macInput(file) under the vault's backup MAC key; absent in older files. */
  mac?: string;
}

/** What the MAC covers: every field but `stores`, whose sections the manifest's sums pin. */
function macInput(file: BackupFile): Uint8Array {
  const { format, version, schemaVersion, createdAt, manifest } = file;
  return new TextEncoder().encode(canonicalJson({ format, version, schemaVersion, createdAt, manifest }));
}

function sortedById<T extends { id: string }>(records: T[]): T[] {
  return [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Deterministic JSON of everything in the store (records sorted by id, keys sorted). */
export async function dumpStore(db: StoreDb): Promise<string> {
  const snapshot = await db.readAll();
  const out: Record<string, unknown> = {};
  for (const s of STORE_NAMES) out[s] = sortedById(snapshot[s] as Array<{ id: string }>);
  return JSON.stringify(toJsonValue(out), null, 1);
}

export interface CreatedBackup {
  filename: string;
  text: string;
  createdAt: string;
}

/** Serializes every store into one file and records "backed up now" (same transaction). */
export async function createBackup(ctx: StoreContext): Promise<CreatedBackup> {
  ctx.vault.requirePassphrase('making a backup'); // the MAC needs the key: refuse before "backed up" is recorded
  const createdAt = ctx.clock.now().toISOString();
  const snapshot = await ctx.db.snapshotForBackup(createdAt);
  const stores = {} as Record<StoreName, Json[]>;
  const manifest = {} as BackupFile['manifest'];
  for (const s of STORE_NAMES) {
    const records = sortedById(snapshot[s] as Array<{ id: string }>).map((r) => toJsonValue(r));
    stores[s] = records;
    manifest[s] = { count: records.length, sha256: await sha256Hex(JSON.stringify(records)) };
  }
  const file: BackupFile = { format: BACKUP_FORMAT, version: BACKUP_VERSION, schemaVersion: DB_VERSION, createdAt, manifest, stores };
  file.mac = encodeBase64(await ctx.vault.mac(macInput(file)));
  const stamp = createdAt.replace(/[-:]/g, '').slice(0, 15);
  return { filename: `xmail-tls-backup-${stamp}.json`, text: JSON.stringify(file, null, 1) + '\n', createdAt };
}

export interface ParseBackupOptions {
  /**
   * The fewest PBKDF2 iterations a backup's vault may use (PBKDF2_ITERATIONS_RANGE.min, 100,000);
   * restoreBackup lowers it only to the count this store itself uses (tests use a small one).
   */
  minIterations?: number;
}

/** Checks a backup file completely; returns its records or throws, never half. */
export async function parseBackup(text: string, options: ParseBackupOptions = {}): Promise<{ file: BackupFile; snapshot: Snapshot }> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new StoreError('BACKUP_FOREIGN', 'restore: expected a JSON backup file, found something that is not JSON', { cause: e });
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== BACKUP_FORMAT) {
    throw new StoreError('BACKUP_FOREIGN', `restore: expected a file with format "${BACKUP_FORMAT}", found another kind of file`);
  }
  // Before anything recurses over it (JSON.stringify for the sums overflows the stack at ~10,000 levels).
  if (jsonNestingExceeds(text, BACKUP_MAX_DEPTH)) {
    throw new StoreError('BACKUP_CORRUPT', `restore: expected nesting of at most ${BACKUP_MAX_DEPTH} levels, found deeper`);
  }
  const file = raw as BackupFile;
  if (!Number.isSafeInteger(file.version) || file.version < 1 || file.version > BACKUP_VERSION || !Number.isSafeInteger(file.schemaVersion) || file.schemaVersion < 2 || file.schemaVersion > DB_VERSION) {
    throw new StoreError(
      'BACKUP_UNSUPPORTED_VERSION',
      `restore: expected backup version ${BACKUP_VERSION} (schema 2 to ${DB_VERSION}), found ${String(file.version)} (schema ${String(file.schemaVersion)})`,
    );
  }
  if (!isObject(file.manifest) || !isObject(file.stores)) {
    throw new StoreError('BACKUP_CORRUPT', 'restore: the manifest or the stores section is missing');
  }
  const extra = Object.keys(file.stores).filter((s) => !STORE_NAMES.includes(s as StoreName));
  if (extra.length) throw new StoreError('BACKUP_CORRUPT', `restore: unknown sections ${extra.join(', ')}`);
  const snapshot = {} as Record<StoreName, unknown[]>;
  for (const s of STORE_NAMES) {
    const records = Object.hasOwn(file.stores, s) ? file.stores[s] : undefined;
    const entry = Object.hasOwn(file.manifest, s) ? file.manifest[s] : undefined;
    if (records === undefined && entry === undefined && file.schemaVersion < (STORE_SINCE[s] ?? 0)) {
      snapshot[s] = []; // made before this store existed
      continue;
    }
    if (!Array.isArray(records) || !isObject(entry) || typeof entry.sha256 !== 'string') {
      throw new StoreError('BACKUP_CORRUPT', `restore: section "${s}" or its manifest entry is missing`);
    }
    const sum = await sha256Hex(JSON.stringify(records));
    if (sum !== entry.sha256 || records.length !== entry.count) {
      throw new StoreError('BACKUP_CORRUPT', `restore: section "${s}": expected SHA-256 ${entry.sha256}, found ${sum}`);
    }
    snapshot[s] = checkSection(s, records, file.schemaVersion, options.minIterations ?? PBKDF2_ITERATIONS_RANGE.min);
  }
  return { file, snapshot: upgradeSnapshot(file.schemaVersion, snapshot as unknown as Snapshot) };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every record of one section through the full schema (record-schema.ts): fresh records, unique ids. */
function checkSection(s: StoreName, records: unknown[], schemaVersion: number, minIterations: number): unknown[] {
  const check = recordCheck(s, schemaVersion, { minIterations });
  const ids = new Set<string>();
  return records.map((r, i) => {
    let record: { id: string };
    try {
      record = check(r, `${s}[${i}]`) as { id: string };
    } catch (e) {
      if (!(e instanceof SchemaViolation)) throw e;
      throw new StoreError('BACKUP_CORRUPT', `restore: section "${s}", ${e.message}`, { cause: e });
    }
    if (ids.has(record.id)) throw new StoreError('BACKUP_CORRUPT', `restore: section "${s}": expected unique ids, found "${record.id}" twice`);
    ids.add(record.id);
    return record;
  });
}

/** Records of a backup made at `schemaVersion`, as this schema stores them (the record side of db.ts MIGRATIONS). */
export function upgradeSnapshot(schemaVersion: number, snapshot: Snapshot): Snapshot {
  let out = snapshot;
  // 2 -> 3: the XMail target's names. (3 -> 4 only added a store: parseBackup reads it as empty.)
  if (schemaVersion < 3) out = { ...out, settings: out.settings.map((r) => upgradeV2Settings(r)) };
  return out;
}

export interface RestoreConflict {
  store: StoreName;
  id: string;
  reason: 'different-content' | 'serial-taken' | 'settings-differ';
}
export interface RestoreReport {
  mode: 'empty' | 'merge';
  added: Record<StoreName, number>;
  identical: number;
  conflicts: RestoreConflict[];
  keysReencrypted: number;
}

export interface RestoreOptions {
  mode: 'empty' | 'merge';
  /**
   * The passphrase of the vault the backup was made from: checks its MAC (needed unless the backup
   * is of this vault and it is unlocked), and re-encrypts its keys when merging into another vault.
   */
  backupPassphrase?: string;
  /** The user saw the warning that this backup has no MAC (made before it had one) and restores it anyway. */
  acceptUnauthenticated?: boolean;
}

/** Checks the backup's MAC before anything is written (see the header). */
async function authenticate(ctx: StoreContext, file: BackupFile, snapshot: Snapshot, options: RestoreOptions): Promise<void> {
  if (file.mac === undefined) {
    if (options.acceptUnauthenticated) return;
    throw new StoreError('BACKUP_UNAUTHENTICATED', 'restore: the backup carries no MAC (made by an older version, or removed); confirm to restore it anyway');
  }
  let mac: Uint8Array;
  try {
    if (typeof file.mac !== 'string') throw new TypeError('not a string');
    mac = decodeBase64(file.mac);
  } catch (e) {
    throw new StoreError('BACKUP_CORRUPT', 'restore: expected the MAC as base64, found something else', { cause: e });
  }
  const backupVault = snapshot.meta.find((m): m is VaultMeta => m.id === 'vault');
  if (!backupVault) throw new StoreError('BACKUP_CORRUPT', 'restore: a backup with a MAC must hold its vault record, found none');
  const data = macInput(file);
  let ok: boolean;
  if (options.backupPassphrase !== undefined) {
    const key = await openMacKey(backupVault, options.backupPassphrase);
    ok = await crypto.subtle.verify('HMAC', key, mac.slice(), data.slice());
  } else {
    const ours = await ctx.db.get('meta', 'vault');
    const same = ours?.id === 'vault' && equalBytes(ours.salt, backupVault.salt) && equalBytes(ours.verifier, backupVault.verifier);
    if (!same || !ctx.vault.isUnlocked) {
      throw new StoreError('BACKUP_PASSPHRASE_REQUIRED', "restore: enter the passphrase of the backup's vault to check that the file is unchanged");
    }
    ok = await ctx.vault.macMatches(data, mac);
  }
  if (!ok) throw new StoreError('BACKUP_TAMPERED', 'restore: the backup was changed after it was made (its MAC does not match); nothing was restored');
}

/** Restores a backup; a bad file or a non-empty store (mode 'empty') leaves the store untouched. */
export async function restoreBackup(ctx: StoreContext, text: string, options: RestoreOptions): Promise<RestoreReport> {
  const { file, snapshot } = await parseBackup(text, { minIterations: Math.min(PBKDF2_ITERATIONS_RANGE.min, ctx.vault.iterations) });
  await authenticate(ctx, file, snapshot, options);
  const added = Object.fromEntries(STORE_NAMES.map((s) => [s, 0])) as Record<StoreName, number>;
  if (options.mode === 'empty') {
    if (!(await ctx.db.isEmpty())) throw new StoreError('STORE_NOT_EMPTY', 'restore: expected an empty store; use merge');
    const put: { [S in StoreName]?: RecordOf[S][] } = {};
    for (const s of STORE_NAMES) {
      (put as Record<string, unknown[]>)[s] = snapshot[s];
      added[s] = snapshot[s].length;
    }
    await ctx.db.commit({
      put,
      expectEmpty: [...CONTENT_STORES],
      expect: [{ store: 'meta', key: 'vault', rev: null }],
      countsAsChange: false,
    });
    return { mode: 'empty', added, identical: 0, conflicts: [], keysReencrypted: 0 };
  }
  return merge(ctx, snapshot, options, added);
}

async function merge(ctx: StoreContext, snapshot: Snapshot, options: RestoreOptions, added: Record<StoreName, number>): Promise<RestoreReport> {
  const current = await ctx.db.readAll();
  const conflicts: RestoreConflict[] = [];
  let identical = 0;
  const add: { [S in StoreName]?: RecordOf[S][] } = {};
  const push = <S extends StoreName>(s: S, r: RecordOf[S]) => {
    ((add[s] ??= []) as RecordOf[S][]).push(r);
    added[s]++;
  };

  // Keys: re-encrypt under this vault's passphrase when the backup's vault differs.
  const backupVault = snapshot.meta.find((m): m is VaultMeta => m.id === 'vault');
  const ourVault = current.meta.find((m): m is VaultMeta => m.id === 'vault');
  const sameVault = !backupVault || !ourVault || (equalBytes(backupVault.salt, ourVault.salt) && equalBytes(backupVault.verifier, ourVault.verifier));
  const incomingKeys = snapshot.keys.filter((k) => !current.keys.some((c) => c.id === k.id));
  let keysReencrypted = 0;
  let keys: KeyRecord[] = incomingKeys;
  if (!sameVault && incomingKeys.length > 0) {
    if (options.backupPassphrase === undefined) {
      throw new StoreError('BACKUP_PASSPHRASE_REQUIRED', 'restore: the backup was made under another vault passphrase; enter it to merge its keys');
    }
    await openMacKey(backupVault!, options.backupPassphrase); // VAULT_BAD_PASSPHRASE when it does not open it
    ctx.vault.requirePassphrase('merging keys from a backup');
    keys = [];
    for (const k of incomingKeys) {
      const pkcs8 = await decryptPrivateKey(k.encryptedPkcs8, options.backupPassphrase);
      // Sealed like every key of this vault: its salt and iterations, no derivation (issue 15 item 1).
      keys.push({ ...k, encryptedPkcs8: await ctx.vault.encryptKey(pkcs8) });
      keysReencrypted++;
    }
  }

  for (const s of STORE_NAMES) {
    if (s === 'settings') {
      const a = snapshot.settings[0];
      const b = current.settings[0];
      if (a && b && canonicalJson({ ...a, rev: 0 }) !== canonicalJson({ ...b, rev: 0 })) conflicts.push({ store: s, id: a.id, reason: 'settings-differ' });
      else if (a && !b) push('settings', a);
      continue;
    }
    const records = s === 'keys' ? [...keys, ...snapshot.keys.filter((k) => !incomingKeys.includes(k))] : (snapshot[s] as Array<RecordOf[typeof s]>);
    for (const r of records) {
      if (s === 'meta' && r.id === 'backup') continue; // this store's backup status stays its own
      if (s === 'meta' && r.id === 'vault' && ourVault) continue;
      const existing = (current[s] as Array<{ id: string }>).find((c) => c.id === r.id);
      if (existing) {
        const orig = s === 'keys' ? snapshot.keys.find((k) => k.id === r.id)! : r;
        if (canonicalJson(existing) === canonicalJson(orig)) identical++;
        else conflicts.push({ store: s, id: r.id, reason: 'different-content' });
        continue;
      }
      if (s === 'certificates') {
        const c = r as RecordOf['certificates'];
        if (c.caId && current.certificates.some((o) => o.caId === c.caId && o.serialHex === c.serialHex)) {
          conflicts.push({ store: s, id: c.id, reason: 'serial-taken' });
          continue;
        }
      }
      push(s, r as never);
    }
  }
  // CA records join this vault with its own MAC (vault.ts sealCa): needed when they come from
  // another vault or carry none (an old backup the user accepted).
  let casSealed = false;
  if (ourVault && add.cas?.length && (ctx.vault.isUnlocked || !sameVault || add.cas.some((c) => !c.mac))) {
    ctx.vault.requirePassphrase('merging CAs from a backup');
    add.cas = await Promise.all(add.cas.map((c) => ctx.vault.sealCa(c)));
    casSealed = true;
  }
  // Keys of this vault from a backup made before one derivation per unlock (each under its own
  // salt) go in as they are: the vault record loses its mark (VaultMeta.keySeal), in the same
  // transaction and at the same revision, so the next unlock re-seals them (vault.ts resealKeys).
  // Written even when this read found no mark: an unlock in another tab may be setting it now.
  let put: { meta: VaultMeta[] } | undefined;
  if (ourVault && add.keys?.some((k) => !isSealedUnder(k.encryptedPkcs8, ourVault))) {
    const { keySeal: _mark, ...unmarked } = ourVault;
    put = { meta: [unmarked] };
  }
  const changes = { add, ...(put ? { put } : {}), expect: [{ store: 'meta' as const, key: 'vault', rev: ourVault ? ourVault.rev : null }] };
  // Keys and CA MACs made under this tab's passphrase: guarded by the revision this tab unlocked (vault.ts).
  await (keysReencrypted > 0 || casSealed ? ctx.vault.commitSealed(changes) : ctx.db.commit(changes));
  return { mode: 'merge', added, identical, conflicts, keysReencrypted };
}
