/**
 * Issue 11 "What must be shown": every reader fixture through the "I already have a certificate"
 * flow in Chromium, each made in the test by a real tool (never hand-written bytes):
 * `openssl pkcs12 -export` (-legacy RC2-40, OpenSSL 3 default AES/PBES2, PBE-SHA1-3DES, -nomac, a
 * non-ASCII password, -nocerts -certfile: a PKCS#12 with no localKeyId at all), `pk12util -o` (NSS),
 * `certtool --to-p12` (GnuTLS), Java `keytool` PKCS12 (genkeypair → certreq → CA reply imported),
 * `.p7b` from `openssl crl2pkcs7 -nocrl` in PEM and DER with a separate key, key files (PKCS#1,
 * encrypted PKCS#8, SEC1), chains in the wrong order, with the root, and without the intermediate
 * (the zip waits until it is added). Each set goes to the downloaded zip, whose server.key and
 * server.cert pass `openssl verify -untrusted`, match, and serve a verified handshake (`openssl
 * s_server` + `s_client -verify_return_error` on 127.0.0.1, tests/e2e/checks.ts).
 * One page, fixtures made once in beforeAll, one table; ja and en alternate. A second test drops
 * bad files (each listed with its coded error in ja, then en) and two .pfx files with different keys
 * (the page asks which one; the chosen EC identity goes to a zip that verifies and handshakes).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { BYO_HOST, BYO_PASSWORD, makeByoFixtures, makeP7b, makePfx, okOrThrow, run, type ByoFixtures } from '../interop/pki-fixtures.ts';
import { checkServerBundle, openssl, stopServers, tmpDir, writeFiles } from './checks.ts';
import { captureDownload, expect, expectNoKeyMaterial, openFlow, test } from './fixtures.ts';
import { chooseLang } from './ui-steps.ts';

const dir = tmpDir('e2e-own-readers-');
const NON_ASCII = 'パスワード-Ünï-日本';
const KEY_PASS = 'Key-Pass-7q2';
let fx: ByoFixtures;
/** Why the Java case is left out (no JDK); empty when keytool ran. */
let noJava = '';

interface Given {
  name: string;
  password?: string;
}
interface Case {
  label: string;
  files: Given[];
  /** Given after the page shows the missing intermediate and keeps the zip waiting. */
  addLater?: string;
  key: RegExp;
  java?: boolean;
}

const RSA = /^-----BEGIN RSA PRIVATE KEY-----/;
const EC = /^-----BEGIN (EC )?PRIVATE KEY-----/;
const pw = (name: string, password = BYO_PASSWORD): Given => ({ name, password });
const CASES: Case[] = [
  { label: 'openssl pkcs12 -export -legacy (RC2-40)', files: [pw('legacy.pfx')], key: RSA },
  { label: 'openssl pkcs12 -export, OpenSSL 3 default (AES-256 PBES2)', files: [pw('default.pfx')], key: RSA },
  { label: 'openssl pkcs12 -export -certpbe PBE-SHA1-3DES -keypbe PBE-SHA1-3DES', files: [pw('3des.pfx')], key: RSA },
  { label: 'openssl pkcs12 -export -nomac', files: [pw('nomac.pfx')], key: RSA },
  { label: 'openssl pkcs12 -export with a non-ASCII password', files: [pw('non-ascii.pfx', NON_ASCII)], key: RSA },
  { label: 'openssl pkcs12 -export -nocerts -certfile: no localKeyId on any bag', files: [pw('no-localkeyid.p12')], key: RSA },
  { label: 'pk12util -o (NSS)', files: [pw('nss.p12')], key: RSA },
  { label: 'certtool --to-p12 (GnuTLS) with the chain', files: [pw('gnutls.p12')], key: RSA },
  { label: 'keytool PKCS12 (genkeypair, certreq, CA reply imported)', files: [pw('java.p12')], key: RSA, java: true },
  { label: '.p7b (PEM, crl2pkcs7 -nocrl) + PKCS#8 key', files: [{ name: 'chain.p7b' }, { name: 'leaf.key' }], key: RSA },
  { label: '.p7b (DER) with the root + PKCS#1 key', files: [{ name: 'chain-der.p7b' }, { name: 'leaf-pkcs1.key' }], key: RSA },
  { label: 'chain in the wrong order (root, intermediate, leaf) + encrypted PKCS#8 key', files: [{ name: 'wrong-order.pem' }, pw('leaf-enc.key', KEY_PASS)], key: RSA },
  { label: 'leaf, intermediate and root in one file + key', files: [{ name: 'with-root.pem' }, { name: 'leaf.key' }], key: RSA },
  { label: 'DER .cer leaf + DER .p7c intermediate + EC SEC1 key', files: [{ name: 'ec-leaf.cer' }, { name: 'inter.p7c' }, { name: 'ec-sec1.key' }], key: EC },
  { label: 'leaf + key without the intermediate: waits, then the intermediate is added', files: [{ name: 'leaf.pem' }, { name: 'leaf.key' }], addLater: 'inter.cer', key: RSA },
];

