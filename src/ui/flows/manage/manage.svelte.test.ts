/**
 * ManageState composes the list, details and action states over recipes/manage-actions.ts
 * (issue 13 item 5): a store passed in (not the page's vault) is listed, a certificate selected,
 * revoked and renewed, and the list and details follow each act; an outside CA's certificate gets
 * its renewal CSR (issue 11 item 1).
 */
import 'fake-indexeddb/auto';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { createCertificate, createRootCa, generateKey } from '../../../lib/pki/index.ts';
import { createCa, isStoreError, issueCertificate, keepExternalCertificate, listPendingRequests, openStore, type Store } from '../../../lib/store/index.ts';
import { createShared } from '../../state/context.ts';
import { ManageState } from './manage.svelte.ts';

const EC = { kind: 'EC', curve: 'P-256' } as const;
let store: Store | null = null;
let state: ManageState | null = null;
afterEach(() => {
  state?.dispose();
  store?.close();
  state = null;
  store = null;
});

async function seeded(): Promise<{ s: ManageState; ids: string[] }> {
  store = await openStore({ name: `manage-state-${crypto.randomUUID()}`, iterations: 1000, channel: null, vaultChannel: null });
  await store.vault.initialize('manage state test passphrase 2026');
  const ca = await createCa(store, { name: 'Test CA', purpose: 'server', subject: [{ type: 'CN', value: 'Test CA' }], keySpec: EC });
  const ids: string[] = [];
  for (const [host, days] of [['a.example.test', 30], ['b.example.test', 300]] as const) {
    ids.push((await issueCertificate(store, { caId: ca.id, profile: 'server', subject: [{ type: 'CN', value: host }], sans: [{ type: 'dns', value: host }], keySpec: EC, validityDays: days })).record.id);
  }
  const opened = store;
  state = new ManageState(createShared(), async () => opened);
  await state.load();
  flushSync();
  return { s: state, ids };
}

describe('ManageState over a store', () => {
  it('lists, selects, revokes and renews; the list and the details follow', async () => {
    expect.hasAssertions();
    const { s, ids } = await seeded();
    expect(s.list.items.map((i) => [i.record.id, i.status])).toEqual([[ids[0], 'expiring'], [ids[1], 'valid']]);
    expect(s.list.cas.map((c) => c.name)).toEqual(['Test CA']);

    await s.select(ids[1]!);
    expect(s.details.current?.record.commonName).toBe('b.example.test');

    s.actions.reason = 'superseded';
    await s.actions.revoke();
    flushSync();
    expect([s.actions.action.failure, s.actions.message]).toEqual([null, 'manage.revoke.done.server']);
    expect(s.details.current?.status).toBe('revoked');
    expect(s.list.items.find((i) => i.record.id === ids[1])?.status).toBe('revoked');

    await s.select(ids[0]!);
    expect(s.actions.message).toBe('');
    await s.actions.renew();
    flushSync();
    expect(s.actions.message).toBe('manage.renewed');
    // The renewed one is superseded (hidden), its successor listed: still two rows.
    expect(s.list.items.map((i) => i.record.label).sort()).toEqual(['a.example.test', 'b.example.test']);
    expect(s.list.items.some((i) => i.record.id === ids[0])).toBe(false);
  });

  it('keeps a failed act for the page and leaves the list as it was', async () => {
    expect.hasAssertions();
    const { s, ids } = await seeded();
    await s.select(ids[0]!);
    await s.actions.revoke();
    await s.actions.revoke();
    expect(isStoreError(s.actions.action.failure, 'CERT_ALREADY_REVOKED')).toBe(true);
    expect(s.actions.action.error?.text).toBeTruthy();
    expect(s.actions.action.running).toBe(false);
    expect(s.list.items).toHaveLength(2);
  });

  it('an outside CA certificate: the renewal panel offers a new key of its spec by default, makes the CSR once, offers its file, and discards it only when confirmed', async () => {
    expect.hasAssertions();
    const { s, ids } = await seeded();
    const caKey = await generateKey(EC);
    const caCert = await createRootCa({ key: caKey, subject: [{ type: 'CN', value: 'Outside CA' }], validityDays: 3650 });
    const key = await generateKey(EC);
    const sans = [{ type: 'dns' as const, value: 'mail.example.test' }];
    const leaf = await createCertificate({ issuerCert: caCert, issuerKey: caKey, profile: 'server', subject: [], sans, spki: key.spki, validityDays: 90 });
    const kept = await keepExternalCertificate(store!, { key, chain: [leaf, caCert] });
    await s.select(kept.record.id);
    await s.renewal.toggle(kept.record.id);
    flushSync();
    expect([s.renewal.action.failure, s.renewal.choice, s.renewal.specLabel, s.renewal.plan?.reuse]).toEqual([null, 'new', 'ECDSA P-256', { available: true }]);
    s.renewal.choice = 'reuse';
    await s.renewal.make();
    await s.renewal.make(); // one request per certificate: the second click does nothing
    flushSync();
    const waiting = await listPendingRequests(store!);
    expect(waiting.map((r) => [r.renews, r.keyId])).toEqual([[kept.record.id, kept.record.keyId]]);
    expect(s.renewal.waiting?.id).toBe(waiting[0]!.id);
    expect((await s.renewal.csrFile()).filename).toBe('mail.example.test.csr');
    // Discarding needs the confirmation; the certificate's own key stays, and the choice is offered again.
    await s.renewal.discard();
    expect(await listPendingRequests(store!)).toHaveLength(1);
    s.renewal.discardConfirmed = true;
    await s.renewal.discard();
    flushSync();
    expect([s.renewal.action.failure, s.renewal.waiting, await listPendingRequests(store!)]).toEqual([null, null, []]);
    expect((await store!.db.get('keys', kept.record.keyId!))?.id).toBe(kept.record.keyId);
    s.renewal.choice = 'new';
    await s.renewal.make();
    expect((await listPendingRequests(store!)).map((r) => r.keyId === kept.record.keyId)).toEqual([false]);
    // Another certificate selected: the panel closes; a certificate of our own CA gets no plan.
    await s.select(ids[0]!);
    expect(s.renewal.isOpen).toBe(false);
    await s.renewal.toggle(ids[0]!);
    expect(isStoreError(s.renewal.action.failure, 'CERT_NOT_RENEWABLE')).toBe(true);
  });
});

