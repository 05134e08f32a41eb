/**
 * The PKI engine (src/lib/pki) run in real Chromium through the test harness page, its output
 * put through the real tools: openssl (verify, req, crl, pkcs12 without -legacy, pkey, s_server /
 * s_client), NSS pk12util and GnuTLS certtool. Node's WebCrypto is not Chromium's: the interop
 * tests prove the code, these prove it where users run it (issue 2 item 4).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import {
  pk12utilImport,
  pkcs12ToPem,
  publicKeyOf,
  run,
  serverSaw,
  startMutualTlsServer,
  startTlsServer,
  stopServers,
  tlsConnect,
  tmpDir,
  writeFiles,
} from './checks.ts';
import { expect, test } from './fixtures.ts';
import { openHarness } from './harness/page.ts';

const HOST = 'mail.example.test';
/** ASCII, as generated PKCS#12 passwords are (pki-interop.md: Java refuses non-ASCII). */
const P12_PASSWORD = 'Harness7pkcs12Pass';

const dir = tmpDir('xmail-e2e-engine-');
test.afterAll(() => {
  stopServers();
  dir.cleanup();
});

interface PagePki {
  caPem: string;
  serverPem: string;
  /** PKCS#1 'RSA PRIVATE KEY', the form XMail's server.key is safest in. */
  serverKeyPem: string;
  clientPem: string;
  p12Compatible: string;
  p12Modern: string;
  ecServerPem: string;
  ecServerKeyPem: string;
  ecServerSerial: string;
  crlPem: string;
  csrPem: string;
}

/** A CA, server (RSA and EC), client + PKCS#12 in both profiles, a CRL and a CSR, all made in the page. */
function makePki(page: Page): Promise<PagePki> {
  return page.evaluate(
    async ({ host, password }) => {
      const { pki, b64 } = window.harness;
      const rsa = { kind: 'RSA', bits: 2048 } as const;
      const caKey = await pki.generateKey(rsa);
      const ca = await pki.createRootCa({ key: caKey, subject: [{ type: 'O', value: 'Harness' }, { type: 'CN', value: 'Harness Root CA' }] });
      const issue = (profile: 'server' | 'client', spki: Uint8Array, sans: import('../../src/lib/pki/index.ts').SanEntry[], subject: import('../../src/lib/pki/index.ts').DistinguishedName = []) =>
        pki.createCertificate({ issuerCert: ca, issuerKey: caKey, profile, subject, sans, spki });
      const serverKey = await pki.generateKey(rsa);
      const server = await issue('server', serverKey.spki, [{ type: 'dns', value: host }, { type: 'ip', value: '127.0.0.1' }]);
      const clientKey = await pki.generateKey(rsa);
      const client = await issue('client', clientKey.spki, [{ type: 'email', value: 'taro@example.test' }], [{ type: 'CN', value: 'Taro Test' }]);
      const p12 = (profile: 'compatible' | 'modern') =>
        pki.createPkcs12({ key: clientKey.pkcs8, certificate: client, caCertificates: [ca], password, friendlyName: 'taro@example.test', profile });
      const ecKey = await pki.generateKey({ kind: 'EC', curve: 'P-256' });
      const ecServer = await issue('server', ecKey.spki, [{ type: 'dns', value: host }]);
      const ecServerSerial = pki.parseCertificate(ecServer).serialHex;
      const crl = await pki.createCrl({
        issuerCert: ca,
        issuerKey: caKey,
        revoked: [{ serialHex: ecServerSerial, revokedAt: new Date(), reason: 'superseded' }],
        crlNumber: 1,
        nextUpdate: new Date(Date.now() + 7 * 86_400_000),
      });
      const csrKey = await pki.generateKey(rsa);
      const csr = await pki.createCsr({ key: csrKey, subject: [], sans: [{ type: 'dns', value: host }] });
      return {
        caPem: pki.serializeCertificatePem(ca),
        serverPem: pki.serializeCertificatePem(server),
        serverKeyPem: pki.serializePrivateKeyPem(serverKey, 'pkcs1'),
        clientPem: pki.serializeCertificatePem(client),
        p12Compatible: b64(await p12('compatible')),
        p12Modern: b64(await p12('modern')),
        ecServerPem: pki.serializeCertificatePem(ecServer),
        ecServerKeyPem: pki.serializePrivateKeyPem(ecKey, 'sec1'),
        ecServerSerial,
        crlPem: pki.serializeCrlPem(crl),
        csrPem: pki.serializeCsrPem(csr),
      };
    },
    { host: HOST, password: P12_PASSWORD },
  );
}

