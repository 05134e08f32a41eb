/**
 * The only module that touches IndexedDB, through its own API (each request awaited with `settled`;
 * the `idb` wrapper's proxies cost the page 1.3 KB gzip for what two small helpers do, issue 15). It
 * opens the versioned database, runs the migrations, and offers two kinds of access:
 *  - reads (`get`, `getAll`, `getAllFromIndex`, `readAll`; `listedCertificates` and `revocations`
 *    read from their packs (`listPacks`, schema 7: 64 JSON strings a list, not one record each;
 *    schema 8: the certificates' list entries are flat ListedCertificate, listed.ts) through an
 *    in-memory copy checked against the store's `listVersions` counter in the read's transaction,
 *    so it always equals IndexedDB at that moment; `certificateSummariesById` reads the summaries
 *    of the rows a caller needs in full from `certificateSummaries`);
 *  - `commit(changeset)`: every write of one operation in ONE readwrite transaction.
 * Invariants:
 *  - Callers prepare all crypto before `commit`; inside a transaction only IndexedDB requests are
 *    awaited, because a transaction auto-commits as soon as it has no pending request (IndexedDB
 *    3.0, section 2.7.2 "transaction lifecycle"): awaiting WebCrypto inside would commit half.
 *  - A failed or aborted commit leaves the database exactly as before (the transaction aborts).
 *  - Optimistic concurrency: `expect` lists the `rev` each record had when the caller read it; a
 *    mismatch (another tab wrote meanwhile) aborts with DB_CONFLICT and the caller retries.
 *  - After a commit, other tabs hear about it on BroadcastChannel('xmail-tls-store').
 *  - A commit that writes `certificates` or `revocations` bumps its `listVersions` counter and
 *    re-packs the `listPacks` buckets it touched in the same transaction (and the summaries follow
 *    the certificates there too).
 *  - A commit that writes `keys` must expect the vault record's revision (vault.ts commitSealed,
 *    issue 12 item 3); a changed vault record is VAULT_CHANGED, not a retryable DB_CONFLICT.
 * Size (over ~300 lines): the schema migrations (one step per version) live here with the one
 * commit path, so the code that may write to IndexedDB stays in one file.
 */
import { normalizeSerialHex } from '../pki/index.ts';
import { nextMacrotask } from '../time.ts';
import { StoreError } from './errors.ts';
import { listedCertificate, type ListedCertificate } from './listed.ts';
import {
  CONTENT_STORES,
  DB_NAME,
  DB_VERSION,
  STORE_NAMES,
  type BackupMeta,
  type CertificateRecord,
  type CertificateSummary,
  type ListPack,
  type ListVersion,
  type RecordOf,
  type RevocationRecord,
  type StoreName,
  type V1CaRecord,
  type V1CertificateRecord,
  certificateSummary,
  listPackKey,
  listPackOf,
  LIST_PACK_COUNT,
  upgradeV2Settings,
} from './schema.ts';

export const CHANNEL_NAME = 'xmail-tls-store';
/** Derived from `certificates` (schema.ts CertificateSummary): written only by commit, with them; read by id (certificateSummariesById). */
const SUMMARIES = 'certificateSummaries' as const;
/** A counter per read-through store, bumped by every commit that writes it (schema.ts ListVersion). */
const VERSIONS = 'listVersions' as const;
/** Derived from `certificates` and `revocations` (schema.ts ListPack): written only by commit, with them. */
const PACKS = 'listPacks' as const;
/** The stores whose whole content a StoreDb keeps in memory between reads, checked by their version. */
type CachedStore = 'certificates' | 'revocations';
/** An entry of a list pack: a ListedCertificate (schema 8; a summary in schema 7) or a revocation record. */
type PackEntry = { id: string };
/**
 * JSON characters parsed per turn when a list is read from its packs: 100,000 summaries were
 * ~57 MB in 64 packs of ~0.9 MB (schema 7), ~2.5 s of JSON.parse in Node at load 13 on the 2
 * cores, so ~1 MB (one or two packs) is ~50 ms there and well under it quiet: the page runs
 * between turns (issue 15: no task over 200 ms). Schema 8's flat entries are ~36 MB.
 */
const PACK_TURN_CHARS = 1_000_000;

/** One schema step: migrations[i] takes the database from version i to version i + 1 (in the upgrade's versionchange transaction). */
export type Migration = (db: IDBDatabase, tx: IDBTransaction) => Promise<void> | void;

