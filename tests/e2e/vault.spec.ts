/**
 * The vault (src/lib/store) in real Chromium IndexedDB, through the test harness page (issue 4's
 * browser tests): persistence across a reload and a browser restart, two tabs issuing at once, a
 * tab closed during an issuance, a wrong passphrase, the stored keys read by `openssl pkcs8`, a
 * backup restored into a fresh profile, and change notices between tabs (BroadcastChannel).
 *
 * Speed: most tests open the store with a small PBKDF2 count (openStore's `iterations` option,
 * meant for tests: VAULT_ITERATIONS); the `openssl pkcs8` test uses the real default (600000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { publicKeyOf, run, tmpDir, writeFiles } from './checks.ts';
import { expect, test } from './fixtures.ts';
import { HOLD_MARK, openHarness, type StoreAudit } from './harness/page.ts';

const PASSPHRASE = 'harness vault passphrase 2024';
const VAULT_ITERATIONS = 10_000;
const DB = 'xmail-tls-harness';

const dir = tmpDir('xmail-e2e-vault-');
test.afterAll(() => dir.cleanup());

const out = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

/** A consistent store: nothing dangling, nothing duplicated. */
function expectConsistent(a: StoreAudit): void {
  expect(a.duplicateSerials, 'duplicate serials').toEqual([]);
  expect(a.certificatesWithoutKey, 'certificates without their key').toEqual([]);
  expect(a.certificatesWithoutCa, 'certificates without their CA').toEqual([]);
  expect(a.orphanKeys, 'keys no certificate or CA uses').toEqual([]);
  expect(a.danglingRevocations, 'revocations without a revoked certificate').toEqual([]);
  expect(a.keyMismatches, 'keys that do not belong to their certificate').toEqual([]);
  expect(new Set(a.serials).size).toBe(a.serials.length);
}

/** Opens the store in the page; with `create`, also chooses the passphrase and creates an RSA 2048 CA. */
async function openVault(page: Page, opts: { create?: boolean; unlock?: boolean; iterations?: number; holdNextCommitMs?: number } = {}): Promise<string> {
  await openHarness(page);
  return page.evaluate(
    async ({ db, passphrase, create, unlock, iterations, holdNextCommitMs }) => {
      const h = window.harness;
      await h.open({ name: db, iterations, holdNextCommitMs });
      const s = h.get(db);
      if (create) {
        await s.vault.initialize(passphrase);
        const ca = await h.store.createCa(s, {
          name: 'Harness CA',
          purpose: 'server',
          subject: [{ type: 'O', value: 'Harness' }, { type: 'CN', value: 'Harness Vault CA' }],
          keySpec: { kind: 'RSA', bits: 2048 },
        });
        return ca.id;
      }
      if (unlock) await s.vault.unlock(passphrase);
      return (await h.store.listCas(s.db))[0]?.id ?? '';
    },
    { db: DB, passphrase: PASSPHRASE, create: opts.create ?? false, unlock: opts.unlock ?? false, iterations: 'iterations' in opts ? opts.iterations : VAULT_ITERATIONS, holdNextCommitMs: opts.holdNextCommitMs },
  );
}

/** Issues a server and a client certificate, revokes the client one, issues a CRL. */
function fillVault(page: Page, caId: string): Promise<void> {
  return page.evaluate(
    async ({ db, caId }) => {
      const h = window.harness;
      const s = h.get(db);
      await h.store.issueCertificate(s, { caId, profile: 'server', subject: [], sans: [{ type: 'dns', value: 'mail.example.test' }, { type: 'ip', value: '127.0.0.1' }] });
      const client = await h.store.issueCertificate(s, {
        caId,
        profile: 'client',
        subject: [{ type: 'CN', value: 'Taro Test' }],
        sans: [{ type: 'email', value: 'taro@example.test' }],
        keySpec: { kind: 'EC', curve: 'P-256' },
        user: { name: 'Taro Test', email: 'taro@example.test' },
      });
      await h.store.revokeCertificate(s, client.record.id, 'keyCompromise');
      await h.store.issueCrl(s, caId);
    },
    { db: DB, caId },
  );
}

const dump = (page: Page) => page.evaluate((db) => window.harness.store.dumpStore(window.harness.get(db).db), DB);
const audit = (page: Page, openKeys = true) => page.evaluate(({ db, openKeys }) => window.harness.audit(db, { openKeys }), { db: DB, openKeys });

