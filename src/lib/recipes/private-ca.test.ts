import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { verifyCertificateSignature } from '../pki/index.ts';
import { listCertificates } from '../store/index.ts';
import { openTestStore } from '../store/test-support.ts';
import {
  PRIVATE_CA_KEY_DEFAULT,
  createServerCa,
  defaultPrivateCaForm,
  defaultPrivateCaServerForm,
  issueServerBundle,
  listServerCas,
  validatePrivateCaForm,
} from './private-ca.ts';
import { validateServerForm } from './server-common.ts';

describe('private CA recipe', () => {
  it('validates the CA and server forms', () => {
    expect(validatePrivateCaForm(defaultPrivateCaForm()).map((i) => i.code)).toEqual(['name.required']);
    expect(validatePrivateCaForm({ ...defaultPrivateCaForm(), name: 'Example Mail CA', validityDays: 99999 }).map((i) => i.field)).toEqual(['caValidityDays']);
    expect(validatePrivateCaForm({ ...defaultPrivateCaForm(), name: 'Example Mail CA' })).toEqual([]);
    expect(validateServerForm({ ...defaultPrivateCaServerForm(), hostNames: 'mail.example.com' })).toEqual([]);
    expect(PRIVATE_CA_KEY_DEFAULT).toEqual({ kind: 'RSA', bits: 3072 });
  });

  it('creates a server CA in the vault, issues under it and bundles the CA install kit', async () => {
    const store = await openTestStore();
    try {
      const ca = await createServerCa(store, { ...defaultPrivateCaForm(), name: 'Example Mail CA', organization: 'Example', keySpec: { kind: 'RSA', bits: 2048 } });
      expect((await listServerCas(store)).map((c) => c.id)).toEqual([ca.id]);
      const r = await issueServerBundle(store, ca, { ...defaultPrivateCaServerForm(), hostNames: 'mail.example.com' }, { lang: 'ja' });
      expect(r.certificate.issuerText).toBe(r.caCertificate.subjectText);
      expect(await verifyCertificateSignature(r.certificate.der, r.caCertificate.der)).toBe(true);
      const paths = r.files.map((f) => f.path);
      expect(paths).toEqual(expect.arrayContaining(['MailRoot/server.key', 'MailRoot/server.cert', 'clients/ca.cer', 'clients/ca.pem', 'clients/trust-ca.mobileconfig']));
      expect(paths).not.toContain('clients/server-selfsigned.cer');
      const listed = await listCertificates(store);
      expect(listed.map((l) => l.record.label)).toEqual(['mail.example.com']);
    } finally {
      store.close();
    }
  });

  it('refuses to issue while the vault is locked (VAULT_LOCKED), storing nothing', async () => {
    const store = await openTestStore();
    try {
      const ca = await createServerCa(store, { ...defaultPrivateCaForm(), name: 'Locked CA', keySpec: { kind: 'EC', curve: 'P-256' } });
      store.vault.lock();
      await expect(issueServerBundle(store, ca, { ...defaultPrivateCaServerForm(), hostNames: 'mail.example.com' }, { lang: 'en' })).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
      await store.vault.unlock('correct horse battery');
      expect(await listCertificates(store)).toEqual([]);
    } finally {
      store.close();
    }
  });
});