export const MIGRATIONS: readonly Migration[] = [
  // 0 -> 1: the first release.
  (db) => {
    db.createObjectStore('meta', { keyPath: 'id' });
    db.createObjectStore('cas', { keyPath: 'id' });
    const certs = db.createObjectStore('certificates', { keyPath: 'id' });
    certs.createIndex('caId', 'caId');
    db.createObjectStore('keys', { keyPath: 'id' });
  },
  // 1 -> 2: settings, revocations and CRLs get their own stores; serials become unique per CA
  // (issue 4: two tabs issuing at once); every record gains `rev` for optimistic concurrency.
  async (db, tx) => {
    db.createObjectStore('settings', { keyPath: 'id' });
    const revocations = db.createObjectStore('revocations', { keyPath: 'id' });
    revocations.createIndex('caId', 'caId');
    const crls = db.createObjectStore('crls', { keyPath: 'id' });
    crls.createIndex('caId', 'caId');
    const cas = tx.objectStore('cas');
    cas.createIndex('purpose', 'purpose');
    cas.createIndex('status', 'status');
    const keys = tx.objectStore('keys');
    keys.createIndex('spkiSha256', 'spkiSha256');

    const caNames = new Map<string, string>();
    for (const old of (await settled(cas.getAll())) as V1CaRecord[]) {
      caNames.set(old.id, old.subjectText);
      await settled(cas.put({ ...old, purpose: 'server', status: 'active', origin: 'created', crlNumber: 0, rev: 1 }));
    }
    for (const k of (await settled(keys.getAll())) as Array<Record<string, unknown>>) await settled(keys.put({ ...k, rev: 1 }));
    const meta = tx.objectStore('meta');
    for (const m of (await settled(meta.getAll())) as Array<Record<string, unknown>>) await settled(meta.put({ ...m, rev: 1 }));

    const certs = tx.objectStore('certificates');
    for (const old of (await settled(certs.getAll())) as V1CertificateRecord[]) {
      const { serial, revokedAt, revocationReason, ...rest } = old;
      const serialHex = normalizeSerialHex(serial) ?? serial.toLowerCase();
      const next: CertificateRecord = {
        ...rest,
        issuerText: caNames.get(old.caId) ?? '',
        serialHex,
        status: revokedAt ? 'revoked' : 'valid',
        rev: 1,
      };
      await settled(certs.put(next));
      if (revokedAt) {
        const revocation: RevocationRecord = {
          id: old.id,
          caId: old.caId,
          serialHex,
          revokedAt,
          reason: revocationReason ?? 'unspecified',
          rev: 1,
        };
        await settled(revocations.put(revocation));
      }
    }
    certs.createIndex('status', 'status');
    certs.createIndex('notAfter', 'notAfter');
    certs.createIndex('keyId', 'keyId');
    certs.createIndex('caSerial', ['caId', 'serialHex'], { unique: true });
  },
  // 2 -> 3: settings name the XMail target as xmail/targets.ts does ('official-1.27-windows' ->
  // 'official-1.27-win', 'modern-openssl' -> 'openssl-1.0.1+'), so no layer maps names any more.
  async (_db, tx) => {
    const settings = tx.objectStore('settings');
    for (const old of (await settled(settings.getAll())) as Array<Parameters<typeof upgradeV2Settings>[0]>) {
      const next = upgradeV2Settings(old);
      if (next.xmailTarget !== old.xmailTarget) await settled(settings.put({ ...next, rev: old.rev + 1 }));
    }
  },
  // 3 -> 4: CSRs waiting for a public CA's answer, their keys kept in `keys` (public-CA flow).
  (db) => {
    db.createObjectStore('pendingRequests', { keyPath: 'id' });
  },
  // 4 -> 5: the list reads certificate summaries (the records without their bytes), written with
  // every certificate write from now on (commit); here made once from the records there are.
  async (db, tx) => {
    const summaries = db.createObjectStore(SUMMARIES, { keyPath: 'id' });
    summaries.createIndex('caId', 'caId');
    summaries.createIndex('notAfter', 'notAfter');
    for (const record of (await settled(tx.objectStore('certificates').getAll())) as CertificateRecord[]) {
      await settled(summaries.put(certificateSummary(record)));
    }
  },
  // 5 -> 6: a version per listed store (certificates, revocations), bumped in the transaction of
  // every write to it, so a tab re-reads a list only when it changed (StoreDb.certificateSummaries).
  // Empty here: a store without a version record is at version 0, and nothing is cached yet.
  (db) => {
    db.createObjectStore(VERSIONS, { keyPath: 'id' });
  },
  // 6 -> 7: the listed stores packed in buckets (schema.ts ListPack), rewritten by every commit
  // that writes them from now on; here made once from the summaries and revocations there are.
  async (db, tx) => {
    const packs = db.createObjectStore(PACKS, { keyPath: 'id' });
    for (const [which, source] of [['certificates', SUMMARIES], ['revocations', 'revocations']] as const) {
      for (const pack of listPacks(which, (await settled(tx.objectStore(source).getAll())) as PackEntry[])) await settled(packs.put(pack));
    }
  },
  // 7 -> 8: the certificates' packs hold flat list entries (listed.ts ListedCertificate) instead of
  // whole summaries; made again here from the summaries (the revocations' packs stay as they are).
  async (_db, tx) => {
    const packs = tx.objectStore(PACKS);
    for (let b = 0; b < LIST_PACK_COUNT; b++) await settled(packs.delete(listPackKey('certificates', b)));
    const summaries = (await settled(tx.objectStore(SUMMARIES).getAll())) as CertificateSummary[];
    for (const pack of listPacks('certificates', summaries.map(listedCertificate))) await settled(packs.put(pack));
  },
];

