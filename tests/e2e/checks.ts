/**
 * Node-side checks of what the page downloaded, with real tools (openssl, pk12util, certutil):
 * shared by the flow specs and the recipe interop tests. Each check returns plain results and
 * leaves the assertion to the caller; servers started here are killed by `stopServers()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import JSZip from 'jszip';
import { run, type RunResult } from '../interop/helpers.ts';

export { run, openssl, tmpDir, writeFiles, type RunResult } from '../interop/helpers.ts';

/** Unzips into a map path -> bytes (folders left out). */
export async function unzipToMap(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, Uint8Array>();
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir) out.set(entry.name, await entry.async('uint8array'));
  }
  return out;
}

/** Writes every file of an unzipped bundle under `dir`, keeping the folders. */
export function writeTree(dir: string, files: Map<string, Uint8Array>): void {
  for (const [path, bytes] of files) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, bytes);
  }
}

/** `openssl x509 -hash` and `-subject_hash_old` of a PEM certificate file. */
export async function opensslSubjectHashes(certPath: string): Promise<{ hash: string; hashOld: string }> {
  const a = await run('openssl', ['x509', '-in', certPath, '-noout', '-hash']);
  const b = await run('openssl', ['x509', '-in', certPath, '-noout', '-subject_hash_old']);
  return { hash: a.stdout.trim(), hashOld: b.stdout.trim() };
}

/** `openssl verify` of a certificate against a CA file or a hashed CA directory (-purpose sslclient if asked). */
export function opensslVerify(certPath: string, trust: { caFile?: string; caPath?: string }, purpose?: 'sslclient' | 'sslserver'): Promise<RunResult> {
  return run('openssl', [
    'verify',
    ...(trust.caFile ? ['-CAfile', trust.caFile] : []),
    ...(trust.caPath ? ['-CApath', trust.caPath] : []),
    ...(purpose ? ['-purpose', purpose] : []),
    certPath,
  ]);
}

/** Key + certificate out of a PKCS#12 with OpenSSL 3's defaults (no -legacy): PEM text. */
export async function pkcs12ToPem(p12Path: string, password: string): Promise<{ result: RunResult; key: string; cert: string }> {
  const result = await run('openssl', ['pkcs12', '-in', p12Path, '-passin', `pass:${password}`, '-nodes']);
  const key = /-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----\n/.exec(result.stdout)?.[0] ?? '';
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/.exec(result.stdout)?.[0] ?? '';
  return { result, key, cert };
}

/** A fresh NSS database (`certutil -N --empty-password`) and `pk12util -i` into it; returns the certutil -K listing. */
export async function pk12utilImport(p12Path: string, password: string, dbDir: string): Promise<{ import: RunResult; keys: RunResult }> {
  mkdirSync(dbDir, { recursive: true });
  await run('certutil', ['-N', '-d', `sql:${dbDir}`, '--empty-password']);
  const imported = await run('pk12util', ['-i', p12Path, '-d', `sql:${dbDir}`, '-W', password]);
  const keys = await run('certutil', ['-K', '-d', `sql:${dbDir}`]);
  return { import: imported, keys };
}

/** The modulus/public key of a key or certificate (`openssl pkey -pubout`), to compare key and cert. */
export async function publicKeyOf(path: string, kind: 'key' | 'cert'): Promise<string> {
  const r = kind === 'key' ? await run('openssl', ['pkey', '-in', path, '-pubout']) : await run('openssl', ['x509', '-in', path, '-noout', '-pubkey']);
  return r.stdout.trim();
}

// ---------------------------------------------------------------- TLS

const servers: ChildProcess[] = [];
const SERVER_LIFE_MS = 120_000;

export interface TlsServer {
  port: number;
  output: () => string;
}

/**
 * `openssl s_server` on 127.0.0.1 (at most SERVER_LIFE_MS); resolves once it prints ACCEPT. It
 * binds port 0 and reports the port the kernel gave it ("ACCEPT 127.0.0.1:PORT"): no window between
 * picking a free port and binding it in which the other worker's server could take the same one.
 */
export async function startTlsServer(args: string[]): Promise<TlsServer> {
  const child = spawn('openssl', ['s_server', '-accept', '127.0.0.1:0', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  servers.push(child);
  const life = setTimeout(() => child.kill('SIGKILL'), SERVER_LIFE_MS);
  child.once('exit', () => clearTimeout(life));
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`s_server did not start within 10 s:\n${out}`)), 10_000);
    child.stdout.on('data', () => {
      const accept = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(out);
      if (accept) {
        clearTimeout(t);
        resolve(Number(accept[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`s_server exited with ${code}:\n${out}`));
    });
  });
  return { port, output: () => out };
}

