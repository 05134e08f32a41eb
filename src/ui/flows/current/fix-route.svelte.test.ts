/**
 * A 修正 link from a finding opens the flow that fixes exactly that finding (issue 17 item 8): a
 * server.cert in the wrong order (or a key/certificate in the wrong form, or a missing intermediate)
 * is fixed by reading the administrator's own server.key + server.cert in 手持ちの証明書を使う,
 * which orders the chain and writes the forms XMail reads, not by making a new key in 公的運用.
 */
import { describe, expect, it } from 'vitest';
import { createCertificate, createRootCa, generateKey, serializeCertificatePem, serializePrivateKeyPem } from '../../../lib/pki/index.ts';
import { diagnoseSetup } from '../../../lib/recipes/index.ts';
import { FIX_ROUTE } from './current.svelte.ts';

const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('the 修正 link of a server.cert finding', () => {
  it.each([
    { name: 'CA first, then the server certificate', order: (leaf: string, ca: string) => ca + leaf, id: 'CHAIN_OUT_OF_ORDER' },
    { name: 'the server certificate alone, its issuer missing', order: (leaf: string, _ca: string) => leaf, id: 'CHAIN_INCOMPLETE' },
  ] as const)('$name ($id) opens 手持ちの証明書を使う', async ({ order, id }) => {
    expect.hasAssertions();
    const rootKey = await generateKey({ kind: 'EC', curve: 'P-256' });
    const key = await generateKey({ kind: 'RSA', bits: 2048 });
    const root = await createRootCa({ key: rootKey, subject: [{ type: 'CN', value: 'Fix Root' }] });
    const leaf = await createCertificate({ issuerCert: root, issuerKey: rootKey, profile: 'server', subject: [{ type: 'CN', value: 'mail.example.com' }], sans: [{ type: 'dns', value: 'mail.example.com' }], spki: key.spki });
    const rootPem = serializeCertificatePem(root);
    const cert = order(serializeCertificatePem(leaf), rootPem);
    const report = await diagnoseSetup({
      target: 'openssl-1.0.1+',
      files: [
        { path: 'server.key', bytes: encode(serializePrivateKeyPem(key, 'pkcs1')) },
        { path: 'server.cert', bytes: encode(cert) },
      ],
    });
    const finding = report.findings.find((f) => f.id === id);
    expect(finding?.fixFlow).toBeDefined();
    expect(FIX_ROUTE[finding!.fixFlow!]).toBe('own-certificate');
  });
});
