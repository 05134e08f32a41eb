/**
 * Shared helpers for the interop tests: a temp dir per test file, real tools run with a time
 * limit (never a hang), files written in one call. Kept small and stable: other interop tests
 * import it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the tool's stdin, then stdin is closed. */
  input?: string | Uint8Array;
  /** Killed after this many milliseconds (default 30 s); the result then has code -1. */
  timeoutMs?: number;
  cwd?: string;
}

/** A fresh directory under os.tmpdir(); call `cleanup()` in afterAll. */
export function tmpDir(prefix = 'xmail-tls-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Runs a command; never rejects: a spawn failure or a timeout is reported in `code`/`stderr`. */
export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      { timeout: opts.timeoutMs ?? 30_000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, encoding: 'utf8', cwd: opts.cwd },
      (error, stdout, stderr) => {
        let code = 0;
        if (error) {
          const e = error as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
          code = typeof e.code === 'number' ? e.code : -1;
          if (e.killed) stderr += `\n[helpers.run] ${cmd} killed after ${opts.timeoutMs ?? 30_000} ms`;
          else if (typeof e.code === 'string') stderr += `\n[helpers.run] ${cmd}: ${e.code}`;
        }
        resolve({ code, stdout, stderr });
      },
    );
    // A peer that exits before reading its input (s_client refused by the server) closes the pipe:
    // that EPIPE is part of the outcome the caller checks, not a test crash.
    child.stdin?.on('error', () => undefined);
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** `openssl ...args` with the default time limit. */
export function openssl(...args: string[]): Promise<RunResult> {
  return run('openssl', args);
}

/** Writes each `name → content` under `dir`; returns the full paths by name. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    const p = join(dir, name);
    writeFileSync(p, content);
    paths[name] = p;
  }
  return paths;
}