/**
 * OpenSSL 3 refuses SHA-1 signatures in a TLS peer's chain at its default security level 1; the
 * official XMail 1.27 build (OpenSSL 0.9.8l) has no such level. Level 0 stands in for it.
 */
export const LEGACY_SECLEVEL = ['-cipher', 'DEFAULT:@SECLEVEL=0'];

/** s_server asking for and verifying a client certificate against `caFile` (XMail's SSLWantCert). */
export function startMutualTlsServer(files: { key: string; cert: string; caFile: string }, extra: string[] = []): Promise<TlsServer> {
  return startTlsServer(['-key', files.key, '-cert', files.cert, '-Verify', '1', '-verify_return_error', '-CAfile', files.caFile, ...extra]);
}

/** s_client with an optional client key+certificate; sends one line that the server echoes to its stdout. */
export function tlsConnect(port: number, message: string, opts: { caFile?: string; hostname?: string; cert?: string; key?: string; extra?: string[] } = {}): Promise<RunResult> {
  return run('openssl', [
    's_client', '-connect', `127.0.0.1:${port}`,
    ...(opts.hostname ? ['-servername', opts.hostname, '-verify_hostname', opts.hostname] : []),
    ...(opts.caFile ? ['-verify_return_error', '-CAfile', opts.caFile] : []),
    ...(opts.cert ? ['-cert', opts.cert] : []),
    ...(opts.key ? ['-key', opts.key] : []),
    ...(opts.extra ?? []),
  ], { input: `${message}\n`, timeoutMs: 20_000 });
}

/** Polls (bounded) until the server has printed `text`. */
export async function serverSaw(server: TlsServer, text: string, withinMs = 3000): Promise<boolean> {
  const end = Date.now() + withinMs;
  while (Date.now() < end) {
    if (server.output().includes(text)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return server.output().includes(text);
}

export function stopServers(): void {
  for (const s of servers.splice(0)) if (s.exitCode === null && s.pid !== undefined) s.kill('SIGKILL');
}

/**
 * One real TLS handshake: `openssl s_server` with the given key and certificate (chain) on
 * 127.0.0.1, `openssl s_client -verify_return_error -CAfile caFile -verify_hostname hostname`
 * against it, one line of application data. `verified` is true when the client verified the chain
 * and host name (return code 0) and the server received the line.
 */
export async function handshake(serverKey: string, serverCert: string, caFile: string, hostname: string): Promise<{ verified: boolean; client: RunResult; serverOutput: string }> {
  const server = await startTlsServer(['-key', serverKey, '-cert', serverCert, '-cert_chain', serverCert]);
  const message = `hello-${hostname}-${Date.now()}`;
  const client = await tlsConnect(server.port, message, { caFile, hostname });
  const saw = await serverSaw(server, message);
  const verified = client.code === 0 && /Verify return code: 0 \(ok\)/.test(client.stdout) && saw;
  return { verified, client, serverOutput: server.output() };
}

export interface ServerBundleCheck {
  dir: string;
  files: Map<string, Uint8Array>;
  verify: RunResult;
  keyMatchesCert: boolean;
  certCount: number;
  handshake: Awaited<ReturnType<typeof handshake>>;
}

/**
 * The checks every server-certificate bundle must pass: unzip under `dir`, `openssl verify
 * -purpose sslserver` of MailRoot/server.cert (intermediates from the same file) against
 * `caPath` (a path inside the zip), the key matching the leaf, and a real handshake verified
 * with -verify_hostname `hostname`.
 */
export async function checkServerBundle(zip: Uint8Array, dir: string, opts: { caPath: string; hostname: string; caFile?: string }): Promise<ServerBundleCheck> {
  const files = await unzipToMap(zip);
  writeTree(dir, files);
  const key = join(dir, 'MailRoot/server.key');
  const cert = join(dir, 'MailRoot/server.cert');
  const caFile = opts.caFile ?? join(dir, opts.caPath);
  const verify = await run('openssl', ['verify', '-CAfile', caFile, '-untrusted', cert, '-purpose', 'sslserver', cert]);
  const keyPub = await publicKeyOf(key, 'key');
  const certPub = await publicKeyOf(cert, 'cert');
  const pem = new TextDecoder().decode(files.get('MailRoot/server.cert'));
  return {
    dir,
    files,
    verify,
    keyMatchesCert: keyPub.includes('BEGIN PUBLIC KEY') && keyPub === certPub,
    certCount: (pem.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length,
    handshake: await handshake(key, cert, caFile, opts.hostname),
  };
}
