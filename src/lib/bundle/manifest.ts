/**
 * A bundle is a manifest: an ordered list of {path, bytes}. This module owns what a valid path is
 * and the SHA-256 list that ships inside every bundle.
 *
 * Invariants: every path is relative, uses `/`, has no empty, `.` or `..` segment, no control
 * character and no character Windows forbids in a file name, so unzipping can never write outside
 * the chosen folder (the "zip slip" class of bugs) and the same tree appears on Windows, macOS and
 * Unix. Paths are unique ignoring case, because Windows and macOS folders are case-insensitive.
 */
import { sha256Hex } from '../pki/index.ts';
import { BundleError } from './errors.ts';

export interface BundleFile {
  /** Relative path inside the zip, `/`-separated, e.g. `MailRoot/server.key`. */
  path: string;
  bytes: Uint8Array;
}

/** The manifest file name; `sha256sum -c MANIFEST.sha256` checks the unzipped bundle. */
export const MANIFEST_PATH = 'MANIFEST.sha256';

// Windows forbids these in file names (Microsoft, "Naming Files, Paths, and Namespaces").
const FORBIDDEN_CHARS = /[<>:"|?*\\]/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** Throws BUNDLE_PATH_INVALID unless `path` is a safe relative bundle path. */
export function assertBundlePath(path: string): void {
  const fail = (why: string): never => {
    throw new BundleError('BUNDLE_PATH_INVALID', `bundle path ${JSON.stringify(path)}: expected a relative "/"-separated path, found ${why}`);
  };
  if (path.length === 0) fail('an empty path');
  if (path.includes('\\')) fail('a backslash');
  if (path.startsWith('/')) fail('an absolute path');
  if (/^[A-Za-z]:/.test(path)) fail('a drive letter');
  if (CONTROL_CHARS.test(path)) fail('a control character');
  if (FORBIDDEN_CHARS.test(path)) fail('a character Windows forbids in file names');
  for (const segment of path.split('/')) {
    if (segment === '') fail('an empty segment (a doubled or trailing "/")');
    if (segment === '.' || segment === '..') fail(`a "${segment}" segment`);
    // Windows silently strips trailing dots and spaces, so `a.` and `a` would collide.
    if (/[. ]$/.test(segment)) fail('a segment ending in a dot or space');
  }
}

/** Throws unless every path is valid and no two paths are equal ignoring case. */
export function assertBundleFiles(files: readonly BundleFile[]): void {
  const seen = new Map<string, string>();
  for (const f of files) {
    assertBundlePath(f.path);
    const key = f.path.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new BundleError('BUNDLE_PATH_DUPLICATE', `bundle path ${JSON.stringify(f.path)}: expected a unique path, found it already used by ${JSON.stringify(earlier)}`);
    }
    seen.set(key, f.path);
  }
}

/**
 * `sha256sum` output for `files`: one `<64 hex>  <path>` line each (two spaces = text mode,
 * which GNU coreutils and busybox both accept for `-c`), LF line ends, in bundle order.
 */
export async function serializeSha256Manifest(files: readonly BundleFile[]): Promise<string> {
  const lines: string[] = [];
  for (const f of files) lines.push(`${await sha256Hex(f.bytes)}  ${f.path}`);
  return lines.map((l) => `${l}\n`).join('');
}

/** Encodes text as UTF-8 bytes (no BOM). */
export function encodeUtf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