/** Writes the page's material under a fresh folder; returns the file paths. */
function writePki(name: string, m: PagePki): Record<string, string> {
  const sub = join(dir.path, name);
  mkdirSync(sub, { recursive: true });
  return writeFiles(sub, {
    'ca.pem': m.caPem,
    'server.pem': m.serverPem,
    'server.key': m.serverKeyPem,
    'client.pem': m.clientPem,
    'compatible.p12': Buffer.from(m.p12Compatible, 'base64'),
    'modern.p12': Buffer.from(m.p12Modern, 'base64'),
    'ec-server.pem': m.ecServerPem,
    'ec-server.key': m.ecServerKeyPem,
    'ca.crl': m.crlPem,
    'server.csr': m.csrPem,
  });
}

const out = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

test('certificates, CRL and CSR made in Chromium pass openssl verify, req -verify and crl -verify', async ({ page }) => {
  await openHarness(page);
  const m = await makePki(page);
  const f = writePki('tools', m);

  await test.step('openssl verify -CAfile: server (RSA, EC) and client, with their purposes', async () => {
    for (const [cert, purpose] of [['server.pem', 'sslserver'], ['ec-server.pem', 'sslserver'], ['client.pem', 'sslclient']] as const) {
      const r = await run('openssl', ['verify', '-CAfile', f['ca.pem']!, '-purpose', purpose, f[cert]!]);
      expect(r.code, out(r)).toBe(0);
      expect(r.stdout).toContain(`${f[cert]}: OK`);
    }
    const hosts = await run('openssl', ['x509', '-in', f['server.pem']!, '-noout', '-checkhost', HOST, '-checkip', '127.0.0.1']);
    expect(hosts.stdout).toContain(`Hostname ${HOST} does match certificate`);
    expect(hosts.stdout).toContain('IP 127.0.0.1 does match certificate');
  });

  await test.step('openssl req -verify: the CSR self-signature and its SAN', async () => {
    const r = await run('openssl', ['req', '-in', f['server.csr']!, '-noout', '-verify', '-text']);
    expect(r.code, out(r)).toBe(0);
    expect(out(r)).toMatch(/verify OK/);
    expect(r.stdout).toContain(`DNS:${HOST}`);
  });

  await test.step('openssl crl -verify, and verify -crl_check uses it (EC server revoked, RSA server not)', async () => {
    const r = await run('openssl', ['crl', '-in', f['ca.crl']!, '-CAfile', f['ca.pem']!, '-noout', '-verify', '-text']);
    expect(r.code, out(r)).toBe(0);
    expect(out(r)).toMatch(/verify OK/);
    expect(r.stdout).toMatch(/Revoked Certificates:/);
    expect(r.stdout.toUpperCase()).toContain(m.ecServerSerial.toUpperCase().replace(/^0+/, ''));
    const revoked = await run('openssl', ['verify', '-CAfile', f['ca.pem']!, '-CRLfile', f['ca.crl']!, '-crl_check', f['ec-server.pem']!]);
    expect(revoked.code).not.toBe(0);
    expect(out(revoked)).toContain('certificate revoked');
    const fine = await run('openssl', ['verify', '-CAfile', f['ca.pem']!, '-CRLfile', f['ca.crl']!, '-crl_check', f['server.pem']!]);
    expect(fine.code, out(fine)).toBe(0);
  });
});

