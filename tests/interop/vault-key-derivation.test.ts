/**
 * Issue 15 item 1, read by OpenSSL: keys sealed with one key derivation per unlock are still
 * EncryptedPrivateKeyInfo that `openssl pkcs8` opens with the vault passphrase (PBES2 with the
 * vault's salt and iterations, each key its own IV); a vault whose keys were sealed before (each
 * under its own salt) still unlocks, is re-sealed in one transaction, and its keys still open.
 */
import 'fake-indexeddb/auto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodePem, encryptPrivateKey, toHex } from '../../src/lib/pki/index.ts';
import { createCa, issueCertificate, openStore, type Store, type VaultMeta } from '../../src/lib/store/index.ts';
import { openssl, tmpDir } from './helpers.ts';

const PASSPHRASE = 'vault passphrase 1';
const ITERATIONS = 2000;
const EC = { kind: 'EC', curve: 'P-256' } as const;
const dir = tmpDir('xmail-tls-kek-');
afterAll(() => dir.cleanup());

async function seeded(): Promise<{ store: Store; keyIds: string[] }> {
  const store = await openStore({ name: `interop-kek-${Math.random()}`, channel: null, vaultChannel: null, iterations: ITERATIONS });
  await store.vault.initialize(PASSPHRASE);
  const ca = await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'CN', value: 'KEK CA' }], keySpec: EC });
  const leaf = await issueCertificate(store, { caId: ca.id, profile: 'server', subject: [], sans: [{ type: 'dns', value: 'mail.example.test' }], keySpec: EC });
  return { store, keyIds: [ca.keyId, leaf.record.keyId!] };
}

/** The PBES2 salt and IV as openssl asn1parse prints them (the first two OCTET STRINGs), and whether pkcs8 opens it. */
async function readByOpenssl(name: string, der: Uint8Array): Promise<{ salt: string; iv: string; opens: boolean; wrongOpens: boolean }> {
  const path = join(dir.path, `${name}.pem`);
  writeFileSync(path, encodePem('ENCRYPTED PRIVATE KEY', der));
  const parsed = await openssl('asn1parse', '-in', path);
  const octets = [...parsed.stdout.matchAll(/OCTET STRING\s+\[HEX DUMP\]:([0-9A-F]+)/g)].map((m) => m[1]!.toLowerCase());
  const ok = await openssl('pkcs8', '-in', path, '-passin', `pass:${PASSPHRASE}`);
  const wrong = await openssl('pkcs8', '-in', path, '-passin', 'pass:not the vault passphrase');
  return { salt: octets[0]!, iv: octets[1]!, opens: ok.code === 0 && ok.stdout.includes('BEGIN PRIVATE KEY'), wrongOpens: wrong.code === 0 };
}

describe('one key derivation per unlock, read by OpenSSL', () => {
  it('keys sealed now carry the vault salt and iterations, each its own IV, and open with openssl pkcs8', async () => {
    expect.hasAssertions();
    const { store, keyIds } = await seeded();
    const meta = (await store.db.get('meta', 'vault')) as VaultMeta;
    const read = [];
    for (const id of keyIds) read.push(await readByOpenssl(`new-${id}`, (await store.db.get('keys', id))!.encryptedPkcs8));
    expect(read.map((r) => [r.salt, r.opens, r.wrongOpens])).toEqual(keyIds.map(() => [toHex(meta.salt), true, false]));
    expect(new Set(read.map((r) => r.iv)).size).toBe(keyIds.length);
    store.close();
  }, 120_000);

  it('a vault sealed the old way (a salt per key) unlocks, is re-sealed in one transaction, and openssl still opens its keys', async () => {
    expect.hasAssertions();
    const { store, keyIds } = await seeded();
    // The old scheme: each key under its own salt (encryptPrivateKey), written as the vault wrote it before.
    const plain = new Map<string, Uint8Array>();
    const old = [];
    for (const id of keyIds) {
      const k = (await store.db.get('keys', id))!;
      const pkcs8 = await store.vault.decryptKey(k.encryptedPkcs8);
      plain.set(id, pkcs8);
      old.push({ ...k, encryptedPkcs8: await encryptPrivateKey(pkcs8, PASSPHRASE, { iterations: ITERATIONS }), rev: k.rev + 1 });
    }
    await store.vault.commitSealed({ put: { keys: old } });
    // ... in a vault record of then: without the mark that no key is sealed the old way (VaultMeta.keySeal).
    const { keySeal: _mark, ...unmarked } = (await store.db.get('meta', 'vault')) as VaultMeta;
    await store.db.commit({ put: { meta: [unmarked] }, expect: [{ store: 'meta', key: 'vault', rev: unmarked.rev }], countsAsChange: false });
    const before = (await store.db.get('meta', 'vault')) as VaultMeta;
    for (const k of old) expect((await readByOpenssl(`old-${k.id}`, k.encryptedPkcs8)).salt).not.toBe(toHex(before.salt));
    store.vault.lock();

    await store.vault.unlock(PASSPHRASE);
    const after = (await store.db.get('meta', 'vault')) as VaultMeta;
    expect([after.rev, after.keySeal]).toEqual([before.rev + 1, 2]);
    for (const k of old) {
      const now = (await store.db.get('keys', k.id))!;
      expect(now.rev).toBe(k.rev + 1);
      const read = await readByOpenssl(`migrated-${k.id}`, now.encryptedPkcs8);
      expect([read.salt, read.opens]).toEqual([toHex(after.salt), true]);
      expect(toHex(await store.vault.decryptKey(now.encryptedPkcs8))).toBe(toHex(plain.get(k.id)!));
    }
    // A second unlock finds nothing to re-seal.
    store.vault.lock();
    await store.vault.unlock(PASSPHRASE);
    expect(((await store.db.get('meta', 'vault')) as VaultMeta).rev).toBe(after.rev);
    store.close();
  }, 120_000);
});
