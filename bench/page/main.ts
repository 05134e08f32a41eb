/**
 * The bench-only page (issue 7): the engine (src/lib) driven step by step, with timings taken in
 * the page. bench/run.mjs builds it into bench/dist with vite, serves it on 127.0.0.1 and calls
 * `window.__bench.*` through Playwright. Nothing here is part of the product build.
 */
import {
  MAX_CERTIFICATES_PER_FILE,
  createClientSubject,
  createPkcs12,
  createSelfSignedServerCertificate,
  createRootCa,
  encodePem,
  generateKey,
  generateSerialHex,
  createCertificate as pkiIssue,
  createCrl,
  serializeCertificatePem,
  serializePrivateKeyPem,
  type KeySpec,
  type PrivateKeyMaterial,
} from '../../src/lib/pki/index.ts';
import {
  createCa,
  exportCertificate,
  issueCertificate,
  issueCrl,
  listCertificates,
  openKey,
  openStore,
  revokeAllWithKey,
  revocationsOfCa,
  sortBySerial,
  filterCertificates,
  type CertificateListItem,
  type CertificateRecord,
  type Store,
} from '../../src/lib/store/index.ts';
import { buildMailRootBundle, zipBundle } from '../../src/lib/bundle/index.ts';
import { loadManageSnapshot } from '../../src/lib/recipes/manage-actions.ts';
import { LIST_PAGE_SIZE } from '../../src/lib/recipes/manage.ts';
import { revocationOf } from '../../src/lib/store/operations/revoke.ts';
import { diagnoseSetup } from '../../src/lib/recipes/index.ts';
import { planMode } from '../../src/lib/xmail/index.ts';
// The page's own English labels, so bench/run.mjs finds the real UI's controls by name.
import { en } from '../../src/i18n/en.ts';
// Internal stages of createPkcs12, for p12Stages only (the page itself uses pki/index.ts).
import { hmacDigest } from '../../src/lib/pki/digest.ts';
import { keyMatchesSpki } from '../../src/lib/pki/keys.ts';
import { desEde3Cbc } from '../../src/lib/pki/pbe/ciphers.ts';
import { PKCS12_KDF_ID, encodeBmpPassword, pkcs12Kdf } from '../../src/lib/pki/pbe/index.ts';
import { certificateSpki } from '../../src/lib/pki/pkcs12/common.ts';

const now = () => performance.now();
const PASS = 'bench-passphrase-1234';
const RSA2048: KeySpec = { kind: 'RSA', bits: 2048 };

/** Lets the event loop run (so long tasks end and the UI could paint) between measured steps. */
const yieldToLoop = () => new Promise((r) => setTimeout(r, 0));

async function genKeys(spec: KeySpec, runs: number, budgetMs: number): Promise<number[]> {
  const out: number[] = [];
  const start = now();
  for (let i = 0; i < runs && (i < 3 || now() - start < budgetMs); i++) {
    const t = now();
    await generateKey(spec);
    out.push(now() - t);
    await yieldToLoop();
  }
  return out;
}

function triggerDownload(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes.slice()], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const caSubject = [{ type: 'O', value: 'Bench' }, { type: 'CN', value: 'Bench Private CA' }];
const serverSubject = [{ type: 'CN', value: 'mail.example.test' }];
const serverSans = [{ type: 'dns' as const, value: 'mail.example.test' }];

async function bundleAndZip(parts: { serverKeyPem: string; chainPem: string; ca: Uint8Array; p12: Uint8Array }): Promise<Uint8Array> {
  const files = await buildMailRootBundle({
    os: 'windows',
    serverKeyPem: parts.serverKeyPem,
    serverCertChainPem: parts.chainPem,
    caCertificates: [parts.ca],
    clientVerifyCas: [parts.ca],
    hostNames: ['mail.example.test'],
    caName: 'Bench Private CA',
    extraFiles: [{ path: 'clients/alice.p12', bytes: parts.p12 }],
  });
  return zipBundle(files);
}

