/**
 * Renewal of an outside CA's certificate kept with its key (issue 11 item 1: "renewal later reuses
 * it or replaces it"): the CSR carries the current certificate's subject and SANs, the kept key or a
 * new key of the same spec (RSA 2048, RSA 3072, P-256), waits in the vault linked to the certificate,
 * and the CA's answer completes it through the ordinary pending-request path with the old
 * certificate marked superseded. A locked vault, a key marked compromised, a certificate without a
 * kept key, one of our own CA, a second request and a superseded certificate write nothing.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import {
  createCertificate,
  createRootCa,
  describeKeySpec,
  equalBytes,
  generateKey,
  keyMatchesSpki,
  parseCertificate,
  parseCsr,
  verifyCsr,
  type DistinguishedName,
  type KeySpec,
  type PrivateKeyMaterial,
  type SanEntry,
} from '../pki/index.ts';
import { createBackup, dumpStore, restoreBackup } from './backup.ts';
import { keepExternalCertificate } from './external-certificates.ts';
import { getCertificateDetails, listCertificates, openKey, renewCertificate } from './operations/index.ts';
import { completePendingRequest, deletePendingRequest, listPendingRequests } from './pending-requests.ts';
import { createRenewalRequest, planRenewalRequest, type RenewalKeyChoice, type RenewalRequest } from './renewal-requests.ts';
import type { Changeset } from './db.ts';
import type { CertificateRecord } from './schema.ts';
import { EC, PASSPHRASE, issueServer, openTestStore, withCa } from './test-support.ts';
import type { Store } from './index.ts';

const SUBJECT: DistinguishedName = [
  { type: 'C', value: 'JP' },
  { type: 'O', value: 'Example K.K.' },
  { type: 'CN', value: 'mail.example.test' },
];
const SANS: SanEntry[] = [
  { type: 'dns', value: 'mail.example.test' },
  { type: 'dns', value: 'smtp.example.test' },
];

/** The outside CA: signs whatever public key it is given, for the names of the test. */
async function outsideCa() {
  const caKey = await generateKey(EC);
  const caCert = await createRootCa({ key: caKey, subject: [{ type: 'CN', value: 'Outside Issuing CA' }], validityDays: 3650 });
  const sign = async (spki: Uint8Array, validityDays = 90, opts: { sans?: SanEntry[]; now?: Date } = {}) => [
    await createCertificate({ issuerCert: caCert, issuerKey: caKey, profile: 'server', subject: SUBJECT, sans: opts.sans ?? SANS, spki, validityDays, ...(opts.now ? { now: opts.now } : {}) }),
    caCert,
  ];
  return { sign };
}

type Sign = (spki: Uint8Array, validityDays?: number, opts?: { sans?: SanEntry[]; now?: Date }) => Promise<Uint8Array[]>;

/** An outside CA's certificate kept with its key, as "I already have a certificate" keeps it. */
async function keptOutside(store: Store, spec: KeySpec) {
  const ca = await outsideCa();
  const key = await generateKey(spec);
  const kept = await keepExternalCertificate(store, { key, chain: await ca.sign(key.spki) });
  return { ca, key, record: kept.record };
}

/** Marks a key compromised behind the operations' back (as another certificate of it would have). */
async function markCompromised(store: Store, keyId: string) {
  const key = (await store.db.get('keys', keyId))!;
  const meta = (await store.db.get('meta', 'vault'))!;
  await store.db.commit({
    put: { keys: [{ ...key, compromisedAt: new Date().toISOString(), rev: key.rev + 1 }] },
    expect: [{ store: 'meta', key: 'vault', rev: meta.rev }, { store: 'keys', key: keyId, rev: key.rev }],
  });
}

/**
 * Holds every Vault.commitSealed of `store` until two have arrived (both tabs read "none waiting" and
 * made their CSR), then lets them through one at a time: first the one `goesFirst` picks (the first
 * arrived if none or both), the other once that commit has settled.
 */
