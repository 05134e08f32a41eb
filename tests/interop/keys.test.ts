/**
 * Private keys against the openssl CLI, both directions: every PEM form we write is accepted by
 * `openssl pkey`/`rsa -check` with the same public key; keys openssl makes (PKCS#8, PKCS#1, SEC1
 * with and without the public key, encrypted PKCS#8 in PEM and DER) parse with us to the same SPKI;
 * our encrypted PKCS#8 decrypts with `openssl pkcs8`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KEY_SPECS, describeKeySpec, generateKey } from '../../src/lib/pki/keys.ts';
import { parsePrivateKey, serializeEncryptedPrivateKeyPem, serializePrivateKeyPem, type PrivateKeyForm } from '../../src/lib/pki/key-files.ts';
import { isPkiError, type PkiErrorCode } from '../../src/lib/pki/errors.ts';
import { openssl, tmpDir, writeFiles, type RunResult } from './helpers.ts';

const dir = tmpDir('keys-');
afterAll(() => dir.cleanup());
const p = (name: string) => join(dir.path, name);

function ok(r: RunResult): string {
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

/** The SPKI DER openssl derives from a key file. */
async function opensslSpki(file: string, ...pass: string[]): Promise<Uint8Array> {
  const out = `${file}.pub.der`;
  ok(await openssl('pkey', '-in', file, ...pass, '-pubout', '-outform', 'DER', '-out', out));
  return new Uint8Array(readFileSync(out));
}

describe('our keys read by openssl', () => {
  for (const spec of KEY_SPECS) {
    const forms: PrivateKeyForm[] = spec.kind === 'RSA' ? ['pkcs8', 'pkcs1'] : ['pkcs8', 'sec1'];
    it(`${describeKeySpec(spec)}: ${forms.join(', ')} pass openssl checks with our public key`, async () => {
      expect.hasAssertions();
      const key = await generateKey(spec);
      for (const form of forms) {
        const file = p(`${spec.kind}-${spec.kind === 'RSA' ? spec.bits : spec.curve}-${form}.pem`);
        writeFiles(dir.path, { [file.slice(dir.path.length + 1)]: serializePrivateKeyPem(key, form) });
        expect(ok(await openssl('pkey', '-in', file, '-check', '-noout'))).toMatch(/valid/i);
        if (spec.kind === 'RSA') expect(ok(await openssl('rsa', '-in', file, '-check', '-noout'))).toContain('RSA key ok');
        expect(await opensslSpki(file)).toEqual(key.spki);
        const text = ok(await openssl('pkey', '-in', file, '-noout', '-text'));
        expect(text).toContain(spec.kind === 'RSA' ? `Private-Key: (${spec.bits} bit, 2 primes)` : `NIST CURVE: ${spec.curve}`);
      }
    });
  }

  it('our encrypted PKCS#8 (PBES2, PBKDF2-SHA256 600000, AES-256-CBC) decrypts with openssl pkcs8', async () => {
    expect.hasAssertions();
    const key = await generateKey({ kind: 'RSA', bits: 2048 });
    const password = 'correct horse バッテリー';
    writeFiles(dir.path, { 'ours-enc.pem': await serializeEncryptedPrivateKeyPem(key, password) });
    const info = ok(await openssl('asn1parse', '-in', p('ours-enc.pem')));
    expect(info).toMatch(/PBES2[\s\S]*PBKDF2[\s\S]*OCTET STRING +\[HEX DUMP\]:[0-9A-F]{32}\n[\s\S]*INTEGER +:0927C0\n[\s\S]*hmacWithSHA256[\s\S]*aes-256-cbc/);
    ok(await openssl('pkcs8', '-in', p('ours-enc.pem'), '-passin', `pass:${password}`, '-out', p('ours-dec.pem')));
    expect(await opensslSpki(p('ours-dec.pem'))).toEqual(key.spki);
    const wrong = await openssl('pkcs8', '-in', p('ours-enc.pem'), '-passin', 'pass:wrong', '-out', p('ours-dec2.pem'));
    expect(wrong.code).not.toBe(0);
  });
});

