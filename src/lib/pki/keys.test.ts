import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { derOf } from './asn1.ts';
import { decodePem, encodePem, toArrayBuffer } from './pem.ts';
import { encodePbeAlgorithm, pbeEncrypt, type PbeAlgorithm } from './pbe/index.ts';
import { isPkiError, type PkiErrorCode } from './errors.ts';
import type { KeySpec } from './types.ts';
import { KEY_SPECS, defaultHashFor, describeKeySpec, generateKey, importPublicKey, importSigningKey, keyMatchesSpki, parseKeySpecFromSpki } from './keys.ts';
import { decryptPrivateKey, encryptPrivateKey, parsePrivateKey, serializePrivateKeyPem, type PrivateKeyForm } from './key-files.ts';

/** EncryptedPrivateKeyInfo DER (RFC 5958) around `cipherText`. */
function encryptedKeyInfo(alg: PbeAlgorithm, cipherText: Uint8Array): Uint8Array {
  return derOf(new asn1js.Sequence({ value: [encodePbeAlgorithm(alg), new asn1js.OctetString({ valueHex: toArrayBuffer(cipherText) })] }));
}

function formsFor(spec: KeySpec): PrivateKeyForm[] {
  return spec.kind === 'RSA' ? ['pkcs8', 'pkcs1'] : ['pkcs8', 'sec1'];
}

async function expectCode(p: Promise<unknown>, code: PkiErrorCode): Promise<void> {
  try {
    await p;
    expect.fail(`expected ${code}`);
  } catch (e) {
    expect(isPkiError(e) ? e.code : e).toBe(code);
  }
}

