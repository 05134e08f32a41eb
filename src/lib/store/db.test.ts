import 'fake-indexeddb/auto';
import { openDB, unwrap } from 'idb';
import { describe, expect, it } from 'vitest';
import { dumpStore } from './backup.ts';
import { MIGRATIONS, StoreDb } from './db.ts';
import { isStoreError } from './errors.ts';
import { DEFAULT_SETTINGS, upgradeV2Settings, type CaRecord, type CertificateRecord, type V1CaRecord, type V1CertificateRecord } from './schema.ts';
import { uniqueDbName } from './test-support.ts';

const bytes = (...b: number[]) => new Uint8Array(b);

function cert(id: string, caId: string, serialHex: string): CertificateRecord {
  return {
    id,
    caId,
    issuerText: 'CN=CA',
    serialHex,
    profile: 'server',
    subject: [{ type: 'CN', value: `${id}.example` }],
    subjectText: `CN=${id}.example`,
    commonName: `${id}.example`,
    sans: [{ type: 'dns', value: `${id}.example` }],
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2026-01-01T00:00:00.000Z',
    status: 'valid',
    keyId: null,
    der: bytes(0x30, 0),
    createdAt: '2025-01-01T00:00:00.000Z',
    rev: 1,
  };
}

describe('migrations', () => {
  it('v1 -> v2 moves revocations out of certificates, adds rev, normalizes serials, creates the unique index', async () => {
    expect.hasAssertions();
    const name = uniqueDbName('migrate');
    const v1 = await openDB(name, 1, { upgrade: (db, _old, _new, tx) => MIGRATIONS[0]!(db as never, tx as never) });
    const ca: V1CaRecord = {
      id: 'ca1', name: 'Old CA', certDer: bytes(0x30, 0), keyId: 'k1', subjectText: 'CN=Old CA', serialHex: '01',
      notBefore: '2020-01-01T00:00:00.000Z', notAfter: '2030-01-01T00:00:00.000Z', hash: 'SHA-256', createdAt: '2020-01-01T00:00:00.000Z',
    };
    const base = { profile: 'client' as const, subject: [{ type: 'CN', value: 'u' }], subjectText: 'CN=u', commonName: 'u', sans: [],
      notBefore: '2024-01-01T00:00:00.000Z', notAfter: '2025-01-01T00:00:00.000Z', keyId: null, der: bytes(0x30, 0), createdAt: '2024-01-01T00:00:00.000Z' };
    const c1: V1CertificateRecord = { ...base, id: 'c1', caId: 'ca1', serial: '00AB12' };
    const c2: V1CertificateRecord = { ...base, id: 'c2', caId: 'ca1', serial: 'CD34', revokedAt: '2024-06-01T00:00:00.000Z', revocationReason: 'keyCompromise' };
    await v1.put('cas', ca);
    await v1.put('certificates', c1);
    await v1.put('certificates', c2);
    await v1.put('keys', { id: 'k1', spec: { kind: 'RSA', bits: 2048 }, spkiSha256: 'aa', spki: bytes(1), encryptedPkcs8: bytes(2), createdAt: 'x' });
    v1.close();

    const db = await StoreDb.open({ name, channel: null });
    const migratedCa = (await db.get('cas', 'ca1')) as CaRecord;
    expect(migratedCa).toMatchObject({ purpose: 'server', status: 'active', crlNumber: 0, rev: 1, origin: 'created' });
    expect(await db.get('certificates', 'c1')).toMatchObject({ serialHex: 'ab12', status: 'valid', issuerText: 'CN=Old CA', rev: 1 });
    const m2 = await db.get('certificates', 'c2');
    expect(m2).toMatchObject({ serialHex: 'cd34', status: 'revoked' });
    expect(m2).not.toHaveProperty('revokedAt');
    expect(await db.get('revocations', 'c2')).toEqual({
      id: 'c2', caId: 'ca1', serialHex: 'cd34', revokedAt: '2024-06-01T00:00:00.000Z', reason: 'keyCompromise', rev: 1,
    });
    expect((await db.get('keys', 'k1'))?.rev).toBe(1);
    expect(await db.getAllFromIndex('certificates', 'status', 'revoked')).toHaveLength(1);
    // the new unique index refuses a second serial in the same CA
    await expect(db.commit({ add: { certificates: [cert('c3', 'ca1', 'ab12')] } })).rejects.toMatchObject({ code: 'SERIAL_COLLISION' });
    db.close();
  });

  it('v2 -> v3 renames the stored XMail target to xmail/targets.ts names and leaves the rest', async () => {
    expect.hasAssertions();
    const cases = [
      ['official-1.27-windows', 'official-1.27-win'],
      ['modern-openssl', 'openssl-1.0.1+'],
      ['pre-1.27', 'pre-1.27'],
    ] as const;
    for (const [old, renamed] of cases) {
      const name = uniqueDbName('migrate-v3');
      const v2 = await openDB(name, 2, {
        async upgrade(db, _old, _new, tx) {
          for (const m of MIGRATIONS.slice(0, 2)) await m(unwrap(db), unwrap(tx));
        },
      });
      const stored = { ...DEFAULT_SETTINGS, xmailTarget: old, idleLockMinutes: 5, rev: 3 };
      await v2.put('settings', stored);
      v2.close();

      const db = await StoreDb.open({ name, channel: null });
      const migrated = await db.get('settings', 'settings');
      expect(migrated?.xmailTarget).toBe(renamed);
      expect(migrated).toMatchObject({ idleLockMinutes: 5, defaults: DEFAULT_SETTINGS.defaults });
      // a renamed record counts as written (another tab's stale save is refused), an unchanged one does not
      expect(migrated?.rev).toBe(old === renamed ? 3 : 4);
      db.close();
    }
  });

  it('v3 -> v4 adds the pendingRequests store and keeps every record', async () => {
    expect.hasAssertions();
    const name = uniqueDbName('migrate-v4');
    const v3 = await openDB(name, 3, {
      async upgrade(db, _old, _new, tx) {
        for (const m of MIGRATIONS.slice(0, 3)) await m(unwrap(db), unwrap(tx));
      },
    });
    expect([...v3.objectStoreNames]).not.toContain('pendingRequests');
    await v3.put('certificates', cert('a', 'ca', '01'));
    await v3.put('settings', { ...DEFAULT_SETTINGS, xmailTarget: 'openssl-1.0.1+', rev: 2 });
    v3.close();

    const db = await StoreDb.open({ name, channel: null });
    expect(await db.getAll('pendingRequests')).toEqual([]);
    expect(await db.get('certificates', 'a')).toEqual(cert('a', 'ca', '01'));
    expect(await db.get('settings', 'settings')).toMatchObject({ xmailTarget: 'openssl-1.0.1+', rev: 2 });
    const pending = { id: 'p1', keyId: 'k1', csrDer: bytes(0x30, 0), subject: [], sans: [], label: 'x', createdAt: 'x', rev: 1 };
    await db.commit({ add: { pendingRequests: [pending] } });
    expect(await db.isEmpty()).toBe(false);
    db.close();
  });

  it('upgradeV2Settings keeps current names and turns an unknown one into the default target', () => {
    for (const [stored, expected] of [
      ['openssl-1.0.1+', 'openssl-1.0.1+'],
      ['official-1.27-win', 'official-1.27-win'],
      ['xmail-99', 'official-1.27-win'],
    ] as const) {
      expect(upgradeV2Settings({ ...DEFAULT_SETTINGS, xmailTarget: stored }).xmailTarget).toBe(expected);
    }
  });

  it('the built-in settings target the official 1.27 Windows build (the UI default)', () => {
    expect(DEFAULT_SETTINGS.xmailTarget).toBe('official-1.27-win');
  });

  it('a fresh database is created at the current version with every store', async () => {
    const db = await StoreDb.open({ name: uniqueDbName(), channel: null });
    expect(await db.isEmpty()).toBe(true);
    expect(JSON.parse(await dumpStore(db))).toEqual({ cas: [], certificates: [], crls: [], keys: [], meta: [], pendingRequests: [], revocations: [], settings: [] });
    db.close();
  });
});

