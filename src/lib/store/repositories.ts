/**
 * Typed reads over db.ts, and the few writes that are a single record (settings). Every read
 * returns plain records; a missing record is a StoreError NOT_FOUND naming what was looked for.
 */
import type { StoreDb } from './db.ts';
import { StoreError } from './errors.ts';
import { compareText } from './order.ts';
import { SchemaViolation, settingsRecord } from './record-schema.ts';
import {
  DEFAULT_SETTINGS,
  type BackupMeta,
  type CaPurpose,
  type CaRecord,
  type CertificateRecord,
  type KeyRecord,
  type RevocationRecord,
  type Settings,
} from './schema.ts';

export async function getCa(db: StoreDb, id: string): Promise<CaRecord> {
  const ca = await db.get('cas', id);
  if (!ca) throw new StoreError('NOT_FOUND', `CA ${id}: not in the store`);
  return ca;
}

/**
 * The CAs, oldest first (the order the manage view and the CA pickers show: the order they were
 * made, not their names), ties by id. Both in code-unit order (order.ts): createdAt is always
 * toISOString()'s format, so it sorts as time; the id only makes the order the same everywhere,
 * which localeCompare did not promise (its order follows the browser's locale and ICU version).
 */
export async function listCas(db: StoreDb, filter: { purpose?: CaPurpose; includeRetired?: boolean } = {}): Promise<CaRecord[]> {
  const all = await db.getAll('cas');
  return all
    .filter((c) => (filter.purpose ? c.purpose === filter.purpose : true))
    .filter((c) => (filter.includeRetired ? true : c.status === 'active'))
    .sort((a, b) => compareText(a.createdAt, b.createdAt) || compareText(a.id, b.id));
}

export async function getCertificate(db: StoreDb, id: string): Promise<CertificateRecord> {
  const cert = await db.get('certificates', id);
  if (!cert) throw new StoreError('NOT_FOUND', `certificate ${id}: not in the store`);
  return cert;
}

export async function getKey(db: StoreDb, id: string): Promise<KeyRecord> {
  const key = await db.get('keys', id);
  if (!key) throw new StoreError('NOT_FOUND', `key ${id}: not in the store`);
  return key;
}

export async function certificatesOfCa(db: StoreDb, caId: string): Promise<CertificateRecord[]> {
  return db.getAllFromIndex('certificates', 'caId', caId);
}

export async function certificatesOfKey(db: StoreDb, keyId: string): Promise<CertificateRecord[]> {
  return db.getAllFromIndex('certificates', 'keyId', keyId);
}

/** In no set order (db.revocations reads them from their packs); read through StoreDb's in-memory copy (checked by version). */
export async function revocationsOfCa(db: StoreDb, caId: string): Promise<RevocationRecord[]> {
  return db.revocations(caId);
}

export async function getRevocation(db: StoreDb, certificateId: string): Promise<RevocationRecord | undefined> {
  return db.get('revocations', certificateId);
}

export async function getSettings(db: StoreDb): Promise<Settings> {
  return (await db.get('settings', 'settings')) ?? DEFAULT_SETTINGS;
}

/**
 * Saves settings; refused with DB_CONFLICT when another tab saved in between, and with
 * SETTINGS_INVALID when a value is out of its range (record-schema.ts: the same check a restore
 * applies, e.g. an idle lock of 1 to 480 minutes), before anything is written.
 */
export async function saveSettings(db: StoreDb, next: Omit<Settings, 'id' | 'rev'>): Promise<Settings> {
  const current = await db.get('settings', 'settings');
  let record: Settings;
  try {
    record = settingsRecord({ ...next, id: 'settings', rev: (current?.rev ?? 0) + 1 }, 'settings');
  } catch (e) {
    if (!(e instanceof SchemaViolation)) throw e;
    throw new StoreError('SETTINGS_INVALID', `settings: ${e.message}`, { cause: e });
  }
  await db.commit({
    put: { settings: [record] },
    expect: [{ store: 'settings', key: 'settings', rev: current ? current.rev : null }],
    countsAsChange: false,
  });
  return record;
}

export interface BackupStatus {
  lastBackupAt: string | null;
  changesSinceBackup: number;
}

/** What the page shows to ask for a backup (browsers may evict site data: Safari after 7 days). */
export async function getBackupStatus(db: StoreDb): Promise<BackupStatus> {
  const meta = (await db.get('meta', 'backup')) as BackupMeta | undefined;
  return { lastBackupAt: meta?.lastBackupAt ?? null, changesSinceBackup: meta?.changesSinceBackup ?? 0 };
}
