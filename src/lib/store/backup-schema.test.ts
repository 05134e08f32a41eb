/**
 * Issue 12 item 6: a restore checks every record against the full schema (record-schema.ts), and
 * the settings' ranges hold however they are written. Each case below was accepted (or failed with
 * an uncoded TypeError/RangeError/DOMException) before the schema check.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../pki/index.ts';
import { createBackup, dumpStore, parseBackup, restoreBackup } from './backup.ts';
import { StoreError } from './errors.ts';
import { openStore } from './index.ts';
import { createCa, issueCertificate, revokeCertificate } from './operations/index.ts';
import { jsonNestingExceeds } from './record-schema.ts';
import { getSettings, saveSettings } from './repositories.ts';
import { DEFAULT_SETTINGS } from './schema.ts';
import { ManualClock, PASSPHRASE, TEST_ITERATIONS, openTestStore, uniqueDbName } from './test-support.ts';

const EC = { kind: 'EC', curve: 'P-256' } as const;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed backup file edited by hand
type BackupJson = any;

let cached: string | undefined;
/** One backup of a small store (settings, a CA, a certificate, its revocation). */
async function backupText(): Promise<string> {
  if (cached) return cached;
  const store = await openTestStore();
  const ca = await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'CN', value: 'Schema CA' }], keySpec: EC, validityDays: 3650 });
  const a = await issueCertificate(store, { caId: ca.id, profile: 'server', subject: [{ type: 'CN', value: 'a.example' }], sans: [{ type: 'dns', value: 'a.example' }], keySpec: EC, validityDays: 90 });
  await revokeCertificate(store, a.record.id, 'keyCompromise');
  const { id: _id, rev: _rev, ...settings } = DEFAULT_SETTINGS;
  await saveSettings(store.db, settings);
  cached = (await createBackup(store)).text;
  store.close();
  return cached;
}

/** The backup with `edit` applied and the manifest sums redone (as an attacker would). */
async function edited(edit: (file: BackupJson) => void): Promise<string> {
  const file = JSON.parse(await backupText());
  edit(file);
  for (const [s, records] of Object.entries(file.stores as Record<string, unknown[]>)) {
    if (file.manifest[s]) file.manifest[s] = { count: records.length, sha256: await sha256Hex(JSON.stringify(records)) };
  }
  return JSON.stringify(file);
}

const vault = (f: BackupJson) => f.stores.meta.find((m: { id: string }) => m.id === 'vault');
const settings = (f: BackupJson) => f.stores.settings[0];

function nested(levels: number): string {
  return '['.repeat(levels) + ']'.repeat(levels);
}

/** Refused before the schema check too (kept so the rewrite does not lose them). */
const STILL_REFUSED: Array<[string, (f: BackupJson) => void]> = [
  ['key encryptedPkcs8 as text', (f) => void (f.stores.keys[0].encryptedPkcs8 = 'plaintext')],
  ['key bytes not base64', (f) => void (f.stores.keys[0].spki = { $bytes: '!!!!' })],
  ['a section holding a number', (f) => void (f.stores.crls = [42])],
];

/** Each of these was restored (or failed with an uncoded error) before the schema check. */
const CASES: Array<[string, (f: BackupJson) => void]> = [
  ['vault iterations 0 (a DOMException at unlock)', (f) => void (vault(f).iterations = 0)],
  ['vault iterations 2^31-1 (unlock hangs for hours)', (f) => void (vault(f).iterations = 2 ** 31 - 1)],
  ['vault iterations as text', (f) => void (vault(f).iterations = '600000')],
  ['vault iterations 1.5', (f) => void (vault(f).iterations = 1.5)],
  ['vault salt as text', (f) => void (vault(f).salt = 'salt')],
  ['vault verifier of 3 bytes', (f) => void (vault(f).verifier = { $bytes: 'AAAA' })],
  ['idleLockMinutes -1 (never locks)', (f) => void (settings(f).idleLockMinutes = -1)],
  ['idleLockMinutes 0', (f) => void (settings(f).idleLockMinutes = 0)],
  ['idleLockMinutes 40000 (overflows setTimeout)', (f) => void (settings(f).idleLockMinutes = 40_000)],
  ['idleLockMinutes as text', (f) => void (settings(f).idleLockMinutes = '15')],
  ['settings language fr', (f) => void (settings(f).language = 'fr')],
  ['settings unknown XMail target', (f) => void (settings(f).xmailTarget = 'xmail-99')],
  ['settings validity 1e9 days', (f) => void (settings(f).defaults.serverValidityDays = 1e9)],
  ['settings key spec DSA', (f) => void (settings(f).defaults.keySpec = { kind: 'DSA', bits: 1024 })],
  ['settings without defaults', (f) => void delete settings(f).defaults],
  ['CA notAfter as a number', (f) => void (f.stores.cas[0].notAfter = 1_900_000_000_000)],
  ['CA notAfter not a date', (f) => void (f.stores.cas[0].notAfter = 'tomorrow')],
  ['CA crlNumber -1', (f) => void (f.stores.cas[0].crlNumber = -1)],
  ['CA purpose unknown', (f) => void (f.stores.cas[0].purpose = 'root-of-everything')],
  ['CA hash MD5', (f) => void (f.stores.cas[0].hash = 'MD5')],
  ['certificate SANs as text', (f) => void (f.stores.certificates[0].sans = 'a.example')],
  ['certificate subject null', (f) => void (f.stores.certificates[0].subject = null)],
  ['certificate SAN of an unknown type', (f) => void (f.stores.certificates[0].sans = [{ type: 'uri', value: 'x' }])],
  ['certificate serial in upper case', (f) => void (f.stores.certificates[0].serialHex = 'ABCDEF')],
  ['certificate with an unknown field', (f) => void (f.stores.certificates[0].trusted = true)],
  ['key spec unknown', (f) => void (f.stores.keys[0].spec = { kind: 'DSA' })],
  ['revocation reason unknown', (f) => void (f.stores.revocations[0].reason = 'because')],
  ['a record whose fields sit under __proto__', (f) => void (f.stores.certificates[0] = JSON.parse(`{"__proto__": ${JSON.stringify(f.stores.certificates[0])}}`))],
  ['a __proto__ key beside the fields', (f) => void (f.stores.cas[0] = JSON.parse(`{"__proto__": {"isAdmin": true}, ${JSON.stringify(f.stores.cas[0]).slice(1)}`))],
  ['two records with one id', (f) => void f.stores.certificates.push(structuredClone(f.stores.certificates[0]))],
  ['two vault records', (f) => void f.stores.meta.push(structuredClone(vault(f)))],
  ['schema version 0', (f) => void (f.schemaVersion = 0)],
];

