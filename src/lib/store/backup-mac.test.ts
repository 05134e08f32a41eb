/**
 * Issue 12 item 4: a backup is authenticated. An attacker who replaced the CA in a backup file and
 * recomputed the manifest (it had no key) got their root into the restored store; now the file's
 * MAC, keyed from the vault passphrase, refuses it. Files without a MAC need explicit acceptance.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createRootCa, generateKey, sha256Hex } from '../pki/index.ts';
import { createBackup, dumpStore, restoreBackup, type BackupFile } from './backup.ts';
import { createCa } from './operations/index.ts';
import { PASSPHRASE, openTestStore } from './test-support.ts';

const EC = { kind: 'EC', curve: 'P-256' } as const;

async function sourceBackup(): Promise<{ text: string; dump: string }> {
  const source = await openTestStore();
  await createCa(source, { name: 'Client CA', purpose: 'client-verify', subject: [{ type: 'CN', value: 'Real Client CA' }], keySpec: EC });
  const backup = await createBackup(source);
  const dump = await dumpStore(source.db);
  source.close();
  return { text: backup.text, dump };
}

/** The attack: the CA certificate replaced by the attacker's root, the manifest recomputed. */
async function swapCaInBackup(text: string): Promise<string> {
  const file = JSON.parse(text) as BackupFile;
  const key = await generateKey(EC);
  const der = await createRootCa({ key, subject: [{ type: 'CN', value: 'Evil Root' }], validityDays: 3650, hash: 'SHA-256', now: new Date('2025-06-01T00:00:00Z') });
  const ca = file.stores.cas[0] as Record<string, unknown>;
  ca.certDer = { $bytes: Buffer.from(der).toString('base64') };
  file.manifest.cas.sha256 = await sha256Hex(JSON.stringify(file.stores.cas));
  return JSON.stringify(file);
}

describe('backup MAC', () => {
  it('a backup whose CA was replaced and manifest recomputed is refused: BACKUP_TAMPERED, nothing written', async () => {
    expect.hasAssertions();
    const { text } = await sourceBackup();
    const tampered = await swapCaInBackup(text);
    const target = await openTestStore({ unlock: false });
    const before = await dumpStore(target.db);
    await expect(restoreBackup(target, tampered, { mode: 'empty', backupPassphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'BACKUP_TAMPERED' });
    expect(await dumpStore(target.db)).toBe(before);
    target.close();
  });

  it.each([
    ['no passphrase', {}, 'BACKUP_PASSPHRASE_REQUIRED'],
    ['a wrong passphrase', { backupPassphrase: 'not the passphrase at all' }, 'VAULT_BAD_PASSPHRASE'],
  ] as const)('into an empty store with %s: %s', async (_name, extra, code) => {
    expect.hasAssertions();
    const { text } = await sourceBackup();
    const target = await openTestStore({ unlock: false });
    await expect(restoreBackup(target, text, { mode: 'empty', ...extra })).rejects.toMatchObject({ code });
    target.close();
  });

  it('the untouched backup restores with its passphrase and gives the identical store', async () => {
    expect.hasAssertions();
    const { text, dump } = await sourceBackup();
    const target = await openTestStore({ unlock: false });
    await restoreBackup(target, text, { mode: 'empty', backupPassphrase: PASSPHRASE });
    expect(await dumpStore(target.db)).toBe(dump);
    target.close();
  });

  it('merging a backup of this very vault, unlocked, needs no passphrase; tampered it is refused', async () => {
    expect.hasAssertions();
    const source = await openTestStore();
    await createCa(source, { name: 'CA', purpose: 'server', subject: [{ type: 'CN', value: 'Real CA' }], keySpec: EC });
    const { text } = await createBackup(source);
    await expect(restoreBackup(source, await swapCaInBackup(text), { mode: 'merge' })).rejects.toMatchObject({ code: 'BACKUP_TAMPERED' });
    const report = await restoreBackup(source, text, { mode: 'merge' });
    expect(report.identical).toBeGreaterThan(0);
    source.close();
  });

  it.each([
    ['made before backups had a MAC', (f: BackupFile) => delete f.mac],
    ['whose MAC was stripped after the CA was replaced', (f: BackupFile) => delete f.mac],
  ])('a backup %s: BACKUP_UNAUTHENTICATED unless the user accepts the warning', async (name, strip) => {
    expect.hasAssertions();
    const { text } = await sourceBackup();
    const file = JSON.parse(name.startsWith('whose') ? await swapCaInBackup(text) : text) as BackupFile;
    strip(file);
    const target = await openTestStore({ unlock: false });
    await expect(restoreBackup(target, JSON.stringify(file), { mode: 'empty', backupPassphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'BACKUP_UNAUTHENTICATED' });
    await restoreBackup(target, JSON.stringify(file), { mode: 'empty', acceptUnauthenticated: true });
    expect(await target.db.getAll('cas')).toHaveLength(1);
    target.close();
  });

  it('a backup needs the vault unlocked (its MAC key), and records nothing as backed up otherwise', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'CN', value: 'Real CA' }], keySpec: EC });
    store.vault.lock();
    const before = await store.db.get('meta', 'backup');
    await expect(createBackup(store)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    expect(await store.db.get('meta', 'backup')).toEqual(before);
    store.close();
  });
});
