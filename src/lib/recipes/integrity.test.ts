/**
 * Issue 12 item 4: the store must not trust what it reads. Someone who can write the browser's
 * IndexedDB (another local file in file://'s shared origin, an extension) swaps a CA's certificate
 * and its key record's spki for their own root; the page must refuse to sign or bundle with it
 * rather than put the attacker's root into trust-ca.mobileconfig.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createRootCa, generateKey, parseCertificate, sha256Hex } from '../pki/index.ts';
import { issueServerBundle, planClientVerify, serverBundleZip, zipClientCaBundle } from './index.ts';
import type { Store } from '../store/index.ts';
import { createCa, exportCertificate, issueCertificate, issueCrl, openKey } from '../store/index.ts';
import { openTestStore } from '../store/test-support.ts';

const EC = { kind: 'EC', curve: 'P-256' } as const;

/** The attacker's own root CA and key. */
async function attackerRoot(): Promise<{ der: Uint8Array; spki: Uint8Array }> {
  const key = await generateKey(EC);
  const der = await createRootCa({ key, subject: [{ type: 'CN', value: 'Evil Root' }], validityDays: 3650, hash: 'SHA-256', now: new Date('2025-06-01T00:00:00Z') });
  return { der, spki: key.spki };
}

/** Writes straight to IndexedDB as an attacker would: no vault, no revision checks. */
async function swapCa(store: Store, caId: string, swap: { der: Uint8Array; spki?: Uint8Array }): Promise<void> {
  const ca = (await store.db.get('cas', caId))!;
  const key = (await store.db.get('keys', ca.keyId))!;
  const summary = parseCertificate(swap.der);
  const cas = { ...ca, certDer: swap.der, subjectText: summary.subjectText, serialHex: summary.serialHex };
  const keys = swap.spki ? { ...key, spki: swap.spki, spkiSha256: await sha256Hex(swap.spki) } : key;
  await store.db.commit({ put: { cas: [cas], keys: [keys] }, expect: [{ store: 'meta', key: 'vault', rev: (await store.db.get('meta', 'vault'))!.rev }], countsAsChange: false });
}

const FORM = { hostNames: 'mail.example.test', keySpec: EC, validityDays: 397, os: 'windows' } as const;

describe('a swapped CA certificate + spki pair in the store', () => {
  it('openKey gives the public key of the decrypted key, not the stored one', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const ca = await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'CN', value: 'Real CA' }], keySpec: EC });
    const real = (await openKey(store, ca.keyId)).spki;
    const evil = await attackerRoot();
    await swapCa(store, ca.id, evil);
    expect((await openKey(store, ca.keyId)).spki).toEqual(real);
  });

  it.each([
    ['issue a certificate', (s: Store, caId: string) => issueCertificate(s, { caId, profile: 'server', subject: [], sans: [{ type: 'dns', value: 'mail.example.test' }], keySpec: EC })],
    ['issue a CRL', (s: Store, caId: string) => issueCrl(s, caId)],
    ['build the private-CA bundle', async (s: Store, caId: string) => issueServerBundle(s, (await s.db.get('cas', caId))!, FORM as never, { lang: 'en' })],
  ])('%s under the swapped CA: RECORD_TAMPERED or CA_KEY_MISMATCH, nothing signed', async (_name, act) => {
    expect.hasAssertions();
    const store = await openTestStore();
    const ca = await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'CN', value: 'Real CA' }], keySpec: EC });
    await swapCa(store, ca.id, await attackerRoot());
    await expect(act(store, ca.id)).rejects.toMatchObject({ code: expect.stringMatching(/^(RECORD_TAMPERED|CA_KEY_MISMATCH)$/) });
    expect(await store.db.getAll('certificates')).toEqual([]);
    expect(await store.db.getAll('crls')).toEqual([]);
  });

  it.each([
    ['the MailRoot bundle again', (s: Store, id: string) => serverBundleZip(s, id, { os: 'windows', lang: 'en' })],
    ['server.cert (chain)', (s: Store, id: string) => exportCertificate(s, id, { kind: 'chain-pem' })],
    ['the PKCS#12', (s: Store, id: string) => exportCertificate(s, id, { kind: 'pkcs12', profile: 'modern', password: 'a long p12 password' })],
  ])('%s of a certificate whose CA was swapped afterwards: refused (RECORD_TAMPERED or CA_KEY_MISMATCH)', async (_name, act) => {
    expect.hasAssertions();
    const store = await openTestStore();
    const ca = await createCa(store, { name: 'CA', purpose: 'server', subject: [{ type: 'CN', value: 'Real CA' }], keySpec: EC });
    const issued = await issueCertificate(store, { caId: ca.id, profile: 'server', subject: [], sans: [{ type: 'dns', value: 'mail.example.test' }], keySpec: EC });
    await swapCa(store, ca.id, await attackerRoot());
    await expect(act(store, issued.record.id)).rejects.toMatchObject({ code: expect.stringMatching(/^(RECORD_TAMPERED|CA_KEY_MISMATCH)$/) });
  });
});

describe('a client-verification CA swapped after the page listed it', () => {
  it('the CA-for-clients download reads it again and refuses it (RECORD_TAMPERED): the attacker\'s root never reaches certs.pem', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const ca = await createCa(store, { name: 'Clients', purpose: 'client-verify', subject: [{ type: 'CN', value: 'Clients' }], keySpec: EC });
    const change = planClientVerify({ requireCertificate: false, target: 'official-1.27-win', os: 'windows' });
    await expect(zipClientCaBundle(store, { caIds: [ca.id], change, os: 'windows', lang: 'en' })).resolves.toBeInstanceOf(Uint8Array);
    await swapCa(store, ca.id, await attackerRoot());
    await expect(zipClientCaBundle(store, { caIds: [ca.id], change, os: 'windows', lang: 'en' })).rejects.toMatchObject({ code: 'RECORD_TAMPERED' });
  });
});
