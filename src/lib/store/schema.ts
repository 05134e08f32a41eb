/**
 * The vault's record types and IndexedDB layout (schema version 8). Plain data only: dates are
 * ISO 8601 strings (sortable in an index, stable in a JSON backup), bytes are Uint8Array.
 * Every record carries `rev`, bumped on each write, so a write prepared from a stale read is
 * refused (DB_CONFLICT) instead of overwriting another tab's change.
 * Invariants: `keys` holds encrypted PKCS#8 only (EncryptedPrivateKeyInfo, PBES2); a serial is
 * unique per CA (unique compound index [caId, serialHex]); serials are lower-case hex without
 * leading zero bytes; a pending request's key is a `keys` record like any other (re-encrypted with
 * the vault, backed up), and completing the request hands that same key to the certificate.
 * `certificateSummaries` (since version 5) holds every certificate record without its DER, chain
 * and subject: what the list read until version 7 (docs/PERFORMANCE.md, 100,000 certificates), what
 * the 6 -> 7 and 7 -> 8 migrations pack, and since version 8 what a caller reads by id when it needs
 * more of a listed certificate than its list entry (StoreDb.certificateSummariesById: the calendar,
 * the kit's host names). db.ts writes it in the same transaction as `certificates` and nowhere
 * else; it is derived, so backups leave it out.
 * `listVersions` (since version 6) counts the commits that wrote `certificates` and `revocations`
 * (ListVersion), written by db.ts in the same transaction; derived too.
 * `listPacks` (since version 7) holds the lists packed: the certificates' list entries (version 7:
 * their summaries; version 8: flat ListedCertificate, listed.ts) and the revocations, each list in
 * LIST_PACK_COUNT buckets by a hash of the id, each bucket one JSON string (ListPack), so a fresh
 * page reads 100,000 entries as 64 values, not 100,000 records (docs/PERFORMANCE.md, Rounds 4 and
 * 5). db.ts rewrites the touched buckets in the transaction of every write to those stores, and
 * reads the lists from here; derived, so backups leave it out and a restore (a commit) makes them.
 */
import type { DistinguishedName, HashName, KeySpec, RevocationReason, SanEntry } from '../pki/index.ts';
// A type only: the settings name XMail targets exactly as xmail/targets.ts does (one name per target).
import type { XmailTarget } from '../xmail/index.ts';
import type { Lang } from '../../i18n/translate.ts';

export const DB_NAME = 'xmail-tls';
export const DB_VERSION = 8;

export type CaPurpose = 'server' | 'client-verify';
export type CaStatus = 'active' | 'retired';
export type IssuedProfile = 'server' | 'client';
/** Stored status; "expired" is derived from notAfter at read time. */
export type CertificateStatus = 'valid' | 'revoked';

/** CRLReason names (RFC 5280 5.3.1) as pki/crl.ts defines them. */
export type { RevocationReason } from '../pki/index.ts';

export interface CaRecord {
  id: string;
  name: string;
  purpose: CaPurpose;
  status: CaStatus;
  origin: 'created' | 'imported';
  certDer: Uint8Array;
  keyId: string;
  subjectText: string;
  serialHex: string;
  notBefore: string;
  notAfter: string;
  /** Signature hash for what this CA signs (certificates, CRLs). */
  hash: HashName;
  /** Number of the last CRL issued; 0 before the first. */
  crlNumber: number;
  createdAt: string;
  retiredAt?: string;
  replacedBy?: string;
  /** HMAC-SHA256 under the vault's record key over what decides trust (vault.ts caMacInput); issue 12 item 4. */
  mac?: Uint8Array;
  rev: number;
}

export interface CertificateRecord {
  id: string;
  /** Issuing CA in this store; null for a certificate signed elsewhere (a public CA). */
  caId: string | null;
  issuerText: string;
  serialHex: string;
  profile: IssuedProfile;
  subject: DistinguishedName;
  subjectText: string;
  commonName: string;
  sans: SanEntry[];
  notBefore: string;
  notAfter: string;
  status: CertificateStatus;
  keyId: string | null;
  der: Uint8Array;
  /** Intermediates the outside CA returned (DER, issuer of `der` first); only when caId is null. */
  chain?: Uint8Array[];
  user?: { name: string; email: string };
  createdAt: string;
  renewedFrom?: string;
  supersededBy?: string;
  rev: number;
}

/**
 * A certificate without its bytes (der, chain) and its parsed subject (subjectText and commonName
 * carry it): what the list read until schema 8 (it now reads flat list entries, listed.ts), read by
 * id where a caller needs more than a list entry; a certificate's bytes are read by id when opened.
 */
export type CertificateSummary = Omit<CertificateRecord, 'der' | 'chain' | 'subject'>;

/** The summary of a record (db.ts writes it with the record, in the same transaction). */
export function certificateSummary(record: CertificateRecord): CertificateSummary {
  const { der: _der, chain: _chain, subject: _subject, ...summary } = record;
  return summary;
}