/** The private-CA flow as engine calls only (no vault): CA, server certificate, one client PKCS#12, bundle zip. */
async function engineFlow(download: boolean): Promise<{ ms: number; steps: Record<string, number>; zipBytes: number }> {
  const steps: Record<string, number> = {};
  const t0 = now();
  let t = t0;
  const lap = (name: string) => { const n = now(); steps[name] = n - t; t = n; };
  const caKey = await generateKey(RSA2048); lap('caKey');
  const caDer = await createRootCa({ key: caKey, subject: caSubject, validityDays: 3650 }); lap('caCert');
  const serverKey = await generateKey(RSA2048); lap('serverKey');
  const serverDer = await pkiIssue({ issuerCert: caDer, issuerKey: caKey, profile: 'server', subject: serverSubject, sans: serverSans, spki: serverKey.spki, validityDays: 397 }); lap('serverCert');
  const clientKey = await generateKey(RSA2048); lap('clientKey');
  const clientDer = await pkiIssue({ issuerCert: caDer, issuerKey: caKey, profile: 'client', subject: createClientSubject({ name: 'Alice', mailbox: 'alice@example.test' }), sans: [{ type: 'email', value: 'alice@example.test' }], spki: clientKey.spki, validityDays: 365 }); lap('clientCert');
  const p12 = await createPkcs12({ key: clientKey.pkcs8, certificate: clientDer, caCertificates: [caDer], password: 'client-pass', friendlyName: 'alice@example.test', profile: 'compatible' }); lap('clientP12');
  const zip = await bundleAndZip({
    serverKeyPem: serializePrivateKeyPem(serverKey, 'pkcs1'),
    chainPem: encodePem('CERTIFICATE', serverDer) + encodePem('CERTIFICATE', caDer),
    ca: caDer,
    p12,
  }); lap('bundleZip');
  if (download) { triggerDownload(zip, 'mailroot.zip'); lap('download'); }
  return { ms: now() - t0, steps, zipBytes: zip.length };
}

/**
 * The same flow through the vault (what the UI does: every key sealed under the passphrase, 600,000
 * PBKDF2 iterations). `pbkdf2` counts the derivations: one per unlock since issue 15 item 1 (was one
 * per key sealed or opened).
 */
async function storeFlow(dbName: string): Promise<{ ms: number; steps: Record<string, number>; zipBytes: number; pbkdf2: number }> {
  const subtle = crypto.subtle;
  const deriveBits = subtle.deriveBits;
  let pbkdf2 = 0;
  subtle.deriveBits = function (this: SubtleCrypto, algorithm, key, length) {
    if ((algorithm as { name?: string }).name === 'PBKDF2') pbkdf2++;
    return deriveBits.call(this, algorithm, key, length);
  } as SubtleCrypto['deriveBits'];
  try {
    return { ...(await storeFlowSteps(dbName)), pbkdf2 };
  } finally {
    subtle.deriveBits = deriveBits;
  }
}

async function storeFlowSteps(dbName: string): Promise<{ ms: number; steps: Record<string, number>; zipBytes: number }> {
  const steps: Record<string, number> = {};
  const t0 = now();
  let t = t0;
  const lap = (name: string) => { const n = now(); steps[name] = n - t; t = n; };
  const store = await openStore({ name: dbName }); lap('openStore');
  await store.vault.initialize(PASS); lap('vaultInit');
  const ca = await createCa(store, { name: 'Bench CA', purpose: 'server', subject: caSubject, keySpec: RSA2048, validityDays: 3650 }); lap('createCa');
  const server = await issueCertificate(store, { caId: ca.id, profile: 'server', subject: serverSubject, sans: serverSans, keySpec: RSA2048 }); lap('issueServer');
  const client = await issueCertificate(store, { caId: ca.id, profile: 'client', subject: createClientSubject({ name: 'Alice', mailbox: 'alice@example.test' }), sans: [{ type: 'email', value: 'alice@example.test' }], keySpec: RSA2048, user: { name: 'Alice', email: 'alice@example.test' } }); lap('issueClient');
  const p12 = await exportCertificate(store, client.record.id, { kind: 'pkcs12', profile: 'compatible', password: 'client-pass' }); lap('exportP12');
  const zip = await bundleAndZip({
    serverKeyPem: serializePrivateKeyPem(server.key, 'pkcs1'),
    chainPem: encodePem('CERTIFICATE', server.record.der) + encodePem('CERTIFICATE', ca.certDer),
    ca: ca.certDer,
    p12: p12.bytes,
  }); lap('bundleZip');
  triggerDownload(zip, 'mailroot.zip'); lap('download');
  store.close();
  return { ms: now() - t0, steps, zipBytes: zip.length };
}