function holdCommitsUntilBoth(store: Store, goesFirst: (changes: Changeset) => boolean) {
  const commit = store.vault.commitSealed.bind(store.vault);
  const arrived: Changeset[] = [];
  let bothArrived!: () => void;
  const both = new Promise<void>((resolve) => (bothArrived = resolve));
  let firstSettled!: () => void;
  const settled = new Promise<void>((resolve) => (firstSettled = resolve));
  vi.spyOn(store.vault, 'commitSealed').mockImplementation(async (changes) => {
    arrived.push(changes);
    if (arrived.length === 2) bothArrived();
    await both;
    const first = arrived.filter(goesFirst).length === 1 ? arrived.find(goesFirst) : arrived[0];
    if (changes !== first) {
      await settled;
      return commit(changes);
    }
    try {
      return await commit(changes);
    } finally {
      firstSettled();
    }
  });
}

/**
 * Exactly one of two concurrent renewal requests kept: the other refused with one of `loserCodes`, one
 * request waiting (the winner's), the certificate's revision moved once, and the keys are the
 * certificate's plus the winner's new key if it made one (no orphan key of the refused tab).
 */
async function expectOneKept(store: Store, old: CertificateRecord, results: Array<PromiseSettledResult<RenewalRequest>>, loserCodes: string[]): Promise<RenewalRequest> {
  const kept = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const refused = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code?: unknown }).code] : []));
  expect(kept).toHaveLength(1);
  expect(refused).toHaveLength(1);
  expect(loserCodes).toContain(refused[0]);
  const winner = kept[0]!;
  expect((await listPendingRequests(store)).map((r) => r.id)).toEqual([winner.request.id]);
  expect((await store.db.get('certificates', old.id))?.rev).toBe(old.rev + 1);
  const keyIds = (await store.db.getAll('keys')).map((k) => k.id).sort();
  expect(keyIds).toEqual((winner.keyReused ? [old.keyId!] : [old.keyId!, winner.request.keyId]).sort());
  expect(winner.request.keyId === old.keyId).toBe(winner.keyReused);
  return winner;
}

const SPECS: KeySpec[] = [
  { kind: 'RSA', bits: 2048 },
  { kind: 'RSA', bits: 3072 },
  { kind: 'EC', curve: 'P-256' },
];
const CASES = SPECS.flatMap((spec) => (['reuse', 'new'] as RenewalKeyChoice[]).map((choice) => ({ name: describeKeySpec(spec), spec, choice })));

describe('createRenewalRequest: a CSR for the outside CA, then its answer through the waiting request', () => {
  it.each(CASES)('$name, $choice key: same subject and SANs, the right key, the old certificate superseded on completion', async ({ spec, choice }) => {
    expect.hasAssertions();
    const store = await openTestStore();
    const { ca, key, record: old } = await keptOutside(store, spec);
    const plan = await planRenewalRequest(store, old.id);
    expect(plan).toMatchObject({ keySpec: spec, reuse: { available: true }, recommended: 'new', waiting: null });

    const made = await createRenewalRequest(store, old.id, choice);
    expect(made.keyReused).toBe(choice === 'reuse');
    expect(made.request).toMatchObject({ renews: old.id, subject: SUBJECT, sans: SANS, label: 'mail.example.test, smtp.example.test' });
    const csr = await parseCsr(made.request.csrDer);
    expect(await verifyCsr(made.request.csrDer)).toBe(true);
    expect(csr.subject).toEqual(SUBJECT);
    expect(csr.sans).toEqual(SANS);
    expect(equalBytes(csr.spki, key.spki)).toBe(choice === 'reuse');
    // The key the request waits with is the CSR's key: the kept record, or a new sealed one of the same spec.
    const sealed = (await store.db.get('keys', made.request.keyId))!;
    expect(sealed.id === old.keyId).toBe(choice === 'reuse');
    expect(sealed.spec).toEqual(spec);
    const opened = await openKey(store, sealed.id);
    expect(opened.spec).toEqual(spec);
    expect(keyMatchesSpki(opened, csr.spki)).toBe(true);
    expect(await store.db.getAll('keys')).toHaveLength(choice === 'reuse' ? 1 : 2);
    expect((await planRenewalRequest(store, old.id)).waiting?.id).toBe(made.request.id);

    const renewed = await completePendingRequest(store, made.request.id, { chain: await ca.sign(csr.spki, 60) });
    expect(renewed).toMatchObject({ renewedFrom: old.id, keyId: made.request.keyId, caId: null });
    expect((await store.db.get('certificates', old.id))?.supersededBy).toBe(renewed.id);
    expect((await listCertificates(store)).map((i) => i.record.id)).toEqual([renewed.id]);
    expect((await getCertificateDetails(store, renewed.id)).renewedFrom).toEqual({ id: old.id, serialHex: old.serialHex, notAfter: old.notAfter });
    expect(await listPendingRequests(store)).toEqual([]);
    await expect(planRenewalRequest(store, old.id)).rejects.toMatchObject({ code: 'CERT_NOT_RENEWABLE' });
    // The new certificate is itself renewable the same way.
    expect((await planRenewalRequest(store, renewed.id)).keySpec).toEqual(spec);
  });
});

