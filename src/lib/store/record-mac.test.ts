/**
 * Issue 12 item 4: the vault's records that decide trust (CA and client-verification CA
 * certificates) carry a MAC keyed from the passphrase (HKDF of the PBKDF2 output). A record changed
 * outside the page is RECORD_TAMPERED; vaults made before are migrated on unlock, in one
 * transaction; dropping the marker does not turn the MACs off.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createRootCa, generateKey, parseCertificate } from '../pki/index.ts';
import type { Store } from './index.ts';
import { createCa, issueCertificate, rotateClientCa } from './operations/index.ts';
import type { CaRecord, VaultMeta } from './schema.ts';
import { PASSPHRASE, openTestStore } from './test-support.ts';
import { deriveVerifier } from './vault.ts';

const EC = { kind: 'EC', curve: 'P-256' } as const;
const clientCa = (s: Store, name: string) => createCa(s, { name, purpose: 'client-verify', subject: [{ type: 'CN', value: name }], keySpec: EC });

async function vaultMeta(s: Store): Promise<VaultMeta> {
  return (await s.db.get('meta', 'vault')) as VaultMeta;
}

/** Writes straight to IndexedDB, as someone with access to the browser's storage would. */
async function writeRaw(s: Store, changes: { meta?: VaultMeta; cas?: CaRecord[] }): Promise<void> {
  await s.db.commit({ put: { ...(changes.meta ? { meta: [changes.meta] } : {}), ...(changes.cas ? { cas: changes.cas } : {}) }, countsAsChange: false });
}

describe('CA records carry a MAC', () => {
  it('a client-verification CA whose certificate was swapped in IndexedDB never reaches certs.pem: RECORD_TAMPERED', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const a = await clientCa(store, 'Client CA A');
    const b = await clientCa(store, 'Client CA B');
    const key = await generateKey(EC);
    const evil = await createRootCa({ key, subject: [{ type: 'CN', value: 'Evil Root' }], validityDays: 3650, hash: 'SHA-256', now: new Date('2025-06-01T00:00:00Z') });
    const stored = (await store.db.get('cas', b.id))!;
    await writeRaw(store, { cas: [{ ...stored, certDer: evil, subjectText: parseCertificate(evil).subjectText }] });
    const result = await rotateClientCa(store, a.id).catch((e: unknown) => e);
    expect(result).toMatchObject({ code: 'RECORD_TAMPERED' });
    store.close();
  });

  it('a vault made before record MACs is migrated on unlock (one transaction) and keeps working', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const ca = await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'CN', value: 'Old CA' }], keySpec: EC });
    // Make it look like a vault of the previous release: version-1 verifier, no marker, no MACs.
    const meta = await vaultMeta(store);
    const { auth: _auth, ...old } = { ...meta, verifier: await deriveVerifier(PASSPHRASE, meta.salt, meta.iterations) };
    const { mac: _mac, ...oldCa } = (await store.db.get('cas', ca.id))!;
    await writeRaw(store, { meta: old, cas: [oldCa] });
    store.vault.lock();

    await store.vault.unlock(PASSPHRASE);
    const migrated = await vaultMeta(store);
    expect(migrated.auth).toBe(2);
    expect(migrated.rev).toBe(meta.rev + 1);
    expect((await store.db.get('cas', ca.id))!.mac).toBeInstanceOf(Uint8Array);
    await issueCertificate(store, { caId: ca.id, profile: 'server', subject: [], sans: [{ type: 'dns', value: 'mail.example.test' }], keySpec: EC });
    store.vault.lock();
    await store.vault.unlock(PASSPHRASE); // the version-2 verifier opens it
    store.close();
  });

  it('removing the marker does not switch the MACs off: the passphrase is refused', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'CN', value: 'CA' }], keySpec: EC });
    const { auth: _auth, ...stripped } = await vaultMeta(store);
    await writeRaw(store, { meta: stripped });
    store.vault.lock();
    await expect(store.vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'VAULT_BAD_PASSPHRASE' });
    store.close();
  });

  it('a passphrase change MACs every CA again under the new passphrase', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const ca = await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'CN', value: 'CA' }], keySpec: EC });
    const before = (await store.db.get('cas', ca.id))!.mac;
    await store.vault.changePassphrase(PASSPHRASE, 'a completely new vault passphrase 2026');
    expect((await store.db.get('cas', ca.id))!.mac).not.toEqual(before);
    await expect(issueCertificate(store, { caId: ca.id, profile: 'server', subject: [], sans: [{ type: 'dns', value: 'mail.example.test' }], keySpec: EC })).resolves.toBeDefined();
    store.close();
  });
});