/** The packs of a whole list (the 6 -> 7 and 7 -> 8 migrations), each bucket in packOrder, empty buckets left out. */
export function listPacks(which: CachedStore, entries: readonly PackEntry[]): ListPack[] {
  const buckets = new Map<number, PackEntry[]>();
  for (const e of entries) {
    const b = listPackOf(e.id);
    const bucket = buckets.get(b);
    if (bucket) bucket.push(e);
    else buckets.set(b, [e]);
  }
  return [...buckets]
    .sort(([a], [b]) => a - b)
    .map(([b, es]) => ({ id: listPackKey(which, b), json: JSON.stringify(es.sort(packOrder(which))) }));
}

/**
 * The order of a bucket's entries: revocations by id; since schema 8 the certificates' list entries
 * by expiry, then id (the list's own order, list.ts byExpiry): the list's sort of 100,000 then gets
 * 64 sorted runs, ~25% less work (Node, 100,000 entries). No reader relies on it.
 */
function packOrder(which: CachedStore): (a: PackEntry, b: PackEntry) => number {
  return which === 'certificates' ? (byExpiry as (a: PackEntry, b: PackEntry) => number) : byEntryId;
}

function byExpiry(a: ListedCertificate, b: ListedCertificate): number {
  return a.notAfterMs - b.notAfterMs || byEntryId(a, b);
}

function byEntryId(a: PackEntry, b: PackEntry): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * What a changeset does to a list's packs, by bucket: each entry's id and its new value (null:
 * deleted), noted as commit issues each write (deletes, puts, adds), so the last one wins as in the
 * store and each entry says what IndexedDB copied when the write was issued.
 */
type PackOps = Map<number, Array<[string, PackEntry | null]>>;

function notePack(out: PackOps, id: string, value: PackEntry | null): void {
  const b = listPackOf(id);
  const ops = out.get(b);
  if (ops) ops.push([id, value]);
  else out.set(b, [[id, value]]);
}

export interface Expectation {
  store: StoreName;
  key: string;
  /** The rev read before; null = the record must not exist. */
  rev: number | null;
}

/** That each of these records (as read, with its rev) is still unchanged; null and undefined ones are left out. */
export function unchanged(store: StoreName, records: ReadonlyArray<{ id: string; rev: number } | null | undefined>): Expectation[] {
  return records.flatMap((r) => (r ? [{ store, key: r.id, rev: r.rev }] : []));
}

/** Everything one operation writes. Applied in one transaction, all or nothing. */
export interface Changeset {
  /** Inserts: fail (and abort everything) if the key or a unique index value exists. */
  add?: { [S in StoreName]?: RecordOf[S][] };
  /** Upserts. Pair with `expect` when the record was read before. */
  put?: { [S in StoreName]?: RecordOf[S][] };
  delete?: { [S in StoreName]?: string[] };
  expect?: Expectation[];
  /** Record counts that must hold (e.g. "still N keys" when re-encrypting all of them). */
  expectCount?: { [S in StoreName]?: number };
  /** These stores must be empty (restore into an empty store). */
  expectEmpty?: StoreName[];
  /** Counts as a change the user has not backed up yet (default true). */
  countsAsChange?: boolean;
}

export interface StoreChangeMessage {
  type: 'changed';
  stores: StoreName[];
  source: string;
}
export type ChangeListener = (message: StoreChangeMessage) => void;

export interface DbOptions {
  name?: string;
  /** Test hook: runs inside the transaction after all writes were issued, before it commits. Throwing aborts. */
  beforeCommit?: (changeset: Changeset) => void;
  /** Test hook: runs inside the transaction after each chunk of writes (the count written so far). Throwing aborts. */
  afterChunk?: (written: number) => void;
  /** Requests issued per chunk in `commit` (default WRITE_CHUNK; tests use small chunks). */
  chunk?: number;
  /** Test hook: override BroadcastChannel (undefined = global one when it exists; null = none). */
  channel?: BroadcastChannel | null;
  /**
   * Called when an older tab blocks this open (see StoreDb.open). Given: the open waits instead of
   * failing with DB_BLOCKED and finishes by itself once that tab closes (the page says so meanwhile).
   */
  onBlocked?: () => void;
}

/**
 * Requests per chunk in `commit`: 10,000 certificates revoked at once are ~30,000 writes (record,
 * summary, revocation). 500 a chunk were 0.8–2 s tasks through the manage view on the shared
 * 2-core machine at load 20–30 (docs/PERFORMANCE.md); 100 keep a chunk to a fifth of that.
 */
export const WRITE_CHUNK = 100;

/**
 * A request's result once it succeeds; rejects with its error (or the transaction's abort). Awaited
 * inside a transaction, the code after it runs in the success event's microtasks, while the
 * transaction is still active (IndexedDB 3.0, section 2.7.2), so it may issue the next request.
 */
function settled(r: IDBRequest): Promise<unknown> {
  return new Promise((resolve, reject) => {
    r.addEventListener('success', () => resolve(r.result));
    r.addEventListener('error', () => reject(r.error ?? new Error('IndexedDB request failed')));
  });
}

/**
 * Resolves when the transaction commits; rejects on its first error (a failed request bubbles up to
 * it before it aborts) or abort, with its error or an AbortError. Made right after the transaction,
 * before any await, so no event is missed.
 */