// ------------------------------------------------------------------ 100 PKCS#12

interface Client { key: PrivateKeyMaterial; der: Uint8Array; email: string }
let batch: { caDer: Uint8Array; clients: Client[] } | null = null;

/** CA + n client keys and certificates (RSA 2048), kept for p12Batch; returns PEMs for openssl. */
async function p12Prepare(n: number, budgetMs: number) {
  const t0 = now();
  const caKey = await generateKey(RSA2048);
  const caDer = await createRootCa({ key: caKey, subject: caSubject, validityDays: 3650 });
  const clients: Client[] = [];
  const keyMs: number[] = [];
  const issueMs: number[] = [];
  for (let i = 0; i < n; i++) {
    let t = now();
    // keys are random-time: past the budget, reuse earlier keys (a certificate per client still)
    const key = now() - t0 < budgetMs || clients.length === 0 ? await generateKey(RSA2048) : clients[i % clients.length]!.key;
    keyMs.push(now() - t);
    t = now();
    const email = `user${i}@example.test`;
    const der = await pkiIssue({ issuerCert: caDer, issuerKey: caKey, profile: 'client', subject: createClientSubject({ name: `User ${i}`, mailbox: email }), sans: [{ type: 'email', value: email }], spki: key.spki, validityDays: 365 });
    issueMs.push(now() - t);
    clients.push({ key, der, email });
  }
  batch = { caDer, clients };
  return {
    ms: now() - t0,
    keyMs,
    issueMs,
    caPem: encodePem('CERTIFICATE', caDer),
    clients: clients.map((c) => ({ keyPem: encodePem('PRIVATE KEY', c.key.pkcs8), certPem: encodePem('CERTIFICATE', c.der), email: c.email })),
  };
}

/**
 * n PKCS#12 files from the prepared keys, one after another, as one batch. With `yieldEach` the
 * loop lets the event loop run between files (as a UI showing progress would); without it the
 * batch is one main-thread task, since createPkcs12 never waits on anything but microtasks.
 */
async function p12Batch(profile: 'compatible' | 'modern', yieldEach: boolean) {
  if (!batch) throw new Error('p12Prepare first');
  const per: number[] = [];
  let bytes = 0;
  const t0 = now();
  for (const c of batch.clients) {
    const t = now();
    // The key as PrivateKeyMaterial, as the client-certs recipe passes it (issue 15 item 2).
    const p12 = await createPkcs12({ key: c.key, certificate: c.der, caCertificates: [batch.caDer], password: 'client-pass', friendlyName: c.email, profile });
    per.push(now() - t);
    bytes += p12.length;
    if (yieldEach) await yieldToLoop();
  }
  return { ms: now() - t0, per, bytes };
}

/**
 * Where a compatible PKCS#12 file's time goes (issue 15 item 2): each stage of createPkcs12 run
 * on its own over the prepared batch, summed; "rest" is the whole call minus the stages (DER
 * writing, salts, the SHA-1 localKeyID). Milliseconds for the whole batch.
 */
