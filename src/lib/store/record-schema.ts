/**
 * The full shape of every stored record, as checks over untrusted data (a backup file's JSON, the
 * settings a caller saves). Issue 12 item 6: a restore used to check a few required fields, so wrong
 * types were stored and failed later with an uncoded TypeError/RangeError, `iterations: 0` gave a
 * DOMException, `iterations: 2^31-1` hung unlock for hours, `idleLockMinutes: -1` disabled the idle
 * lock, and a `__proto__` key passed the required-field check through the prototype chain.
 * Invariants:
 *  - A check reads own properties only and builds a fresh record holding exactly the fields the
 *    schema names (never a key taken from the input), so `__proto__` and other unknown keys are
 *    refused, not copied, and nothing is inherited.
 *  - Numbers are safe integers within a stated range; dates are ISO 8601 UTC strings that parse;
 *    names from a closed set are checked against it; bytes are {"$bytes": base64} decoded here.
 *  - A violation throws SchemaViolation naming the path, what was expected and what was found;
 *    callers turn it into their coded StoreError (BACKUP_CORRUPT, SETTINGS_INVALID).
 */
import { REVOCATION_REASONS, decodeBase64, type HashName, type KeySpec } from '../pki/index.ts';
import {
  V2_TARGET_NAMES,
  type BackupMeta,
  type CaRecord,
  type CertificateRecord,
  type CrlRecord,
  type KeyRecord,
  type PendingRequestRecord,
  type RevocationRecord,
  type Settings,
  type StoreName,
  type VaultMeta,
} from './schema.ts';

/** PBKDF2 iterations a vault may use: from OWASP's floor for SHA-256 to what unlocks in seconds, not hours. */
export const PBKDF2_ITERATIONS_RANGE = { min: 100_000, max: 10_000_000 } as const;
/** Minutes without activity before the vault locks: at least one, at most a working day. */
export const IDLE_LOCK_MINUTES_RANGE = { min: 1, max: 480 } as const;
/** Validity and reminder days in the settings (ten years: longer than any sensible certificate). */
export const SETTINGS_DAYS_RANGE = { min: 1, max: 3650 } as const;
export const REMINDER_DAYS_RANGE = { min: 0, max: 3650 } as const;
/** Deepest nesting a backup file may have; ours reaches 6 (file > stores > list > record > list > object). */
export const BACKUP_MAX_DEPTH = 32;

