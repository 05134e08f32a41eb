/**
 * A real TLS handshake with our CA, server and client certificates: `openssl s_server` on
 * 127.0.0.1 with our server key and certificate, `openssl s_client` verifying it against our CA
 * and host name, and client-certificate verification on (what XMail's SSLWantCert does): our
 * client certificate is accepted, also when key and certificate come out of our PKCS#12 (both
 * profiles, taken out by `openssl pkcs12` and by parsePkcs12), and a client without one is refused.
 * Servers come from ./tls.ts (port 0, bounded life) and are killed in afterAll.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  createPkcs12,
  createRootCa,
  decodePemBlocks,
  encodePem,
  equalBytes,
  generateKey,
  generatePassword,
  createCertificate,
  parsePkcs12,
  serializeCertificatePem,
  serializePrivateKeyPem,
  type KeySpec,
  type Pkcs12Profile,
} from '../../src/lib/pki/index.ts';
import { run, tmpDir, writeFiles, type RunResult } from './helpers.ts';
import { serverSaw, startTlsServer, stopServers, tlsConnect, type TlsServer } from './tls.ts';

const HOST = 'mail.example.test';

const dir = tmpDir('xmail-tls-');
afterAll(() => {
  stopServers();
  dir.cleanup();
});

/** s_client verifying our server against our CA and host name; sends one line of application data. */
function connect(port: number, files: Record<string, string>, message: string, extra: string[] = []): Promise<RunResult> {
  return tlsConnect(port, message, { caFile: files['ca.pem']!, hostname: HOST, extra });
}

const SPECS: KeySpec[] = [
  { kind: 'RSA', bits: 2048 },
  { kind: 'EC', curve: 'P-256' },
];

const PKCS12_PROFILES: Pkcs12Profile[] = ['compatible', 'modern'];

