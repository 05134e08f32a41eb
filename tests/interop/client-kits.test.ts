/**
 * Issue 14 item 2: each user's kit, checked by the tools that will read it. The .p12 opens with
 * the printed password in OpenSSL 3, NSS pk12util, GnuTLS certtool and Java keytool (when a JDK is
 * installed); ca.cer / ca.pem are the CA in DER / PEM for openssl x509; the .mobileconfig parses with
 * Python's plistlib: the payload types, unique UUIDs, no Password key anywhere, the mail payload's
 * ports as given, and its PKCS#12 payload is the same file. install.ps1 is not run: no PowerShell
 * here (src/lib/bundle/client-kit.test.ts checks it by rules).
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createClientCa, defaultClientCaForm, issueClientCertificates, kitBaseName, userKitZip, type ClientIssueResult } from '../../src/lib/recipes/index.ts';
import { systemClock } from '../../src/lib/store/index.ts';
import { openTestStore } from '../../src/lib/store/test-support.ts';
import { pk12utilImport, pkcs12ToPem, unzipToMap, writeTree } from '../e2e/checks.ts';
import { openssl, run, tmpDir } from './helpers.ts';

const dir = tmpDir('interop-client-kits-');
afterAll(() => dir.cleanup());

const SERVER = { host: 'mail.example.jp', pop3: { port: 995, security: 'ssl' as const }, smtp: { port: 587, security: 'starttls' as const } };
let result: ClientIssueResult;
let files: Map<string, Uint8Array>;
let base: string;

beforeAll(async () => {
  const store = await openTestStore({ clock: systemClock });
  const ca = await createClientCa(store, { ...defaultClientCaForm('openssl-1.0.1+'), name: 'Kit CA', keySpec: { kind: 'RSA', bits: 2048 } });
  result = await issueClientCertificates(store, { caId: ca.id, users: [{ name: "山田 '太郎' <T>", email: 'taro@example.jp' }], keySpec: { kind: 'RSA', bits: 2048 }, profile: 'compatible' });
  store.close();
  const c = result.issued[0]!;
  base = kitBaseName(c);
  files = await unzipToMap(await userKitZip(result, c, 'ja', { server: SERVER }).bytes());
  writeTree(dir.path, files);
}, 60_000);

const path = (name: string) => join(dir.path, base, name);

describe('a user kit read by real tools (issue 14 item 2)', () => {
  it('the .p12 opens with the password in OpenSSL 3, pk12util, certtool', async () => {
    const c = result.issued[0]!;
    const pem = await pkcs12ToPem(path(c.fileName), c.password);
    expect(pem.result.code, pem.result.stderr).toBe(0);
    expect(pem.key).toContain('PRIVATE KEY');
    const nss = await pk12utilImport(path(c.fileName), c.password, join(dir.path, 'nss'));
    expect(nss.import.code, nss.import.stderr + nss.import.stdout).toBe(0);
    const gnutls = await run('certtool', ['--p12-info', '--inder', '--infile', path(c.fileName), '--password', c.password]);
    expect(gnutls.code, gnutls.stderr).toBe(0);
    expect(gnutls.stdout + gnutls.stderr).not.toMatch(/error/i);
  });

  it.skipIf(!existsSync('/usr/bin/keytool'))('the .p12 lists one PrivateKeyEntry in Java keytool', async () => {
    const c = result.issued[0]!;
    const r = await run('keytool', ['-list', '-storetype', 'PKCS12', '-keystore', path(c.fileName), '-storepass', c.password]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/PrivateKeyEntry/);
  });

  it('ca.cer is DER and ca.pem is PEM of the same CA', async () => {
    const der = await openssl('x509', '-inform', 'DER', '-in', path('ca.cer'), '-noout', '-fingerprint', '-sha256');
    const pem = await openssl('x509', '-in', path('ca.pem'), '-noout', '-fingerprint', '-sha256');
    expect(der.code, der.stderr).toBe(0);
    expect(pem.stdout).toBe(der.stdout);
  });

  it('the .mobileconfig: plistlib reads it; root + pkcs12 (no Password) + POP mail payload on the given ports; unique UUIDs', async () => {
    const c = result.issued[0]!;
    const script = [
      'import plistlib, sys, json',
      'p = plistlib.load(open(sys.argv[1], "rb"))',
      'def keys(v):',
      '    if isinstance(v, dict):',
      '        for k, x in v.items():',
      '            yield k',
      '            yield from keys(x)',
      '    elif isinstance(v, list):',
      '        for x in v: yield from keys(x)',
      'pl = p["PayloadContent"]',
      'mail = [x for x in pl if x["PayloadType"] == "com.apple.mail.managed"]',
      'p12 = [x for x in pl if x["PayloadType"] == "com.apple.security.pkcs12"][0]',
      'open(sys.argv[2], "wb").write(p12["PayloadContent"])',
      'print(json.dumps({"type": p["PayloadType"], "types": [x["PayloadType"] for x in pl],',
      '  "uuids": [p["PayloadUUID"]] + [x["PayloadUUID"] for x in pl], "password": "Password" in set(keys(p)),',
      '  "mail": {k: mail[0][k] for k in ("EmailAccountType", "EmailAddress", "IncomingMailServerHostName", "IncomingMailServerPortNumber", "OutgoingMailServerPortNumber", "IncomingMailServerUseSSL")}}))',
    ].join('\n');
    const r = await run('python3', ['-c', script, path(`${base}.mobileconfig`), join(dir.path, 'from-profile.p12')]);
    expect(r.code, r.stderr).toBe(0);
    const seen = JSON.parse(r.stdout) as { type: string; types: string[]; uuids: string[]; password: boolean; mail: Record<string, unknown> };
    expect(seen.type).toBe('Configuration');
    expect(seen.types).toEqual(['com.apple.security.root', 'com.apple.security.pkcs12', 'com.apple.mail.managed']);
    expect(new Set(seen.uuids).size).toBe(4);
    expect(seen.password).toBe(false);
    expect(seen.mail).toEqual({ EmailAccountType: 'EmailTypePOP', EmailAddress: 'taro@example.jp', IncomingMailServerHostName: 'mail.example.jp', IncomingMailServerPortNumber: 995, OutgoingMailServerPortNumber: 587, IncomingMailServerUseSSL: true });
    const fromProfile = await pkcs12ToPem(join(dir.path, 'from-profile.p12'), c.password);
    expect(fromProfile.result.code, fromProfile.result.stderr).toBe(0);
  });

  it('no file of the kit holds the password', () => {
    const c = result.issued[0]!;
    for (const [name, bytes] of files) expect(Buffer.from(bytes).includes(Buffer.from(c.password)), name).toBe(false);
  });
});
