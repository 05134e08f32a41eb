import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { decodePem, parseCertificate, parseCrl, parsePkcs12 } from '../pki/index.ts';
import { dumpStore } from './backup.ts';
import { isStoreError } from './errors.ts';
import { openStore, type Store } from './index.ts';
import {
  createCa,
  exportCertificate,
  exportExpiryCalendar,
  getCertificateDetails,
  handleKeyCompromise,
  importCa,
  issueCertificate,
  issueCrl,
  listCertificates,
  renewCertificate,
  revokeAllWithKey,
  revokeCertificate,
  rotateClientCa,
  sortBySerial,
} from './operations/index.ts';
import { PASSPHRASE, TEST_ITERATIONS, openTestStore, uniqueDbName } from './test-support.ts';

const EC = { kind: 'EC', curve: 'P-256' } as const;
const DAY = 86_400_000;

async function withCa(store: Store, purpose: 'server' | 'client-verify' = 'server') {
  return createCa(store, { name: purpose === 'server' ? 'Server CA' : 'Client CA', purpose, subject: [{ type: 'CN', value: `Test ${purpose} CA` }], keySpec: EC, validityDays: 3650 });
}

async function issueServer(store: Store, caId: string, host: string, days = 397) {
  return issueCertificate(store, { caId, profile: 'server', subject: [{ type: 'CN', value: host }], sans: [{ type: 'dns', value: host }], keySpec: EC, validityDays: days });
}