async function p12Stages() {
  if (!batch) throw new Error('p12Prepare first');
  const sum: Record<string, number> = { whole: 0, 'certificate SPKI + key match': 0, 'KDF (7 x 2048 SHA-1)': 0, '3DES (certificates + key)': 0, 'MAC (HMAC-SHA1)': 0 };
  const lap = (name: string, f: () => unknown) => {
    const t = now();
    f();
    sum[name]! += now() - t;
  };
  const pw = encodeBmpPassword('client-pass');
  const salt = new Uint8Array(8).fill(7);
  for (const c of batch.clients) {
    const t = now();
    await createPkcs12({ key: c.key, certificate: c.der, caCertificates: [batch.caDer], password: 'client-pass', friendlyName: c.email, profile: 'compatible' });
    sum.whole! += now() - t;
    lap('certificate SPKI + key match', () => {
      certificateSpki(batch!.caDer, 'ca');
      keyMatchesSpki(c.key, certificateSpki(c.der, 'leaf'));
    });
    lap('KDF (7 x 2048 SHA-1)', () => {
      for (let i = 0; i < 2; i++) {
        pkcs12Kdf('SHA-1', pw, salt, PKCS12_KDF_ID.key, 2048, 24);
        pkcs12Kdf('SHA-1', pw, salt, PKCS12_KDF_ID.iv, 2048, 8);
      }
      pkcs12Kdf('SHA-1', pw, salt, PKCS12_KDF_ID.mac, 2048, 20);
    });
    const key = new Uint8Array(24).fill(1);
    const iv = new Uint8Array(8).fill(2);
    lap('3DES (certificates + key)', () => {
      desEde3Cbc('encrypt', key, iv, new Uint8Array(c.der.length + batch!.caDer.length + 150));
      desEde3Cbc('encrypt', key, iv, c.key.pkcs8);
    });
    lap('MAC (HMAC-SHA1)', () => hmacDigest('SHA-1', key.subarray(0, 20), new Uint8Array(c.der.length + batch!.caDer.length + c.key.pkcs8.length + 400)));
    await yieldToLoop();
  }
  const stages = Object.entries(sum).filter(([k]) => k !== 'whole').reduce((n, [, v]) => n + v, 0);
  return { ...sum, rest: sum.whole! - stages, files: batch.clients.length };
}

// ------------------------------------------------------------------ a CA with many certificates

/**
 * Seeds `n` issued certificates under one CA in IndexedDB `dbName`, through the store's own
 * code (createCa, db.commit). Up to `signBudgetMs` of real signatures are made (one subject key,
 * each certificate signed by the CA); past that, records reuse the DER of a signed one with a
 * fresh serial and id (the list, the filters and the CRL read only the record fields).
 */
async function seed(dbName: string, n: number, signBudgetMs: number) {
  const t0 = now();
  const store = await openStore({ name: dbName });
  await store.vault.initialize(PASS);
  const ca = await createCa(store, { name: 'Bench CA', purpose: 'client-verify', subject: caSubject, keySpec: RSA2048, validityDays: 3650 });
  // Sign with the CA's real key, opened once through the vault.
  const signer = await openKey(store, ca.keyId);
  const subjectRecord = await issueCertificate(store, { caId: ca.id, profile: 'client', subject: createClientSubject({ name: 'Seed', mailbox: 'seed@example.test' }), sans: [{ type: 'email', value: 'seed@example.test' }], keySpec: RSA2048 });
  const keyId = subjectRecord.record.keyId!;
  const signed: Uint8Array[] = [];
  const tSign = now();
  const records: CertificateRecord[] = [];
  const day = 86_400_000;
  const base = Date.now();
  for (let i = 0; i < n; i++) {
    const email = `user${i}@example.test`;
    const name = `User ${i}`;
    const serialHex = generateSerialHex();
    let der: Uint8Array;
    if (now() - tSign < signBudgetMs) {
      der = await pkiIssue({ issuerCert: ca.certDer, issuerKey: signer, profile: 'client', subject: createClientSubject({ name, mailbox: email }), sans: [{ type: 'email', value: email }], spki: subjectRecord.key.spki, validityDays: 365, serialHex });
      signed.push(der);
    } else {
      der = signed[i % signed.length]!;
    }
    // spread expiry over two years so status filters find some of each
    const notBefore = new Date(base - (i % 700) * day);
    const notAfter = new Date(notBefore.getTime() + 365 * day);
    records.push({
      id: crypto.randomUUID(), caId: ca.id, issuerText: 'O=Bench, CN=Bench Private CA', serialHex, profile: 'client',
      subject: createClientSubject({ name, mailbox: email }), subjectText: `CN=${name}`, commonName: name,
      sans: [{ type: 'email', value: email }], notBefore: notBefore.toISOString(), notAfter: notAfter.toISOString(),
      status: 'valid', keyId, der, user: { name, email }, createdAt: new Date(base).toISOString(), rev: 1,
    });
  }
  const signMs = now() - tSign;
  const tWrite = now();
  // Commits of 10,000 (commit writes them in chunks): each commit re-packs every list bucket it
  // touches (schema 7, docs/PERFORMANCE.md Round 4), so fewer, larger commits seed faster.
  for (let i = 0; i < records.length; i += 10_000) await store.db.commit({ add: { certificates: records.slice(i, i + 10_000) } });
  const writeMs = now() - tWrite;
  store.close();
  return { ms: now() - t0, caId: ca.id, keyId, realSignatures: signed.length, signMs, writeMs };
}

