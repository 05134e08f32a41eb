/**
 * Node-side checks of what the page downloaded, with real tools (openssl, pk12util, certutil):
 * shared by the flow specs and the recipe interop tests. Each check returns plain results and
 * leaves the assertion to the caller; servers started here are killed by `stopServers()`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

export {
  LEGACY_SECLEVEL, serverSaw, startMutualTlsServer, startTlsServer, stopServers, tlsConnect, type TlsServer,
} from '../interop/tls.ts';
import { serverSaw, startTlsServer, tlsConnect } from '../interop/tls.ts';

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

/** A file's lines as binary strings (one character per byte), each with its own ending: compared byte for byte whatever the encoding. */
function byteLines(bytes: Uint8Array): string[] {
  return Buffer.from(bytes).toString('latin1').split(/(?<=\n)/).filter((l) => l !== '');
}

export interface ServerTabBytesCheck {
  /** GNU patch applying the bundle's server.tab.patch to the original bytes. */
  patch: RunResult;
  /** The original after patch: must equal the bundle's MailRoot/server.tab. */
  patched: Uint8Array;
  /** Original lines (binary strings, with their endings) missing from the merged file or out of order. */
  lost: string[];
  /** Lines of the merged file that are not in the original and hold a byte >= 0x80. */
  addedNonAscii: string[];
}

/**
 * The administrator's server.tab against what a bundle makes of it (live-server safety: a
 * Shift_JIS, CP1252 or CRLF file must come back with its own bytes). Every original line must be
 * in the merged file byte for byte and in order, except the entries of `changed` (rewritten or
 * commented out) and a UTF-8 BOM before line 1 (dropped: XMail would read it as part of the first
 * name, issue 17 item 8); the lines added must be ASCII; GNU patch with the bundle's patch on the
 * original file (written under `dir`) must give the merged file.
 */
export async function checkServerTabBytes(original: Uint8Array, merged: Uint8Array, patch: Uint8Array, changed: ReadonlySet<string>, dir: string): Promise<ServerTabBytesCheck> {
  const before = byteLines(original);
  if (before[0]?.startsWith('\xef\xbb\xbf')) before[0] = before[0].slice(3);
  const after = byteLines(merged);
  const lost: string[] = [];
  let at = 0;
  for (const line of before) {
    const name = /^"([^"]+)"\t/.exec(line)?.[1];
    if (name !== undefined && changed.has(name)) continue;
    const found = after.indexOf(line, at);
    if (found < 0) lost.push(line);
    else at = found + 1;
  }
  const kept = new Set(before);
  const addedNonAscii = after.filter((l) => !kept.has(l) && /[\x80-\xff]/.test(l));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'server.tab'), original);
  writeFileSync(join(dir, 'server.tab.patch'), patch);
  const result = await run('patch', ['-p0', '--batch', '--forward', '-i', 'server.tab.patch'], { cwd: dir, timeoutMs: 10_000 });
  return { patch: result, patched: new Uint8Array(readFileSync(join(dir, 'server.tab'))), lost, addedNonAscii };
}