describe('sortBySerial', () => {
  it('gives the order localeCompare gave, upper or lower case', () => {
    const serials = ['7f01', '0a', '00ff', '1a', '10', 'ab', 'AB01', 'a', '9', 'f0', '0A0b', 'ffff', '01', '1'];
    const byCollator = [...serials].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    expect(sortBySerial(serials.map((serialHex) => ({ serialHex }))).map((r) => r.serialHex)).toEqual(byCollator);
    expect(byCollator.slice(0, 4)).toEqual(['00ff', '01', '0a', '0A0b']);
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
    store.clock.advance(3 * DAY);
    const ids = async (f: Parameters<typeof listCertificates>[1]) => (await listCertificates(store, f)).map((i) => i.record.commonName).sort();
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

describe('renew, revoke, CRL', () => {
  it('renews with the same names: a new key by default, the same key on request', async () => {
    const store = await openTestStore();
    const ca = await withCa(store);
    const old = await issueServer(store, ca.id, 'mail.example.com');
    const renewed = await renewCertificate(store, old.record.id);
    expect(renewed.record.sans).toEqual(old.record.sans);
    expect(renewed.record.subject).toEqual(old.record.subject);
    expect(renewed.record.keyId).not.toBe(old.record.keyId);
    expect(renewed.record.serialHex).not.toBe(old.record.serialHex);
    expect((await store.db.get('certificates', old.record.id))?.supersededBy).toBe(renewed.record.id);
    await expect(renewCertificate(store, old.record.id)).rejects.toMatchObject({ code: 'CERT_NOT_RENEWABLE' });
    const again = await renewCertificate(store, renewed.record.id, { reuseKey: true });
    expect(again.record.keyId).toBe(renewed.record.keyId);
    expect(parseCertificate(again.record.der).spki).toEqual(parseCertificate(renewed.record.der).spki);
    store.close();
  });

  it('revokes with a reason once; revoke-all-with-key catches every certificate of the key', async () => {
    const store = await openTestStore();
    const ca = await withCa(store);
    const a = await issueServer(store, ca.id, 'a.example');
    const b = await renewCertificate(store, a.record.id, { reuseKey: true });
    const other = await issueServer(store, ca.id, 'other.example');
    await revokeCertificate(store, a.record.id, 'affiliationChanged');
    await expect(revokeCertificate(store, a.record.id, 'keyCompromise')).rejects.toMatchObject({ code: 'CERT_ALREADY_REVOKED' });
    const revoked = await revokeAllWithKey(store, a.record.keyId!, 'keyCompromise');
    expect(revoked.map((r) => r.id)).toEqual([b.record.id]);
    expect((await store.db.get('certificates', other.record.id))?.status).toBe('valid');
    expect(await store.db.get('revocations', a.record.id)).toMatchObject({ reason: 'affiliationChanged' });
    store.close();
  });

  it('issues CRLs with increasing numbers listing the revoked serials', async () => {
    const store = await openTestStore();
    const ca = await withCa(store);
    const a = await issueServer(store, ca.id, 'a.example');
    const b = await issueServer(store, ca.id, 'b.example');
    const first = await issueCrl(store, ca.id, { nextUpdateDays: 7 });
    await revokeCertificate(store, a.record.id, 'keyCompromise');
    await revokeCertificate(store, b.record.id, 'cessationOfOperation');
    const second = await issueCrl(store, ca.id, { nextUpdate: new Date(store.clock.now().getTime() + 3 * DAY) });
    expect([first.record.crlNumber, second.record.crlNumber]).toEqual([1, 2]);
    const parsed = parseCrl(second.der);
    expect(parsed.crlNumber).toBe(2n);
    expect(parsed.entries.map((r) => r.serialHex).sort()).toEqual([a.record.serialHex, b.record.serialHex].sort());
    expect(parsed.nextUpdate?.getTime()).toBe(store.clock.now().getTime() + 3 * DAY);
    expect(second.pem).toMatch(/^-----BEGIN X509 CRL-----/);
    expect((await store.db.get('cas', ca.id))?.crlNumber).toBe(2);
    await expect(issueCrl(store, ca.id, { nextUpdate: new Date(0) })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    store.close();
  });

  it('two stores issuing CRLs at once never reuse a CRL number', async () => {
    const name = uniqueDbName();
    const a = await openTestStore({ name });
    const ca = await withCa(a);
    const b = await openStore({ name, iterations: TEST_ITERATIONS, channel: null, clock: a.clock });
    await b.vault.unlock(PASSPHRASE);
    const results = await Promise.all([issueCrl(a, ca.id), issueCrl(b, ca.id), issueCrl(a, ca.id)]);
    expect(results.map((r) => r.record.crlNumber).sort()).toEqual([1, 2, 3]);
    a.close();
    b.close();
  });
});

describe('key compromise and client CA rotation', () => {
  it('revokes the leaked key certificates (keyCompromise) and re-issues them with a new key', async () => {
    const store = await openTestStore();
    const ca = await withCa(store);
    const leaked = await issueServer(store, ca.id, 'mail.example.com');
    const before = (await store.db.getAll('certificates')).length;
    const result = await handleKeyCompromise(store, leaked.record.keyId!);
    expect(result.revoked.map((r) => [r.id, r.reason])).toEqual([[leaked.record.id, 'keyCompromise']]);
    expect(result.reissued).toHaveLength(1);
    const fresh = result.reissued[0]!;
    expect(fresh.record.sans).toEqual(leaked.record.sans);
    expect(fresh.record.keyId).toBe(result.newKeyId);
    expect(parseCertificate(fresh.record.der).spki).toEqual(result.newKey.spki);
    expect(result.steps).toEqual(['backup-mailroot-files', 'delete-server-key', 'delete-server-cert', 'install-new-key-and-cert', 'next-connection-uses-new-key']);
    expect((await store.db.get('keys', leaked.record.keyId!))?.compromisedAt).toBeTruthy();
    expect((await store.db.get('certificates', leaked.record.id))?.status).toBe('revoked');
    expect((await store.db.getAll('certificates')).length).toBe(before + 1);
    store.close();
  });

  it('prepares a CSR and a letter for a certificate signed by an outside CA', async () => {
    const store = await openTestStore();
    const ca = await withCa(store);
    const leaked = await issueServer(store, ca.id, 'public.example.com');
    const rec = (await store.db.get('certificates', leaked.record.id))!;
    await store.db.commit({ put: { certificates: [{ ...rec, caId: null, rev: rec.rev + 1 }] } });
    const result = await handleKeyCompromise(store, leaked.record.keyId!);
    expect(result.reissued).toHaveLength(0);
    expect(result.requests).toHaveLength(1);
    expect(result.requests[0]!.csrPem).toMatch(/BEGIN CERTIFICATE REQUEST/);
    expect(result.requests[0]!.message).toContain('public.example.com');
    expect(result.requests[0]!.message).toContain(leaked.record.serialHex.toUpperCase());
    store.close();
  });

  it('rotates the client-verification CA in one action', async () => {
    const store = await openTestStore();
    const ca = await withCa(store, 'client-verify');
    const mk = (user: string, days: number) =>
      issueCertificate(store, { caId: ca.id, profile: 'client', subject: [{ type: 'CN', value: user }], sans: [{ type: 'email', value: `${user}@example.com` }], keySpec: EC, validityDays: days, user: { name: user, email: `${user}@example.com` } });
    const alice = await mk('alice', 365);
    const bob = await mk('bob', 365);
    const carol = await mk('carol', 1);
    await revokeCertificate(store, bob.record.id, 'affiliationChanged');
    store.vault.setIdleTimeout(0); // two days pass in this test; the idle lock is tested in vault.test.ts
    store.clock.advance(2 * DAY);
    const server = await withCa(store, 'server');
    await expect(rotateClientCa(store, server.id)).rejects.toMatchObject({ code: 'WRONG_PURPOSE' });
    const result = await rotateClientCa(store, ca.id);
    expect(result.usersToNotify).toEqual([{ name: 'alice', email: 'alice@example.com', certificateId: result.reissued[0]!.record.id }]);
    expect(result.skipped.map((s) => [s.record.commonName, s.reason]).sort()).toEqual([['bob', 'revoked'], ['carol', 'expired']]);
    expect(result.retiredCa.status).toBe('retired');
    expect(result.newCa.purpose).toBe('client-verify');
    expect(parseCertificate(result.reissued[0]!.record.der).issuerText).toBe(result.newCa.subjectText);
    expect(result.reissued[0]!.record.keyId).not.toBe(alice.record.keyId);
    expect(result.trustedCaCertificates).toEqual([result.newCa.certDer]);
    expect((await store.db.get('cas', ca.id))?.status).toBe('retired');
    await expect(issueCertificate(store, { caId: ca.id, profile: 'client', subject: [{ type: 'CN', value: 'x' }], sans: [{ type: 'email', value: 'x@example.com' }], keySpec: EC })).rejects.toMatchObject({ code: 'CA_RETIRED' });
    void carol;
    store.close();
  });

  it('exports an RFC 5545 calendar with a reminder per certificate', async () => {
    const store = await openTestStore();
    const ca = await withCa(store);
    await issueServer(store, ca.id, 'mail.example.com');
    const ics = new TextDecoder().decode((await exportExpiryCalendar(store, { reminderDaysBefore: 14 })).bytes);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2); // the certificate and the CA
    expect(ics).toContain('TRIGGER:-P14D');
    expect(ics.split('\r\n').every((l) => new TextEncoder().encode(l).length <= 75)).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n/);
    store.close();
  });

  it('a wrong passphrase for an operation is refused before anything is written', async () => {
    const store = await openTestStore();
    await withCa(store);
    store.vault.lock();
    const before = await dumpStore(store.db);
    const e = await store.vault.unlock('not the passphrase').catch((err) => err);
    expect(isStoreError(e, 'VAULT_BAD_PASSPHRASE')).toBe(true);
    await expect(withCa(store)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    expect(await dumpStore(store.db)).toBe(before);
    store.close();
  });
});