let opened: Store | null = null;

/** Store load at page start: open the database and read the list the management view shows. */
async function loadStore(dbName: string) {
  const t0 = now();
  const store = await openStore({ name: dbName });
  const openMs = now() - t0;
  const t1 = now();
  const { result: items, readMs } = await withReadTimed(store, () => listCertificates(store));
  const listMs = now() - t1;
  opened = store;
  lastItems = items;
  return { openMs, listMs, readMs, ms: now() - t0, count: items.length };
}
let lastItems: CertificateListItem[] = [];

/** Runs `fn` and times IndexedDB's part of it: every listedCertificates read (the packs), where it is called. */
async function withReadTimed<T>(store: Store, fn: () => Promise<T>): Promise<{ result: T; readMs: number; read: number }> {
  let readMs = 0;
  let read = 0;
  const own = store.db.listedCertificates;
  store.db.listedCertificates = async function (this: Store['db'], caId?: string) {
    const t = now();
    try {
      const out = await own.call(this, caId);
      read += out.length;
      return out;
    } finally {
      readMs += now() - t;
    }
  };
  try {
    return { result: await fn(), readMs, read };
  } finally {
    store.db.listedCertificates = own;
  }
}

/**
 * Where the manage view's time goes (issue 15 item 4), the same calls the view makes, timed one
 * by one: the vault unlock (PBKDF2), loadManageSnapshot (of which: the list entries read from
 * IndexedDB's packs; the rest is their filter and sort), the first page filtered in memory, a text and a status filter
 * in memory (what each keystroke costs in the view).
 */
async function manageStages(dbName: string) {
  const store = await openStore({ name: dbName });
  try {
    let t = now();
    await store.vault.unlock(PASS);
    const unlockMs = now() - t;
    await yieldToLoop();
    t = now();
    const { result: snap, readMs } = await withReadTimed(store, () => loadManageSnapshot(store));
    const snapshotMs = now() - t;
    const f = { status: 'all' as const, withinDays: 30, text: '', nowMs: snap.nowMs };
    t = now();
    const all = filterCertificates(snap.entries, f);
    all.slice(0, 100);
    const firstPageMs = now() - t;
    // The read before schema 7, in the same page for comparison: a cursor over the per-record
    // certificateSummaries store (still written with every certificate; the list no longer reads it).
    const cursorRead = await cursorReadSummaries(dbName);
    t = now();
    const text = filterCertificates(snap.entries, { ...f, text: 'user42' });
    const textMs = now() - t;
    t = now();
    const expiring = filterCertificates(snap.entries, { ...f, status: 'expiring' });
    const statusMs = now() - t;
    return { unlockMs, snapshotMs, readMs, cursorReadMs: cursorRead.ms, cursorReadLongestMs: cursorRead.longestMs, firstPageMs, textMs, statusMs, count: snap.entries.length, textHits: text.length, statusHits: expiring.length };
  } finally {
    store.close();
  }
}