describe('createRenewalRequest refusals write nothing', () => {
  type Setup = (store: Store) => Promise<{ id: string; choice: RenewalKeyChoice }>;
  const refusals: Array<{ name: string; code: string; setup: Setup }> = [
    {
      name: 'locked vault',
      code: 'VAULT_LOCKED',
      setup: async (store) => {
        const { record } = await keptOutside(store, EC);
        store.vault.lock();
        return { id: record.id, choice: 'new' };
      },
    },
    {
      name: 'reuse of a key the user marked compromised (a renewal must not carry a leaked key on)',
      code: 'KEY_COMPROMISED',
      setup: async (store) => {
        const { record } = await keptOutside(store, EC);
        await markCompromised(store, record.keyId!);
        return { id: record.id, choice: 'reuse' };
      },
    },
    {
      name: 'reuse when the vault holds no key for the certificate',
      code: 'CERT_NO_KEY',
      setup: async (store) => {
        const { record } = await keptOutside(store, EC);
        await store.db.commit({ put: { certificates: [{ ...record, keyId: null, rev: record.rev + 1 }] }, expect: [{ store: 'certificates', key: record.id, rev: record.rev }] });
        return { id: record.id, choice: 'reuse' };
      },
    },
    {
      name: 'reuse of a stored key that is not the certificate key (the decrypted key decides)',
      code: 'CERT_KEY_MISMATCH',
      setup: async (store) => {
        const { record } = await keptOutside(store, EC);
        const other = await keptOutside(store, EC);
        await store.db.commit({ put: { certificates: [{ ...record, keyId: other.record.keyId, rev: record.rev + 1 }] }, expect: [{ store: 'certificates', key: record.id, rev: record.rev }] });
        return { id: record.id, choice: 'reuse' };
      },
    },
    {
      name: 'a certificate of our own CA (renewed directly)',
      code: 'CERT_NOT_RENEWABLE',
      setup: async (store) => {
        const ca = await withCa(store);
        return { id: (await issueServer(store, ca.id, 'mail.example.test')).record.id, choice: 'new' };
      },
    },
    {
      name: 'a second request while one waits',
      code: 'RENEWAL_PENDING',
      setup: async (store) => {
        const { record } = await keptOutside(store, EC);
        await createRenewalRequest(store, record.id, 'new');
        return { id: record.id, choice: 'reuse' };
      },
    },
  ];

  it.each(refusals)('$name: $code', async ({ code, setup }) => {
    expect.hasAssertions();
    const store = await openTestStore();
    const { id, choice } = await setup(store);
    const before = await dumpStore(store.db);
    await expect(createRenewalRequest(store, id, choice)).rejects.toMatchObject({ code });
    expect(await dumpStore(store.db)).toBe(before);
  });
});