test.beforeAll(async () => {
  test.setTimeout(300_000);
  fx = await makeByoFixtures(dir.path);
  const p = fx.path;
  const text = (name: string) => readFileSync(p(name), 'utf8');
  await makePfx(dir.path, 'legacy.pfx', ['-legacy']);
  await makePfx(dir.path, 'default.pfx', []);
  await makePfx(dir.path, '3des.pfx', ['-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES']);
  await makePfx(dir.path, 'nomac.pfx', ['-nomac']);
  await makePfx(dir.path, 'non-ascii.pfx', [], { password: NON_ASCII });
  okOrThrow(await openssl('pkcs12', '-export', '-nocerts', '-inkey', p('leaf.key'), '-certfile', p('fullchain.pem'), '-passout', `pass:${BYO_PASSWORD}`, '-out', p('no-localkeyid.p12')), 'pkcs12 -nocerts');
  const info = okOrThrow(await openssl('pkcs12', '-in', p('no-localkeyid.p12'), '-info', '-nodes', '-passin', `pass:${BYO_PASSWORD}`), 'pkcs12 -info');
  expect(info).not.toMatch(/localKeyID/i); // the fixture is what it claims: no bag carries a localKeyId

  const db = p('nss');
  mkdirSync(db);
  okOrThrow(await run('certutil', ['-N', '-d', `sql:${db}`, '--empty-password']), 'certutil -N');
  okOrThrow(await run('pk12util', ['-i', p('default.pfx'), '-d', `sql:${db}`, '-W', BYO_PASSWORD]), 'pk12util -i');
  okOrThrow(await run('pk12util', ['-o', p('nss.p12'), '-n', 'mail server', '-d', `sql:${db}`, '-W', BYO_PASSWORD]), 'pk12util -o');
  okOrThrow(await run('certtool', ['--to-p12', '--load-privkey', p('leaf.key'), '--load-certificate', p('fullchain.pem'), '--p12-name', 'gnutls',
    '--password', BYO_PASSWORD, '--outder', '--outfile', p('gnutls.p12')]), 'certtool --to-p12');

  await makeP7b(dir.path, 'chain.p7b', ['leaf.pem', 'inter.pem']);
  await makeP7b(dir.path, 'chain-der.p7b', ['root.pem', 'inter.pem', 'leaf.pem'], true);
  await makeP7b(dir.path, 'inter.p7c', ['inter.pem'], true);
  okOrThrow(await openssl('rsa', '-in', p('leaf.key'), '-traditional', '-out', p('leaf-pkcs1.key')), 'rsa -traditional');
  okOrThrow(await openssl('pkcs8', '-topk8', '-in', p('leaf.key'), '-v2', 'aes-256-cbc', '-passout', `pass:${KEY_PASS}`, '-out', p('leaf-enc.key')), 'pkcs8 -topk8');
  okOrThrow(await openssl('ec', '-in', p('ec-leaf.key'), '-out', p('ec-sec1.key')), 'ec (SEC1)');
  expect(text('leaf-pkcs1.key')).toMatch(/BEGIN RSA PRIVATE KEY/);
  expect(text('leaf-enc.key')).toMatch(/BEGIN ENCRYPTED PRIVATE KEY/);
  expect(text('ec-sec1.key')).toMatch(/BEGIN EC PRIVATE KEY/);
  writeFiles(dir.path, { 'with-root.pem': text('leaf.pem') + text('inter.pem') + text('root.pem') });

  // Bad files for the second test, and a second identity (an EC .pfx) for the choice.
  okOrThrow(await openssl('pkcs12', '-export', '-nokeys', '-in', p('leaf.pem'), '-certfile', p('inter.pem'), '-passout', `pass:${BYO_PASSWORD}`, '-out', p('nokey.pfx')), 'pkcs12 -nokeys');
  writeFiles(dir.path, { 'cut.cer': fx.der.leaf.subarray(0, 300) });
  okOrThrow(await openssl('genpkey', '-algorithm', 'ed25519', '-out', p('ed25519.key')), 'ed25519');
  okOrThrow(await openssl('crl2pkcs7', '-nocrl', '-out', p('empty.p7b')), 'empty p7b');
  await makePfx(dir.path, 'ec.pfx', [], { key: 'ec-leaf.key', cert: 'ec-leaf.pem' });

  // Java: a key pair made by keytool, its CSR signed by our intermediate, the chain imported back.
  if ((await run('keytool', ['-help'], { timeoutMs: 60_000 })).code !== 0) {
    noJava = 'no JDK (keytool) on this machine';
    return;
  }
  const store = ['-storetype', 'PKCS12', '-keystore', p('java.p12'), '-storepass', BYO_PASSWORD];
  const keytool = async (what: string, args: string[]) => okOrThrow(await run('keytool', [...args, ...store], { timeoutMs: 90_000 }), `keytool ${what}`);
  await keytool('-genkeypair', ['-genkeypair', '-alias', 'mail', '-keyalg', 'RSA', '-keysize', '2048', '-dname', `CN=${BYO_HOST}`, '-validity', '90', '-ext', `SAN=dns:${BYO_HOST}`]);
  await keytool('-certreq', ['-certreq', '-alias', 'mail', '-ext', `SAN=dns:${BYO_HOST}`, '-file', p('java.csr')]);
  okOrThrow(await openssl('x509', '-req', '-in', p('java.csr'), '-CA', p('inter.pem'), '-CAkey', p('inter.key'), '-CAcreateserial', '-days', '90', '-extfile', p('leaf.ext'), '-out', p('java-leaf.pem')), 'sign java csr');
  await keytool('-importcert root', ['-importcert', '-noprompt', '-alias', 'root', '-file', p('root.pem')]);
  await keytool('-importcert inter', ['-importcert', '-noprompt', '-alias', 'inter', '-file', p('inter.pem')]);
  await keytool('-importcert reply', ['-importcert', '-noprompt', '-alias', 'mail', '-file', p('java-leaf.pem')]);
});

