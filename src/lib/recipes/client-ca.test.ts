import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { parseCertificate, subjectHashesOfCertificate } from '../pki/index.ts';
import { listCas } from '../store/index.ts';
import { openTestStore } from '../store/test-support.ts';
import {
  buildClientCaBundle,
  certsDirNames,
  createClientCa,
  defaultClientCaForm,
  planClientVerify,
  validateClientCaForm,
} from './client-ca.ts';
import { caSubject } from './ca-form.ts';

const EC = { kind: 'EC', curve: 'P-256' } as const;

describe('client CA form', () => {
  it.each([
    [{ name: '' }, ['name:name.required']],
    [{ name: 'x'.repeat(65) }, ['name:name.tooLong']],
    [{ name: 'Client CA', validityDays: 0 }, ['validityDays:validity.range']],
    [{ name: 'Client CA', validityDays: 1.5 }, ['validityDays:validity.range']],
    [{ name: 'Client CA', keySpec: EC }, ['keySpec:key.kindTarget']],
    [{ name: 'Client CA', keySpec: EC, target: 'openssl-1.0.1+' as const }, []],
    [{ name: 'クライアント認証 CA', organization: '株式会社例' }, []],
  ])('%o -> %o', (patch, expected) => {
    const form = { ...defaultClientCaForm(), ...patch };
    expect(validateClientCaForm(form).map((i) => `${i.field}:${i.code}`)).toEqual(expected);
  });

  it('puts O before CN', () => {
    expect(caSubject({ name: 'CA', organization: 'Org' })).toEqual([{ type: 'O', value: 'Org' }, { type: 'CN', value: 'CA' }]);
    expect(caSubject({ name: 'CA', organization: ' ' })).toEqual([{ type: 'CN', value: 'CA' }]);
  });
});

describe('client CA in the vault', () => {
  it.each([
    ['official-1.27-win', 'SHA-1'],
    ['openssl-1.0.1+', 'SHA-256'],
  ] as const)('target %s: a client-verify CA signed with %s', async (target, hash) => {
    const store = await openTestStore();
    const ca = await createClientCa(store, { ...defaultClientCaForm(target), name: 'Client CA', keySpec: EC });
    expect(ca.purpose).toBe('client-verify');
    expect(ca.hash).toBe(hash);
    const summary = parseCertificate(ca.certDer);
    expect(summary.isCa).toBe(true);
    expect(summary.signatureHash).toBe(hash);
    expect((await listCas(store.db, { purpose: 'client-verify' })).map((c) => c.id)).toEqual([ca.id]);
  });
});

describe('server.tab plan', () => {
  it('SSLWantCert: the port 25 warning comes with the plan', () => {
    const plan = planClientVerify({ requireCertificate: true, target: 'official-1.27-win', os: 'windows' }).plan;
    expect(plan.serverTabChanges).toEqual([
      { name: 'SSLUseCertsFile', value: '1' },
      { name: 'SSLUseCertsDir', value: '1' },
      { name: 'SSLWantVerify', value: '1' },
      { name: 'SSLWantCert', value: '1' },
    ]);
    const codes = plan.consequences.map((c) => c.code);
    expect(codes).toContain('WANTCERT_BREAKS_INBOUND_SMTP');
    expect(codes).toContain('CRL_NOT_CHECKED');
    expect(codes).toContain('CLIENT_CERT_NO_USER_MAPPING');
    expect(codes).not.toContain('WANTVERIFY_REQUEST_ONLY');
    expect(plan.serverTab?.patch).toContain('+"SSLWantCert"\t"1"');
  });

  it('SSLWantVerify only: requested, not required', () => {
    const plan = planClientVerify({ requireCertificate: false, target: 'openssl-1.0.1+', os: 'unix' }).plan;
    const codes = plan.consequences.map((c) => c.code);
    expect(codes).toContain('WANTVERIFY_REQUEST_ONLY');
    expect(codes).not.toContain('WANTCERT_BREAKS_INBOUND_SMTP');
    expect(plan.serverTabChanges.find((c) => c.name === 'SSLWantCert')?.value).toBe('0');
  });

  it("merges into the user's server.tab, keeping their lines", () => {
    const plan = planClientVerify({ requireCertificate: false, target: 'openssl-1.0.1+', os: 'windows', serverTab: '"RootDomain"\t"example.com"\r\n"SSLWantVerify"\t"0"\r\n' }).plan;
    expect(plan.serverTab?.text).toContain('"RootDomain"\t"example.com"');
    expect(plan.serverTab?.text).toContain('"SSLWantVerify"\t"1"');
    expect(plan.serverTab?.text).not.toContain('"SSLWantVerify"\t"0"');
  });
});

describe('bundle', () => {
  it('certs.pem and both hash names in certs/, named as pki computes them', async () => {
    const store = await openTestStore();
    const ca = await createClientCa(store, { ...defaultClientCaForm('openssl-1.0.1+'), name: 'Client CA', keySpec: EC });
    const change = planClientVerify({ requireCertificate: true, target: 'openssl-1.0.1+', os: 'windows' });
    const files = await buildClientCaBundle({ cas: [ca.certDer], change, os: 'windows', lang: 'ja' });
    const paths = files.map((f) => f.path);
    const h = subjectHashesOfCertificate(ca.certDer);
    expect(paths).toContain('MailRoot/certs.pem');
    expect(paths).toContain(`MailRoot/certs/${h.hash}.0`);
    expect(paths).toContain(`MailRoot/certs/${h.hashOld}.0`);
    expect(paths).toContain('server.tab.patch');
    expect(paths).not.toContain('MailRoot/server.tab');
    expect(paths).not.toContain('MailRoot/server.key');
    expect(certsDirNames([ca.certDer]).map((n) => `MailRoot/certs/${n.file}`).sort()).toEqual(paths.filter((p) => p.startsWith('MailRoot/certs/')).sort());
  });
});
