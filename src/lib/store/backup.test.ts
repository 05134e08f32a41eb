import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { REVOCATION_REASONS, decodePem, parseCertificate } from '../pki/index.ts';
import { createBackup, dumpStore, parseBackup, restoreBackup } from './backup.ts';
import { escapeIcsText, foldIcsLine, serializeExpiryCalendar } from './calendar.ts';
import type { Store } from './index.ts';
import { createCa, issueCertificate, issueCrl, revokeCertificate } from './operations/index.ts';
import { exportOpenSslCa, formatOneLineName, formatOpenSslTime, opensslReason } from './openssl-ca-export.ts';
import { getSettings, saveSettings } from './repositories.ts';
import { DEFAULT_SETTINGS } from './schema.ts';
import { PASSPHRASE, openTestStore } from './test-support.ts';

const EC = { kind: 'EC', curve: 'P-256' } as const;

async function populated(): Promise<Store & { caId: string; revokedSerial: string }> {
  const store = await openTestStore();
  const ca = await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'C', value: 'JP' }, { type: 'CN', value: 'Backup CA' }], keySpec: EC, validityDays: 3650 });
  const a = await issueCertificate(store, { caId: ca.id, profile: 'server', subject: [{ type: 'CN', value: 'a.example' }], sans: [{ type: 'dns', value: 'a.example' }], keySpec: EC, validityDays: 90 });
  await issueCertificate(store, { caId: ca.id, profile: 'server', subject: [{ type: 'CN', value: 'b.example' }], sans: [{ type: 'dns', value: 'b.example' }], keySpec: EC, validityDays: 90 });
  await revokeCertificate(store, a.record.id, 'keyCompromise');
  await issueCrl(store, ca.id, { nextUpdateDays: 7 });
  return Object.assign(store, { caId: ca.id, revokedSerial: a.record.serialHex });
}

