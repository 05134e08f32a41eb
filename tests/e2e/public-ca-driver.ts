/**
 * The outside CA the public-CA tests sign with: an openssl root and intermediate, and a signCsr
 * that does what a public CA does. Shared by public-ca.spec.ts and live-server.spec.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openssl, writeFiles, type RunResult } from './checks.ts';
import { expect } from './fixtures.ts';

export function ok(r: RunResult): string {
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

/** An openssl root and intermediate in `dir` (files named `${prefix}root.pem`, `${prefix}inter.pem`, ...). */
export async function makeCa(dir: string, prefix: string): Promise<void> {
  const p = (name: string) => join(dir, name);
  const ext = ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'];
  ok(await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p(`${prefix}root.key`), '-subj', '/CN=Test Public Root', '-days', '3650', '-sha256', ...ext, '-out', p(`${prefix}root.pem`)));
  ok(await openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', p(`${prefix}inter.key`), '-subj', '/CN=Test Public Issuing CA', '-out', p(`${prefix}inter.csr`)));
  writeFiles(dir, { [`${prefix}inter.ext`]: 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' });
  ok(await openssl('x509', '-req', '-in', p(`${prefix}inter.csr`), '-CA', p(`${prefix}root.pem`), '-CAkey', p(`${prefix}root.key`), '-CAcreateserial', '-days', '1825', '-sha256', '-extfile', p(`${prefix}inter.ext`), '-out', p(`${prefix}inter.pem`)));
}

/** What a public CA does: sign the CSR (its SANs copied) with the intermediate, 90 days. Returns the leaf PEM. */
export async function signCsr(dir: string, prefix: string, csrPath: string): Promise<string> {
  const p = (name: string) => join(dir, name);
  writeFiles(dir, { [`${prefix}leaf.ext`]: 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' });
  ok(await openssl('x509', '-req', '-in', csrPath, '-CA', p(`${prefix}inter.pem`), '-CAkey', p(`${prefix}inter.key`), '-CAcreateserial', '-days', '90', '-sha256',
    '-copy_extensions', 'copy', '-extfile', p(`${prefix}leaf.ext`), '-out', p(`${prefix}leaf.pem`)));
  return readFileSync(p(`${prefix}leaf.pem`), 'utf8');
}