/** Every record of `certificateSummaries` by one cursor (how the list read before schema 7), timed, with its longest task. */
async function cursorReadSummaries(dbName: string): Promise<{ ms: number; count: number; longestMs: number }> {
  const t0 = now();
  let longestMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longestMs = Math.max(longestMs, e.duration);
  });
  observer.observe({ type: 'longtask' });
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open(dbName);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const count = await new Promise<number>((resolve, reject) => {
    const out: unknown[] = [];
    const r = db.transaction('certificateSummaries').objectStore('certificateSummaries').openCursor();
    r.onsuccess = () => {
      const c = r.result;
      if (!c) return resolve(out.length);
      out.push(c.value);
      c.continue();
    };
    r.onerror = () => reject(r.error);
  });
  db.close();
  const ms = now() - t0;
  await yieldToLoop();
  observer.disconnect();
  return { ms, count, longestMs };
}

/**
 * Where a CRL's time goes: issueCrl whole (vault already unlocked, as crlAgain), then its stages
 * alone: the revocations read, their sort by serial, and createCrl (the DER written in one pass,
 * hashed and signed).
 */
async function crlStages(dbName: string, caId: string) {
  const store = await openStore({ name: dbName });
  try {
    await store.vault.unlock(PASS);
    let t = now();
    await issueCrl(store, caId, { nextUpdateDays: 30 });
    const wholeMs = now() - t;
    await yieldToLoop();
    const ca = await store.db.get('cas', caId);
    const signer = await openKey(store, ca!.keyId);
    // The read as a fresh page makes it (this store kept the revocations in memory at issueCrl),
    // then again through the in-memory copy (a second CRL in the same page).
    const fresh = await openStore({ name: dbName });
    t = now();
    const revocations = await revocationsOfCa(fresh.db, caId);
    const readMs = now() - t;
    fresh.close();
    t = now();
    await revocationsOfCa(store.db, caId);
    const readAgainMs = now() - t;
    t = now();
    const sorted = sortBySerial(revocations).map((r) => ({ serialHex: r.serialHex, revokedAt: new Date(r.revokedAt), reason: r.reason }));
    const sortMs = now() - t;
    t = now();
    const der = await createCrl({ issuerCert: ca!.certDer, issuerKey: signer, revoked: sorted, crlNumber: 99, thisUpdate: new Date(), nextUpdate: new Date(Date.now() + 30 * 86_400_000), hash: ca!.hash });
    const writeSignMs = now() - t;
    return { wholeMs, readMs, readAgainMs, sortMs, writeSignMs, entries: revocations.length, bytes: der.length };
  } finally {
    store.close();
  }
}

/**
 * Stand-in for the manage view's table: what the real view draws (ListPager, LIST_PAGE_SIZE),
 * one table row per certificate of the first page (name, kind, serial, status, expiry), built
 * with DOM calls, timed to the next layout. It drew every certificate before, which the product
 * never does (10,000 rows were one 1.5 s task); the real view is timed by the manage rows.
 */