test.afterAll(() => {
  stopServers();
  dir.cleanup();
});

test('every reader fixture through the flow in Chromium → a zip that verifies, matches and handshakes', async ({ page, guard }) => {
  test.setTimeout(900_000);
  await openFlow(page, 'served', 'own-certificate');
  const main = page.getByRole('main');
  const input = main.locator('#own-files');
  const listed = main.getByTestId('own-file');
  if (noJava) test.info().annotations.push({ type: 'skipped fixture', description: `keytool PKCS12: ${noJava}` });

  for (const [i, c] of CASES.entries()) {
    if (c.java && noJava) continue;
    await test.step(c.label, async () => {
      const lang = i % 2 === 0 ? 'ja' : 'en';
      const text = lang === 'ja' ? ja : en;
      await chooseLang(page, lang);
      await input.setInputFiles(c.files.map((f) => fx.path(f.name)));
      await expect(listed).toHaveCount(c.files.length);
      for (const f of c.files.filter((g) => g.password !== undefined)) {
        const row = listed.filter({ hasText: f.name });
        await row.getByLabel(text['own.password.label'].replace('{name}', f.name)).fill(f.password!);
        await row.getByRole('button', { name: text['own.password.apply'] }).click();
      }
      const build = main.getByRole('button', { name: text['own.build'] });
      if (c.addLater) {
        await expect(main.locator('[data-finding="own.intermediateMissing"]')).toContainText('BYO Test Intermediate', { timeout: 30_000 });
        await expect(build).toBeDisabled();
        await input.setInputFiles(fx.path(c.addLater));
        await expect(listed).toHaveCount(c.files.length + 1);
      }
      await expect(main.locator('[data-finding="own.chainComplete"]')).toBeVisible({ timeout: 30_000 });
      await expect(main.locator('[data-finding="own.intermediateMissing"]')).toHaveCount(0);
      await build.click();
      const download = main.getByRole('button', { name: text['server.download'].replace('{name}', `xmail-tls-${BYO_HOST}-own-certificate.zip`) });
      await expect(download).toBeVisible({ timeout: 60_000 });
      const got = await captureDownload(page, () => download.click());
      const check = await checkServerBundle(got.bytes, join(dir.path, `zip-${i}`), { caPath: '', caFile: fx.path('root.pem'), hostname: BYO_HOST });
      expect(check.certCount, 'server.cert: leaf + intermediate, no root').toBe(2);
      expect(check.verify.code, check.verify.stderr + check.verify.stdout).toBe(0);
      expect(check.keyMatchesCert).toBe(true);
      expect(check.handshake.verified, check.handshake.client.stdout + check.handshake.client.stderr).toBe(true);
      expect(new TextDecoder().decode(check.files.get('MailRoot/server.key'))).toMatch(c.key);
      stopServers();
      // Empty the list for the next set.
      while ((await listed.count()) > 0) await listed.first().locator('.row button').click();
      await expect(listed).toHaveCount(0);
    });
  }
  await expectNoKeyMaterial(page, guard);
});