export interface KeyRecord {
  id: string;
  spec: KeySpec;
  /** SHA-256 of the SubjectPublicKeyInfo, lower-case hex: finds the certificates of a key. */
  spkiSha256: string;
  /** SubjectPublicKeyInfo DER (public: lets a decrypted key be used without re-deriving it). */
  spki: Uint8Array;
  /** EncryptedPrivateKeyInfo DER (RFC 5958), PBES2 under the vault passphrase. */
  encryptedPkcs8: Uint8Array;
  createdAt: string;
  compromisedAt?: string;
  rev: number;
}

export interface RevocationRecord {
  /** The revoked certificate's id. */
  id: string;
  caId: string | null;
  serialHex: string;
  revokedAt: string;
  reason: RevocationReason;
  rev: number;
}

export interface CrlRecord {
  id: string;
  caId: string;
  crlNumber: number;
  thisUpdate: string;
  nextUpdate: string;
  der: Uint8Array;
  rev: number;
}

/** A CSR sent to an outside (public) CA whose answer has not come back yet. */
export interface PendingRequestRecord {
  id: string;
  /** The request's key in `keys` (encrypted PKCS#8 under the vault). */
  keyId: string;
  /** PKCS#10 DER, to download again while waiting. */
  csrDer: Uint8Array;
  subject: DistinguishedName;
  sans: SanEntry[];
  /** What the user sees in the list (default: the first SAN). */
  label: string;
  /**
   * The outside-CA certificate this request renews (renewal-requests.ts): completing the request
   * marks that certificate superseded by the new one, as a renewal under our own CA does.
   */
  renews?: string;
  createdAt: string;
  rev: number;
}

export interface VaultMeta {
  id: 'vault';
  salt: Uint8Array;
  iterations: number;
  /** SHA-256 of PBKDF2-HMAC-SHA256(passphrase, salt, iterations): tells a wrong passphrase at once. */
  verifier: Uint8Array;
  /**
   * 2: the verifier is version 2 (vault.ts) and every CA record carries a MAC. Absent: a vault made
   * before; the next unlock migrates it. Dropping it does not downgrade a vault: the version-2
   * verifier does not match the version-1 formula, so the passphrase would simply be refused.
   */
  auth?: 2;
  /**
   * 2: every key in `keys` that this passphrase opens is sealed under this record's salt and
   * iterations (one key derivation per unlock, issue 15 item 1), so an unlock need not look at the
   * keys. Written by a new vault, a passphrase change, and the one re-seal of an older vault
   * (vault.ts resealKeys); removed by a merge that brings keys sealed the old way (backup.ts).
   * Absent: the next unlock looks for keys sealed the old way and re-seals them. Setting it by hand
   * only leaves such keys to the passphrase path (one derivation each when used), as before.
   */
  keySeal?: 2;
  createdAt: string;
  rev: number;
}

export interface BackupMeta {
  id: 'backup';
  lastBackupAt: string | null;
  changesSinceBackup: number;
  rev: number;
}
export type MetaRecord = VaultMeta | BackupMeta;

export interface Settings {
  id: 'settings';
  language: Lang;
  /** XMail build the bundle targets (xmail/targets.ts; xmail-tls.md: official 1.27 Windows or a modern build). */
  xmailTarget: XmailTarget;
  /** Minutes without activity before the vault locks: 1 to 480 (record-schema.ts IDLE_LOCK_MINUTES_RANGE). */
  idleLockMinutes: number;
  defaults: {
    keySpec: KeySpec;
    serverValidityDays: number;
    clientValidityDays: number;
    crlValidityDays: number;
    reminderDaysBefore: number;
  };
  rev: number;
}

/** The database's layout: each store's key, records and indexes (what db.ts MIGRATIONS make). */
export interface XmailTlsDb {
  meta: { key: string; value: MetaRecord };
  settings: { key: string; value: Settings };
  cas: { key: string; value: CaRecord; indexes: { purpose: string; status: string } };
  certificates: {
    key: string;
    value: CertificateRecord;
    indexes: { caId: string; status: string; notAfter: string; keyId: string; caSerial: [string, string] };
  };
  keys: { key: string; value: KeyRecord; indexes: { spkiSha256: string } };
  revocations: { key: string; value: RevocationRecord; indexes: { caId: string } };
  crls: { key: string; value: CrlRecord; indexes: { caId: string } };
  pendingRequests: { key: string; value: PendingRequestRecord };
  /** Derived from `certificates` (not a StoreName: never backed up, restored or counted). */
  certificateSummaries: { key: string; value: CertificateSummary; indexes: { caId: string; notAfter: string } };
  /** Derived: one counter per listed store (not a StoreName: never backed up, restored or counted). */
  listVersions: { key: string; value: ListVersion };
  /** Derived: the listed stores packed in buckets (not a StoreName: never backed up, restored or counted). */
  listPacks: { key: string; value: ListPack };
}

/**
 * One bucket of a listed store (schema version 7): `id` is `<store>:<bucket>` (listPackKey), `json`
 * the bucket's entries as a JSON array — for 'certificates' their list entries (listed.ts
 * ListedCertificate since version 8, by expiry then id; their summaries in id order in version 7), for
 * 'revocations' the revocation records in id order (plain strings and numbers: JSON keeps them
 * exactly; an optional field left undefined is simply absent). A bucket without entries has no record.
 */