function renderList(items: CertificateListItem[] = lastItems): { ms: number; rows: number; total: number } {
  const host = document.getElementById('list')!;
  const t0 = now();
  host.replaceChildren();
  const table = document.createElement('table');
  const body = document.createElement('tbody');
  for (const it of items.slice(0, LIST_PAGE_SIZE)) {
    const tr = document.createElement('tr');
    for (const v of [it.record.label, it.record.profile, it.record.serialHex, it.status, new Date(it.record.notAfterMs).toISOString().slice(0, 10)]) {
      const td = document.createElement('td');
      td.textContent = v;
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  host.append(table);
  void host.offsetHeight; // layout
  return { ms: now() - t0, rows: Math.min(items.length, LIST_PAGE_SIZE), total: items.length };
}

async function filterList(text: string, status: 'all' | 'expiring' | 'revoked' = 'all') {
  if (!opened) throw new Error('loadStore first');
  const t0 = now();
  const items = await listCertificates(opened, { text, status });
  const listMs = now() - t0;
  const r = renderList(items);
  return { ms: now() - t0, listMs, renderMs: r.ms, count: items.length };
}

/** Revokes every seeded certificate (store code, one transaction); the CRLs are timed apart (crlAgain). */
async function revokeAll(dbName: string, keyId: string) {
  const store = await openStore({ name: dbName });
  await store.vault.unlock(PASS);
  const t0 = now();
  const revoked = await revokeAllWithKey(store, keyId, 'keyCompromise');
  const revokeMs = now() - t0;
  store.close();
  return { revokeMs, revoked: revoked.length };
}

/**
 * Every certificate of the key revoked by writing the records revokeAllWithKey would write
 * (revocationOf, status 'revoked'), in commits of 20,000: the CRL's input at sizes where one
 * revoke-all transaction is not what is measured.
 */
async function seedRevocations(dbName: string, keyId: string) {
  const store = await openStore({ name: dbName });
  const t0 = now();
  const at = new Date();
  const certs = (await store.db.getAllFromIndex('certificates', 'keyId', keyId)).filter((c) => c.status !== 'revoked');
  // Commits of 20,000: each one re-packs every list bucket it touches (schema 7), so few large ones.
  for (let i = 0; i < certs.length; i += 20_000) {
    const part = certs.slice(i, i + 20_000);
    await store.db.commit({ put: { certificates: part.map((c) => ({ ...c, status: 'revoked' as const, rev: c.rev + 1 })) }, add: { revocations: part.map((c) => revocationOf(c, 'keyCompromise', at)) } });
  }
  const revokeMs = now() - t0;
  store.close();
  return { revokeMs, revoked: certs.length };
}

/** Deletes a database (the app's own, before seeding it for the manage view). */
function deleteDb(dbName: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.deleteDatabase(dbName);
    r.onsuccess = () => resolve();
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new Error(`deleting ${dbName}: blocked by an open connection`));
  });
}

async function crlAgain(dbName: string, caId: string) {
  const store = await openStore({ name: dbName });
  await store.vault.unlock(PASS);
  const t1 = now();
  const crl = await issueCrl(store, caId, { nextUpdateDays: 30 });
  const crlMs = now() - t1;
  store.close();
  return { crlMs, crlBytes: crl.der.length };
}

function closeStore(): void {
  opened?.close();
  opened = null;
  document.getElementById('list')!.replaceChildren();
}

// ------------------------------------------------------------------ hostile input (issue 12)

const enc = (text: string) => new TextEncoder().encode(text);

/** Just under 1 MiB: one entry, then 64-byte comment lines, CRLF (the shape that froze the page). */
function bigServerTab(): string {
  return '"EnableSMTP-TLS"\t"0"\r\n' + `#${'x'.repeat(61)}\r\n`.repeat(Math.floor((1024 * 1024 - 64) / 64));
}

/** planMode('full') over the 1 MB server.tab: parse, merge, diff; each run timed alone. */
async function planBigServerTab(runs: number): Promise<{ per: number[]; bytes: number; patchBytes: number }> {
  const text = bigServerTab();
  const per: number[] = [];
  let patchBytes = 0;
  for (let i = 0; i < runs; i++) {
    const t = now();
    patchBytes = planMode('full', {}, { serverTab: text }).serverTab!.patch.length;
    per.push(now() - t);
    await yieldToLoop();
  }
  return { per, bytes: text.length, patchBytes };
}

/** SEQUENCE { NULL x 524,285 }: 1 MiB, the file that froze Chromium 19 s as server.cert. */
function nullBomb(): Uint8Array {
  const n = Math.floor((1024 * 1024 - 5) / 2);
  const der = new Uint8Array(5 + 2 * n);
  der.set([0x30, 0x83, (2 * n) >> 16, ((2 * n) >> 8) & 0xff, (2 * n) & 0xff]);
  for (let i = 0; i < n; i++) der[5 + 2 * i] = 0x05;
  return der;
}

