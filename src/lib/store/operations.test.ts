import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePem, parseCertificate, parsePkcs12 } from '../pki/index.ts';
import { dumpStore } from './backup.ts';
import { openStore, type Store } from './index.ts';
import { DAY_MS } from '../time.ts';
import {
  exportCertificate,
  getCertificateDetails,
  importCa,
  issueCertificate,
  listCertificates,
  revokeCertificate,
  sortBySerial,
  sortBySerialInTurns,
} from './operations/index.ts';
import { PASSPHRASE, TEST_ITERATIONS, issueServer, openTestStore, uniqueDbName, withCa } from './test-support.ts';

describe('sortBySerial', () => {
  it('gives the order localeCompare gave, upper or lower case', () => {
    const serials = ['7f01', '0a', '00ff', '1a', '10', 'ab', 'AB01', 'a', '9', 'f0', '0A0b', 'ffff', '01', '1'];
    const byCollator = [...serials].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    expect(sortBySerial(serials.map((serialHex) => ({ serialHex }))).map((r) => r.serialHex)).toEqual(byCollator);
    expect(byCollator.slice(0, 4)).toEqual(['00ff', '01', '0a', '0A0b']);
  });
});

// Issue 15 (CRL of 100,000): the CRL's sort runs in turns (sorted runs, then stable merges); it
// must give sortBySerial's order exactly, ties included, or the CRL's bytes would change.
describe('sortBySerialInTurns', () => {
  const serial = fc.oneof(
    fc.array(fc.constantFrom(...'0123456789abcdefABCDEF'), { minLength: 1, maxLength: 6 }).map((d) => d.join('')),
    fc.constantFrom('00', '01', '0a', '0A', 'ff', 'FF'),
  );
  it('gives sortBySerial\'s order, equal serials in their order, any run length', async () => {
    expect.hasAssertions();
    await fc.assert(
      fc.asyncProperty(fc.array(serial, { maxLength: 120 }), fc.integer({ min: 1, max: 9 }), async (serials, run) => {
        const records = serials.map((serialHex, i) => ({ serialHex, i }));
        let yields = 0;
        const inTurns = await sortBySerialInTurns(records, { run, yieldToLoop: async () => void yields++ });
        expect(inTurns).toEqual(sortBySerial(records));
        expect(yields >= (records.length > run ? 1 : 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it.each([0, 1, 8191, 8192, 8193, 3 * 8192 + 5])('%i revocation-like records, the default runs', async (n) => {
    const records = Array.from({ length: n }, (_, i) => ({ serialHex: ((i * 2654435761) >>> 0).toString(16).padStart(i % 3 ? 8 : 6, '0'), i }));
    expect(await sortBySerialInTurns(records)).toEqual(sortBySerial(records));
  });
});

describe('CAs and issuance', () => {
  it('creates a CA and issues a server certificate whose key is stored encrypted', async () => {
    const store = await openTestStore();
    const ca = await withCa(store);
    const issued = await issueServer(store, ca.id, 'mail.example.com');
    const summary = parseCertificate(issued.record.der);
    expect(summary.issuerText).toBe(parseCertificate(ca.certDer).subjectText);
    expect(issued.record.serialHex).toBe(summary.serialHex);
    expect(issued.record.serialHex).toMatch(/^[0-7][0-9a-f]{31}$/);
    const key = await store.db.get('keys', issued.record.keyId!);
    expect(key?.encryptedPkcs8).toBeInstanceOf(Uint8Array);
    // never the plaintext PKCS#8 anywhere in the store
    const dump = await dumpStore(store.db);
    expect(dump).not.toContain(Buffer.from(issued.key.pkcs8).toString('base64').slice(0, 40));
    store.close();
  });

  it('imports an existing CA from PEM key and certificate and refuses a mismatched pair', async () => {
    const source = await openTestStore();
    const ca = await withCa(source);
    const other = await withCa(source);
    const caPem = (await exportCaPem(source, ca.id)).cert;
    const keyPem = (await exportCaPem(source, ca.id)).key;
    const otherKey = (await exportCaPem(source, other.id)).key;
    const target = await openTestStore();
    const imported = await importCa(target, { name: 'Imported', purpose: 'server', certificate: caPem, key: keyPem });
    expect(imported.origin).toBe('imported');
    const issued = await issueServer(target, imported.id, 'a.example');
    expect(parseCertificate(issued.record.der).issuerText).toBe(ca.subjectText);
    const before = await dumpStore(target.db);
    await expect(importCa(target, { name: 'Bad', purpose: 'server', certificate: caPem, key: otherKey })).rejects.toMatchObject({ code: 'CA_KEY_MISMATCH' });
    await expect(
      importCa(target, { name: 'Leaf', purpose: 'server', certificate: new TextDecoder().decode((await exportCertificate(target, issued.record.id, { kind: 'pem' })).bytes), key: keyPem }),
    ).rejects.toMatchObject({ code: 'CA_NOT_A_CA' });
    expect(await dumpStore(target.db)).toBe(before);
    source.close();
    target.close();
  });

  it('two stores on the same database issuing 100 each at once end with 200 distinct serials', async () => {
    const name = uniqueDbName('concurrent');
    const a = await openTestStore({ name });
    const ca = await withCa(a);
    const b = await openStore({ name, iterations: TEST_ITERATIONS, channel: null, clock: a.clock });
    await b.vault.unlock(PASSPHRASE);
    const key = await issueServer(a, ca.id, 'shared.example'); // reuse one key: the race is on serials, not keygen
    const run = (s: Store, tag: string) =>
      Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          issueCertificate(s, { caId: ca.id, profile: 'client', subject: [{ type: 'CN', value: `${tag}${i}` }], sans: [{ type: 'email', value: `${tag}${i}@example.com` }], keyId: key.record.keyId!, validityDays: 30 }),
        ),
      );
    const [ra, rb] = await Promise.all([run(a, 'a'), run(b, 'b')]);
    const all = await a.db.getAllFromIndex('certificates', 'caId', ca.id);
    expect(all).toHaveLength(201);
    expect(new Set(all.map((c) => c.serialHex)).size).toBe(201);
    expect(new Set([...ra, ...rb].map((r) => r.record.id)).size).toBe(200);
    a.close();
    b.close();
  }, 120_000);

  it('retries with a new serial when the serial is taken', async () => {
    const serials = ['11', '11', '22'];
    const store = await openTestStore({ newSerialHex: () => serials.shift() ?? '33' });
    const ca = await withCa(store);
    const first = await issueServer(store, ca.id, 'one.example');
    const second = await issueServer(store, ca.id, 'two.example');
    expect([first.record.serialHex, second.record.serialHex]).toEqual(['11', '22']);
    store.close();
  });

  it('an issuance aborted inside its transaction (tab closed) leaves the store unchanged', async () => {
    let abort = false;
    const store = await openTestStore({
      beforeCommit: () => {
        if (abort) throw new Error('page closed');
      },
    });
    const ca = await withCa(store);
    await issueServer(store, ca.id, 'before.example');
    const before = await dumpStore(store.db);
    abort = true;
    await expect(issueServer(store, ca.id, 'during.example')).rejects.toMatchObject({ code: 'DB_TRANSACTION_FAILED' });
    expect(await dumpStore(store.db)).toBe(before);
    store.close();
  });
});

async function exportCaPem(store: Store, caId: string) {
  const ca = await store.db.get('cas', caId);
  const { openKey } = await import('./operations/index.ts');
  const key = await openKey(store, ca!.keyId);
  const { encodePem } = await import('../pki/index.ts');
  return { cert: encodePem('CERTIFICATE', ca!.certDer), key: encodePem('PRIVATE KEY', key.pkcs8) };
}

describe('list, details, export', () => {
  it('filters valid, expiring, expired, revoked and searches text', async () => {
    const store = await openTestStore();
    const ca = await withCa(store);
    const longLived = await issueServer(store, ca.id, 'long.example', 300);
    const soon = await issueServer(store, ca.id, 'soon.example', 10);
    const revoked = await issueServer(store, ca.id, 'revoked.example', 300);
    const short = await issueServer(store, ca.id, 'short.example', 2);
    await revokeCertificate(store, revoked.record.id, 'superseded');
    store.clock.advance(3 * DAY_MS);
    const ids = async (f: Parameters<typeof listCertificates>[1]) => (await listCertificates(store, f)).map((i) => i.record.label).sort();
    expect(await ids({ status: 'valid', withinDays: 30 })).toEqual(['long.example', 'soon.example']);
    expect(await ids({ status: 'expiring', withinDays: 30 })).toEqual(['soon.example']);
    expect(await ids({ status: 'expired' })).toEqual(['short.example']);
    expect(await ids({ status: 'revoked' })).toEqual(['revoked.example']);
    expect(await ids({ text: 'LONG' })).toEqual(['long.example']);
    expect(await ids({ text: longLived.record.serialHex.slice(0, 10) })).toEqual(['long.example']);
    const details = await getCertificateDetails(store, revoked.record.id);
    expect(details.revocation?.reason).toBe('superseded');
    expect(details.status).toBe('revoked');
    expect(details.ca?.id).toBe(ca.id);
    expect((await getCertificateDetails(store, soon.record.id)).summary.sans).toEqual([{ type: 'dns', value: 'soon.example' }]);
    void short;
    store.close();
  });

  it('re-downloads PEM, DER, chain, key and PKCS#12 (key needs the unlocked vault)', async () => {
    const store = await openTestStore();
    const ca = await withCa(store);
    const issued = await issueServer(store, ca.id, 'mail.example.com');
    const pem = await exportCertificate(store, issued.record.id, { kind: 'pem' });
    expect(decodePem(new TextDecoder().decode(pem.bytes), ['CERTIFICATE']).der).toEqual(issued.record.der);
    expect((await exportCertificate(store, issued.record.id, { kind: 'der' })).bytes).toEqual(issued.record.der);
    const chain = new TextDecoder().decode((await exportCertificate(store, issued.record.id, { kind: 'chain-pem' })).bytes);
    expect(chain.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    const key = await exportCertificate(store, issued.record.id, { kind: 'key-pem' });
    expect(decodePem(new TextDecoder().decode(key.bytes), ['PRIVATE KEY']).der).toEqual(issued.key.pkcs8);
    for (const profile of ['compatible', 'modern'] as const) {
      const p12 = await exportCertificate(store, issued.record.id, { kind: 'pkcs12', profile, password: 'p12 password' });
      const parsed = await parsePkcs12(p12.bytes, 'p12 password');
      expect(parsed.key).toEqual(issued.key.pkcs8);
      expect(parsed.certificate).toEqual(issued.record.der);
      expect(p12.filename).toMatch(/\.p12$/);
    }
    store.vault.lock();
    await expect(exportCertificate(store, issued.record.id, { kind: 'key-pem' })).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    store.close();
  });
});