export class SchemaViolation extends Error {
  override readonly name = 'SchemaViolation';
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${path}: expected ${expected}, found ${found}`);
  }
}

export type Check<T> = (value: unknown, path: string) => T;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

function fail(path: string, expected: string, value: unknown): never {
  throw new SchemaViolation(path, expected, describe(value));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

export const str =
  (opts: { min?: number; max?: number; pattern?: RegExp; what?: string } = {}): Check<string> =>
  (v, path) => {
    const { min = 0, max = 4096, pattern, what } = opts;
    const expected = what ?? `a string of ${min} to ${max} characters`;
    if (typeof v !== 'string' || v.length < min || v.length > max || (pattern && !pattern.test(v))) fail(path, expected, v);
    return v;
  };

export const oneOf =
  <T extends string | number>(values: readonly T[]): Check<T> =>
  (v, path) => {
    if (!(values as readonly unknown[]).includes(v)) fail(path, `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`, v);
    return v as T;
  };

export const int =
  (min: number, max: number): Check<number> =>
  (v, path) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) fail(path, `a whole number from ${min} to ${max}`, v);
    return v;
  };

const ISO_UTC = /^(\d{4}|[+-]\d{6})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
export const isoDate: Check<string> = (v, path) => {
  if (typeof v !== 'string' || !ISO_UTC.test(v) || !Number.isFinite(Date.parse(v))) fail(path, 'an ISO 8601 UTC date', v);
  return v;
};

/** Bytes as codec.ts writes them: {"$bytes": base64}. */
export const bytes =
  (opts: { min?: number; max?: number } = {}): Check<Uint8Array> =>
  (v, path) => {
    const { min = 1, max = 1 << 20 } = opts;
    const expected = `bytes ({"$bytes": base64}) of ${min} to ${max} bytes`;
    if (!isPlainObject(v) || Object.keys(v).length !== 1 || !Object.hasOwn(v, '$bytes') || typeof v.$bytes !== 'string') fail(path, expected, v);
    let out: Uint8Array;
    try {
      out = decodeBase64(v.$bytes as string);
    } catch {
      return fail(path, expected, 'text that is not base64');
    }
    if (out.length < min || out.length > max) fail(path, expected, `${out.length} bytes`);
    return out;
  };

export const nullable =
  <T>(check: Check<T>): Check<T | null> =>
  (v, path) =>
    v === null ? null : check(v, path);

export const list =
  <T>(item: Check<T>, max = 100_000): Check<T[]> =>
  (v, path) => {
    if (!Array.isArray(v) || v.length > max) fail(path, `a list of at most ${max}`, v);
    return v.map((x, i) => item(x, `${path}[${i}]`));
  };

type Fields = Record<string, Check<unknown>>;

/**
 * An object with exactly these fields (`optional` ones may be absent). The result is a new object
 * holding only the schema's fields, read as own properties: nothing from the input's keys or its
 * prototype reaches it.
 */
export function object<T>(required: Fields, optional: Fields = {}): Check<T> {
  return (v, path) => {
    if (!isPlainObject(v)) fail(path, 'an object', v);
    const unknown = Object.keys(v).filter((k) => !Object.hasOwn(required, k) && !Object.hasOwn(optional, k));
    if (unknown.length) fail(path, 'only known fields', `the unknown field ${JSON.stringify(unknown[0])}`);
    const out: Record<string, unknown> = {};
    for (const [k, check] of Object.entries(required)) {
      if (!Object.hasOwn(v, k)) fail(`${path}.${k}`, 'a value', 'nothing');
      out[k] = check(v[k], `${path}.${k}`);
    }
    for (const [k, check] of Object.entries(optional)) {
      if (Object.hasOwn(v, k)) out[k] = check(v[k], `${path}.${k}`);
    }
    return out as T;
  };
}

/** One of several object shapes, chosen by a discriminating field. */
function byField<T>(field: string, shapes: Record<string, Check<T>>): Check<T> {
  return (v, path) => {
    const tag = isPlainObject(v) && Object.hasOwn(v, field) ? v[field] : undefined;
    if (typeof tag !== 'string' || !Object.hasOwn(shapes, tag)) fail(`${path}.${field}`, `one of ${Object.keys(shapes).join(', ')}`, tag);
    return shapes[tag]!(v, path);
  };
}

const id = str({ min: 1, max: 200 });
const rev = int(0, Number.MAX_SAFE_INTEGER);
const text = str({ max: 65_536 });
const hex = (max: number): Check<string> => str({ min: 1, max, pattern: /^[0-9a-f]+$/, what: `lower-case hex of 1 to ${max} digits` });
const serialHex = hex(128);
const hashName = oneOf<HashName>(['SHA-1', 'SHA-256', 'SHA-384']);
const der = bytes({ max: 1 << 20 });

export const keySpec: Check<KeySpec> = byField<KeySpec>('kind', {
  RSA: object({ kind: oneOf(['RSA']), bits: oneOf([2048, 3072, 4096]) }),
  EC: object({ kind: oneOf(['EC']), curve: oneOf(['P-256', 'P-384']) }),
});
const distinguishedName = list(object({ type: str({ min: 1, max: 64 }), value: text }), 64);
const sans = list(
  object({ type: oneOf(['dns', 'ip', 'email']), value: str({ max: 1024 }) }),
  1024,
);

const vaultMeta = (minIterations: number) =>
  object<VaultMeta>({
    id: oneOf(['vault']),
    salt: bytes({ min: 8, max: 64 }),
    iterations: int(minIterations, PBKDF2_ITERATIONS_RANGE.max),
    verifier: bytes({ min: 32, max: 32 }),
    createdAt: isoDate,
    rev,
  }, { auth: oneOf([2]), keySeal: oneOf([2]) });
const backupMeta = object<BackupMeta>({
  id: oneOf(['backup']),
  lastBackupAt: nullable(isoDate),
  changesSinceBackup: int(0, Number.MAX_SAFE_INTEGER),
  rev,
});

/** The target names this schema stores (the values of the v2 -> v3 rename table: one per target). */
const XMAIL_TARGET_NAMES = Object.values(V2_TARGET_NAMES);

function settingsCheck(xmailTarget: Check<string>): Check<Settings> {
  return object<Settings>({
    id: oneOf(['settings']),
    language: oneOf(['ja', 'en']),
    xmailTarget,
    idleLockMinutes: int(IDLE_LOCK_MINUTES_RANGE.min, IDLE_LOCK_MINUTES_RANGE.max),
    defaults: object({
      keySpec,
      serverValidityDays: int(SETTINGS_DAYS_RANGE.min, SETTINGS_DAYS_RANGE.max),
      clientValidityDays: int(SETTINGS_DAYS_RANGE.min, SETTINGS_DAYS_RANGE.max),
      crlValidityDays: int(SETTINGS_DAYS_RANGE.min, SETTINGS_DAYS_RANGE.max),
      reminderDaysBefore: int(REMINDER_DAYS_RANGE.min, REMINDER_DAYS_RANGE.max),
    }),
    rev,
  });
}
export const settingsRecord = settingsCheck(oneOf(XMAIL_TARGET_NAMES));

/**
 * The check for one record of `store` in a backup made at `schemaVersion`. Before schema 3 the
 * settings named their XMail target differently (upgradeV2Settings renames it after this check).
 * `minIterations` lowers the vault's PBKDF2 floor only for a store that itself uses fewer (tests).
 */
export function recordCheck(store: StoreName, schemaVersion: number, opts: { minIterations?: number } = {}): Check<unknown> {
  switch (store) {
    case 'meta':
      return byField<VaultMeta | BackupMeta>('id', { vault: vaultMeta(opts.minIterations ?? PBKDF2_ITERATIONS_RANGE.min), backup: backupMeta });
    case 'settings':
      return schemaVersion < 3 ? settingsCheck(str({ max: 64 })) : settingsRecord;
    case 'cas':
      return object<CaRecord>(
        {
          id, name: text, purpose: oneOf(['server', 'client-verify']), status: oneOf(['active', 'retired']),
          origin: oneOf(['created', 'imported']), certDer: der, keyId: id, subjectText: text, serialHex,
          notBefore: isoDate, notAfter: isoDate, hash: hashName, crlNumber: int(0, Number.MAX_SAFE_INTEGER), createdAt: isoDate, rev,
        },
        { retiredAt: isoDate, replacedBy: id, mac: bytes({ min: 32, max: 32 }) },
      );
    case 'certificates':
      return object<CertificateRecord>(
        {
          id, caId: nullable(id), issuerText: text, serialHex, profile: oneOf(['server', 'client']), subject: distinguishedName,
          subjectText: text, commonName: text, sans, notBefore: isoDate, notAfter: isoDate, status: oneOf(['valid', 'revoked']),
          keyId: nullable(id), der, createdAt: isoDate, rev,
        },
        {
          chain: list(der, 16),
          user: object({ name: text, email: str({ max: 1024 }) }),
          renewedFrom: id,
          supersededBy: id,
        },
      );
    case 'keys':
      return object<KeyRecord>(
        { id, spec: keySpec, spkiSha256: str({ pattern: /^[0-9a-f]{64}$/, what: 'a SHA-256 in lower-case hex' }), spki: der, encryptedPkcs8: der, createdAt: isoDate, rev },
        { compromisedAt: isoDate },
      );
    case 'revocations':
      return object<RevocationRecord>({
        id, caId: nullable(id), serialHex, revokedAt: isoDate,
        reason: oneOf(Object.keys(REVOCATION_REASONS) as Array<keyof typeof REVOCATION_REASONS>), rev,
      });
    case 'crls':
      return object<CrlRecord>({ id, caId: id, crlNumber: int(0, Number.MAX_SAFE_INTEGER), thisUpdate: isoDate, nextUpdate: isoDate, der, rev });
    case 'pendingRequests':
      return object<PendingRequestRecord>({ id, keyId: id, csrDer: der, subject: distinguishedName, sans, label: text, createdAt: isoDate, rev }, { renews: id });
  }
}

/**
 * Whether JSON text nests arrays/objects deeper than `max`, found by one scan of the characters (no
 * recursion, so 20,000 levels cost a loop, not the call stack). Brackets inside strings do not count.
 */
export function jsonNestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
