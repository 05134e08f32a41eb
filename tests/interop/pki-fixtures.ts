/**
 * A server certificate the way a user gets one, made by real tools at test time (never
 * hand-written bytes): `openssl` makes a root, an intermediate and an RSA (and an EC) server
 * certificate for mail.example.test, then the files users hold are derived from them (.p7b in PEM
 * and DER, fullchain.pem, DER .cer, .pfx in several protections). Shared by the interop tests of
 * the "bring your own certificate" reader and recipe, and by the browser spec.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openssl, run, writeFiles, type RunResult } from './helpers.ts';

export const BYO_HOST = 'mail.example.test';
export const BYO_PASSWORD = 'Pfx-Tq4-Wz8n';

function ok(r: RunResult, what: string): string {
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export interface ByoFixtures {
  dir: string;
  path: (name: string) => string;
  bytes: (name: string) => Uint8Array;
  /** DER of root, intermediate, RSA leaf, EC leaf. */
  der: { root: Uint8Array; intermediate: Uint8Array; leaf: Uint8Array; ecLeaf: Uint8Array };
  intermediateSubject: string;
}

/** Makes the CA hierarchy and the basic files in `dir` (PEM: root.pem, inter.pem, leaf.pem, leaf.key, ec-leaf.pem, ec-leaf.key). */
export async function makeByoFixtures(dir: string): Promise<ByoFixtures> {
  const p = (name: string) => join(dir, name);
  writeFiles(dir, {
    'ca.ext': 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n',
    'leaf.ext': `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:${BYO_HOST},DNS:smtp.example.test\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n`,
  });
  const subj = (cn: string) => ['-subj', `/O=BYO Test/CN=${cn}`];
  ok(await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('root.key'), '-out', p('root.pem'), '-days', '3650', ...subj('BYO Test Root'),
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'), 'root');
  ok(await openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('inter.key'), '-out', p('inter.csr'), ...subj('BYO Test Intermediate')), 'inter csr');
  ok(await openssl('x509', '-req', '-in', p('inter.csr'), '-CA', p('root.pem'), '-CAkey', p('root.key'), '-CAcreateserial', '-days', '1825', '-extfile', p('ca.ext'), '-out', p('inter.pem')), 'inter');
  ok(await openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('leaf.key'), '-out', p('leaf.csr'), '-subj', `/CN=${BYO_HOST}`), 'leaf csr');
  ok(await openssl('x509', '-req', '-in', p('leaf.csr'), '-CA', p('inter.pem'), '-CAkey', p('inter.key'), '-CAcreateserial', '-days', '90', '-extfile', p('leaf.ext'), '-out', p('leaf.pem')), 'leaf');
  ok(await openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', p('ec-leaf.key'), '-out', p('ec-leaf.csr'), '-subj', `/CN=${BYO_HOST}`), 'ec csr');
  ok(await openssl('x509', '-req', '-in', p('ec-leaf.csr'), '-CA', p('inter.pem'), '-CAkey', p('inter.key'), '-CAcreateserial', '-days', '90', '-extfile', p('leaf.ext'), '-out', p('ec-leaf.pem')), 'ec leaf');
  const derOf = async (name: string) => {
    ok(await openssl('x509', '-in', p(`${name}.pem`), '-outform', 'DER', '-out', p(`${name}.cer`)), `${name} der`);
    return new Uint8Array(readFileSync(p(`${name}.cer`)));
  };
  const der = { root: await derOf('root'), intermediate: await derOf('inter'), leaf: await derOf('leaf'), ecLeaf: await derOf('ec-leaf') };
  const text = (name: string) => readFileSync(p(name), 'utf8');
  writeFiles(dir, {
    'fullchain.pem': text('leaf.pem') + text('inter.pem'),
    'wrong-order.pem': text('root.pem') + text('inter.pem') + text('leaf.pem'),
    'leaf-and-key.pem': text('leaf.key') + text('leaf.pem'),
    'chain.der': Buffer.concat([Buffer.from(der.intermediate), Buffer.from(der.root)]),
  });
  return { dir, path: p, bytes: (name) => new Uint8Array(readFileSync(p(name))), der, intermediateSubject: 'CN=BYO Test Intermediate, O=BYO Test' };
}

/** `openssl crl2pkcs7 -nocrl` of `certFiles` into `out` (PEM, or DER with `der`). */
export async function makeP7b(dir: string, out: string, certFiles: string[], der = false): Promise<void> {
  ok(await openssl('crl2pkcs7', '-nocrl', ...certFiles.flatMap((f) => ['-certfile', join(dir, f)]), ...(der ? ['-outform', 'DER'] : []), '-out', join(dir, out)), 'crl2pkcs7');
}

/** `openssl pkcs12 -export` of leaf.key + leaf.pem (+ inter.pem) with `args`. */
export async function makePfx(dir: string, out: string, args: string[], opts: { password?: string; key?: string; cert?: string; chain?: boolean } = {}): Promise<void> {
  const p = (n: string) => join(dir, n);
  ok(await openssl('pkcs12', '-export', ...args, '-inkey', p(opts.key ?? 'leaf.key'), '-in', p(opts.cert ?? 'leaf.pem'),
    ...(opts.chain === false ? [] : ['-certfile', p('inter.pem')]), '-name', 'mail server', '-passout', `pass:${opts.password ?? BYO_PASSWORD}`, '-out', p(out)), `pkcs12 ${out}`);
}

export { ok as okOrThrow, run };