function finished(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = () => reject(tx.error ?? new DOMException('AbortError', 'AbortError'));
    tx.addEventListener('complete', () => resolve());
    tx.addEventListener('error', fail);
    tx.addEventListener('abort', fail);
  });
}

export type Snapshot = { [S in StoreName]: RecordOf[S][] };

const BACKUP_KEY = 'backup';

export class StoreDb {
  readonly name: string;
  readonly instanceId = crypto.randomUUID();
  #db: IDBDatabase;
  #channel: BroadcastChannel | null;
  #listeners = new Set<ChangeListener>();
  #closedListeners = new Set<() => void>();
  #closedForUpgrade = false;
  #beforeCommit: DbOptions['beforeCommit'];
  #afterChunk: DbOptions['afterChunk'];
  readonly #chunk: number;

  private constructor(name: string, db: IDBDatabase, options: DbOptions) {
    this.name = name;
    this.#db = db;
    this.#beforeCommit = options.beforeCommit;
    this.#afterChunk = options.afterChunk;
    this.#chunk = Math.max(1, options.chunk ?? WRITE_CHUNK);
    this.#channel =
      options.channel !== undefined
        ? options.channel
        : typeof BroadcastChannel === 'function'
          ? new BroadcastChannel(CHANNEL_NAME)
          : null;
    if (this.#channel) {
      // Node keeps the process alive for an open channel; a browser has no unref.
      (this.#channel as unknown as { unref?: () => void }).unref?.();
      this.#channel.onmessage = (event: MessageEvent<StoreChangeMessage>) => {
        if (event.data?.type === 'changed' && event.data.source !== this.instanceId) this.#emit(event.data);
      };
    }
  }