describe('openssl keys read by us', () => {
  const password = 'p@ss wörd';
  const cases: Array<[string, string[][], string, string?]> = [
    ['genpkey RSA 2048 (PKCS#8)', [['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'o-rsa.pem']], 'o-rsa.pem'],
    ['genrsa -traditional 3072 (PKCS#1)', [['genrsa', '-traditional', '-out', 'o-rsa1.pem', '3072']], 'o-rsa1.pem'],
    ['PKCS#1 DER', [['rsa', '-in', 'o-rsa1.pem', '-traditional', '-outform', 'DER', '-out', 'o-rsa1.der']], 'o-rsa1.der'],
    ['ecparam P-256 (SEC1 with EC PARAMETERS block)', [['ecparam', '-name', 'prime256v1', '-genkey', '-out', 'o-ec.pem']], 'o-ec.pem'],
    ['SEC1 P-384 without the public key', [['ecparam', '-name', 'secp384r1', '-genkey', '-noout', '-out', 'o-ec384.pem'],
      ['ec', '-in', 'o-ec384.pem', '-no_public', '-out', 'o-ec384np.pem']], 'o-ec384np.pem'],
    ['SEC1 DER', [['ec', '-in', 'o-ec.pem', '-outform', 'DER', '-out', 'o-ec.der']], 'o-ec.der'],
    ['PKCS#8 DER', [['pkcs8', '-topk8', '-nocrypt', '-in', 'o-ec.pem', '-outform', 'DER', '-out', 'o-ec8.der']], 'o-ec8.der'],
    ['pkcs8 -topk8 -v2 aes256', [['pkcs8', '-topk8', '-v2', 'aes256', '-in', 'o-rsa.pem', '-passout', `pass:${password}`, '-out', 'o-enc.pem']], 'o-enc.pem', password],
    ['pkcs8 -v2 aes128 -v2prf hmacWithSHA1', [['pkcs8', '-topk8', '-v2', 'aes128', '-v2prf', 'hmacWithSHA1', '-in', 'o-ec.pem', '-passout', `pass:${password}`, '-out', 'o-enc1.pem']], 'o-enc1.pem', password],
    ['pkcs8 -v2 des3 (3DES-CBC)', [['pkcs8', '-topk8', '-v2', 'des3', '-in', 'o-rsa.pem', '-passout', `pass:${password}`, '-out', 'o-enc3.pem']], 'o-enc3.pem', password],
    ['genpkey -aes256 EC P-384', [['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-aes256', '-pass', `pass:${password}`, '-out', 'o-enc384.pem']], 'o-enc384.pem', password],
    ['encrypted PKCS#8 DER', [['pkcs8', '-topk8', '-v2', 'aes192', '-in', 'o-rsa.pem', '-passout', `pass:${password}`, '-outform', 'DER', '-out', 'o-enc.der']], 'o-enc.der', password],
    // OpenSSL 1.0's `pkcs8 -topk8` default: PKCS#12 PBE on a key file (the PKCS#12 bag decryptor reads it).
    ['pkcs8 -v1 PBE-SHA1-3DES', [['pkcs8', '-topk8', '-v1', 'PBE-SHA1-3DES', '-in', 'o-rsa.pem', '-passout', `pass:${password}`, '-out', 'o-v1.pem']], 'o-v1.pem', password],
  ];
  it.each(cases)('%s parses with the same public key', async (_name, commands, file, pass) => {
    expect.hasAssertions();
    for (const args of commands) ok(await openssl(...args.map((a) => (/^o-/.test(a) ? p(a) : a))));
    const bytes = new Uint8Array(readFileSync(p(file)));
    const input = file.endsWith('.pem') ? readFileSync(p(file), 'utf8') : bytes;
    const key = await parsePrivateKey(input, pass);
    const passArgs = pass === undefined ? [] : ['-passin', `pass:${pass}`];
    expect(key.spki).toEqual(await opensslSpki(p(file), ...passArgs));
  });

  async function expectCode(p: Promise<unknown>, code: PkiErrorCode): Promise<void> {
    try {
      await p;
      expect.fail(`expected ${code}`);
    } catch (e) {
      expect(isPkiError(e) ? e.code : e).toBe(code);
    }
  }

  it('refuses with codes: wrong and missing password, legacy PEM encryption, scrypt, small RSA, Ed25519', async () => {
    expect.hasAssertions();
    ok(await openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', p('n-rsa.pem')));
    ok(await openssl('pkcs8', '-topk8', '-v2', 'aes256', '-in', p('n-rsa.pem'), '-passout', 'pass:right', '-out', p('n-enc.pem')));
    const enc = readFileSync(p('n-enc.pem'), 'utf8');
    await expectCode(parsePrivateKey(enc, 'wrong'), 'KEY_BAD_PASSWORD');
    await expectCode(parsePrivateKey(enc), 'KEY_PASSWORD_REQUIRED');
    ok(await openssl('rsa', '-in', p('n-rsa.pem'), '-traditional', '-aes128', '-passout', 'pass:right', '-out', p('n-legacy.pem')));
    await expectCode(parsePrivateKey(readFileSync(p('n-legacy.pem'), 'utf8'), 'right'), 'KEY_UNSUPPORTED');
    ok(await openssl('pkcs8', '-topk8', '-v1', 'PBE-SHA1-3DES', '-in', p('n-rsa.pem'), '-passout', 'pass:right', '-out', p('n-v1.pem')));
    await expectCode(parsePrivateKey(readFileSync(p('n-v1.pem'), 'utf8'), 'wrong'), 'KEY_BAD_PASSWORD');
    ok(await openssl('pkcs8', '-topk8', '-scrypt', '-in', p('n-rsa.pem'), '-passout', 'pass:right', '-out', p('n-scrypt.pem')));
    await expectCode(parsePrivateKey(readFileSync(p('n-scrypt.pem'), 'utf8'), 'right'), 'KEY_UNSUPPORTED');
    ok(await openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024', '-out', p('n-1024.pem')));
    await expectCode(parsePrivateKey(readFileSync(p('n-1024.pem'), 'utf8')), 'KEY_UNSUPPORTED');
    ok(await openssl('genpkey', '-algorithm', 'ED25519', '-out', p('n-ed.pem')));
    await expectCode(parsePrivateKey(readFileSync(p('n-ed.pem'), 'utf8')), 'KEY_UNSUPPORTED');
  });
});