describe('backup and restore', () => {
  it('a backup restored into a fresh store gives an identical dump', async () => {
    const source = await populated();
    const backup = await createBackup(source);
    expect(backup.filename).toMatch(/^xmail-tls-backup-\d{8}T\d{6}\.json$/);
    const sourceDump = await dumpStore(source.db);
    const target = await openTestStore({ unlock: false });
    const report = await restoreBackup(target, backup.text, { mode: 'empty', backupPassphrase: PASSPHRASE });
    expect(report.added.certificates).toBe(2);
    expect(await dumpStore(target.db)).toBe(sourceDump);
    // and the restored vault opens with the same passphrase
    await target.vault.unlock(PASSPHRASE);
    expect(await source.db.get('meta', 'backup')).toMatchObject({ changesSinceBackup: 0 });
    source.close();
    target.close();
  });

  it('refuses a corrupted, foreign or newer file whole, leaving the store untouched', async () => {
    const source = await populated();
    const { text } = await createBackup(source);
    const target = await openTestStore({ unlock: false });
    const before = await dumpStore(target.db);
    const file = JSON.parse(text);
    const tampered = structuredClone(file);
    tampered.stores.certificates[1].commonName = 'evil.example';
    const wrongType = structuredClone(file);
    wrongType.stores.keys[0].encryptedPkcs8 = 'plaintext';
    wrongType.manifest.keys.sha256 = await sha(JSON.stringify(wrongType.stores.keys));
    // a current-schema file without a section is cut, not old
    const { pendingRequests: _s, ...withoutSection } = file.stores;
    const { pendingRequests: _m, ...withoutEntry } = file.manifest;
    const cases: Array<[string, string]> = [
      [JSON.stringify({ ...file, stores: withoutSection, manifest: withoutEntry }), 'BACKUP_CORRUPT'],
      [text.slice(0, text.length / 2), 'BACKUP_FOREIGN'],
      ['{"hello": 1}', 'BACKUP_FOREIGN'],
      [JSON.stringify(tampered), 'BACKUP_CORRUPT'],
      [JSON.stringify(wrongType), 'BACKUP_CORRUPT'],
      [JSON.stringify({ ...file, version: 99 }), 'BACKUP_UNSUPPORTED_VERSION'],
      [JSON.stringify({ ...file, stores: { ...file.stores, extra: [] } }), 'BACKUP_CORRUPT'],
    ];
    for (const [bad, code] of cases) {
      await expect(restoreBackup(target, bad, { mode: 'empty' })).rejects.toMatchObject({ code });
      await expect(restoreBackup(target, bad, { mode: 'merge' })).rejects.toMatchObject({ code });
    }
    expect(await dumpStore(target.db)).toBe(before);
    await expect(restoreBackup(source, text, { mode: 'empty' })).rejects.toMatchObject({ code: 'STORE_NOT_EMPTY' });
    source.close();
    target.close();
  });

  it('merges: adds what is missing, skips identical records, lists conflicts, overwrites nothing', async () => {
    const source = await populated();
    const { text } = await createBackup(source);
    // the same store, changed after the backup: a CRL number moved on, one certificate revoked
    await issueCrl(source, source.caId);
    const b = (await source.db.getAll('certificates')).find((c) => c.status === 'valid')!;
    await revokeCertificate(source, b.id, 'superseded');
    await source.db.commit({ delete: { crls: [(await source.db.getAll('crls')).find((c) => c.crlNumber === 1)!.id] } });
    const before = await source.db.readAll();
    const report = await restoreBackup(source, text, { mode: 'merge' });
    expect(report.added.crls).toBe(1);
    expect(report.conflicts.map((c) => `${c.store}/${c.reason}`).sort()).toEqual(['cas/different-content', 'certificates/different-content']);
    const after = await source.db.readAll();
    expect(after.cas).toEqual(before.cas);
    expect(after.certificates).toEqual(before.certificates);
    source.close();
  });

  it('merges keys from a vault with another passphrase only with that passphrase', async () => {
    const source = await populated();
    const { text } = await createBackup(source);
    const target = await openTestStore();
    await target.vault.changePassphrase(PASSPHRASE, 'target passphrase');
    await expect(restoreBackup(target, text, { mode: 'merge' })).rejects.toMatchObject({ code: 'BACKUP_PASSPHRASE_REQUIRED' });
    await expect(restoreBackup(target, text, { mode: 'merge', backupPassphrase: 'nope nope nope' })).rejects.toMatchObject({ code: 'VAULT_BAD_PASSPHRASE' });
    const report = await restoreBackup(target, text, { mode: 'merge', backupPassphrase: PASSPHRASE });
    expect(report.keysReencrypted).toBe(3);
    const { openKey } = await import('./operations/index.ts');
    for (const k of await target.db.getAll('keys')) await openKey(target, k.id);
    source.close();
    target.close();
  });

  it('restores a backup of the schema 2 format (old target names, no pending requests) into the current schema', async () => {
    expect.hasAssertions();
    const source = await populated();
    const { id: _id, rev: _rev, ...settings } = DEFAULT_SETTINGS;
    await saveSettings(source.db, { ...settings, xmailTarget: 'openssl-1.0.1+', idleLockMinutes: 7 });
    const current = JSON.parse((await createBackup(source)).text);
    const sourceDump = await dumpStore(source.db);
    const old = await asSchemaV2Backup(current, { 'openssl-1.0.1+': 'modern-openssl' });
    delete old.mac; // files of schema 2 were made before backups had a MAC
    expect(old.stores.settings[0].xmailTarget).toBe('modern-openssl');
    expect(old.stores).not.toHaveProperty('pendingRequests');

    const target = await openTestStore({ unlock: false });
    await restoreBackup(target, JSON.stringify(old), { mode: 'empty', acceptUnauthenticated: true });
    expect(await getSettings(target.db)).toMatchObject({ xmailTarget: 'openssl-1.0.1+', idleLockMinutes: 7 });
    expect(await dumpStore(target.db)).toBe(sourceDump);
    // merged into a store with the same (current-format) settings: identical, not a conflict
    const report = await restoreBackup(source, JSON.stringify(old), { mode: 'merge', acceptUnauthenticated: true });
    expect(report.conflicts).toEqual([]);
    source.close();
    target.close();
  });

  it('parseBackup rejects a manifest count that disagrees', async () => {
    const source = await populated();
    const file = JSON.parse((await createBackup(source)).text);
    file.manifest.certificates.count = 5;
    await expect(parseBackup(JSON.stringify(file))).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' });
    source.close();
  });
});