describe('ManageState reads the vault once per change', () => {
  // At 100,000 certificates a read of the list is seconds (issue 15 item 4): an act that wrote
  // nothing reads nothing, and an act's refresh after its commit joins the read the store's own
  // notification started. Before: opening a certificate read the list once, a revoke twice.
  it.each([
    { what: 'opening a certificate (writes nothing)', reads: 0, act: async (s: ManageState, id: string) => s.select(id) },
    {
      what: 'revoking it (one commit)',
      reads: 1,
      act: async (s: ManageState, id: string) => {
        await s.select(id);
        await s.actions.revoke();
      },
    },
    {
      what: 'renewing it (one commit)',
      reads: 1,
      act: async (s: ManageState, id: string) => {
        await s.select(id);
        await s.actions.renew();
      },
    },
  ])('$what reads the list $reads time(s)', async ({ act, reads }) => {
    expect.hasAssertions();
    const { s, ids } = await seeded();
    const db = store!.db;
    const own = db.listedCertificates.bind(db);
    let count = 0;
    db.listedCertificates = (...args: Parameters<typeof own>) => {
      count++;
      return own(...args);
    };
    await act(s, ids[0]!);
    await s.refresh();
    expect([s.actions.action.failure, count]).toEqual([null, reads]);
  });

  it('reads again when a change comes while a read is under way, and shows the last state', async () => {
    expect.hasAssertions();
    const { s, ids } = await seeded();
    await s.select(ids[0]!);
    const revoked = s.actions.revoke();
    // A second write lands while the first one's read may still be running.
    await revoked;
    await s.select(ids[1]!);
    await s.actions.revoke();
    await s.refresh();
    flushSync();
    expect(s.list.items.map((i) => i.status)).toEqual(['revoked', 'revoked']);
  });
});

describe('ManageState reads the list while the vault is locked (issue 15)', () => {
  // The manage view over 10,000 certificates took 1.1 s from the unlock click, the list's read
  // (0.3 s, seconds at 100,000) coming after the key derivation. The summaries are not sealed, so
  // the view reads them when it is shown and the passphrase is typed and derived meanwhile; the
  // load after the unlock reads nothing more. Before: prepare() did not exist, load() read after the unlock.
  it('prepare() reads the list with the vault locked; load() after the unlock reads nothing again', async () => {
    expect.hasAssertions();
    const { s: first } = await seeded();
    const listed = first.list.entries.map((e) => e.id);
    first.dispose();
    const opened = store!;
    opened.vault.lock();
    expect(await opened.vault.state()).toBe('locked');
    const own = opened.db.listedCertificates.bind(opened.db);
    let reads = 0;
    opened.db.listedCertificates = (...args: Parameters<typeof own>) => {
      reads++;
      return own(...args);
    };
    const s = new ManageState(createShared(), async () => opened);
    state = s;
    await s.prepare();
    expect([reads, s.list.entries.map((e) => e.id)]).toEqual([1, listed]);
    await opened.vault.unlock('manage state test passphrase 2026');
    await s.load();
    flushSync();
    expect([reads, s.list.items.map((i) => i.record.id)]).toEqual([1, listed]);
  });

  it('a failed read before the unlock is tried again by the load after it, which shows its failure', async () => {
    expect.hasAssertions();
    const { s: first } = await seeded();
    first.dispose();
    const opened = store!;
    let calls = 0;
    const s = new ManageState(createShared(), async () => {
      calls++;
      if (calls === 1) throw new Error('store not open yet');
      return opened;
    });
    state = s;
    await expect(s.prepare()).rejects.toThrow('store not open yet');
    await s.load();
    expect([calls > 1, s.list.entries.length]).toEqual([true, 2]);
    const failing = new ManageState(createShared(), async () => {
      throw new Error('store refused');
    });
    await expect(failing.prepare()).rejects.toThrow('store refused');
    await expect(failing.load()).rejects.toThrow('store refused');
    failing.dispose();
  });

  it('a view closed before its store opened does not listen to the store', async () => {
    expect.hasAssertions();
    const { s: first } = await seeded();
    first.dispose();
    const opened = store!;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const own = opened.subscribe.bind(opened);
    let subscribed = 0;
    opened.subscribe = (...args: Parameters<typeof own>) => {
      subscribed++;
      return own(...args);
    };
    const s = new ManageState(createShared(), async () => {
      await gate;
      return opened;
    });
    const prepared = s.prepare();
    s.dispose();
    release();
    await prepared;
    expect([subscribed, s.list.entries.length]).toEqual([0, 0]);
  });
});