describe('keys', () => {
  it.each(KEY_SPECS.map((s) => [describeKeySpec(s), s] as const))('%s: generate, serialize every form, parse back, sign/verify', async (_n, spec) => {
    expect.hasAssertions();
    const key = await generateKey(spec);
    expect(parseKeySpecFromSpki(key.spki)).toEqual(spec);
    for (const form of formsFor(spec)) {
      const pem = serializePrivateKeyPem(key, form);
      const back = await parsePrivateKey(pem);
      expect(back.spec).toEqual(spec);
      expect(back.spki).toEqual(key.spki);
      expect(keyMatchesSpki(back, key.spki)).toBe(true);
      // DER input without a label is recognised by shape
      const der = decodePem(pem, ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']).der;
      expect((await parsePrivateKey(der)).spki).toEqual(key.spki);
    }
    const hash = defaultHashFor(spec);
    const signer = await importSigningKey(key, hash);
    const verifier = await importPublicKey(key.spki, hash);
    const alg = spec.kind === 'RSA' ? { name: 'RSASSA-PKCS1-v1_5' } : { name: 'ECDSA', hash };
    const data = new TextEncoder().encode('XMail');
    const sig = await crypto.subtle.sign(alg, signer, data);
    expect(await crypto.subtle.verify(alg, verifier, sig, data)).toBe(true);
  });

  it('refuses the wrong form for the key type', async () => {
    expect.hasAssertions();
    const ec = await generateKey({ kind: 'EC', curve: 'P-256' });
    expect(() => serializePrivateKeyPem(ec, 'pkcs1')).toThrow(/RSA/);
  });

  it('does not match a different key', async () => {
    expect.hasAssertions();
    const a = await generateKey({ kind: 'EC', curve: 'P-256' });
    const b = await generateKey({ kind: 'EC', curve: 'P-256' });
    expect(keyMatchesSpki(a, b.spki)).toBe(false);
  });

  it('encrypts and decrypts PKCS#8; wrong or missing password is coded', async () => {
    expect.hasAssertions();
    const key = await generateKey({ kind: 'EC', curve: 'P-384' });
    const enc = await encryptPrivateKey(key.pkcs8, 'パスワード secret', { iterations: 1000 });
    expect(await decryptPrivateKey(enc, 'パスワード secret')).toEqual(key.pkcs8);
    const pem = encodePem('ENCRYPTED PRIVATE KEY', enc);
    expect((await parsePrivateKey(pem, 'パスワード secret')).spki).toEqual(key.spki);
    await expectCode(parsePrivateKey(pem), 'KEY_PASSWORD_REQUIRED');
    await expectCode(parsePrivateKey(pem, 'wrong'), 'KEY_BAD_PASSWORD');
    await expectCode(encryptPrivateKey(key.pkcs8, ''), 'KEY_PASSWORD_REQUIRED');
  });

  it('reads keys under the PKCS#12 PBE schemes with the same decryptor as PKCS#12 bags', async () => {
    expect.hasAssertions();
    const key = await generateKey({ kind: 'EC', curve: 'P-256' });
    const alg: PbeAlgorithm = { kind: 'pkcs12', cipher: '3des', salt: new Uint8Array(8).fill(7), iterations: 2048 };
    const enc = encryptedKeyInfo(alg, await pbeEncrypt(alg, 'right', key.pkcs8));
    expect(await decryptPrivateKey(enc, 'right')).toEqual(key.pkcs8);
    await expectCode(decryptPrivateKey(enc, 'wrong'), 'KEY_BAD_PASSWORD');
  });

  // The shared decryptor's codes are PKCS#12's; on a key file each becomes the key's code.
  const pbeFailures: Array<[string, PbeAlgorithm, Uint8Array, PkiErrorCode]> = [
    ['PBKDF2 past 10 million iterations', { kind: 'pbes2', prf: 'SHA-256', salt: new Uint8Array(16), iterations: 10_000_001, cipher: 'aes-256-cbc', iv: new Uint8Array(16) }, new Uint8Array(16), 'KEY_UNSUPPORTED'],
    ['the JS Appendix B KDF past 1 million', { kind: 'pkcs12', cipher: '3des', salt: new Uint8Array(8), iterations: 1_000_001 }, new Uint8Array(8), 'KEY_UNSUPPORTED'],
    ['PBKDF2 with HMAC-SHA-224 (not in WebCrypto)', { kind: 'pbes2', prf: 'SHA-224', salt: new Uint8Array(16), iterations: 1, cipher: 'aes-128-cbc', iv: new Uint8Array(16) }, new Uint8Array(16), 'KEY_UNSUPPORTED'],
    ['ciphertext not in whole blocks', { kind: 'pbes2', prf: 'SHA-256', salt: new Uint8Array(16), iterations: 1, cipher: 'aes-256-cbc', iv: new Uint8Array(16) }, new Uint8Array(15), 'DER_MALFORMED'],
    ['garbage under the right algorithm', { kind: 'pbes2', prf: 'SHA-256', salt: new Uint8Array(16), iterations: 1, cipher: 'aes-256-cbc', iv: new Uint8Array(16) }, new Uint8Array(32), 'KEY_BAD_PASSWORD'],
  ];
  it.each(pbeFailures)('encrypted PKCS#8: %s is coded for a key', async (_n, alg, cipherText, code) => {
    expect.hasAssertions();
    await expectCode(decryptPrivateKey(encryptedKeyInfo(alg, cipherText), 'pw'), code);
  });

  const bad: Array<[string, string | Uint8Array, PkiErrorCode]> = [
    ['legacy encrypted PEM', '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMIIB\n-----END RSA PRIVATE KEY-----\n', 'KEY_UNSUPPORTED'],
    ['certificate instead of key', encodePem('CERTIFICATE', new Uint8Array([0x30, 0])), 'PEM_WRONG_LABEL'],
    ['garbage DER', new Uint8Array([0x30, 0x03, 0x02, 0x01]), 'DER_MALFORMED'],
    ['other DER structure', new Uint8Array([0x30, 0x03, 0x01, 0x01, 0xff]), 'DER_WRONG_TYPE'],
    ['truncated PEM', '-----BEGIN PRIVATE KEY-----\nMIIB\n', 'PEM_UNTERMINATED'],
    ['PKCS#8 with junk inside', encodePem('PRIVATE KEY', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])), 'DER_MALFORMED'],
    ['OpenSSH key', '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n', 'KEY_UNSUPPORTED'],
    ['50 MB', new Uint8Array(50 * 1024 * 1024), 'INPUT_TOO_LARGE'],
    ['a Name (DER of another type)', Uint8Array.from([0x30, 0x0b, 0x31, 0x09, 0x30, 0x07, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x00]), 'DER_WRONG_TYPE'],
  ];
  it.each(bad)('refuses %s with a code', async (_n, input, code) => {
    expect.hasAssertions();
    await expectCode(parsePrivateKey(input), code);
  });

  it('throws only PkiErrors on corrupted keys (property)', async () => {
    expect.hasAssertions();
    const key = await generateKey({ kind: 'EC', curve: 'P-256' });
    const seeds = [key.pkcs8, decodePem(serializePrivateKeyPem(key, 'sec1'), ['EC PRIVATE KEY']).der,
      await encryptPrivateKey(key.pkcs8, 'pw', { iterations: 1 })];
    const corrupted = fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat())
      .map(([seed, i, b, cut]) => {
        const c = seed.slice(0, seed.length - (cut % 4 === 0 ? cut % seed.length : 0));
        c[i % c.length] = b;
        return c;
      });
    await fc.assert(fc.asyncProperty(corrupted, async (bytes) => {
      try {
        const k = await parsePrivateKey(bytes, 'pw');
        expect(k.pkcs8.length).toBeGreaterThan(0);
      } catch (e) {
        expect(isPkiError(e), String(e)).toBe(true);
      }
    }), { numRuns: 300 });
  });
});