/** PEM of `count` distinct certificates (copies of one, told apart by digits in the name), at most `maxBytes`. */
async function manyCertificatesPem(count: number, maxBytes: number): Promise<{ pem: Uint8Array; count: number }> {
  const key = await generateKey({ kind: 'EC', curve: 'P-256' });
  const der = await createSelfSignedServerCertificate({ key, subject: [{ type: 'CN', value: 'n00000.example.test' }], sans: [{ type: 'dns', value: 'n00000.example.test' }], validityDays: 100 });
  const pattern = enc('n00000');
  let text = '';
  let made = 0;
  for (let i = 0; i < count; i++) {
    const copy = der.slice();
    const digits = enc(`n${String(i).padStart(5, '0')}`);
    for (let j = 0; j + pattern.length <= copy.length; j++) if (pattern.every((b, k) => copy[j + k] === b)) copy.set(digits, j);
    const pem = serializeCertificatePem(copy);
    if (text.length + pem.length > maxBytes) break;
    text += pem;
    made++;
  }
  return { pem: enc(text), count: made };
}

let hostileCases: Array<{ what: string; files: Array<{ path: string; bytes: Uint8Array }> }> | undefined;

/**
 * The hostile files for diagnoseHostile, made once (outside the measured calls).
 */
async function prepareHostile(): Promise<void> {
  if (!hostileCases) {
    const full = await manyCertificatesPem(5000, 1024 * 1024);
    const limit = await manyCertificatesPem(MAX_CERTIFICATES_PER_FILE, 1024 * 1024);
    hostileCases = [
      { what: '1 MB of NULLs as server.cert', files: [{ path: 'server.cert', bytes: nullBomb() }] },
      { what: `1 MB PEM of ${full.count} certificates as certs.pem`, files: [{ path: 'certs.pem', bytes: full.pem }] },
      { what: `1 MB PEM of ${full.count} certificates as server.cert`, files: [{ path: 'server.cert', bytes: full.pem }] },
      { what: `certs.pem of ${limit.count} certificates (the limit)`, files: [{ path: 'certs.pem', bytes: limit.pem }] },
      { what: `server.cert of ${limit.count} certificates (the limit)`, files: [{ path: 'server.cert', bytes: limit.pem }] },
    ];
  }
}

/** diagnoseSetup (現在の環境) over hostile case `index`: its time and the error findings it ends as; null past the last. */
async function diagnoseHostile(index: number): Promise<{ what: string; ms: number; findings: string[] } | null> {
  const c = hostileCases?.[index];
  if (!c) return null;
  const tab = enc('"SSLWantVerify"\t"1"\n"SSLUseCertsFile"\t"1"\n"SSLUseCertsDir"\t"1"\n');
  await yieldToLoop();
  const t = now();
  const r = await diagnoseSetup({ target: 'openssl-1.0.1+', files: [{ path: 'server.tab', bytes: tab }, ...c.files] });
  const ms = now() - t;
  return { what: c.what, ms, findings: r.findings.filter((f) => f.severity === 'error').map((f) => `${f.id}${f.params.code ? ` ${f.params.code}` : ''}`) };
}

/** A PEM of `count` certificates (issue 15 item 3: the real-UI rows drop it into 現在の環境 and own-certificate). */
async function certificatesPem(count: number): Promise<string> {
  const r = await manyCertificatesPem(count, 1024 * 1024);
  return new TextDecoder().decode(r.pem);
}

Object.assign(globalThis, {
  __bench: { certificatesPem, planBigServerTab, prepareHostile, diagnoseHostile, genKeys, engineFlow, storeFlow, p12Prepare, p12Batch, p12Stages, seed, loadStore, manageStages, crlStages, renderList, filterList, revokeAll, seedRevocations, crlAgain, closeStore, deleteDb, text: en, passphrase: PASS, ready: true },
});
document.getElementById('status')!.textContent = 'bench page ready';
