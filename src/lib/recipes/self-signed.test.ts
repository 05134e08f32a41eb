import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { keyMatchesCertificate, parsePrivateKey, decodePem } from '../pki/index.ts';
import { defaultSelfSignedForm, makeSelfSignedBundle } from './self-signed.ts';
import { validateServerForm } from './server-common.ts';

describe('self-signed recipe', () => {
  it('validates as the user types', () => {
    const form = defaultSelfSignedForm();
    expect(validateServerForm(form).map((i) => i.code)).toEqual(['san.required']);
    expect(validateServerForm({ ...form, hostNames: 'mail.example.com', validityDays: 900 }).map((i) => i.code)).toEqual(['validity.apple']);
    expect(validateServerForm({ ...form, hostNames: 'mail.example.com' })).toEqual([]);
  });

  it('makes a key, a self-signed server certificate and the bundle with the certificate in clients/', async () => {
    const now = new Date('2026-01-10T00:00:00Z');
    const r = await makeSelfSignedBundle({ ...defaultSelfSignedForm('unix'), hostNames: 'mail.example.com 192.0.2.7' }, { lang: 'en', now });
    expect(r.certificate.selfIssued).toBe(true);
    expect(r.certificate.sans).toEqual([{ type: 'dns', value: 'mail.example.com' }, { type: 'ip', value: '192.0.2.7' }]);
    expect(r.certificate.extKeyUsage).toContain('serverAuth');
    expect(Math.round((r.certificate.notAfter.getTime() - now.getTime()) / 86_400_000)).toBe(397);
    expect(r.fileName).toBe('xmail-tls-mail.example.com-self-signed.zip');
    const paths = r.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['MailRoot/server.key', 'MailRoot/server.cert', 'clients/server-selfsigned.cer']));
    expect(paths.some((p) => p.startsWith('clients/ca'))).toBe(false);
    const zip = await JSZip.loadAsync(r.zip);
    const keyPem = await zip.file('MailRoot/server.key')!.async('string');
    const certPem = await zip.file('MailRoot/server.cert')!.async('string');
    expect(keyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(keyMatchesCertificate(await parsePrivateKey(keyPem), decodePem(certPem, ['CERTIFICATE']).der)).toBe(true);
    expect(r.plan.mode).toBe('full');
  });
});