test('PKCS#12 made in Chromium, both profiles: openssl 3 without -legacy, NSS pk12util, GnuTLS certtool', async ({ page }) => {
  await openHarness(page);
  const f = writePki('p12', await makePki(page));
  const clientPub = await publicKeyOf(f['client.pem']!, 'cert');
  const expected = {
    compatible: { bags: /pbeWithSHA1And3-KeyTripleDES-CBC/, mac: /MAC: sha1\b/ },
    modern: { bags: /PBES2, PBKDF2, AES-256-CBC/, mac: /MAC: sha256\b/ },
  } as const;

  for (const profile of ['compatible', 'modern'] as const) {
    const p12 = f[`${profile}.p12`]!;
    await test.step(`${profile}: openssl pkcs12 -info -noout (no -legacy)`, async () => {
      const r = await run('openssl', ['pkcs12', '-info', '-noout', '-in', p12, '-passin', `pass:${P12_PASSWORD}`]);
      expect(r.code, out(r)).toBe(0);
      expect(out(r)).toMatch(expected[profile].bags);
      expect(out(r)).toMatch(expected[profile].mac);
      const wrong = await run('openssl', ['pkcs12', '-info', '-noout', '-in', p12, '-passin', 'pass:not-the-password']);
      expect(wrong.code).not.toBe(0);
    });
    await test.step(`${profile}: the key inside holds the client certificate's public key`, async () => {
      const pem = await pkcs12ToPem(p12, P12_PASSWORD);
      expect(pem.result.code, out(pem.result)).toBe(0);
      const keyFile = writeFiles(join(dir.path, 'p12'), { [`${profile}-out.key`]: pem.key })[`${profile}-out.key`]!;
      expect(await publicKeyOf(keyFile, 'key')).toBe(clientPub);
    });
    await test.step(`${profile}: pk12util -i into a fresh NSS database`, async () => {
      const nss = await pk12utilImport(p12, P12_PASSWORD, join(dir.path, `nss-${profile}`));
      expect(nss.import.code, out(nss.import)).toBe(0);
      expect(out(nss.import)).toMatch(/PKCS12 IMPORT SUCCESSFUL/);
      expect(nss.keys.stdout).toMatch(/taro@example\.test/);
    });
    await test.step(`${profile}: certtool --p12-info`, async () => {
      const r = await run('certtool', ['--p12-info', '--inder', '--infile', p12, '--password', P12_PASSWORD]);
      expect(r.code, out(r)).toBe(0);
      expect(r.stdout).toMatch(/BEGIN CERTIFICATE/);
    });
  }
});

test('TLS with page-made material: s_server + s_client verify the host name, the client certificate from the PKCS#12 is accepted, none is refused', async ({ page }) => {
  await openHarness(page);
  const f = writePki('tls', await makePki(page));

  await test.step('server certificate and PKCS#1 key: Verify return code 0 for the host name and the IP', async () => {
    const server = await startTlsServer(['-key', f['server.key']!, '-cert', f['server.pem']!]);
    const r = await tlsConnect(server.port, 'hello-rsa', { caFile: f['ca.pem'], hostname: HOST });
    expect(r.stdout, r.stderr).toContain('Verify return code: 0 (ok)');
    expect(await serverSaw(server, 'hello-rsa')).toBe(true);
    const ip = await tlsConnect(server.port, 'hello-ip', { caFile: f['ca.pem'], extra: ['-verify_ip', '127.0.0.1'] });
    expect(ip.stdout, ip.stderr).toContain('Verify return code: 0 (ok)');
    const other = await tlsConnect(server.port, 'hello-other', { caFile: f['ca.pem'], hostname: 'other.example.test' });
    expect(other.code).not.toBe(0);
    expect(out(other)).toMatch(/hostname mismatch|Verify return code: 62/);
  });

  await test.step('EC P-256 server certificate and SEC1 key', async () => {
    const server = await startTlsServer(['-key', f['ec-server.key']!, '-cert', f['ec-server.pem']!]);
    const r = await tlsConnect(server.port, 'hello-ec', { caFile: f['ca.pem'], hostname: HOST });
    expect(r.stdout, r.stderr).toContain('Verify return code: 0 (ok)');
    expect(r.stdout).toMatch(/Peer signature type: ECDSA|Server public key is 256 bit/);
  });

  await test.step('-Verify 1: the client key+certificate out of each PKCS#12 is accepted, a client without is refused', async () => {
    const mutual = await startMutualTlsServer({ key: f['server.key']!, cert: f['server.pem']!, caFile: f['ca.pem']! });
    for (const profile of ['compatible', 'modern'] as const) {
      const pem = await pkcs12ToPem(f[`${profile}.p12`]!, P12_PASSWORD);
      expect(pem.result.code, out(pem.result)).toBe(0);
      const files = writeFiles(join(dir.path, 'tls'), { [`${profile}-client.key`]: pem.key, [`${profile}-client.pem`]: pem.cert });
      const msg = `hello-client-${profile}`;
      const r = await tlsConnect(mutual.port, msg, { caFile: f['ca.pem'], hostname: HOST, key: files[`${profile}-client.key`], cert: files[`${profile}-client.pem`] });
      expect(r.stdout, r.stderr).toContain('Verify return code: 0 (ok)');
      expect(await serverSaw(mutual, msg), mutual.output()).toBe(true);
    }
    const before = mutual.output().length;
    await tlsConnect(mutual.port, 'hello-no-cert', { caFile: f['ca.pem'], hostname: HOST, extra: ['-tls1_2'] });
    await tlsConnect(mutual.port, 'hello-no-cert-13', { caFile: f['ca.pem'], hostname: HOST });
    expect(await serverSaw(mutual, 'hello-no-cert', 1000)).toBe(false);
    expect(mutual.output().slice(before)).toMatch(/peer did not return a certificate|certificate required/i);
  });
});

