/**
 * The store after issuance: renewal, revocation and the CRL, a leaked key (revoke and re-issue in
 * one transaction) and the client-CA rotation. Split from operations.test.ts (CAs, issuance, list,
 * details, export) along the operation families of store/operations/.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { parseCertificate, parseCrl } from '../pki/index.ts';
import { dumpStore } from './backup.ts';
import { isStoreError } from './errors.ts';
import { openStore } from './index.ts';
import { DAY_MS } from '../time.ts';
import {
  exportExpiryCalendar,
  handleKeyCompromise,
  issueCertificate,
  issueCrl,
  renewCertificate,
  revokeAllWithKey,
  revokeCertificate,
  rotateClientCa,
} from './operations/index.ts';
import { EC, PASSPHRASE, TEST_ITERATIONS, issueServer, openTestStore, uniqueDbName, withCa } from './test-support.ts';

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
    const second = await issueCrl(store, ca.id, { nextUpdate: new Date(store.clock.now().getTime() + 3 * DAY_MS) });
    expect([first.record.crlNumber, second.record.crlNumber]).toEqual([1, 2]);
    const parsed = parseCrl(second.der);
    expect(parsed.crlNumber).toBe(2n);
    expect(parsed.entries.map((r) => r.serialHex).sort()).toEqual([a.record.serialHex, b.record.serialHex].sort());
    expect(parsed.nextUpdate?.getTime()).toBe(store.clock.now().getTime() + 3 * DAY_MS);
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
    store.clock.advance(2 * DAY_MS);
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
