/**
 * Issue 12 item 3: two tabs on one vault. Tab A changes the passphrase; tab B, unlocked before,
 * must not seal a key under the retired passphrase (VAULT_CHANGED, nothing written), and a lock or
 * a vault change in one tab locks every tab (BroadcastChannel, Node has one too).
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createCsr, decryptPrivateKey, generateKey } from '../pki/index.ts';
import { dumpStore } from './backup.ts';
import { openStore, type Store } from './index.ts';
import { createCa, handleKeyCompromise, issueCertificate, rotateClientCa } from './operations/index.ts';
import { savePendingRequest } from './pending-requests.ts';
import { ManualClock, PASSPHRASE, TEST_ITERATIONS, uniqueDbName } from './test-support.ts';

const EC = { kind: 'EC', curve: 'P-256' } as const;
const NEXT = 'the next passphrase 2026';

/** Two handles on one database, as two tabs of one browser have; both unlocked. */
async function twoTabs(options: { channels?: boolean } = {}): Promise<{ a: Store; b: Store; close: () => void }> {
  const name = uniqueDbName('tabs');
  const channel = options.channels ? `vault-${name}` : null;
  const clock = new ManualClock();
  const open = () =>
    openStore({ name, iterations: TEST_ITERATIONS, channel: null, vaultChannel: channel === null ? null : new BroadcastChannel(channel), clock });
  const a = await open();
  await a.vault.initialize(PASSPHRASE);
  const b = await open();
  await b.vault.unlock(PASSPHRASE);
  return { a, b, close: () => (a.close(), b.close()) };
}

function nextLock(store: Store): Promise<string> {
  return new Promise((resolve) => {
    const off = store.vault.onLock((reason) => {
      off();
      resolve(reason);
    });
  });
}

type Act = (b: Store, ids: { serverCaId: string; clientCaId: string; keyId: string }) => Promise<unknown>;
const SEALING: Array<[string, Act]> = [
  ['create a CA', (b) => createCa(b, { name: 'B CA', purpose: 'server', subject: [{ type: 'CN', value: 'B CA' }], keySpec: EC })],
  ['issue a certificate with a new key', (b, ids) => issueCertificate(b, { caId: ids.serverCaId, profile: 'server', subject: [], sans: [{ type: 'dns', value: 'b.example.test' }], keySpec: EC })],
  ['rotate the client CA', (b, ids) => rotateClientCa(b, ids.clientCaId)],
  ['handle a key compromise', (b, ids) => handleKeyCompromise(b, ids.keyId)],
  [
    'keep a pending request',
    async (b) => {
      const key = await generateKey(EC);
      const csr = await createCsr({ key, subject: [], sans: [{ type: 'dns', value: 'p.example.test' }], profile: 'server' });
      return savePendingRequest(b, { key, csrDer: csr, subject: [], sans: [{ type: 'dns', value: 'p.example.test' }] });
    },
  ],
];

describe('two tabs and a passphrase change', () => {
  it.each(SEALING)('tab B cannot %s under the retired passphrase: VAULT_CHANGED, nothing written, B locked', async (_name, act) => {
    expect.hasAssertions();
    const { a, b, close } = await twoTabs();
    const serverCa = await createCa(a, { name: 'A CA', purpose: 'server', subject: [{ type: 'CN', value: 'A CA' }], keySpec: EC });
    const clientCa = await createCa(a, { name: 'A client CA', purpose: 'client-verify', subject: [{ type: 'CN', value: 'A client CA' }], keySpec: EC });
    const issued = await issueCertificate(a, { caId: serverCa.id, profile: 'server', subject: [], sans: [{ type: 'dns', value: 'a.example.test' }], keySpec: EC });
    await a.vault.changePassphrase(PASSPHRASE, NEXT);
    const before = await dumpStore(a.db);

    await expect(act(b, { serverCaId: serverCa.id, clientCaId: clientCa.id, keyId: issued.record.keyId! })).rejects.toMatchObject({ code: 'VAULT_CHANGED' });

    expect(await dumpStore(a.db)).toBe(before);
    for (const k of await a.db.getAll('keys')) await expect(decryptPrivateKey(k.encryptedPkcs8, NEXT)).resolves.toBeInstanceOf(Uint8Array);
    expect(b.vault.isUnlocked).toBe(false);
    close();
  });

  it('tab B unlocked with the new passphrase seals keys that open with it', async () => {
    expect.hasAssertions();
    const { a, b, close } = await twoTabs();
    await a.vault.changePassphrase(PASSPHRASE, NEXT);
    await expect(createCa(b, { name: 'B CA', purpose: 'server', subject: [{ type: 'CN', value: 'B CA' }], keySpec: EC })).rejects.toMatchObject({ code: 'VAULT_CHANGED' });
    await b.vault.unlock(NEXT);
    const ca = await createCa(b, { name: 'B CA', purpose: 'server', subject: [{ type: 'CN', value: 'B CA' }], keySpec: EC });
    const key = await a.db.get('keys', ca.keyId);
    await expect(decryptPrivateKey(key!.encryptedPkcs8, NEXT)).resolves.toBeInstanceOf(Uint8Array);
    close();
  });
});

describe('a lock or a vault change reaches every tab (BroadcastChannel)', () => {
  it.each([
    ['lock now in tab A', (a: Store) => a.vault.lock(), 'other-tab'],
    ['a passphrase change in tab A', (a: Store) => a.vault.changePassphrase(PASSPHRASE, NEXT), 'vault-changed'],
  ] as const)('%s locks tab B', async (_name, act, reason) => {
    expect.hasAssertions();
    const { a, b, close } = await twoTabs({ channels: true });
    const locked = nextLock(b);
    await act(a);
    expect(await locked).toBe(reason);
    expect(b.vault.isUnlocked).toBe(false);
    close();
  });

  it('an idle lock stays in its own tab', async () => {
    expect.hasAssertions();
    const { a, b, close } = await twoTabs({ channels: true });
    a.vault.setIdleTimeout(60_000);
    b.vault.setIdleTimeout(0);
    (a.clock as ManualClock).advance(60_001);
    expect(a.vault.isUnlocked).toBe(false);
    // a message would have been delivered by now: one macrotask round trip through another channel
    await new Promise<void>((resolve) => {
      const probe = new BroadcastChannel('probe');
      const echo = new BroadcastChannel('probe');
      echo.onmessage = () => (probe.close(), echo.close(), resolve());
      probe.postMessage(1);
    });
    expect(b.vault.isUnlocked).toBe(true);
    close();
  });
});