test('everything is still there after a reload: unlock, identical dump, every key opens', async ({ page }) => {
  const caId = await openVault(page, { create: true });
  await fillVault(page, caId);
  const before = await dump(page);
  expect(JSON.parse(before).certificates).toHaveLength(2);

  await page.reload();
  await openVault(page);
  expect(await page.evaluate((db) => window.harness.get(db).vault.state(), DB)).toBe('locked');
  await page.evaluate(({ db, p }) => window.harness.get(db).vault.unlock(p), { db: DB, p: PASSPHRASE });
  expect(await dump(page)).toBe(before);
  const a = await audit(page);
  expectConsistent(a);
  expect(a.counts).toMatchObject({ cas: 1, certificates: 2, keys: 3, revocations: 1, crls: 1 });
});

test('two tabs issuing 100 certificates each at once: 200 distinct serials, nothing lost, all verify', async ({ context, page }) => {
  test.setTimeout(300_000);
  const caId = await openVault(page, { create: true });
  const other = await context.newPage();
  await openVault(other, { unlock: true });
  // New RSA 2048 key per certificate (key + certificate in one commit each), 4 at a time per tab.
  const batch = (p: Page, prefix: string) =>
    p.evaluate(({ db, caId, prefix }) => window.harness.issueMany(db, { caId, count: 100, concurrency: 4, prefix, keySpec: { kind: 'RSA', bits: 2048 } }), { db: DB, caId, prefix });
  const started = Date.now();
  const [a, b] = await Promise.all([batch(page, 'a'), batch(other, 'b')]);
  test.info().annotations.push({ type: 'timing', description: `200 issuances in two tabs: ${Date.now() - started} ms` });
  expect(a).toHaveLength(100);
  expect(b).toHaveLength(100);

  const result = await audit(page);
  expectConsistent(result);
  expect(result.counts).toMatchObject({ cas: 1, certificates: 200, keys: 201 });
  const stored = new Set(result.serials);
  expect(stored.size).toBe(200);
  for (const issued of [...a, ...b]) expect(stored.has(issued.serialHex)).toBe(true);

  const pems = await page.evaluate(async (db) => {
    const h = window.harness;
    const snap = await h.get(db).db.readAll();
    return { ca: h.pki.serializeCertificatePem(snap.cas[0]!.certDer), certs: snap.certificates.map((c) => h.pki.serializeCertificatePem(c.der)) };
  }, DB);
  const files = writeFiles(dir.path, { 'two-tabs-ca.pem': pems.ca, ...Object.fromEntries(pems.certs.map((c, i) => [`two-tabs-${i}.pem`, c])) });
  const v = await run('openssl', ['verify', '-CAfile', files['two-tabs-ca.pem']!, ...pems.certs.map((_, i) => files[`two-tabs-${i}.pem`]!)]);
  expect(v.code, out(v)).toBe(0);
  expect(v.stdout.match(/: OK$/gm)).toHaveLength(200);
});

test('a tab closed while its commit is held open leaves a consistent store without that certificate', async ({ context, page }) => {
  const caId = await openVault(page, { create: true });
  await fillVault(page, caId);
  const before = await dump(page);

  const doomed = await context.newPage();
  await openVault(doomed, { unlock: true, holdNextCommitMs: 8000 });
  const held = doomed.waitForEvent('console', { predicate: (m) => m.text() === HOLD_MARK, timeout: 60_000 });
  await doomed.evaluate(({ db, caId }) => {
    // Not awaited: the issuance is still running when the page goes away.
    void window.harness.store.issueCertificate(window.harness.get(db), { caId, profile: 'server', subject: [], sans: [{ type: 'dns', value: 'held.example.test' }] });
  }, { db: DB, caId });
  await held;
  // No timer assertion: what is pinned is the store after the close, not how fast Chromium closes.
  await doomed.close();

  const again = await context.newPage();
  await openVault(again, { unlock: true });
  const a = await audit(again);
  expectConsistent(a);
  const after = await dump(again);
  // The transaction was killed with the page before it committed: the store is exactly as before.
  expect(after).toBe(before);
});

test('control: the same held commit lands once the hold ends when the tab stays open', async ({ context, page }) => {
  const caId = await openVault(page, { create: true });
  const before = JSON.parse(await dump(page)).certificates.length as number;
  const holder = await context.newPage();
  await openVault(holder, { unlock: true, holdNextCommitMs: 3000 });
  const held = holder.waitForEvent('console', { predicate: (m) => m.text() === HOLD_MARK, timeout: 60_000 });
  const issued = holder.evaluate(
    async ({ db, caId }) => (await window.harness.store.issueCertificate(window.harness.get(db), { caId, profile: 'server', subject: [], sans: [{ type: 'dns', value: 'held.example.test' }] })).record.id,
    { db: DB, caId },
  );
  await held;
  const id = await issued;
  const after = JSON.parse(await dump(page)).certificates as Array<{ id: string }>;
  expect(after).toHaveLength(before + 1);
  expect(after.map((c) => c.id)).toContain(id);
  expectConsistent(await audit(page));
});