test('RSA 2048/3072/4096 and EC P-256/P-384 keys generated in Chromium parse back in openssl pkey; a P-384 CA signs with SHA-384', async ({ page }) => {
  test.setTimeout(240_000);
  await openHarness(page);
  const specs = [
    { kind: 'RSA', bits: 2048 },
    { kind: 'RSA', bits: 3072 },
    { kind: 'RSA', bits: 4096 },
    { kind: 'EC', curve: 'P-256' },
    { kind: 'EC', curve: 'P-384' },
  ] as const;
  const keys = await page.evaluate(async (list) => {
    const { pki, b64 } = window.harness;
    const res = [];
    for (const spec of list) {
      const started = performance.now();
      const key = await pki.generateKey(spec);
      res.push({ pkcs8: b64(key.pkcs8), spki: b64(key.spki), ms: Math.round(performance.now() - started) });
    }
    return res;
  }, specs);
  const sub = join(dir.path, 'keys');
  mkdirSync(sub, { recursive: true });
  for (const [i, spec] of specs.entries()) {
    const name = spec.kind === 'RSA' ? `rsa-${spec.bits}` : `ec-${spec.curve}`;
    await test.step(`${name} (${keys[i]!.ms} ms in Chromium)`, async () => {
      const file = writeFiles(sub, { [`${name}.der`]: Buffer.from(keys[i]!.pkcs8, 'base64') })[`${name}.der`]!;
      const text = await run('openssl', ['pkey', '-inform', 'DER', '-in', file, '-noout', '-text']);
      expect(text.code, out(text)).toBe(0);
      if (spec.kind === 'RSA') expect(text.stdout).toContain(`Private-Key: (${spec.bits} bit, 2 primes)`);
      else expect(text.stdout).toMatch(new RegExp(`Private-Key: \\(${spec.curve.slice(2)} bit\\)[\\s\\S]*NIST CURVE: ${spec.curve}`));
      const check = await run('openssl', ['pkey', '-inform', 'DER', '-in', file, '-noout', '-check']);
      expect(out(check)).toContain('Key is valid');
      const pub = await run('openssl', ['pkey', '-inform', 'DER', '-in', file, '-pubout', '-outform', 'DER', '-out', `${file}.spki`]);
      expect(pub.code, out(pub)).toBe(0);
      expect(readFileSync(`${file}.spki`).toString('base64')).toBe(keys[i]!.spki);
    });
  }

  await test.step('P-384 CA and P-384 server certificate: ecdsa-with-SHA384, openssl verify OK', async () => {
    const m = await page.evaluate(async (host) => {
      const { pki } = window.harness;
      const caKey = await pki.generateKey({ kind: 'EC', curve: 'P-384' });
      const ca = await pki.createRootCa({ key: caKey, subject: [{ type: 'CN', value: 'Harness P-384 CA' }] });
      const key = await pki.generateKey({ kind: 'EC', curve: 'P-384' });
      const cert = await pki.createCertificate({ issuerCert: ca, issuerKey: caKey, profile: 'server', subject: [], sans: [{ type: 'dns', value: host }], spki: key.spki });
      return { ca: pki.serializeCertificatePem(ca), cert: pki.serializeCertificatePem(cert) };
    }, HOST);
    const files = writeFiles(sub, { 'p384-ca.pem': m.ca, 'p384-server.pem': m.cert });
    const v = await run('openssl', ['verify', '-CAfile', files['p384-ca.pem']!, files['p384-server.pem']!]);
    expect(v.code, out(v)).toBe(0);
    const t = await run('openssl', ['x509', '-in', files['p384-server.pem']!, '-noout', '-text']);
    expect(t.stdout).toContain('Signature Algorithm: ecdsa-with-SHA384');
  });
});

test('the shipped page does not contain the harness', () => {
  const shipped = resolve(import.meta.dirname, '../../dist/index.html');
  const html = readFileSync(shipped, 'utf8');
  expect(html).not.toMatch(/window\.harness|Engine harness/);
});