test('bad files say what they are and what to do (ja, en); two identities: the page asks, the chosen one makes the zip', async ({ page, guard }) => {
  test.setTimeout(300_000);
  await openFlow(page, 'served', 'own-certificate');
  await chooseLang(page, 'ja');
  const main = page.getByRole('main');
  const input = main.locator('#own-files');
  const listed = main.getByTestId('own-file');
  const bad: Array<[file: string, code: keyof typeof ja & `error.pki.${string}`]> = [
    ['default.pfx', 'error.pki.PKCS12_PASSWORD_REQUIRED'],
    ['nokey.pfx', 'error.pki.PKCS12_PASSWORD_REQUIRED'],
    ['cut.cer', 'error.pki.DER_MALFORMED'],
    ['ed25519.key', 'error.pki.KEY_UNSUPPORTED'],
    ['leaf.csr', 'error.pki.FILE_NOT_CERTIFICATE'],
    ['empty.p7b', 'error.pki.PKCS7_NO_CERTIFICATES'],
    ['leaf-enc.key', 'error.pki.KEY_PASSWORD_REQUIRED'],
  ];
  await input.setInputFiles(bad.map(([f]) => fx.path(f)));
  await expect(listed).toHaveCount(bad.length);
  for (const [f, code] of bad) await expect(listed.filter({ hasText: f })).toContainText(ja[code], { timeout: 30_000 });
  // Wrong passwords: said so; the .pfx without a key names itself once opened.
  const row = (f: string) => listed.filter({ hasText: f });
  for (const [f, pass] of [['default.pfx', 'wrong-password'], ['leaf-enc.key', 'wrong-passphrase']] as const) {
    await row(f).getByLabel(ja['own.password.label'].replace('{name}', f)).fill(pass);
    await row(f).getByRole('button', { name: ja['own.password.apply'] }).click();
  }
  await expect(row('default.pfx')).toContainText(ja['error.pki.PKCS12_BAD_PASSWORD'], { timeout: 30_000 });
  await expect(row('leaf-enc.key')).toContainText(ja['error.pki.KEY_BAD_PASSWORD']);
  await row('nokey.pfx').getByLabel(ja['own.password.label'].replace('{name}', 'nokey.pfx')).fill(BYO_PASSWORD);
  await row('nokey.pfx').getByRole('button', { name: ja['own.password.apply'] }).click();
  await expect(row('nokey.pfx')).toContainText(ja['error.pki.PKCS12_NO_KEY'], { timeout: 30_000 });
  await expect(main.getByText(ja['own.problem.pfxWithoutKey'].replace('{name}', 'nokey.pfx'))).toBeVisible();
  await chooseLang(page, 'en');
  for (const [f, code] of [...bad.filter(([g]) => !['default.pfx', 'nokey.pfx', 'leaf-enc.key'].includes(g)), ['default.pfx', 'error.pki.PKCS12_BAD_PASSWORD'], ['nokey.pfx', 'error.pki.PKCS12_NO_KEY'], ['leaf-enc.key', 'error.pki.KEY_BAD_PASSWORD']] as const) {
    await expect(row(f)).toContainText(en[code]);
  }
  await expect(main.getByText(en['own.problem.pfxWithoutKey'].replace('{name}', 'nokey.pfx'))).toBeVisible();
  await expect(main.getByRole('button', { name: en['own.build'] })).toHaveCount(0);
  while ((await listed.count()) > 0) await listed.first().locator('.row button').click();

  // Two .pfx files, two keys each with its certificate: the page asks which one XMail uses.
  await input.setInputFiles([fx.path('default.pfx'), fx.path('ec.pfx')]);
  for (const f of ['default.pfx', 'ec.pfx']) {
    await row(f).getByLabel(en['own.password.label'].replace('{name}', f)).fill(BYO_PASSWORD);
    await row(f).getByRole('button', { name: en['own.password.apply'] }).click();
  }
  const choice = main.getByRole('group', { name: en['own.problem.SEVERAL_IDENTITIES'] });
  await expect(choice.getByRole('radio')).toHaveCount(2, { timeout: 30_000 });
  const build = main.getByRole('button', { name: en['own.build'] });
  await expect(build).toHaveCount(0);
  // Both certificates are for the same host: each choice shows its key, issuer, expiry and file.
  await expect(choice.getByRole('radio', { name: 'ECDSA P-256' })).toHaveCount(1);
  await expect(choice.getByRole('radio', { name: 'ec.pfx' })).toHaveCount(1);
  await expect(choice.getByRole('radio', { name: 'RSA 2048' })).toHaveAccessibleName(/default\.pfx/);
  await choice.getByRole('radio', { name: 'ECDSA P-256' }).check();
  await expect(build).toBeEnabled({ timeout: 30_000 });
  // the choice stays on the page, the picked one checked: the user can change it
  await expect(choice.getByRole('radio', { name: 'ECDSA P-256' })).toBeChecked();
  await expect(choice.getByRole('radio', { name: 'RSA 2048' })).not.toBeChecked();
  await build.click();
  const download = main.getByRole('button', { name: en['server.download'].replace('{name}', `xmail-tls-${BYO_HOST}-own-certificate.zip`) });
  await expect(download).toBeVisible({ timeout: 60_000 });
  const got = await captureDownload(page, () => download.click());
  const check = await checkServerBundle(got.bytes, join(dir.path, 'zip-chosen'), { caPath: '', caFile: fx.path('root.pem'), hostname: BYO_HOST });
  expect(check.certCount).toBe(2);
  expect(check.verify.code, check.verify.stderr + check.verify.stdout).toBe(0);
  expect(check.keyMatchesCert).toBe(true);
  expect(check.handshake.verified, check.handshake.client.stdout + check.handshake.client.stderr).toBe(true);
  expect(new TextDecoder().decode(check.files.get('MailRoot/server.key'))).toMatch(EC); // the identity picked
  await expectNoKeyMaterial(page, guard);
});
