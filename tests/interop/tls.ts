/**
 * Real TLS peers for tests: `openssl s_server` on 127.0.0.1 (port 0, the kernel's pick, read back
 * from its ACCEPT line; each server lives at most SERVER_LIFE_MS) and `openssl s_client`.
 * Shared by the interop handshake test and the browser specs (through tests/e2e/checks.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { run, type RunResult } from './helpers.ts';

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