describe('restore: the full schema check (issue 12 item 6)', () => {
  it.each([...CASES, ...STILL_REFUSED])('refuses %s with a coded error, leaving the store untouched', async (_name, edit) => {
    expect.hasAssertions();
    const bad = await edited(edit);
    const target = await openTestStore({ unlock: false });
    const before = await dumpStore(target.db);
    for (const mode of ['empty', 'merge'] as const) {
      const error = await restoreBackup(target, bad, { mode }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toMatch(/^BACKUP_(CORRUPT|UNSUPPORTED_VERSION)$/);
    }
    expect(await dumpStore(target.db)).toBe(before);
    target.close();
  });

  it('refuses 20,000 levels of nesting with BACKUP_CORRUPT, not a stack overflow', async () => {
    expect.hasAssertions();
    const file = JSON.parse(await backupText());
    file.stores.certificates[0].user = '@@DEEP@@';
    const text = JSON.stringify(file).replace('"@@DEEP@@"', nested(20_000));
    const error = await parseBackup(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('BACKUP_CORRUPT');
  });

  it('still restores the untouched backup, and the records carry only the schema fields', async () => {
    expect.hasAssertions();
    const text = await backupText();
    const { snapshot } = await parseBackup(text, { minIterations: TEST_ITERATIONS });
    for (const r of [...snapshot.cas, ...snapshot.certificates, ...snapshot.keys]) expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    const target = await openTestStore({ unlock: false });
    await restoreBackup(target, text, { mode: 'empty', backupPassphrase: PASSPHRASE });
    await target.vault.unlock(PASSPHRASE);
    target.close();
  });

  it('holds the production floor of 100,000 iterations unless the store itself uses fewer', async () => {
    expect.hasAssertions();
    await expect(parseBackup(await backupText())).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' });
    await expect(parseBackup(await backupText(), { minIterations: TEST_ITERATIONS })).resolves.toBeTruthy();
  });

  it('counts nesting without recursion and ignores brackets inside strings', () => {
    expect(jsonNestingExceeds(nested(200_000), 32)).toBe(true);
    expect(jsonNestingExceeds(nested(32), 32)).toBe(false);
    expect(jsonNestingExceeds(JSON.stringify({ a: '[[[[[[[[[[["\\"[[[[' }), 2)).toBe(false);
  });
});

describe('settings ranges when saved (issue 12 item 6)', () => {
  const { id: _id, rev: _rev, ...base } = DEFAULT_SETTINGS;
  it.each([
    ['idle lock -1 minutes', { ...base, idleLockMinutes: -1 }],
    ['idle lock 0 minutes', { ...base, idleLockMinutes: 0 }],
    ['idle lock 481 minutes', { ...base, idleLockMinutes: 481 }],
    ['idle lock 40,000 minutes', { ...base, idleLockMinutes: 40_000 }],
    ['idle lock 2.5 minutes', { ...base, idleLockMinutes: 2.5 }],
    ['idle lock NaN', { ...base, idleLockMinutes: Number.NaN }],
    ['validity 0 days', { ...base, defaults: { ...base.defaults, serverValidityDays: 0 } }],
    ['language xx', { ...base, language: 'xx' as 'ja' }],
  ])('refuses %s with SETTINGS_INVALID and keeps the stored settings', async (_name, next) => {
    expect.hasAssertions();
    const store = await openTestStore({ unlock: false });
    const before = await getSettings(store.db);
    await expect(saveSettings(store.db, next)).rejects.toMatchObject({ code: 'SETTINGS_INVALID' });
    expect(await getSettings(store.db)).toEqual(before);
    store.close();
  });

  it.each([[1], [480]])('accepts an idle lock of %i minutes', async (minutes) => {
    expect.hasAssertions();
    const store = await openTestStore({ unlock: false });
    expect((await saveSettings(store.db, { ...base, idleLockMinutes: minutes })).idleLockMinutes).toBe(minutes);
    store.close();
  });

  it('a stored idle time out of range (written before these checks) locks after the default 15 minutes', async () => {
    expect.hasAssertions();
    const name = uniqueDbName();
    const clock = new ManualClock();
    const first = await openTestStore({ name, clock });
    await first.db.commit({ put: { settings: [{ ...DEFAULT_SETTINGS, idleLockMinutes: -1, rev: 1 }] }, countsAsChange: false });
    first.close();
    const store = await openStore({ name, clock, iterations: TEST_ITERATIONS, channel: null });
    await store.vault.unlock(PASSPHRASE);
    clock.advance(15 * 60_000);
    expect(store.vault.isUnlocked).toBe(false);
    store.close();
  });
});
