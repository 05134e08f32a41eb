/**
 * The self-signed, private-CA and public-CA recipes' zips (made in Node) checked by openssl the
 * same way the E2E specs check the browser's: verify, key ↔ certificate, a verified TLS handshake.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleReturnedChain, buildPublicBundle, collectCertificates, createServerCa, defaultPrivateCaForm, defaultPrivateCaServerForm, defaultSelfSignedForm, issueServerBundle, makeKeyAndCsr, makeSelfSignedBundle } from '../../src/lib/recipes/index.ts';
import { ManualClock, openTestStore } from '../../src/lib/store/test-support.ts';
import { checkServerBundle, stopServers } from '../e2e/checks.ts';
import { openssl, tmpDir, writeFiles } from './helpers.ts';

const dir = tmpDir('recipes-server-');
afterAll(() => {
  stopServers();
  dir.cleanup();
});

describe('server-certificate recipes through openssl', () => {
  it('self-signed: verifies against itself and serves a verified handshake', async () => {
    const r = await makeSelfSignedBundle({ ...defaultSelfSignedForm('windows'), hostNames: 'mail.example.test' }, { lang: 'ja' });
    const c = await checkServerBundle(r.zip, join(dir.path, 'ss'), { caPath: 'clients/server-selfsigned.pem', hostname: 'mail.example.test' });
    expect(c.verify.code, c.verify.stderr).toBe(0);
    expect(c.keyMatchesCert).toBe(true);
    expect(c.handshake.verified, c.handshake.client.stderr).toBe(true);
  });

  it('private CA: the server certificate verifies against clients/ca.pem; the handshake fails for another host name', async () => {
    const store = await openTestStore({ clock: new ManualClock(Date.now()) }); // the default test clock is in the past: openssl would see an expired chain
    try {
      const ca = await createServerCa(store, { ...defaultPrivateCaForm(), name: 'Interop Mail CA' });
      const r = await issueServerBundle(store, ca, { ...defaultPrivateCaServerForm('unix'), hostNames: 'mail.example.test' }, { lang: 'en' });
      const c = await checkServerBundle(r.zip, join(dir.path, 'pca'), { caPath: 'clients/ca.pem', hostname: 'mail.example.test' });
      expect(c.verify.code, c.verify.stderr).toBe(0);
      expect(c.handshake.verified, c.handshake.client.stderr).toBe(true);
      const wrong = await checkServerBundle(r.zip, join(dir.path, 'pca-wrong'), { caPath: 'clients/ca.pem', hostname: 'other.example.test' });
      expect(wrong.handshake.verified).toBe(false);
      const der = await openssl('x509', '-inform', 'DER', '-in', join(dir.path, 'pca/clients/ca.cer'), '-noout', '-subject');
      expect(der.stdout).toContain('Interop Mail CA');
    } finally {
      store.close();
    }
  });

  it('public CA: an openssl-signed answer (intermediate first) becomes a leaf-first server.cert', async () => {
    const { key, csrPem } = await makeKeyAndCsr({ hostNames: 'mail.example.test', keySpec: { kind: 'RSA', bits: 2048 } });
    const p = (n: string) => join(dir.path, n);
    writeFiles(dir.path, { 'req.csr': csrPem, 'inter.ext': 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n' });
    await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('root.key'), '-subj', '/CN=Root', '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE', '-out', p('root.pem'));
    await openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('inter.key'), '-subj', '/CN=Inter', '-out', p('inter.csr'));
    await openssl('x509', '-req', '-in', p('inter.csr'), '-CA', p('root.pem'), '-CAkey', p('root.key'), '-CAcreateserial', '-days', '30', '-extfile', p('inter.ext'), '-out', p('inter.pem'));
    const leaf = await openssl('x509', '-req', '-in', p('req.csr'), '-CA', p('inter.pem'), '-CAkey', p('inter.key'), '-CAcreateserial', '-days', '30', '-copy_extensions', 'copy');
    expect(leaf.code, leaf.stderr).toBe(0);
    const returned = await assembleReturnedChain(key, collectCertificates([readFileSync(p('inter.pem'), 'utf8') + leaf.stdout]));
    const r = await buildPublicBundle(key, returned, { os: 'unix', lang: 'en' });
    const c = await checkServerBundle(r.zip, p('pub'), { caPath: '', caFile: p('root.pem'), hostname: 'mail.example.test' });
    expect(c.certCount).toBe(2);
    expect(c.verify.code, c.verify.stderr).toBe(0);
    expect(c.handshake.verified, c.handshake.client.stderr).toBe(true);
  });
});