/** A current backup file rewritten as the schema 2 release wrote it (its target names; sums redone). */
async function asSchemaV2Backup(file: BackupJson, targetNames: Record<string, string>): Promise<BackupJson> {
  const old = structuredClone(file);
  old.schemaVersion = 2;
  // schema 2 had no pendingRequests store: no section, no manifest entry
  delete old.stores.pendingRequests;
  delete old.manifest.pendingRequests;
  for (const r of old.stores.settings) r.xmailTarget = targetNames[r.xmailTarget] ?? r.xmailTarget;
  old.manifest.settings.sha256 = await sha(JSON.stringify(old.stores.settings));
  return old;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed JSON file edited by hand
type BackupJson = any;

async function sha(text: string): Promise<string> {
  const { sha256Hex } = await import('../pki/index.ts');
  return sha256Hex(text);
}

describe('OpenSSL CA directory export', () => {
  it('writes index.txt lines in openssl format and every file of the layout', async () => {
    const store = await populated();
    const files = await exportOpenSslCa(store, store.caId, { keyPassword: 'export password', iterations: 1000 });
    const byPath = new Map(files.map((f) => [f.path, new TextDecoder().decode(f.bytes)]));
    for (const p of ['ca.crt', 'private/ca.key', 'index.txt', 'index.txt.attr', 'serial', 'crlnumber', 'crl.pem', 'openssl.cnf']) expect(byPath.has(p)).toBe(true);
    expect(byPath.get('private/ca.key')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    const lines = byPath.get('index.txt')!.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const revoked = lines.find((l) => l.startsWith('R\t'))!.split('\t');
    expect(revoked[3]).toBe(store.revokedSerial.toUpperCase());
    expect(revoked[2]).toMatch(/^\d{12}Z,keyCompromise$/);
    expect(revoked[4]).toBe('unknown');
    expect(revoked[5]).toBe('/CN=a.example');
    expect(lines.find((l) => l.startsWith('V\t'))!.split('\t')[2]).toBe('');
    expect(byPath.get('crlnumber')).toBe('03\n'); // CRL 1 in populated(), CRL 2 issued by the export
    expect(byPath.get('serial')).toMatch(/^[0-9A-F]{32}\n$/);
    const newcerts = files.filter((f) => f.path.startsWith('newcerts/'));
    expect(newcerts).toHaveLength(2);
    for (const f of newcerts) {
      const serial = f.path.slice('newcerts/'.length, -'.pem'.length);
      expect(parseCertificate(decodePem(new TextDecoder().decode(f.bytes), ['CERTIFICATE']).der).serialHex.toUpperCase()).toBe(serial);
    }
    store.close();
  });

  it('formats times and names as OpenSSL does', () => {
    expect(formatOpenSslTime(new Date('2030-02-03T04:05:06Z'))).toBe('300203040506Z');
    expect(formatOpenSslTime(new Date('2051-02-03T04:05:06Z'))).toBe('20510203040506Z');
    expect(formatOneLineName([{ type: 'C', value: 'JP' }, { type: 'CN', value: 'x' }])).toBe('/C=JP/CN=x');
  });

  it.each([
    ['unspecified', 'unspecified'],
    ['keyCompromise', 'keyCompromise'],
    ['cACompromise', 'CACompromise'],
    ['affiliationChanged', 'affiliationChanged'],
    ['superseded', 'superseded'],
    ['cessationOfOperation', 'cessationOfOperation'],
    ['certificateHold', 'certificateHold'],
    ['removeFromCRL', 'removeFromCRL'],
    ['privilegeWithdrawn', undefined],
    ['aACompromise', undefined],
  ] as const)('names the reason %s as openssl ca does: %s', (reason, name) => {
    expect(opensslReason(reason)).toBe(name);
  });

  it('names every RFC 5280 reason in the table above', () => {
    expect(Object.keys(REVOCATION_REASONS).sort()).toEqual(
      ['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', 'removeFromCRL', 'privilegeWithdrawn', 'aACompromise'].sort(),
    );
  });
});

describe('calendar', () => {
  it('escapes TEXT, folds long lines at 75 octets and ends lines with CRLF', () => {
    expect(escapeIcsText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const long = 'SUMMARY:' + 'あ'.repeat(40);
    const folded = foldIcsLine(long);
    expect(folded.split('\r\n ').every((l) => new TextEncoder().encode(l).length <= 75)).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(long);
    const ics = serializeExpiryCalendar(
      [{ id: 'c1', summary: 'mail.example.com, expires', notAfter: new Date('2026-01-02T03:04:05Z') }],
      { reminderDaysBefore: 30, now: new Date('2025-06-01T00:00:00Z') },
    );
    expect(ics).toBe(
      [
        'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//XMail TLS workshop//certificate expiry//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
        'BEGIN:VEVENT', 'UID:c1@xmail-tls.invalid', 'DTSTAMP:20250601T000000Z', 'DTSTART;VALUE=DATE:20260102', 'DTEND;VALUE=DATE:20260103',
        'SUMMARY:mail.example.com\\, expires', 'TRANSP:TRANSPARENT', 'BEGIN:VALARM', 'ACTION:DISPLAY', 'DESCRIPTION:mail.example.com\\, expires',
        'TRIGGER:-P30D', 'END:VALARM', 'END:VEVENT', 'END:VCALENDAR', '',
      ].join('\r\n'),
    );
  });
});
