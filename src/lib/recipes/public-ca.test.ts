import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createRootCa, decodePem, equalBytes, generateKey, createCertificateFromCsr, parseCsr, serializeCertificatePem } from '../pki/index.ts';
import { listCertificates, openStore } from '../store/index.ts';
import { PASSPHRASE, TEST_ITERATIONS, openTestStore } from '../store/test-support.ts';
import { HOSTILE_DNS_NAMES, forgeCertificate } from '../pki/test-support.ts';
import {
  assembleReturnedChain,
  buildPublicBundle,
  collectCertificates,
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
import { SERVER_KEY_DEFAULT } from './server-common.ts';

/** The public-CA screen's form as it opens: no names yet, the default server key. */
const CSR_FORM = { hostNames: '', keySpec: SERVER_KEY_DEFAULT };

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
    expect(validateCsrForm({ ...CSR_FORM, hostNames: '192.0.2.1' }).map((i) => i.code)).toEqual(['san.publicIp']);
    expect(validateCsrForm(CSR_FORM).map((i) => i.code)).toEqual(['san.required']);
  });

  it.each([
    ['mail example.com', [['san.dns.noDot', 'mail']]],
    ['localhost', [['san.dns.noDot', 'localhost']]],
    ['mail.example.com *.example.com', []],
  ])('public CA: a name without a dot is refused (%j)', (hostNames, expected) => {
    expect(validateCsrForm({ ...CSR_FORM, hostNames }).map((i) => [i.code, i.params?.['value']])).toEqual(expected);
  });

  it('CSR → CA answer in reverse order with the root → leaf-first chain without the root → bundle', async () => {
    const { key, csrPem, hostNames } = await makeKeyAndCsr({ ...CSR_FORM, hostNames: 'mail.example.com, smtp.example.com' });
    expect(hostNames).toEqual(['mail.example.com', 'smtp.example.com']);
    const csr = await parseCsr(csrPem);
    expect(csr.signatureValid).toBe(true);
    expect(csr.sans.map((s) => s.value)).toEqual(hostNames);

    const rootKey = await generateKey({ kind: 'RSA', bits: 2048 });
    const root = await createRootCa({ key: rootKey, subject: [{ type: 'CN', value: 'Test Root' }] });
    const interKey = await generateKey({ kind: 'RSA', bits: 2048 });
    const inter = await createRootCa({ key: interKey, subject: [{ type: 'CN', value: 'Test Inter' }] }); // self-signed stand-in
    const leaf = await createCertificateFromCsr({ csrDer: decodePem(csrPem, ['CERTIFICATE REQUEST']).der, issuerCert: root, issuerKey: rootKey, profile: 'server' });

    const certs = collectCertificates([serializeCertificatePem(root) + serializeCertificatePem(leaf)]);
    const returned = await assembleReturnedChain(key, certs);
    expect(returned.chain).toEqual([leaf]);
    expect(returned.missingIntermediate).toBe(false);

    const missing = await assembleReturnedChain(key, [leaf]);
    expect(missing.missingIntermediate).toBe(true);
    expect([returned.signatureChecked, missing.signatureChecked]).toEqual([true, false]);

    const otherKey = await generateKey({ kind: 'RSA', bits: 2048 });
    await expect(assembleReturnedChain(otherKey, [leaf, inter])).rejects.toMatchObject({ code: 'KEY_MISMATCH' });

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
    const { key } = await makeKeyAndCsr({ ...CSR_FORM, hostNames: 'mail.example.com' });
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
    const csr = await makeKeyAndCsr({ ...CSR_FORM, keySpec: { kind: 'EC', curve: 'P-256' }, hostNames: 'mail.example.com, smtp.example.com' });
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
    const leaf = await createCertificateFromCsr({ csrDer: request.csrDer, issuerCert: root, issuerKey: rootKey, profile: 'server' });
    const returned = await assembleReturnedChain(key, [root, leaf]);
    const record = await recordReturnedCertificate(store, request.id, returned);
    expect(record).toMatchObject({ caId: null, keyId: request.keyId, commonName: expect.any(String) });
    expect(await listWaitingRequests(store)).toEqual([]);
    expect((await listCertificates(store)).map((i) => i.record.id)).toEqual([record.id]);
    store.close();
  });

  // Issue 12 item 2: a CA answer whose dNSNames carry a shell command and a fake numbered step
  // reached INSTALL unquoted (and as a line of its own). This failed before the fix.
  describe('a CA answer with hostile host names', () => {
    async function hostileBundle(os: 'windows' | 'unix') {
      const { key } = await makeKeyAndCsr({ ...CSR_FORM, keySpec: { kind: 'EC', curve: 'P-256' }, hostNames: 'mail.example.com' });
      const rootKey = await generateKey({ kind: 'EC', curve: 'P-256' });
      const root = await createRootCa({ key: rootKey, subject: [{ type: 'CN', value: 'Test Root' }] });
      const leaf = await forgeCertificate({ spki: key.spki, dnsNames: [...HOSTILE_DNS_NAMES, 'smtp.example.com'], commonName: 'mail.example.com', issuer: root, signer: rootKey });
      const returned = await assembleReturnedChain(key, [leaf, root]);
      const bundle = await buildPublicBundle(key, returned, { os, lang: 'ja' });
      const text = (path: string) => new TextDecoder().decode(bundle.files.find((f) => f.path === path)!.bytes);
      return { returned, install: [text('INSTALL.ja.txt'), text('INSTALL.en.txt')] };
    }

    it.each(['unix', 'windows'] as const)('%s: INSTALL carries no injected command, no stray line and no control character', async (os) => {
      expect.hasAssertions();
      const { install } = await hostileBundle(os);
      const eol = os === 'windows' ? '\r\n' : '\n';
      for (const text of install) {
        expect(text).not.toContain('evil.example');
        expect(text).not.toMatch(/^\s*7\. Run/m);
        // eslint-disable-next-line no-control-regex -- the point of the check
        expect(text.split(eol).join('')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        const numbers = [...text.matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1]));
        expect(numbers).toEqual(numbers.map((_, i) => i + 1));
        expect(text).toContain('openssl s_client -connect smtp.example.com:465');
      }
    });

    it('an answer whose signature does not verify under the intermediate given is refused (SIGNATURE_INVALID)', async () => {
      expect.hasAssertions();
      const { key } = await makeKeyAndCsr({ ...CSR_FORM, keySpec: { kind: 'EC', curve: 'P-256' }, hostNames: 'mail.example.com' });
      const rootKey = await generateKey({ kind: 'EC', curve: 'P-256' });
      const root = await createRootCa({ key: rootKey, subject: [{ type: 'CN', value: 'Test Root' }] });
      const impostor = await generateKey({ kind: 'EC', curve: 'P-256' });
      const forged = await forgeCertificate({ spki: key.spki, dnsNames: ['mail.example.com'], commonName: 'mail.example.com', issuer: root, signer: impostor });
      await expect(assembleReturnedChain(key, [forged, root])).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
      // the same certificate alone cannot be checked: accepted, but flagged
      const alone = await assembleReturnedChain(key, [forged]);
      expect([alone.signatureChecked, alone.missingIntermediate]).toEqual([false, true]);
    });

    it('an answer with an empty subject (no CN, names in the SAN only) is accepted', async () => {
      expect.hasAssertions();
      const { key } = await makeKeyAndCsr({ ...CSR_FORM, keySpec: { kind: 'EC', curve: 'P-256' }, hostNames: 'mail.example.com' });
      const rootKey = await generateKey({ kind: 'EC', curve: 'P-256' });
      const root = await createRootCa({ key: rootKey, subject: [{ type: 'CN', value: 'Test Root' }] });
      const leaf = await forgeCertificate({ spki: key.spki, dnsNames: ['mail.example.com'], issuer: root, signer: rootKey });
      const returned = await assembleReturnedChain(key, [leaf, root]);
      expect([returned.hostNames, returned.leaf.subjectText, returned.signatureChecked]).toEqual([['mail.example.com'], '', true]);
    });

    it('an answer with no valid host name at all is refused (SAN_INVALID)', async () => {
      expect.hasAssertions();
      const { key } = await makeKeyAndCsr({ ...CSR_FORM, keySpec: { kind: 'EC', curve: 'P-256' }, hostNames: 'mail.example.com' });
      const rootKey = await generateKey({ kind: 'EC', curve: 'P-256' });
      const root = await createRootCa({ key: rootKey, subject: [{ type: 'CN', value: 'Test Root' }] });
      const leaf = await forgeCertificate({ spki: key.spki, dnsNames: [...HOSTILE_DNS_NAMES], issuer: root, signer: rootKey });
      await expect(assembleReturnedChain(key, [leaf, root])).rejects.toMatchObject({ code: 'SAN_INVALID' });
    });

    it('the vault record keeps only the screened names, and a CN that is none of them is not its name', async () => {
      expect.hasAssertions();
      const store = await openTestStore();
      const csr = await makeKeyAndCsr({ ...CSR_FORM, keySpec: { kind: 'EC', curve: 'P-256' }, hostNames: 'mail.example.com' });
      const kept = await keepRequestInVault(store, csr);
      const rootKey = await generateKey({ kind: 'EC', curve: 'P-256' });
      const root = await createRootCa({ key: rootKey, subject: [{ type: 'CN', value: 'Test Root' }] });
      const leaf = await forgeCertificate({ spki: csr.key.spki, dnsNames: [...HOSTILE_DNS_NAMES, 'smtp.example.com'], commonName: 'evil\u202e\r\nname', issuer: root, signer: rootKey });
      const record = await recordReturnedCertificate(store, kept.id, await assembleReturnedChain(csr.key, [leaf, root]));
      expect(record.sans).toEqual([{ type: 'dns', value: 'smtp.example.com' }]);
      expect(record.commonName).toBe('smtp.example.com');
      expect(record.subjectText).not.toMatch(/[\r\n\u202e]/);
      store.close();
    });

    it('the hostile names are dropped with a coded finding for each; the good one is kept', async () => {
      expect.hasAssertions();
      const { returned } = await hostileBundle('unix');
      expect(returned.hostNames).toEqual(['smtp.example.com']);
      expect(returned.nameIssues.map((i) => [i.code, i.params?.value])).toEqual([
        ['san.dns.character', HOSTILE_DNS_NAMES[0]],
        ['san.dns.character', HOSTILE_DNS_NAMES[1]],
      ]);
    });
  });
});
