/**
 * The `MailRoot/certs/` folder: an OpenSSL hashed directory of the CA certificates XMail uses to
 * verify client certificates (SSLUseCertsDir="1").
 *
 * OpenSSL looks a CA up by `HASH.N`, trying N = 0, 1, 2, ... and stopping at the first missing
 * number, so N counts per hash name from 0 without gaps (OpenSSL by_dir.c, get_cert_by_subject).
 * OpenSSL < 1.0.0 (the official XMail 1.27 Windows build has 0.9.8l) computes the old MD5 name,
 * >= 1.0.0 the new SHA-1 canonical name: `both` writes each certificate under both, as
 * `openssl rehash -compat` does. Plain copies, not symlinks, so the folder survives Windows.
 */
import { encodePem, equalBytes } from '../pki/index.ts';
import { BundleError } from './errors.ts';
import type { BundleFile } from './manifest.ts';
import { BUNDLE_PATHS } from './layout.ts';

export type HashStyle = 'both' | 'new' | 'old';

/** The two OpenSSL subject hash names of a certificate, 8 lower-case hex digits each. */
export interface SubjectHashes {
  /** `openssl x509 -hash` (OpenSSL >= 1.0.0). */
  hash: string;
  /** `openssl x509 -subject_hash_old` (OpenSSL 0.9.8). */
  hashOld: string;
}

/** Hashed-directory files for `cas` (DER), in input order; a certificate given twice is written once. */
export function createHashDirFiles(
  cas: ReadonlyArray<{ der: Uint8Array; hashes: SubjectHashes }>,
  style: HashStyle,
): BundleFile[] {
  const next = new Map<string, number>();
  const files: BundleFile[] = [];
  const written: Uint8Array[] = [];
  for (const ca of cas) {
    if (written.some((d) => equalBytes(d, ca.der))) continue;
    written.push(ca.der);
    const names = new Set<string>();
    if (style !== 'old') names.add(ca.hashes.hash);
    if (style !== 'new') names.add(ca.hashes.hashOld);
    const pem = new TextEncoder().encode(encodePem('CERTIFICATE', ca.der));
    for (const name of names) {
      if (!/^[0-9a-f]{8}$/.test(name)) {
        throw new BundleError('BUNDLE_INPUT_INVALID', `certs/ hash name: expected 8 lower-case hex digits, found ${JSON.stringify(name)}`);
      }
      const n = next.get(name) ?? 0;
      next.set(name, n + 1);
      files.push({ path: `${BUNDLE_PATHS.certsDir}/${name}.${n}`, bytes: pem });
    }
  }
  return files;
}
