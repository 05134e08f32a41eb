/**
 * The renewal CSR of an outside CA's certificate (issue 11 item 1) read by OpenSSL: the certificate
 * and its key are made by openssl (pki-fixtures), kept in the vault, and 証明書の管理's renewal
 * request is made with the kept key or a new one. `openssl req -verify` accepts the CSR; its public
 * key is the kept key's (reuse) or the newly sealed key's, decrypted by `openssl pkcs8` with the vault
 * passphrase (new, same algorithm and size); subject and SANs are the certificate's. openssl then
 * plays the CA, and its answer goes through the public-CA recipe's waiting-request path to a zip
 * that verifies, with the old certificate superseded.
 */
import 'fake-indexeddb/auto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePemOrDer, encodePem, parsePrivateKey } from '../../src/lib/pki/index.ts';
import {
  assembleReturnedChain,
  buildPublicBundle,
  makeRenewalRequest,
  openWaitingRequest,
  recordReturnedCertificate,
  renewalCsrFile,
  renewalRequestPlan,
} from '../../src/lib/recipes/index.ts';
import { keepExternalCertificate, listCertificates, type RenewalKeyChoice } from '../../src/lib/store/index.ts';
import { PASSPHRASE, openTestStore } from '../../src/lib/store/test-support.ts';
import { checkServerBundle, publicKeyOf, stopServers } from '../e2e/checks.ts';
import { openssl, tmpDir } from './helpers.ts';
import { BYO_HOST, makeByoFixtures, type ByoFixtures } from './pki-fixtures.ts';

const dir = tmpDir('renewal-request-');
afterAll(() => {
  stopServers();
  dir.cleanup();
});
let fx: ByoFixtures;
beforeAll(async () => {
  fx = await makeByoFixtures(dir.path);
}, 60_000);

const LEAVES = [
  { name: 'RSA 2048', key: 'leaf.key', cert: 'leaf.pem', spec: /Public-Key: \(2048 bit\)/ },
  { name: 'EC P-256', key: 'ec-leaf.key', cert: 'ec-leaf.pem', spec: /NIST CURVE: P-256/ },
];
const CASES = LEAVES.flatMap((leaf) => (['reuse', 'new'] as RenewalKeyChoice[]).map((choice) => ({ ...leaf, choice })));

describe('renewal CSR of an outside certificate through openssl', () => {
  it.each(CASES)('$name, $choice key: openssl req -verify accepts it, its key is the right one, the answer completes it', async ({ name, key, cert, spec, choice }) => {
    expect.hasAssertions();
    const out = (file: string) => join(dir.path, `${name.replace(/\W+/g, '-')}-${choice}-${file}`);
    const store = await openTestStore();
    const kept = await keepExternalCertificate(store, {
      key: await parsePrivateKey(fx.bytes(key)),
      chain: [decodePemOrDer(fx.bytes(cert))[0]!.der, fx.der.intermediate],
    });
    expect((await renewalRequestPlan(store, kept.record.id)).reuse).toEqual({ available: true });
    const request = await makeRenewalRequest(store, kept.record.id, choice);
    const csrFile = renewalCsrFile(request);
    expect(csrFile.filename).toBe(`${BYO_HOST}.csr`);
    writeFileSync(out('renew.csr'), csrFile.bytes);

    const verified = await openssl('req', '-in', out('renew.csr'), '-verify', '-noout');
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout + verified.stderr).toMatch(/verify OK/);
    const subject = async (kind: 'req' | 'x509', path: string) => (await openssl(kind, '-in', path, '-noout', '-subject', '-nameopt', 'RFC2253')).stdout.trim();
    expect(await subject('req', out('renew.csr'))).toBe(await subject('x509', fx.path(cert)));
    expect((await openssl('req', '-in', out('renew.csr'), '-noout', '-text')).stdout).toMatch(/DNS:mail\.example\.test, DNS:smtp\.example\.test/);

    const csrKey = (await openssl('req', '-in', out('renew.csr'), '-noout', '-pubkey')).stdout.trim();
    expect(csrKey).toContain('BEGIN PUBLIC KEY');
    const keptKey = await publicKeyOf(fx.path(key), 'key');
    if (choice === 'reuse') {
      expect(csrKey).toBe(keptKey);
      expect(request.keyId).toBe(kept.record.keyId);
    } else {
      expect(csrKey).not.toBe(keptKey);
      // The new key as the vault holds it: PBES2 under the vault passphrase, opened by openssl.
      const sealed = (await store.db.get('keys', request.keyId))!;
      writeFileSync(out('sealed.pem'), encodePem('ENCRYPTED PRIVATE KEY', sealed.encryptedPkcs8));
      const opened = await openssl('pkcs8', '-in', out('sealed.pem'), '-passin', `pass:${PASSPHRASE}`, '-out', out('new.key'));
      expect(opened.code, opened.stderr).toBe(0);
      expect(await publicKeyOf(out('new.key'), 'key')).toBe(csrKey);
      expect((await openssl('pkey', '-in', out('new.key'), '-noout', '-text_pub')).stdout).toMatch(spec);
    }

    // openssl plays the public CA; the answer comes back through the waiting request.
    const signed = await openssl('x509', '-req', '-in', out('renew.csr'), '-CA', fx.path('inter.pem'), '-CAkey', fx.path('inter.key'), '-CAcreateserial',
      '-days', '90', '-extfile', fx.path('leaf.ext'), '-out', out('answer.pem'));
    expect(signed.code, signed.stderr).toBe(0);
    const waiting = await openWaitingRequest(store, request.id);
    const returned = await assembleReturnedChain(waiting.key, [new Uint8Array(readFileSync(out('answer.pem'))), fx.der.intermediate].flatMap((b) => decodePemOrDer(b).map((x) => x.der)));
    const recorded = await recordReturnedCertificate(store, request.id, returned);
    expect(recorded.renewedFrom).toBe(kept.record.id);
    expect((await store.db.get('certificates', kept.record.id))?.supersededBy).toBe(recorded.id);
    expect((await listCertificates(store)).map((i) => i.record.id)).toEqual([recorded.id]);
    const bundle = await buildPublicBundle(waiting.key, returned, { os: 'windows', lang: 'ja' });
    const c = await checkServerBundle(bundle.zip, out('zip'), { caPath: '', caFile: fx.path('root.pem'), hostname: BYO_HOST });
    expect(c.verify.code, c.verify.stderr).toBe(0);
    expect(c.keyMatchesCert).toBe(true);
    expect(c.handshake.verified, c.handshake.client.stderr).toBe(true);
  }, 120_000);
});
