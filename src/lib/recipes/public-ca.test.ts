import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createRootCa, decodePem, equalBytes, generateKey, issueFromCsr, parseCsr, serializeCertificatePem } from '../pki/index.ts';
import { listCertificates, openStore } from '../store/index.ts';
import { PASSPHRASE, TEST_ITERATIONS, openTestStore } from '../store/test-support.ts';
import {
  assembleReturnedChain,
  buildPublicBundle,
  collectCertificates,
  defaultCsrForm,
  keepRequestInVault,
  listWaitingRequests,
  makeKeyAndCsr,
  openWaitingRequest,
  recordReturnedCertificate,
  parseKeyFile,
  publicValidityLimit,
  serializeKeyFile,
  validateCsrForm,
} from './public-ca.ts';

describe('public CA recipe', () => {
  it.each([
    ['2026-03-14T23:59:59Z', 398, '2026-03-15'],
    ['2026-03-15T00:00:00Z', 200, '2027-03-15'],
    ['2027-06-01T00:00:00Z', 100, '2029-03-15'],
    ['2030-01-01T00:00:00Z', 47, undefined],
  ])('publicValidityLimit(%s) = %d', (at, days, next) => {
    const r = publicValidityLimit(new Date(at));
    expect(r.days).toBe(days);
    expect(r.next?.from).toBe(next);
  });

  it('refuses IP addresses and empty host lists', () => {
    expect(validateCsrForm({ ...defaultCsrForm(), hostNames: '192.0.2.1' }).map((i) => i.code)).toEqual(['san.publicIp']);
    expect(validateCsrForm(defaultCsrForm()).map((i) => i.code)).toEqual(['san.required']);
  });

  it('CSR → CA answer in reverse order with the root → leaf-first chain without the root → bundle', async () => {
    const { key, csrPem, hostNames } = await makeKeyAndCsr({ ...defaultCsrForm(), hostNames: 'mail.example.com, smtp.example.com' });
    expect(hostNames).toEqual(['mail.example.com', 'smtp.example.com']);
    const csr = await parseCsr(csrPem);
    expect(csr.signatureValid).toBe(true);
    expect(csr.sans.map((s) => s.value)).toEqual(hostNames);

    const rootKey = await generateKey({ kind: 'RSA', bits: 2048 });
    const root = await createRootCa({ key: rootKey, subject: [{ type: 'CN', value: 'Test Root' }] });
    const interKey = await generateKey({ kind: 'RSA', bits: 2048 });
    const inter = await createRootCa({ key: interKey, subject: [{ type: 'CN', value: 'Test Inter' }] }); // self-signed stand-in
    const leaf = await issueFromCsr({ csrDer: decodePem(csrPem, ['CERTIFICATE REQUEST']).der, issuerCert: root, issuerKey: rootKey, profile: 'server' });

    const certs = collectCertificates([serializeCertificatePem(root) + serializeCertificatePem(leaf)]);
    const returned = assembleReturnedChain(key, certs);
    expect(returned.chain).toEqual([leaf]);
    expect(returned.missingIntermediate).toBe(false);

    const missing = assembleReturnedChain(key, [leaf]);
    expect(missing.missingIntermediate).toBe(true);

    const otherKey = await generateKey({ kind: 'RSA', bits: 2048 });
    expect(() => assembleReturnedChain(otherKey, [leaf, inter])).toThrow(expect.objectContaining({ code: 'KEY_MISMATCH' }));

    const bundle = await buildPublicBundle(key, returned, { os: 'windows', lang: 'ja' });
    expect(bundle.fileName).toBe('xmail-tls-mail.example.com-public-ca.zip');
    const paths = bundle.files.map((f) => f.path);
    expect(paths).toContain('MailRoot/server.key');
    expect(paths.some((p) => p.startsWith('clients/'))).toBe(false);
  });

  it('collectCertificates takes DER too and refuses input without certificates', async () => {
    const k = await generateKey({ kind: 'EC', curve: 'P-256' });
    const der = await createRootCa({ key: k, subject: [{ type: 'CN', value: 'X' }] });
    expect(collectCertificates([der, ''])).toEqual([der]);
    expect(() => collectCertificates(['-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----\n'])).toThrow(expect.objectContaining({ code: 'PEM_NO_BLOCK' }));
  });

  it('the kept key file round-trips, encrypted when a password is given', async () => {
    const { key } = await makeKeyAndCsr({ ...defaultCsrForm(), hostNames: 'mail.example.com' });
    const plain = await serializeKeyFile(key);
    expect(plain).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect((await parseKeyFile(plain)).spki).toEqual(key.spki);
    const enc = await serializeKeyFile(key, 'a long key password');
    expect(enc).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    expect((await parseKeyFile(enc, 'a long key password')).spki).toEqual(key.spki);
    await expect(parseKeyFile(enc, 'wrong')).rejects.toMatchObject({ code: 'KEY_BAD_PASSWORD' });
  });

  it('key kept in the vault → page reopened → unlock → pick the request → CA answer recorded in the vault', async () => {
    expect.hasAssertions();
    const first = await openTestStore();
    const csr = await makeKeyAndCsr({ ...defaultCsrForm(), keySpec: { kind: 'EC', curve: 'P-256' }, hostNames: 'mail.example.com, smtp.example.com' });
    const kept = await keepRequestInVault(first, csr);
    expect(kept.label).toBe('mail.example.com, smtp.example.com');
    first.close();

    // a new page: the same database, the vault locked until the passphrase is given
    const store = await openStore({ name: first.db.name, iterations: TEST_ITERATIONS, channel: null });
    expect((await listWaitingRequests(store)).map((r) => r.id)).toEqual([kept.id]);
    await expect(openWaitingRequest(store, kept.id)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await store.vault.unlock(PASSPHRASE);
    const { request, key } = await openWaitingRequest(store, kept.id);
    expect(equalBytes(key.pkcs8, csr.key.pkcs8)).toBe(true);

    const rootKey = await generateKey({ kind: 'EC', curve: 'P-256' });
    const root = await createRootCa({ key: rootKey, subject: [{ type: 'CN', value: 'Test Root' }] });
    const leaf = await issueFromCsr({ csrDer: request.csrDer, issuerCert: root, issuerKey: rootKey, profile: 'server' });
    const returned = assembleReturnedChain(key, [root, leaf]);
    const record = await recordReturnedCertificate(store, request.id, returned);
    expect(record).toMatchObject({ caId: null, keyId: request.keyId, commonName: expect.any(String) });
    expect(await listWaitingRequests(store)).toEqual([]);
    expect((await listCertificates(store)).map((i) => i.record.id)).toEqual([record.id]);
    store.close();
  });
});
