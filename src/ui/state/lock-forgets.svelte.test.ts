/**
 * Issue 12 item 8: secrets must not outlive a lock. Flow results holding plaintext keys or PKCS#12
 * passwords, and the restore form's backup passphrase (and its last report), are gone once the vault locks (by the user or
 * the idle timer) and do not come back after the next unlock; the backup passphrase also goes after
 * each restore. Runs the test's own states (createShared) over fake-indexeddb.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivateKeyMaterial } from '../../lib/pki/index.ts';
import { ClientCertsState } from '../flows/client-certs/client-certs.svelte.ts';
import { ManageState, RestoreState } from '../flows/manage/manage.svelte.ts';
import { PrivateCaState } from '../flows/private-ca/private-ca.svelte.ts';
import { PublicCaState } from '../flows/public-ca/public-ca.svelte.ts';
import { OwnCertificateState } from '../flows/own-certificate/own-certificate.svelte.ts';
import { createShared } from './context.ts';

/** The test's own states (the vault over fake-indexeddb); nothing of the page's is touched. */
const shared = createShared({ vault: { activityTarget: null } });
const vault = shared.vault;

const PASSPHRASE = 'lock forgets passphrase 2026';
const KEY = { spec: { kind: 'EC', curve: 'P-256' }, pkcs8: new Uint8Array([1, 2, 3]), spki: new Uint8Array([4]) } as unknown as PrivateKeyMaterial;
const SECRET = 'pkcs12-password-of-taro';

type Case = [name: string, make: () => { fill: () => void; held: () => unknown[]; kept?: () => unknown[] }];
const CASES: Case[] = [
  [
    'client certificates: the issued keys and PKCS#12 passwords',
    () => {
      const s = new ClientCertsState(shared);
      return { fill: () => (s.result = { issued: [{ key: KEY, password: SECRET }] } as never), held: () => [s.result] };
    },
  ],
  [
    'private CA: the bundle with the server key',
    () => {
      const s = new PrivateCaState(shared);
      return { fill: () => (s.result = { files: [{ path: 'server.key', bytes: KEY.pkcs8 }] } as never), held: () => [s.result] };
    },
  ],
  [
    'manage: the compromise result, the new PKCS#12s of a rotation and its sheet, the export and PKCS#12 passwords, a user kit made again',
    () => {
      const s = new ManageState(shared);
      return {
        fill: () => {
          s.actions.compromise = { newKey: KEY } as never;
          s.actions.rotation = { trustedCaCertificates: [], handOver: { issued: [{ password: SECRET, pkcs12: KEY.pkcs8 }] } } as never;
          s.actions.exportPassword = SECRET;
          s.details.p12Password = SECRET;
          s.details.handOver = { issued: [{ password: SECRET }] } as never;
        },
        held: () => [s.actions.compromise, s.actions.rotation, s.actions.exportPassword || null, s.details.p12Password === SECRET ? s.details.p12Password : null, s.details.handOver],
      };
    },
  ],
  [
    'restore: the backup passphrase, and the last restore\'s report and failure (no restore message shows again after the next unlock)',
    () => {
      const s = new RestoreState(shared);
      return {
        fill: () => {
          s.passphrase = SECRET;
          s.report = { added: { certificates: 2, cas: 1, keys: 2 }, identical: 0, conflicts: [] } as never;
          s.action.fail(new Error('the last restore failed'));
        },
        held: () => [s.passphrase || null, s.report, s.action.failure],
      };
    },
  ],
  [
    'public CA: a key opened from the vault, the key-file passwords',
    () => {
      const s = new PublicCaState(shared);
      return {
        fill: () => {
          s.key = KEY;
          s.keyFrom = 'vault';
          s.keyPassword = SECRET;
          s.reloadPassword = SECRET;
          s.reloadBytes = KEY.pkcs8;
        },
        held: () => [s.key, s.keyFrom, s.keyPassword || null, s.reloadPassword || null, s.reloadBytes],
      };
    },
  ],
  [
    'public CA: a key made here and not kept in the vault stays (its only copy), its password goes',
    () => {
      const s = new PublicCaState(shared);
      return {
        fill: () => {
          s.key = KEY;
          s.keyFrom = 'made';
          s.keyPassword = SECRET;
        },
        held: () => [s.keyPassword || null],
        kept: () => [s.key, s.keyFrom],
      };
    },
  ],
  [
    'own certificate: the files (a .pfx and its password), the key found in them, the bundle, the .pfx export password',
    () => {
      const s = new OwnCertificateState(shared);
      return {
        fill: () => {
          s.files = [{ id: 1, name: 'server.pfx', bytes: KEY.pkcs8, password: SECRET }];
          s.sorted = { identity: { key: KEY } } as never;
          s.result = { files: [{ path: 'MailRoot/server.key', bytes: KEY.pkcs8 }] } as never;
          s.pfxPassword = SECRET;
        },
        held: () => [s.files.length ? s.files : null, s.sorted, s.result, s.pfxPassword || null],
      };
    },
  ],
];

const LOCKS = [
  ['lock now', () => vault.lock()],
  [
    'the idle lock',
    async () => {
      const store = await vault.ensureOpen();
      const locked = new Promise<void>((resolve) => {
        const off = store.vault.onLock(() => (off(), resolve()));
      });
      vault.setIdleLock(1 / 60_000); // 1 ms
      await locked;
      vault.setIdleLock(15);
    },
  ],
] as const;

beforeAll(async () => {
  await vault.ensureOpen();
  expect(await vault.create(PASSPHRASE)).toBe(true);
}, 60_000);
afterAll(() => vault.close());

describe('secrets do not outlive a lock', () => {
  for (const [lockName, lock] of LOCKS) {
    it.each(CASES)(`${lockName}: %s`, async (_name, make) => {
      expect.hasAssertions();
      if (!vault.isUnlocked) expect(await vault.unlock(PASSPHRASE)).toBe(true);
      const c = make();
      c.fill();
      const kept = c.kept?.() ?? [];
      expect(c.held().every((v) => v !== null)).toBe(true);
      await lock();
      expect(vault.status).toBe('locked');
      expect(c.held()).toEqual(c.held().map(() => null));
      expect(await vault.unlock(PASSPHRASE)).toBe(true);
      expect(c.held()).toEqual(c.held().map(() => null));
      expect(c.kept?.() ?? []).toEqual(kept);
    }, 60_000);
  }

  it('the restore form forgets the backup passphrase after a restore, failed or not', async () => {
    expect.hasAssertions();
    const s = new RestoreState(shared);
    s.setFile('backup.json', new TextEncoder().encode('{"not":"a backup"}'));
    s.mode = 'merge';
    s.passphrase = SECRET;
    await s.restore();
    expect(s.action.error).not.toBeNull();
    expect(s.passphrase).toBe('');
  });
});