test('the audit finds what it looks for: an orphan key, a certificate without its key, a duplicate serial refused by the schema', async ({ page }) => {
  const caId = await openVault(page, { create: true });
  await fillVault(page, caId);
  const result = await page.evaluate(async (db) => {
    const h = window.harness;
    const s = h.get(db);
    const snap = await s.db.readAll();
    const cert = snap.certificates[0]!;
    const key = snap.keys.find((k) => k.id === cert.keyId)!;
    const duplicate = await h.errorCodeOf(() => s.db.commit({ add: { certificates: [{ ...cert, id: 'copy-with-same-serial' }] } }));
    await s.vault.commitSealed({ add: { keys: [{ ...key, id: 'orphan-key' }], certificates: [{ ...cert, id: 'no-key-cert', serialHex: '7f01', keyId: 'missing-key' }] } });
    return { duplicate, audit: await h.audit(db) };
  }, DB);
  expect(result.duplicate).toBe('SERIAL_COLLISION');
  expect(result.audit.orphanKeys).toEqual(['orphan-key']);
  expect(result.audit.certificatesWithoutKey).toEqual(['no-key-cert']);
});

test('a tab closed in the middle of a batch of issuances leaves a consistent store', async ({ context, page }) => {
  const caId = await openVault(page, { create: true });
  const doomed = await context.newPage();
  await openVault(doomed, { unlock: true });
  const third = doomed.waitForEvent('console', { predicate: (m) => m.text() === '[harness] issued 3', timeout: 60_000 });
  await doomed.evaluate(({ db, caId }) => {
    void window.harness.issueMany(db, { caId, count: 40, concurrency: 2, prefix: 'batch', keySpec: { kind: 'RSA', bits: 2048 } });
  }, { db: DB, caId });
  await third;
  await doomed.close();

  const a = await audit(page);
  expectConsistent(a);
  // How many of the 40 finished before the close is a race; that each one finished whole is not.
  expect(a.counts.certificates).toBeGreaterThanOrEqual(3);
  expect(a.counts.keys).toBe(a.counts.certificates + 1);
});

test('a wrong passphrase changes nothing (unlock, change passphrase, issue while locked)', async ({ page }) => {
  const caId = await openVault(page, { create: true });
  await fillVault(page, caId);
  await page.evaluate((db) => window.harness.get(db).vault.lock(), DB);
  const before = await dump(page);
  const codes = await page.evaluate(
    async ({ db, caId, right }) => {
      const h = window.harness;
      const s = h.get(db);
      return {
        unlock: await h.errorCodeOf(() => s.vault.unlock('wrong passphrase 123')),
        stateAfter: await s.vault.state(),
        change: await h.errorCodeOf(() => s.vault.changePassphrase('wrong passphrase 123', 'a brand new passphrase')),
        check: await s.vault.check('wrong passphrase 123'),
        issueLocked: await h.errorCodeOf(() => h.store.issueCertificate(s, { caId, profile: 'server', subject: [], sans: [{ type: 'dns', value: 'x.example.test' }] })),
        checkRight: await s.vault.check(right),
      };
    },
    { db: DB, caId, right: PASSPHRASE },
  );
  expect(codes).toEqual({ unlock: 'VAULT_BAD_PASSPHRASE', stateAfter: 'locked', change: 'VAULT_BAD_PASSPHRASE', check: false, issueLocked: 'VAULT_LOCKED', checkRight: true });
  expect(await dump(page)).toBe(before);
});

test('openssl pkcs8 decrypts keys exported from the browser-made vault (default 600000 PBKDF2 iterations)', async ({ page }) => {
  test.setTimeout(240_000);
  const caId = await openVault(page, { create: true, iterations: undefined });
  const m = await page.evaluate(
    async ({ db, caId }) => {
      const h = window.harness;
      const s = h.get(db);
      const issued = await h.store.issueCertificate(s, { caId, profile: 'server', subject: [], sans: [{ type: 'dns', value: 'mail.example.test' }] });
      const snap = await s.db.readAll();
      const ca = snap.cas[0]!;
      const vault = snap.meta.find((r) => r.id === 'vault') as { iterations: number };
      const keyOf = (id: string) => snap.keys.find((k) => k.id === id)!.encryptedPkcs8;
      return {
        iterations: vault.iterations,
        caCert: h.pki.serializeCertificatePem(ca.certDer),
        caKey: h.b64(keyOf(ca.keyId)),
        serverCert: h.pki.serializeCertificatePem(issued.record.der),
        serverKey: h.b64(keyOf(issued.record.keyId!)),
      };
    },
    { db: DB, caId },
  );
  expect(m.iterations).toBe(600_000);
  for (const who of ['ca', 'server'] as const) {
    await test.step(`${who} key`, async () => {
      const f = writeFiles(dir.path, { [`${who}.p8.der`]: Buffer.from(who === 'ca' ? m.caKey : m.serverKey, 'base64'), [`${who}.crt`]: who === 'ca' ? m.caCert : m.serverCert });
      const parsed = await run('openssl', ['asn1parse', '-inform', 'DER', '-in', f[`${who}.p8.der`]!]);
      expect(parsed.stdout).toMatch(/PBES2[\s\S]*PBKDF2[\s\S]*:0927C0[\s\S]*hmacWithSHA256[\s\S]*aes-256-cbc/);
      const plain = join(dir.path, `${who}.key`);
      const r = await run('openssl', ['pkcs8', '-inform', 'DER', '-in', f[`${who}.p8.der`]!, '-passin', `pass:${PASSPHRASE}`, '-out', plain]);
      expect(r.code, out(r)).toBe(0);
      expect(await publicKeyOf(plain, 'key')).toBe(await publicKeyOf(f[`${who}.crt`]!, 'cert'));
      const wrong = await run('openssl', ['pkcs8', '-inform', 'DER', '-in', f[`${who}.p8.der`]!, '-passin', 'pass:not the passphrase', '-out', `${plain}.wrong`]);
      expect(wrong.code).not.toBe(0);
    });
  }
});

