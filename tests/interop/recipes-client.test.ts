/**
 * The client-verification recipes checked by real tools: the CA bundle's certs/ names are what
 * `openssl x509 -hash` / `-subject_hash_old` print and `openssl verify -CApath` finds the CA
 * there; each user's PKCS#12 opens with OpenSSL 3 (no -legacy) and imports with pk12util; the key
 * and certificate inside authenticate against `openssl s_server -Verify 1 -CAfile certs.pem`,
 * and a client without a certificate is refused.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createRootCa, generateKey, serializeCertificatePem, serializePrivateKeyPem } from '../../src/lib/pki/index.ts';
import { buildClientCaBundle, createClientCa, defaultClientCaForm, issueClientCertificates, kitBaseName, planClientVerify, zipClientCerts } from '../../src/lib/recipes/index.ts';
import { systemClock } from '../../src/lib/store/index.ts';
import { openTestStore } from '../../src/lib/store/test-support.ts';
import {
  LEGACY_SECLEVEL,
  opensslSubjectHashes,
  opensslVerify,
  pk12utilImport,
  pkcs12ToPem,
  serverSaw,
  startMutualTlsServer,
  stopServers,
  tlsConnect,
  unzipToMap,
  writeTree,
} from '../e2e/checks.ts';
import { tmpDir, writeFiles } from './helpers.ts';

const dir = tmpDir('xmail-tls-recipes-client-');
afterAll(() => {
  stopServers();
  dir.cleanup();
});

describe.each([
  ['official-1.27-win', { kind: 'RSA', bits: 2048 }],
  ['openssl-1.0.1+', { kind: 'EC', curve: 'P-256' }],
] as const)('target %s', (target, keySpec) => {
  const root = join(dir.path, target);
  let files: Map<string, Uint8Array>;
  let clients: Map<string, Uint8Array>;
  let passwords: Record<string, string>;

  beforeAll(async () => {
    // The real clock: openssl checks validity against now.
    const store = await openTestStore({ clock: systemClock });
    const ca = await createClientCa(store, { ...defaultClientCaForm(target), name: `Client CA ${target}`, organization: 'Interop', keySpec });
    const change = planClientVerify({ requireCertificate: true, target, os: 'unix' });
    files = new Map((await buildClientCaBundle({ cas: [ca.certDer], change, os: 'unix', lang: 'en' })).map((f) => [f.path, f.bytes]));
    writeTree(join(root, 'ca'), files);
    const result = await issueClientCertificates(store, {
      caId: ca.id,
      users: [{ name: '山田 太郎', email: 'taro@example.jp' }, { name: 'Hanako', email: 'hanako@example.jp' }],
      keySpec,
      profile: 'compatible',
    });
    passwords = Object.fromEntries(result.issued.map((c) => [`clients/${kitBaseName(c)}/${c.fileName}`, c.password]));
    clients = await unzipToMap(await zipClientCerts(result, 'en'));
    writeTree(join(root, 'users'), clients);
    store.close();
  });

  it('certs/ holds the CA under the names openssl computes (new and old)', async () => {
    const h = await opensslSubjectHashes(join(root, 'ca/MailRoot/certs.pem'));
    expect(h.hash).toMatch(/^[0-9a-f]{8}$/);
    expect([...files.keys()].filter((p) => p.startsWith('MailRoot/certs/')).sort()).toEqual([`MailRoot/certs/${h.hash}.0`, `MailRoot/certs/${h.hashOld}.0`].sort());
  });

  it('each .p12 opens with OpenSSL 3 defaults, imports with pk12util, and its certificate verifies by -CApath and -CAfile', async () => {
    expect(Object.keys(passwords)).toHaveLength(2);
    for (const [path, password] of Object.entries(passwords)) {
      const p12 = join(root, 'users', path);
      const pem = await pkcs12ToPem(p12, password);
      expect(pem.result.code, pem.result.stderr).toBe(0);
      const out = writeFiles(root, { [`${path.split('/')[1]}.cert.pem`]: pem.cert, [`${path.split('/')[1]}.key.pem`]: pem.key });
      const certPath = out[`${path.split('/')[1]}.cert.pem`]!;
      const byDir = await opensslVerify(certPath, { caPath: join(root, 'ca/MailRoot/certs') }, 'sslclient');
      expect(byDir.stdout + byDir.stderr).toContain(': OK');
      const byFile = await opensslVerify(certPath, { caFile: join(root, 'ca/MailRoot/certs.pem') }, 'sslclient');
      expect(byFile.code, byFile.stderr).toBe(0);
      const nss = await pk12utilImport(p12, password, join(root, `nss-${path.split('/')[1]}`));
      expect(nss.import.code, nss.import.stderr + nss.import.stdout).toBe(0);
      expect(nss.keys.stdout).not.toMatch(/orphan/i);
    }
  });

  it('the client key+certificate authenticate to s_server -Verify 1 -CAfile certs.pem; no certificate is refused', async () => {
    // A server certificate from a separate CA: the client side does not verify it here.
    const serverKey = await generateKey({ kind: 'RSA', bits: 2048 });
    const serverCa = await createRootCa({ key: serverKey, subject: [{ type: 'CN', value: 'Server side' }] });
    const tls = writeFiles(root, { 'server.key': serializePrivateKeyPem(serverKey, 'pkcs1'), 'server.cert': serializeCertificatePem(serverCa) });
    const server = await startMutualTlsServer({ key: tls['server.key']!, cert: tls['server.cert']!, caFile: join(root, 'ca/MailRoot/certs.pem') }, target === 'official-1.27-win' ? LEGACY_SECLEVEL : []);
    const name = Object.keys(passwords)[0]!.split('/')[1]!;
    const legacy = target === 'official-1.27-win' ? LEGACY_SECLEVEL : [];
    const ok = await tlsConnect(server.port, 'hello-with-client-cert', { cert: join(root, `${name}.cert.pem`), key: join(root, `${name}.key.pem`), extra: legacy });
    expect(ok.stdout + ok.stderr).not.toMatch(/alert/i);
    expect(await serverSaw(server, 'hello-with-client-cert'), server.output() + ok.stdout + ok.stderr).toBe(true);
    const refused = await tlsConnect(server.port, 'hello-without-cert', { extra: legacy });
    expect(await serverSaw(server, 'hello-without-cert', 1500)).toBe(false);
    expect(refused.stdout + refused.stderr + server.output()).toMatch(/certificate required|peer did not return a certificate|alert/i);
  });
});