  /**
   * Opens (and migrates) the database. Two tabs across a schema update (IndexedDB 3.0 section 5.1
   * "open a database"): an older connection hears versionchange (`onversionchange`) and closes itself
   * at once (`closedForUpgrade`, onClosedForUpgrade: the page asks to be reloaded); a newer open
   * that an older tab still blocks (`onblocked`: an old page without this handler) fails with
   * DB_BLOCKED instead of waiting silently, and the user closes the other tab and tries again. The
   * open that was blocked still finishes once that tab closes (it cannot be cancelled); it then
   * runs the migrations and closes, so the retry opens at once. With `onBlocked` (the page) the
   * open is not abandoned: it reports the block and waits, and the success IndexedDB fires once the
   * other connection closes opens the store (the upgrade runs then, in its one versionchange
   * transaction: nothing was written before).
   */
  static async open(options: DbOptions = {}): Promise<StoreDb> {
    const name = options.name ?? DB_NAME;
    if (typeof indexedDB === 'undefined') {
      throw new StoreError('DB_UNAVAILABLE', 'opening the vault: expected IndexedDB in this browser, found none');
    }
    let self: StoreDb | null = null;
    let rejectBlocked: (e: StoreError) => void = () => {};
    let abandoned = false;
    /** The version the database had, and the failed migration step's error (null while none failed). */
    let from = 0;
    let migrationError: unknown = null;
    const blocked = new Promise<never>((_resolve, reject) => {
      rejectBlocked = reject;
    });
    const opening = new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, DB_VERSION);
      request.onupgradeneeded = (event) => {
        const tx = request.transaction!;
        from = event.oldVersion;
        const migrate = async () => {
          for (let v = from; v < DB_VERSION; v++) await MIGRATIONS[v]!(request.result, tx);
        };
        // A failed step aborts the upgrade: the database stays at its old version, and the open fails
        // with the step's own error. A request that fails inside the transaction aborts it with that
        // error (a unique createIndex over duplicates, IndexedDB 3.0 section 5.9), and the step then
        // sees only AbortError: the transaction's error, when it has one, is the cause. That abort
        // arrives after the step that caused it has returned (createIndex builds the index later), so
        // the message names the versions, not the step.
        tx.addEventListener('abort', () => (migrationError = tx.error ?? migrationError));
        migrate().catch((e: unknown) => {
          migrationError ??= tx.error ?? e;
          abortQuietly(tx);
        });
      };
      request.onblocked = (event) => {
        if (options.onBlocked) return options.onBlocked();
        abandoned = true;
        rejectBlocked(
          new StoreError('DB_BLOCKED', `opening IndexedDB "${name}" at version ${DB_VERSION}: another tab holds version ${event.oldVersion} open`),
        );
      };
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => {
          if (self) self.#closeForUpgrade();
        };
        resolve(db);
      };
      request.onerror = () => {
        if (migrationError === null) return reject(request.error);
        reject(
          new StoreError(
            'DB_MIGRATION_FAILED',
            `migrating IndexedDB "${name}" from v${from} to v${DB_VERSION}: expected every step to succeed, found ${String(migrationError)}; the database stays at v${from}`,
            { cause: migrationError },
          ),
        );
      };
    });
    try {
      const db = await Promise.race([opening, blocked]);
      self = new StoreDb(name, db, options);
      return self;
    } catch (e) {
      if (abandoned) void opening.then((late) => late.close(), () => {});
      if (e instanceof StoreError) throw e;
      // A page older than the database (a newer build upgraded it; a saved copy of an older build):
      // IndexedDB refuses an open below the database's version and changes nothing. No retry helps.
      if ((e as { name?: unknown } | null)?.name === 'VersionError') {
        throw new StoreError(
          'DB_NEWER_VERSION',
          `opening IndexedDB "${name}" at version ${DB_VERSION}: it is at a higher version already (a newer build of the page opened it)`,
          { cause: e },
        );
      }
      throw new StoreError('DB_UNAVAILABLE', `opening IndexedDB "${name}" at version ${DB_VERSION} failed`, { cause: e });
    }
  }

  /** True once a newer version of the page (another tab) asked for the database and this one let go. */
  get closedForUpgrade(): boolean {
    return this.#closedForUpgrade;
  }

  /**
   * Called once when this connection closes for a newer version opened in another tab; at once when
   * it closed already (a newer tab may arrive between the open and the first subscriber: openStore
   * reads the settings before the Vault subscribes).
   */
  onClosedForUpgrade(listener: () => void): () => void {
    if (this.#closedForUpgrade) {
      listener();
      return () => {};
    }
    this.#closedListeners.add(listener);
    return () => this.#closedListeners.delete(listener);
  }

  #closeForUpgrade(): void {
    if (this.#closedForUpgrade) return;
    this.#closedForUpgrade = true;
    this.#db.close();
    for (const listener of [...this.#closedListeners]) listener();
  }

  close(): void {
    this.#channel?.close();
    this.#listeners.clear();
    this.#closedListeners.clear();
    this.#db.close();
  }

  /** Called after every commit of this tab and every commit another tab announces. */
  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async get<S extends StoreName>(store: S, key: string): Promise<RecordOf[S] | undefined> {
    return (await settled(this.#db.transaction(store).objectStore(store).get(key))) as RecordOf[S] | undefined;
  }

  async getAll<S extends StoreName>(store: S): Promise<RecordOf[S][]> {
    return (await settled(this.#db.transaction(store).objectStore(store).getAll())) as RecordOf[S][];
  }

  /** The records whose `index` is `query`, in the index's order (as getAll on the index would give them; read with a cursor, see collect). */
  async getAllFromIndex<S extends 'cas' | 'certificates' | 'keys' | 'revocations' | 'crls'>(
    store: S,
    index: string,
    query: IDBValidKey,
  ): Promise<RecordOf[S][]> {
    const idx = this.#db.transaction(store).objectStore(store).index(index);
    return collect<RecordOf[S]>(idx.openCursor(IDBKeyRange.only(query)));
  }

  /**
   * Every certificate's list entry (listed.ts), or a CA's, in no order the caller may rely on (the
   * list sorts): read from the packs (schema 7, 64 values instead of 100,000 records; schema 8,
   * flat entries). The whole list is kept in memory between reads and read again only when its
   * version changed (a commit in this tab or another bumps it in the same transaction), checked in
   * the read's transaction: a list filtered again, or re-read after a write elsewhere in the
   * vault, costs one record read, not 100,000 (issue 15 item 4). The entries are shared between
   * reads and NOT frozen (freezing 100,000 objects one by one was a third of the parse's time):
   * `Readonly` says what every caller must keep to.
   */
  async listedCertificates(caId?: string): Promise<Array<Readonly<ListedCertificate>>> {
    const all = (await this.#readThrough('certificates')) as ListedCertificate[];
    return caId === undefined ? [...all] : all.filter((s) => s.caId === caId);
  }

  /**
   * The summaries of these certificates (schema.ts CertificateSummary, from `certificateSummaries`,
   * one transaction), in the order asked; an id without a certificate is left out. For a caller
   * that needs more of a listed certificate than its list entry (its SANs, subject, issuer).
   */
  async certificateSummariesById(ids: readonly string[]): Promise<CertificateSummary[]> {
    if (ids.length === 0) return [];
    const store = this.#db.transaction(SUMMARIES).objectStore(SUMMARIES);
    const out: CertificateSummary[] = [];
    try {
      // In chunks, as commit writes (20,000 gets issued at once were a ~240 ms task): the last get
      // of a chunk awaited, its success event a task of its own, the transaction alive meanwhile.
      const chunk = this.#chunk * 5;
      for (let i = 0; i < ids.length; i += chunk) {
        const found = (await Promise.all(ids.slice(i, i + chunk).map((id) => settled(store.get(id))))) as Array<CertificateSummary | undefined>;
        for (const s of found) if (s !== undefined) out.push(s);
      }
      return out;
    } catch (e) {
      throw new StoreError('DB_TRANSACTION_FAILED', 'reading certificate summaries failed', { cause: e });
    }
  }

  /** A CA's revocations (every one with caId undefined), in no set order, kept in memory like listedCertificates (frozen: shared). */
  async revocations(caId?: string): Promise<RevocationRecord[]> {
    const all = (await this.#readThrough('revocations')) as RevocationRecord[];
    return caId === undefined ? [...all] : all.filter((r) => r.caId === caId);
  }

  #cache = new Map<CachedStore, { version: number; values: readonly unknown[] }>();

  /**
   * A list from its packs: the version and every bucket requested in one read transaction (a
   * consistent picture), then the JSON parsed in turns of PACK_TURN_CHARS (the requests are all
   * issued, so the transaction needs nothing more from this code while it yields).
   */
  async #readThrough(which: CachedStore): Promise<readonly unknown[]> {
    const tx = this.#db.transaction([PACKS, VERSIONS]);
    const version = ((await settled(tx.objectStore(VERSIONS).get(which))) as ListVersion | undefined)?.version ?? 0;
    const cached = this.#cache.get(which);
    if (cached && cached.version === version) return cached.values;
    const packs = tx.objectStore(PACKS);
    const requests = Array.from({ length: LIST_PACK_COUNT }, (_, b) => settled(packs.get(listPackKey(which, b))));
    let found: Array<ListPack | undefined>;
    try {
      found = (await Promise.all(requests)) as Array<ListPack | undefined>;
    } catch (e) {
      throw new StoreError('DB_TRANSACTION_FAILED', `reading the ${which} list failed`, { cause: e });
    }
    const values: unknown[] = [];
    let parsed = 0;
    for (const pack of found) {
      if (!pack) continue;
      if (parsed >= PACK_TURN_CHARS) {
        await nextMacrotask();
        parsed = 0;
      }
      // Revocation records are flat: a freeze each. List entries are not frozen (listedCertificates).
      const entries = JSON.parse(pack.json) as unknown[];
      if (which === 'revocations') for (const entry of entries) values.push(Object.freeze(entry));
      else for (const entry of entries) values.push(entry);
      parsed += pack.json.length;
    }
    this.#cache.set(which, { version, values });
    return values;
  }

  /** Every store in one read transaction: a consistent picture even while another tab writes. */
  async readAll(): Promise<Snapshot> {
    return this.#inTransaction([...STORE_NAMES], 'readonly', 'reading every store failed', async (tx) => {
      const entries = await Promise.all(STORE_NAMES.map(async (s) => [s, await settled(tx.objectStore(s).getAll())] as const));
      return Object.fromEntries(entries) as unknown as Snapshot;
    });
  }

  /**
   * Marks a backup as made at `at` and reads every store, in one transaction, so the backup
   * file already records itself as the last backup (restoring it gives the identical store).
   */
  async snapshotForBackup(at: string): Promise<Snapshot> {
    const snapshot = await this.#inTransaction([...STORE_NAMES], 'readwrite', 'backup: reading the store failed', async (tx) => {
      const meta = tx.objectStore('meta');
      const old = (await settled(meta.get(BACKUP_KEY))) as BackupMeta | undefined;
      const next: BackupMeta = { id: 'backup', lastBackupAt: at, changesSinceBackup: 0, rev: (old?.rev ?? 0) + 1 };
      await settled(meta.put(next));
      const entries = await Promise.all(STORE_NAMES.map(async (s) => [s, await settled(tx.objectStore(s).getAll())] as const));
      return Object.fromEntries(entries) as unknown as Snapshot;
    });
    this.#announce(['meta']);
    return snapshot;
  }

  /**
   * Runs `body` in one transaction over `stores` and returns its result once the transaction
   * committed. The transaction's `finished` promise is handled from its creation: a request that
   * fails before `body` returns aborts the transaction, and that rejection must not go unhandled
   * (review, issue 15). Any failure aborts and is DB_TRANSACTION_FAILED, its cause the IndexedDB error.
   */
  async #inTransaction<T>(stores: StoreName[], mode: IDBTransactionMode, failed: string, body: (tx: IDBTransaction) => Promise<T>): Promise<T> {
    const tx = this.#db.transaction(stores, mode);
    const done = finished(tx);
    done.catch(() => undefined);
    try {
      const result = await body(tx);
      await done;
      return result;
    } catch (e) {
      abortQuietly(tx);
      throw new StoreError('DB_TRANSACTION_FAILED', failed, { cause: e });
    }
  }

  async commit(changes: Changeset): Promise<void> {
    const touched = new Set<StoreName>();
    for (const part of [changes.add, changes.put, changes.delete]) {
      for (const s of Object.keys(part ?? {}) as StoreName[]) touched.add(s);
    }
    for (const e of changes.expect ?? []) touched.add(e.store);
    for (const s of Object.keys(changes.expectCount ?? {}) as StoreName[]) touched.add(s);
    for (const s of changes.expectEmpty ?? []) touched.add(s);
    const countsAsChange = changes.countsAsChange ?? true;
    if (countsAsChange) touched.add('meta');
    if (touched.size === 0) return;
    const writesKeys = (changes.add?.keys?.length ?? 0) + (changes.put?.keys?.length ?? 0) > 0;
    if (writesKeys && !(changes.expect ?? []).some((e) => e.store === 'meta' && e.key === 'vault')) {
      throw new StoreError('INVALID_ARGUMENT', 'keys: expected a write guarded by the vault revision (Vault.commitSealed), found none');
    }

    // A certificate written or deleted writes or deletes its summary in the same transaction.
    // ... and every write to a listed store bumps its version in the same transaction (#readThrough).
    const versioned = (['certificates', 'revocations'] as const).filter((s) => [changes.add, changes.put, changes.delete].some((part) => part?.[s] !== undefined));
    const writesCertificates = versioned.includes('certificates');
    // What the changeset does to the packs (and the summaries), noted as each record's write is
    // issued below, in its chunk (100,000 list entries made at once were a ~850 ms task): IndexedDB
    // copies a record when its write is issued, and the packs and the summary must hold what was
    // copied then, not what a caller's object says later (a later chunk, after an await).
    const packOps = new Map<CachedStore, PackOps>(versioned.map((which) => [which, new Map()]));
    const summariesWritten: CertificateSummary[] = [];
    const noteWrite = (s: StoreName, v: unknown): void => {
      const ops = packOps.get(s as CachedStore);
      if (!ops) return;
      if (s === 'certificates') {
        const summary = structuredClone(certificateSummary(v as CertificateRecord));
        summariesWritten.push(summary);
        notePack(ops, summary.id, listedCertificate(summary));
      } else {
        const entry = { ...(v as RevocationRecord) };
        notePack(ops, entry.id, entry);
      }
    };
    const tx = this.#db.transaction([...touched, ...(writesCertificates ? [SUMMARIES] : []), ...(versioned.length ? [VERSIONS, PACKS] : [])], 'readwrite');
    const done = finished(tx);
    done.catch(() => undefined); // an abort is reported through the catch below
    let firstRequestError: unknown;
    // Plain requests awaited per chunk, not a promise per request: 20,000 of them were most of the cost.
    const raw = (s: StoreName) => tx.objectStore(s);
    const watch = (r: IDBRequest): IDBRequest => {
      // The first failing request names the cause; later ones only see the abort.
      r.addEventListener('error', () => (firstRequestError ??= r.error));
      return r;
    };
    const chunk = this.#chunk;
    try {
      // Expectations: the reads of one chunk run together (10,000 in sequence were 10,000 waits).
      const expects = changes.expect ?? [];
      for (let i = 0; i < expects.length; i += chunk) {
        const part = expects.slice(i, i + chunk);
        const found = await Promise.all(part.map((e) => settled(watch(raw(e.store).get(e.key)))));
        part.forEach((e, j) => {
          const current = found[j] as { rev?: number } | undefined;
          const rev = current ? (current.rev ?? 0) : null;
          if (rev !== e.rev && e.store === 'meta' && e.key === 'vault') {
            throw new StoreError(
              'VAULT_CHANGED',
              `vault: expected revision ${e.rev ?? 'none'}, found ${rev ?? 'none'} (the passphrase was changed or the vault replaced in another tab)`,
            );
          }
          if (rev !== e.rev) {
            throw new StoreError(
              'DB_CONFLICT',
              `${e.store}/${e.key}: expected revision ${e.rev ?? 'none'}, found ${rev ?? 'none'} (changed in another tab?)`,
            );
          }
        });
      }
      for (const [s, n] of Object.entries(changes.expectCount ?? {}) as Array<[StoreName, number]>) {
        const count = await settled(tx.objectStore(s).count());
        if (count !== n) throw new StoreError('DB_CONFLICT', `${s}: expected ${n} records, found ${count}`);
      }
      for (const s of changes.expectEmpty ?? []) {
        const count = await settled(tx.objectStore(s).count());
        if (count !== 0) throw new StoreError('STORE_NOT_EMPTY', `${s}: expected an empty store, found ${count} records`);
      }
      // Writes in chunks inside this ONE transaction (issue 15 item 3: 20,000 requests issued in
      // one go were one ~4 s task): each chunk's requests are issued, then the last one is awaited;
      // its success event is a task of its own, so the page runs in between, while the transaction
      // stays alive (it has requests pending or is inside their success event) and invisible to
      // every other reader until it commits, all or nothing.
      const writes: Array<() => IDBRequest> = [];
      for (const [s, keys] of Object.entries(changes.delete ?? {}) as Array<[StoreName, string[]]>) {
        const ops = packOps.get(s as CachedStore);
        for (const k of keys) {
          writes.push(() => {
            if (ops) notePack(ops, k, null);
            return raw(s).delete(k);
          });
        }
      }
      for (const op of ['put', 'add'] as const) {
        for (const [s, values] of Object.entries(changes[op] ?? {}) as Array<[StoreName, unknown[]]>) {
          for (const v of values) {
            writes.push(() => {
              const r = raw(s)[op](v);
              noteWrite(s, v);
              return r;
            });
          }
        }
      }
      if (writesCertificates) {
        // Each certificate's summary follows it (deleted, then written), in the same chunks: the
        // summary made when the record's write was issued (noteWrite), in the same order.
        const summaries = () => tx.objectStore(SUMMARIES);
        for (const id of changes.delete?.certificates ?? []) writes.push(() => summaries().delete(id));
        let next = 0;
        for (let n = (changes.put?.certificates?.length ?? 0) + (changes.add?.certificates?.length ?? 0); n > 0; n--) {
          writes.push(() => summaries().put(summariesWritten[next++]!));
        }
      }
      for (let i = 0; i < writes.length; i += chunk) {
        let last: IDBRequest | undefined;
        for (const write of writes.slice(i, i + chunk)) last = watch(write());
        await settled(last!);
        this.#afterChunk?.(Math.min(i + chunk, writes.length));
      }
      // The packs of each listed store written follow it: every touched bucket read, changed and
      // written again, one bucket a turn (its read's success event is a task of its own).
      for (const [which, changed] of packOps) {
        const packs = () => tx.objectStore(PACKS);
        for (const [bucket, ops] of changed) {
          const key = listPackKey(which, bucket);
          const old = (await settled(watch(packs().get(key)))) as ListPack | undefined;
          const entries = new Map<string, PackEntry>();
          for (const e of old ? (JSON.parse(old.json) as PackEntry[]) : []) entries.set(e.id, e);
          for (const [id, value] of ops) {
            if (value === null) entries.delete(id);
            else entries.set(id, value);
          }
          const next = [...entries.values()].sort(packOrder(which));
          watch(next.length ? packs().put({ id: key, json: JSON.stringify(next) } satisfies ListPack) : packs().delete(key));
        }
      }
      for (const which of versioned) {
        const old = (await settled(watch(tx.objectStore(VERSIONS).get(which)))) as ListVersion | undefined;
        await settled(watch(tx.objectStore(VERSIONS).put({ id: which, version: (old?.version ?? 0) + 1 } satisfies ListVersion)));
      }
      if (countsAsChange) {
        const old = (await settled(raw('meta').get(BACKUP_KEY))) as BackupMeta | undefined;
        const next: BackupMeta = {
          id: 'backup',
          lastBackupAt: old?.lastBackupAt ?? null,
          changesSinceBackup: (old?.changesSinceBackup ?? 0) + 1,
          rev: (old?.rev ?? 0) + 1,
        };
        await settled(watch(raw('meta').put(next)));
      }
      this.#beforeCommit?.(changes);
      await done;
    } catch (e) {
      abortQuietly(tx);
      await done.catch(() => undefined);
      if (e instanceof StoreError) throw e;
      if (isDomError(firstRequestError, 'ConstraintError') || isDomError(e, 'ConstraintError')) {
        const certs = changes.add?.certificates?.length ?? 0;
        throw new StoreError(
          certs ? 'SERIAL_COLLISION' : 'DB_CONFLICT',
          certs ? 'certificates: this serial number exists already for this CA' : 'write refused: a record with this key exists',
          { cause: firstRequestError ?? e },
        );
      }
      throw new StoreError('DB_TRANSACTION_FAILED', `write to ${[...touched].join(', ')} failed; nothing was changed`, {
        cause: e,
      });
    }
    this.#announce([...touched]);
  }

  /** True when no PKI object and no vault exist (settings may). */
  async isEmpty(): Promise<boolean> {
    return this.#inTransaction([...CONTENT_STORES, 'meta'], 'readonly', 'checking whether the store is empty failed', async (tx) => {
      let total = 0;
      for (const s of CONTENT_STORES) total += (await settled(tx.objectStore(s).count())) as number;
      const vault = await settled(tx.objectStore('meta').get('vault'));
      return total === 0 && !vault;
    });
  }

  #announce(stores: StoreName[]): void {
    const message: StoreChangeMessage = { type: 'changed', stores, source: this.instanceId };
    try {
      this.#channel?.postMessage(message);
    } catch {
      // a closed channel (page unloading) only loses the notification, never data
    }
    this.#emit(message);
  }

  #emit(message: StoreChangeMessage): void {
    for (const l of this.#listeners) {
      try {
        l(message);
      } catch (e) {
        console.error('store listener failed', e);
      }
    }
  }
}