/** A context outside the fixtures' guard gets the same essentials: no request leaves file:, no page error. */
async function guardContext(context: BrowserContext): Promise<string[]> {
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    if (new URL(route.request().url()).protocol === 'file:') return route.fallback();
    problems.push(`request ${route.request().url()}`);
    return route.abort('blockedbyclient');
  });
  context.on('weberror', (e) => problems.push(`page error ${String(e.error())}`));
  return problems;
}

test('a backup restored into a fresh browser profile gives the identical dump, survives a browser restart, and its keys open', async ({ page, playwright, launchOptions }) => {
  test.setTimeout(240_000);
  const caId = await openVault(page, { create: true });
  await fillVault(page, caId);
  const backup = await page.evaluate((db) => window.harness.store.createBackup(window.harness.get(db)), DB);
  const original = await dump(page);

  const profile = mkdtempSync(join(tmpdir(), 'xmail-e2e-profile-'));
  try {
    const launch = () => playwright.chromium.launchPersistentContext(profile, { ...launchOptions, acceptDownloads: false });
    let fresh = await launch();
    let problems = await guardContext(fresh);
    let p = fresh.pages()[0] ?? (await fresh.newPage());
    await openVault(p);
    const report = await p.evaluate(({ db, text, backupPassphrase }) => window.harness.store.restoreBackup(window.harness.get(db), text, { mode: 'empty', backupPassphrase }), { db: DB, text: backup.text, backupPassphrase: PASSPHRASE });
    expect(report.added).toMatchObject({ cas: 1, certificates: 2, keys: 3, revocations: 1, crls: 1 });
    expect(await dump(p)).toBe(original);
    expect(problems).toEqual([]);
    await fresh.close();

    fresh = await launch();
    problems = await guardContext(fresh);
    p = fresh.pages()[0] ?? (await fresh.newPage());
    await openVault(p, { unlock: true });
    expect(await dump(p)).toBe(original);
    expectConsistent(await audit(p));
    expect(problems).toEqual([]);
    await fresh.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});

test('other tabs hear about changes (BroadcastChannel): B hears A issue, A hears B revoke', async ({ context, page }) => {
  const caId = await openVault(page, { create: true });
  const other = await context.newPage();
  await openVault(other, { unlock: true });
  const heard = (p: Page) => p.evaluate((db) => window.harness.messages(db), DB);
  const heardBefore = (await heard(other)).length;

  const issuedId = await page.evaluate(
    async ({ db, caId }) =>
      (await window.harness.store.issueCertificate(window.harness.get(db), { caId, profile: 'server', subject: [], sans: [{ type: 'dns', value: 'tab.example.test' }] })).record.id,
    { db: DB, caId },
  );
  await expect.poll(async () => (await heard(other)).slice(heardBefore).some((m) => m.stores.includes('certificates')), { timeout: 10_000 }).toBe(true);
  const seen = await other.evaluate(async (db) => (await window.harness.store.listCertificates(window.harness.get(db))).map((i) => i.record.id), DB);
  expect(seen).toContain(issuedId);

  const aBefore = (await heard(page)).length;
  await other.evaluate(({ db, id }) => window.harness.store.revokeCertificate(window.harness.get(db), id, 'superseded'), { db: DB, id: issuedId });
  await expect.poll(async () => (await heard(page)).slice(aBefore).some((m) => m.stores.includes('revocations')), { timeout: 10_000 }).toBe(true);
  const status = await page.evaluate(async ({ db, id }) => (await window.harness.store.getCertificateDetails(window.harness.get(db), id)).status, { db: DB, id: issuedId });
  expect(status).toBe('revoked');
});