describe('commit', () => {
  it('writes all or nothing: a failure inside the transaction leaves the dump unchanged', async () => {
    let fail = false;
    const db = await StoreDb.open({
      name: uniqueDbName(),
      channel: null,
      beforeCommit: () => {
        if (fail) throw new Error('tab closed');
      },
    });
    await db.commit({ add: { certificates: [cert('a', 'ca', '01')] } });
    const before = await dumpStore(db);
    fail = true;
    await expect(
      db.commit({ add: { certificates: [cert('b', 'ca', '02')] }, put: { certificates: [{ ...cert('a', 'ca', '01'), status: 'revoked', rev: 2 }] } }),
    ).rejects.toMatchObject({ code: 'DB_TRANSACTION_FAILED' });
    expect(await dumpStore(db)).toBe(before);
    db.close();
  });

  it('a unique-index violation aborts the whole changeset', async () => {
    const db = await StoreDb.open({ name: uniqueDbName(), channel: null });
    await db.commit({ add: { certificates: [cert('a', 'ca', '01')] } });
    const before = await dumpStore(db);
    const err = await db.commit({ add: { certificates: [cert('b', 'ca', '02'), cert('c', 'ca', '01')] } }).catch((e) => e);
    expect(isStoreError(err, 'SERIAL_COLLISION')).toBe(true);
    expect(await dumpStore(db)).toBe(before);
    // the same serial under another CA is fine
    await db.commit({ add: { certificates: [cert('d', 'other', '01')] } });
    expect(await db.getAll('certificates')).toHaveLength(2);
    db.close();
  });

  it('refuses a write prepared from a stale revision (another tab wrote in between)', async () => {
    const db = await StoreDb.open({ name: uniqueDbName(), channel: null });
    await db.commit({ add: { certificates: [cert('a', 'ca', '01')] } });
    await db.commit({ put: { certificates: [{ ...cert('a', 'ca', '01'), rev: 2 }] }, expect: [{ store: 'certificates', key: 'a', rev: 1 }] });
    await expect(
      db.commit({ put: { certificates: [{ ...cert('a', 'ca', '01'), status: 'revoked', rev: 2 }] }, expect: [{ store: 'certificates', key: 'a', rev: 1 }] }),
    ).rejects.toMatchObject({ code: 'DB_CONFLICT' });
    expect((await db.get('certificates', 'a'))?.status).toBe('valid');
    db.close();
  });

  it('counts changes since the last backup', async () => {
    const db = await StoreDb.open({ name: uniqueDbName(), channel: null });
    await db.commit({ add: { certificates: [cert('a', 'ca', '01')] } });
    await db.commit({ add: { certificates: [cert('b', 'ca', '02')] } });
    expect(await db.get('meta', 'backup')).toMatchObject({ changesSinceBackup: 2, lastBackupAt: null });
    await db.snapshotForBackup('2025-06-01T00:00:00.000Z');
    expect(await db.get('meta', 'backup')).toMatchObject({ changesSinceBackup: 0, lastBackupAt: '2025-06-01T00:00:00.000Z' });
    db.close();
  });

  it('tells other tabs through BroadcastChannel and local subscribers directly', async () => {
    const name = uniqueDbName();
    const a = await StoreDb.open({ name });
    const b = await StoreDb.open({ name });
    const heardByB = new Promise((resolve) => b.subscribe(resolve));
    const heardByA: unknown[] = [];
    a.subscribe((m) => heardByA.push(m));
    await a.commit({ add: { certificates: [cert('a', 'ca', '01')] } });
    const message = await Promise.race([heardByB, new Promise((_, reject) => setTimeout(() => reject(new Error('no message')), 2000))]);
    expect(message).toMatchObject({ type: 'changed', source: a.instanceId });
    expect((message as { stores: string[] }).stores).toContain('certificates');
    expect(heardByA).toHaveLength(1);
    a.close();
    b.close();
  });
});