describe.each(SPECS)('TLS with our certificates (%o)', (spec) => {
  let files: Record<string, string>;
  let plain: TlsServer;
  let mutual: TlsServer;
  let prefix: string;
  let p12: { client: Uint8Array; ca: Uint8Array; clientKeyPkcs8: Uint8Array };

  beforeAll(async () => {
    const caKey = await generateKey(spec);
    const serverKey = await generateKey(spec);
    const clientKey = await generateKey(spec);
    const ca = await createRootCa({ key: caKey, subject: [{ type: 'O', value: 'Handshake Test' }, { type: 'CN', value: 'Handshake Root' }] });
    const server = await createCertificate({ issuerCert: ca, issuerKey: caKey, profile: 'server', subject: [], sans: [{ type: 'dns', value: HOST }, { type: 'ip', value: '127.0.0.1' }], spki: serverKey.spki });
    const client = await createCertificate({
      issuerCert: ca, issuerKey: caKey, profile: 'client',
      subject: [{ type: 'CN', value: 'Taro' }], sans: [{ type: 'email', value: 'taro@example.test' }], spki: clientKey.spki,
    });
    prefix = spec.kind === 'RSA' ? 'rsa-' : 'ec-';
    p12 = { client, ca, clientKeyPkcs8: clientKey.pkcs8 };
    const named = writeFiles(dir.path, {
      [`${prefix}ca.pem`]: serializeCertificatePem(ca),
      [`${prefix}server.pem`]: serializeCertificatePem(server),
      // XMail's server.key: PKCS#1 for RSA (the most conservative form), PKCS#8 otherwise.
      [`${prefix}server.key`]: serializePrivateKeyPem(serverKey, spec.kind === 'RSA' ? 'pkcs1' : 'pkcs8'),
      [`${prefix}client.pem`]: serializeCertificatePem(client),
      [`${prefix}client.key`]: serializePrivateKeyPem(clientKey, 'pkcs8'),
    });
    files = Object.fromEntries(Object.entries(named).map(([k, v]) => [k.slice(prefix.length), v]));
    const serverArgs = ['-cert', files['server.pem']!, '-key', files['server.key']!, '-cert_chain', files['ca.pem']!];
    plain = await startTlsServer(serverArgs);
    mutual = await startTlsServer([...serverArgs, '-Verify', '1', '-verify_return_error', '-CAfile', files['ca.pem']!]);
  });

  it('s_client verifies our server certificate and host name (Verify return code 0)', async () => {
    const r = await connect(plain.port, files, 'hello-plain');
    expect(r.stdout, r.stderr).toContain('Verify return code: 0 (ok)');
    expect(await serverSaw(plain, 'hello-plain')).toBe(true);
  });

  it('s_client refuses the server for another host name', async () => {
    const r = await run('openssl', ['s_client', '-connect', `127.0.0.1:${plain.port}`, '-verify_return_error', '-CAfile', files['ca.pem']!, '-verify_hostname', 'other.example.test'], { input: 'x\n', timeoutMs: 20_000 });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/hostname mismatch|Verify return code: 62/);
  });

  it.each([['TLS 1.3', []], ['TLS 1.2', ['-tls1_2']]] as const)('%s: a client with our client certificate is accepted', async (_v, extra) => {
    const msg = `hello-with-cert-${extra.length}`;
    const r = await connect(mutual.port, files, msg, ['-cert', files['client.pem']!, '-key', files['client.key']!, ...extra]);
    expect(r.stdout, r.stderr).toContain('Verify return code: 0 (ok)');
    expect(await serverSaw(mutual, msg), mutual.output()).toBe(true);
  });

  it.each([['TLS 1.3', []], ['TLS 1.2', ['-tls1_2']]] as const)('%s: a client without a certificate is refused', async (_v, extra) => {
    const msg = `hello-without-cert-${extra.length}`;
    const before = mutual.output().length;
    const r = await connect(mutual.port, files, msg, [...extra]);
    expect(await serverSaw(mutual, msg, 1000)).toBe(false);
    expect(mutual.output().slice(before)).toMatch(/peer did not return a certificate|certificate required/i);
    if (extra.length) expect(r.code).not.toBe(0);
  });

  // What a user does with the client PKCS#12 we hand out: the key and certificate come out of the
  // file (OpenSSL 3 without -legacy, or our own reader) and must still authenticate the client
  // against the same `mutual` server that refuses a client without a certificate (tests above).
  describe.each(PKCS12_PROFILES)('client identity from our %s PKCS#12', (profile) => {
    let password: string;
    let pfx: string;

    beforeAll(async () => {
      password = generatePassword();
      const bytes = await createPkcs12({
        key: p12.clientKeyPkcs8, certificate: p12.client, caCertificates: [p12.ca],
        password, friendlyName: 'Taro', profile,
      });
      pfx = writeFiles(dir.path, { [`${prefix}${profile}.p12`]: bytes })[`${prefix}${profile}.p12`]!;
    });

    it.each([['TLS 1.3', []], ['TLS 1.2', ['-tls1_2']]] as const)('%s: key and certificate taken out with `openssl pkcs12 -nodes` are accepted', async (_v, extra) => {
      const pem = `${dir.path}/${prefix}${profile}-openssl${extra.length}.pem`;
      // -clcerts: only the certificate paired with the key (the CA copy stays out of the client's -cert file).
      const out = await run('openssl', ['pkcs12', '-in', pfx, '-passin', `pass:${password}`, '-nodes', '-clcerts', '-out', pem]);
      expect(out.code, out.stderr).toBe(0);
      const blocks = decodePemBlocks(readFileSync(pem, 'utf8'));
      expect(blocks.map((b) => b.label).sort()).toEqual(['CERTIFICATE', 'PRIVATE KEY']);
      expect(equalBytes(blocks.find((b) => b.label === 'CERTIFICATE')!.der, p12.client)).toBe(true);

      const msg = `hello-p12-openssl-${profile}-${extra.length}`;
      const r = await connect(mutual.port, files, msg, ['-cert', pem, '-key', pem, ...extra]);
      expect(r.stdout, r.stderr).toContain('Verify return code: 0 (ok)');
      expect(await serverSaw(mutual, msg), mutual.output()).toBe(true);
    });

    it.each([['TLS 1.3', []], ['TLS 1.2', ['-tls1_2']]] as const)('%s: key and certificate taken out with our parsePkcs12 are accepted', async (_v, extra) => {
      const parsed = await parsePkcs12(readFileSync(pfx), password);
      expect(parsed.profile).toBe(profile);
      expect(equalBytes(parsed.certificate!, p12.client)).toBe(true);
      expect(parsed.caCertificates.map((c) => equalBytes(c, p12.ca))).toEqual([true]);
      const names = writeFiles(dir.path, {
        [`${prefix}${profile}-ours${extra.length}.crt`]: encodePem('CERTIFICATE', parsed.certificate!),
        [`${prefix}${profile}-ours${extra.length}.key`]: encodePem('PRIVATE KEY', parsed.key!),
      });
      const [cert, key] = Object.values(names);

      const msg = `hello-p12-ours-${profile}-${extra.length}`;
      const r = await connect(mutual.port, files, msg, ['-cert', cert!, '-key', key!, ...extra]);
      expect(r.stdout, r.stderr).toContain('Verify return code: 0 (ok)');
      expect(await serverSaw(mutual, msg), mutual.output()).toBe(true);
    });
  });
});
