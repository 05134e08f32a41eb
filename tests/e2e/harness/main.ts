/**
 * TEST-ONLY entry of the engine harness page: the real lib modules (pki, store, bundle) running in
 * Chromium, exposed on `window.harness` for Playwright's page.evaluate. Node's WebCrypto is not
 * Chromium's and fake-indexeddb is not Chromium's IndexedDB; this page lets tests/e2e/engine.spec.ts
 * and vault.spec.ts run the engine where users run it, without driving the UI.
 * Bytes cross page.evaluate as base64 (pki.encodeBase64/decodeBase64, the one codec).
 * Built by tests/e2e/harness/vite.config.ts into test-results/harness-dist/, never into dist/.
 */
import * as bundle from '../../../src/lib/bundle/index.ts';
import * as pki from '../../../src/lib/pki/index.ts';
import * as store from '../../../src/lib/store/index.ts';
import { HOLD_MARK, type OpenOptions, type StoreAudit } from './api.ts';

const stores = new Map<string, store.Store>();
const heard = new Map<string, store.StoreChangeMessage[]>();

function storeOf(name: string): store.Store {
  const s = stores.get(name);
  if (!s) throw new Error(`harness: no open store "${name}"`);
  return s;
}

async function open(options: OpenOptions = {}): Promise<string> {
  const name = options.name ?? store.DB_NAME;
  let hold = options.holdNextCommitMs ?? 0;
  const s = await store.openStore({
    name,
    iterations: options.iterations,
    ...(options.hearOtherTabs === false ? { vaultChannel: null } : {}),
    beforeCommit: () => {
      if (hold <= 0) return;
      const end = Date.now() + hold;
      hold = 0;
      console.log(HOLD_MARK);
      while (Date.now() < end) {
        // Busy wait on purpose: the transaction cannot commit while this runs.
      }
    },
  });
  stores.set(name, s);
  heard.set(name, []);
  s.subscribe((m) => heard.get(name)?.push(m));
  return name;
}

function close(name: string): void {
  storeOf(name).close();
  stores.delete(name);
}

/** Change messages this store's subscribers received (its own commits and other tabs'). */
function messages(name: string): store.StoreChangeMessage[] {
  return [...(heard.get(name) ?? [])];
}

async function audit(name: string, options: { openKeys?: boolean } = {}): Promise<StoreAudit> {
  const s = storeOf(name);
  const snap = await s.db.readAll();
  const counts = Object.fromEntries(store.STORE_NAMES.map((n) => [n, snap[n].length])) as Record<store.StoreName, number>;
  const keyIds = new Set(snap.keys.map((k) => k.id));
  const caIds = new Set(snap.cas.map((c) => c.id));
  const seen = new Set<string>();
  const duplicateSerials: string[] = [];
  for (const c of snap.certificates) {
    const k = `${c.caId}/${c.serialHex}`;
    if (seen.has(k)) duplicateSerials.push(k);
    seen.add(k);
  }
  const used = new Set([...snap.certificates.map((c) => c.keyId), ...snap.cas.map((c) => c.keyId)]);
  const keyMismatches: string[] = [];
  if (options.openKeys) {
    for (const c of snap.certificates) {
      if (!c.keyId || !keyIds.has(c.keyId)) continue;
      const key = await store.openKey(s, c.keyId);
      if (!pki.keyMatchesSpki(key, pki.parseCertificate(c.der).spki)) keyMismatches.push(c.id);
    }
  }
  return {
    counts,
    duplicateSerials,
    certificatesWithoutKey: snap.certificates.filter((c) => !c.keyId || !keyIds.has(c.keyId)).map((c) => c.id),
    certificatesWithoutCa: snap.certificates.filter((c) => c.caId !== null && !caIds.has(c.caId)).map((c) => c.id),
    orphanKeys: snap.keys.filter((k) => !used.has(k.id)).map((k) => k.id),
    danglingRevocations: snap.revocations
      .filter((r) => snap.certificates.find((c) => c.id === r.id)?.status !== 'revoked')
      .map((r) => r.id),
    keyMismatches,
    serials: snap.certificates.map((c) => c.serialHex),
  };
}

/**
 * Issues `count` server certificates under `caId`, `concurrency` at a time, logging
 * "[harness] issued N" after each (short text, no key material) so a test can follow progress.
 */
async function issueMany(
  name: string,
  input: { caId: string; count: number; concurrency: number; prefix: string; keySpec?: pki.KeySpec; keyId?: string },
): Promise<Array<{ id: string; serialHex: string }>> {
  const s = storeOf(name);
  const out: Array<{ id: string; serialHex: string }> = [];
  let next = 0;
  const worker = async () => {
    while (next < input.count) {
      const i = next++;
      const host = `${input.prefix}-${i}.example.test`;
      const issued = await store.issueCertificate(s, {
        caId: input.caId,
        profile: 'server',
        subject: [],
        sans: [{ type: 'dns', value: host }],
        ...(input.keyId ? { keyId: input.keyId } : { keySpec: input.keySpec ?? { kind: 'RSA', bits: 2048 } }),
      });
      out.push({ id: issued.record.id, serialHex: issued.record.serialHex });
      console.log(`[harness] issued ${out.length}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(input.concurrency, input.count) }, worker));
  return out;
}

/** Runs `fn` and reports a StoreError/PkiError code instead of throwing (codes do not cross page.evaluate). */
async function errorCodeOf(fn: () => Promise<unknown>): Promise<string | null> {
  try {
    await fn();
    return null;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

const harness = {
  pki,
  store,
  bundle,
  open,
  close,
  get: storeOf,
  messages,
  audit,
  issueMany,
  errorCodeOf,
  b64: pki.encodeBase64,
  bytes: pki.decodeBase64,
};

export type Harness = typeof harness;

declare global {
  interface Window {
    harness: Harness;
  }
}

window.harness = harness;
document.getElementById('status')!.textContent = 'ready';