describe('renewal requests and the rest of the vault', () => {
  it('the plan says why reuse is unavailable: no key kept, or the key marked compromised', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const { record } = await keptOutside(store, EC);
    await markCompromised(store, record.keyId!);
    expect((await planRenewalRequest(store, record.id)).reuse).toEqual({ available: false, reason: 'key-compromised' });
    const other = (await keptOutside(store, EC)).record;
    await store.db.commit({ put: { certificates: [{ ...other, keyId: null, rev: other.rev + 1 }] }, expect: [{ store: 'certificates', key: other.id, rev: other.rev }] });
    expect((await planRenewalRequest(store, other.id)).reuse).toEqual({ available: false, reason: 'no-key' });
  });

  it('renewCertificate on an outside certificate says CERT_OUTSIDE_CA (the text points to the renewal CSR)', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const { record } = await keptOutside(store, EC);
    await expect(renewCertificate(store, record.id)).rejects.toMatchObject({ code: 'CERT_OUTSIDE_CA' });
  });

  it('an answer for a reused key marked compromised after the request is refused, writing nothing', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const { ca, key, record } = await keptOutside(store, EC);
    const made = await createRenewalRequest(store, record.id, 'reuse');
    await markCompromised(store, record.keyId!);
    const before = await dumpStore(store.db);
    await expect(completePendingRequest(store, made.request.id, { chain: await ca.sign(key.spki) })).rejects.toMatchObject({ code: 'KEY_COMPROMISED' });
    expect(await dumpStore(store.db)).toBe(before);
  });

  // Another tab marks the kept key compromised while this tab decrypts it for the CSR (after the plan
  // saw it in good standing): the commit must expect the key record read before the crypto, so the
  // request is refused instead of carrying the leaked key on (before the fix it was kept: the key's
  // revision was read again after the mark and expected as it then was).
  it('a reuse request whose key is marked compromised (another tab) while its CSR is made is refused (DB_CONFLICT), writing nothing of its own', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const { record } = await keptOutside(store, EC);
    const decrypt = store.vault.decryptKey.bind(store.vault);
    let afterMark = '';
    vi.spyOn(store.vault, 'decryptKey').mockImplementationOnce(async (encrypted) => {
      await markCompromised(store, record.keyId!);
      afterMark = await dumpStore(store.db);
      return decrypt(encrypted);
    });
    await expect(createRenewalRequest(store, record.id, 'reuse')).rejects.toMatchObject({ code: 'DB_CONFLICT' });
    expect(afterMark).not.toBe('');
    expect(await dumpStore(store.db)).toBe(afterMark);
  });

  // With the kept key reused, any certificate of that key passes the key check: the certificate being
  // renewed itself (its old .crt still in the folder), an older one, or one for other host names.
  // None of them is the renewal; filing it would mark the old certificate superseded by a copy of
  // itself (or by a certificate that does not serve these names) and hand out a zip of it.
  it.each([
    { name: 'the certificate being renewed itself', answer: async (old: Uint8Array[]) => old },
    { name: 'an older certificate of the same key', answer: async (_: Uint8Array[], sign: Sign, spki: Uint8Array) => sign(spki, 90, { now: new Date(Date.now() - 30 * 86_400_000) }) },
    {
      name: 'a certificate of the same key for other host names',
      answer: async (_: Uint8Array[], sign: Sign, spki: Uint8Array) => sign(spki, 90, { sans: [{ type: 'dns', value: 'www.example.test' }], now: new Date(Date.now() + 60_000) }),
    },
  ])('a reuse renewal answered with $name is refused (RENEWAL_ANSWER_MISMATCH), writing nothing', async ({ answer }) => {
    expect.hasAssertions();
    const store = await openTestStore();
    const { ca, key, record } = await keptOutside(store, EC);
    const made = await createRenewalRequest(store, record.id, 'reuse');
    const before = await dumpStore(store.db);
    const chain = await answer([record.der, ...(record.chain ?? [])], ca.sign, key.spki);
    await expect(completePendingRequest(store, made.request.id, { chain })).rejects.toMatchObject({ code: 'RENEWAL_ANSWER_MISMATCH' });
    expect(await dumpStore(store.db)).toBe(before);
  });

  // Two tabs make the renewal CSR of the same certificate at once: both read "none waiting" before
  // either writes. Only one may be kept (one renewal request at a time per certificate), and either
  // may be the one: which commit reaches the database first is up to timing (with 'reuse' against
  // 'new', the new-key tab won 6 of 40 unforced runs at load 4, leaving 2 keys). Every order is
  // forced here: both commits are held until both tabs have made theirs, then let through one by one.
  it.each([
    { choice: 'new' as const, first: 'new' as const },
    { choice: 'reuse' as const, first: 'reuse' as const },
    { choice: 'reuse' as const, first: 'new' as const },
  ])('two renewal requests made at once (two tabs, $choice key, the $first-key commit first): one is kept, the other refused (DB_CONFLICT)', async ({ choice, first }) => {
    expect.hasAssertions();
    const store = await openTestStore();
    const { record } = await keptOutside(store, EC);
    holdCommitsUntilBoth(store, (changes) => (changes.add?.keys?.length ? 'new' : 'reuse') === first);
    const results = await Promise.allSettled([createRenewalRequest(store, record.id, choice), createRenewalRequest(store, record.id, 'new')]);
    const kept = await expectOneKept(store, record, results, ['DB_CONFLICT']);
    expect(kept.keyReused).toBe(first === 'reuse');
    // With 'reuse' against 'new', the tab whose commit went first is the one kept.
    if (choice === 'reuse') expect(results.map((r) => r.status)).toEqual(first === 'reuse' ? ['fulfilled', 'rejected'] : ['rejected', 'fulfilled']);
  });

  // The same without forcing: whichever tab won, the vault holds exactly what that tab made. The other
  // is refused with DB_CONFLICT (it read before the winner wrote) or RENEWAL_PENDING (it read after).
  it.each(['new', 'reuse'] as RenewalKeyChoice[])('two renewal requests made at once (two tabs, %s key): one is kept, the other refused', async (choice) => {
    expect.hasAssertions();
    const store = await openTestStore();
    const { record } = await keptOutside(store, EC);
    const results = await Promise.allSettled([createRenewalRequest(store, record.id, choice), createRenewalRequest(store, record.id, 'new')]);
    await expectOneKept(store, record, results, ['DB_CONFLICT', 'RENEWAL_PENDING']);
  });

  it('a backup taken while the renewal waited, merged back after it completed: the request comes back, and its answer given again files nothing twice', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const { ca, record } = await keptOutside(store, EC);
    const made = await createRenewalRequest(store, record.id, 'new');
    const backup = (await createBackup(store)).text;
    const answer = await ca.sign(made.key.spki);
    const renewed = await completePendingRequest(store, made.request.id, { chain: answer });
    await restoreBackup(store, backup, { mode: 'merge' });
    const [back] = await listPendingRequests(store);
    expect(back?.id).toBe(made.request.id);
    const again = await completePendingRequest(store, back!.id, { chain: answer });
    expect(again.id).toBe(renewed.id);
    expect((await store.db.getAll('certificates')).map((c) => c.id).sort()).toEqual([record.id, renewed.id].sort());
    expect(await listPendingRequests(store)).toEqual([]);
    expect((await store.db.get('certificates', record.id))?.supersededBy).toBe(renewed.id);
  });

  it('deleting a reuse request keeps the certificate key; deleting a new-key request drops its unused key', async () => {
    expect.hasAssertions();
    const store = await openTestStore();
    const { record } = await keptOutside(store, EC);
    const reuse = await createRenewalRequest(store, record.id, 'reuse');
    await deletePendingRequest(store, reuse.request.id);
    expect((await store.db.getAll('keys')).map((k) => k.id)).toEqual([record.keyId]);
    const fresh = await createRenewalRequest(store, record.id, 'new');
    await deletePendingRequest(store, fresh.request.id);
    expect((await store.db.getAll('keys')).map((k) => k.id)).toEqual([record.keyId]);
    expect((await store.db.get('certificates', record.id))?.supersededBy).toBeUndefined();
  });

  it('backup round trip keeps the link: the restored request completes and supersedes the restored certificate', async () => {
    expect.hasAssertions();
    const source = await openTestStore();
    const { ca, record } = await keptOutside(source, EC);
    const made = await createRenewalRequest(source, record.id, 'new');
    const target = await openTestStore({ unlock: false });
    await restoreBackup(target, (await createBackup(source)).text, { mode: 'empty', backupPassphrase: PASSPHRASE });
    await target.vault.unlock(PASSPHRASE);
    const [restored] = await listPendingRequests(target);
    expect(restored).toMatchObject({ id: made.request.id, renews: record.id });
    const key: PrivateKeyMaterial = await openKey(target, restored!.keyId);
    const renewed = await completePendingRequest(target, restored!.id, { chain: await ca.sign(key.spki) });
    expect((await target.db.get('certificates', record.id))?.supersededBy).toBe(renewed.id);
    expect(parseCertificate(renewed.der).sans).toEqual(SANS);
  });
});