export interface ListPack {
  id: string;
  json: string;
}

/**
 * Buckets per listed store. Measured (docs/PERFORMANCE.md, Round 4): 100,000 summaries as 64
 * strings of ~0.9 MB read in a third of the time of a cursor over 100,000 records; 16 buckets
 * gave longer tasks, 256 more browser-process time. A write re-packs only the buckets it touches.
 */
export const LIST_PACK_COUNT = 64;

/** The bucket of an id: FNV-1a (32 bits) of its UTF-16 code units, modulo LIST_PACK_COUNT. */
export function listPackOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % LIST_PACK_COUNT;
}

export function listPackKey(store: ListVersion['id'], bucket: number): string {
  return `${store}:${String(bucket).padStart(2, '0')}`;
}

/**
 * How many commits have written a listed store (schema version 6): db.ts bumps it in the same
 * transaction as the write, so a tab that kept the store's content in memory knows, with one
 * record read, whether it is still the store's content. A store without this record is at 0.
 */
export interface ListVersion {
  id: 'certificates' | 'revocations';
  version: number;
}

export type StoreName = 'meta' | 'settings' | 'cas' | 'certificates' | 'keys' | 'revocations' | 'crls' | 'pendingRequests';
export const STORE_NAMES: readonly StoreName[] = ['meta', 'settings', 'cas', 'certificates', 'keys', 'revocations', 'crls', 'pendingRequests'];
/** The schema version that added each store after the first: a backup made before has no section for it. */
export const STORE_SINCE: Readonly<Partial<Record<StoreName, number>>> = { pendingRequests: 4 };
export interface RecordOf {
  meta: MetaRecord;
  settings: Settings;
  cas: CaRecord;
  certificates: CertificateRecord;
  keys: KeyRecord;
  revocations: RevocationRecord;
  crls: CrlRecord;
  pendingRequests: PendingRequestRecord;
}
/** Stores holding the user's PKI objects: a store is "empty" when these are and no vault exists. */
export const CONTENT_STORES: readonly StoreName[] = ['cas', 'certificates', 'keys', 'revocations', 'crls', 'pendingRequests'];

export const DEFAULT_SETTINGS: Settings = {
  id: 'settings',
  language: 'ja',
  // The official 1.27 Windows build: the last upstream release, the one most users run, and the
  // strictest (RSA only, TLS 1.0), so what is made for it works with every other build.
  xmailTarget: 'official-1.27-win',
  idleLockMinutes: 15,
  defaults: {
    keySpec: { kind: 'RSA', bits: 2048 },
    serverValidityDays: 397,
    clientValidityDays: 365,
    crlValidityDays: 30,
    reminderDaysBefore: 30,
  },
  rev: 0,
};

/** Schema version 2 names of the XMail targets, renamed in version 3 to xmail/targets.ts's names. */
export type V2XmailTarget = 'official-1.27-windows' | 'modern-openssl' | 'pre-1.27';
export const V2_TARGET_NAMES: Readonly<Record<V2XmailTarget, XmailTarget>> = {
  'official-1.27-windows': 'official-1.27-win',
  'modern-openssl': 'openssl-1.0.1+',
  'pre-1.27': 'pre-1.27',
};

/**
 * Settings as schema version 3 stores them, from a version 2 record (a version 3 record comes back
 * unchanged). A name neither version knows becomes the default target rather than an invalid one.
 */
export function upgradeV2Settings(record: Omit<Settings, 'xmailTarget'> & { xmailTarget: string }): Settings {
  const name = record.xmailTarget;
  const known = Object.values(V2_TARGET_NAMES) as string[];
  const xmailTarget: XmailTarget =
    name in V2_TARGET_NAMES ? V2_TARGET_NAMES[name as V2XmailTarget] : known.includes(name) ? (name as XmailTarget) : DEFAULT_SETTINGS.xmailTarget;
  return { ...record, xmailTarget };
}

/** Schema version 1 CA record: no status, purpose, CRL number or rev. */
export interface V1CaRecord {
  id: string;
  name: string;
  certDer: Uint8Array;
  keyId: string;
  subjectText: string;
  serialHex: string;
  notBefore: string;
  notAfter: string;
  hash: HashName;
  createdAt: string;
}

/** Schema version 1 (the first release): kept so the v1 -> v2 migration and its test know what they read. */
export interface V1CertificateRecord {
  id: string;
  caId: string;
  /** Upper-case hex, as v1 wrote it. */
  serial: string;
  profile: IssuedProfile;
  subject: DistinguishedName;
  subjectText: string;
  commonName: string;
  sans: SanEntry[];
  notBefore: string;
  notAfter: string;
  keyId: string | null;
  der: Uint8Array;
  user?: { name: string; email: string };
  createdAt: string;
  revokedAt?: string;
  revocationReason?: RevocationReason;
}