/**
 * Every value a cursor walks over, in its order. A plain cursor, not getAll: in Chromium a cursor
 * over 30,000 small records cost about two thirds of the CPU of a getAll of the same records, and
 * it delivers them in many small tasks instead of one long one (docs/PERFORMANCE.md, issue 15 item 4).
 */
function collect<T>(request: IDBRequest<IDBCursorWithValue | null>, each: (value: T) => T = (v) => v): Promise<T[]> {
  const out: T[] = [];
  return new Promise((resolve, reject) => {
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return resolve(out);
      out.push(each(cursor.value as T));
      cursor.continue();
    };
    request.onerror = () => reject(new StoreError('DB_TRANSACTION_FAILED', 'reading the store failed', { cause: request.error }));
  });
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // already finished or aborted
  }
}

function isDomError(e: unknown, name: string): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === name;
}

/** Asks the browser not to evict the vault (Safari evicts after 7 days without a visit). */
export async function requestPersistence(): Promise<'granted' | 'denied' | 'unsupported'> {
  const storage = (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;
  if (!storage || typeof storage.persist !== 'function') return 'unsupported';
  try {
    if (typeof storage.persisted === 'function' && (await storage.persisted())) return 'granted';
    return (await storage.persist()) ? 'granted' : 'denied';
  } catch {
    return 'denied';
  }
}
