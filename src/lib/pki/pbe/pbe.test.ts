import * as asn1js from 'asn1js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derOf, parseDer } from '../asn1.ts';
import { isPkiError } from '../errors.ts';
import { encodeBmpPassword, encodePbeAlgorithm, parsePbeAlgorithm, pbeDecrypt, pbeEncrypt, pkcs12Kdf, type PbeAlgorithm } from './index.ts';
import { rc2CbcDecrypt } from './rc2.ts';
import { fromHex, toHex } from '../pem.ts';
import { PKCS12_PBE_OID } from '../oids.ts';

describe('RFC 7292 Appendix B key derivation', () => {
  // The first two rows are the published vectors of OpenSSL's test/recipes/30-test_evp_data/evpkdf_pkcs12.txt
  // (also Bouncy Castle's PKCS12Test); the others were produced with
  // `openssl kdf -keylen N -kdfopt digest:D -kdfopt hexpass:<BMP> -kdfopt hexsalt:S -kdfopt id:I -kdfopt iter:C PKCS12KDF`.
  const vectors: Array<{ hash: 'SHA-1' | 'SHA-256'; password: string; salt: string; id: number; iterations: number; out: string }> = [
    { hash: 'SHA-1', password: 'smeg', salt: '0A58CF64530D823F', id: 1, iterations: 1, out: '8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3' },
    { hash: 'SHA-1', password: 'smeg', salt: '0A58CF64530D823F', id: 2, iterations: 1, out: '79993DFE048D3B76' },
    {
      hash: 'SHA-1', password: 'smeg', salt: '0A58CF64530D823F', id: 1, iterations: 1000,
      out: '65A0185313E1BE626A62223EDC56A602E45D07570BD6C4473ED445ECB448CFE70904695806C29D709DD015FC4D2234080CBFA8E6C9F0158C782E0EDD95339D4A',
    },
    { hash: 'SHA-256', password: 'pässwörd', salt: '0102030405060708', id: 1, iterations: 2048, out: 'C241B3A528E7B683AEBBE2160B9D163E20EECC65334C31F26991DA345021F7A7' },
    { hash: 'SHA-256', password: 'pässwörd', salt: '0102030405060708', id: 2, iterations: 2048, out: '641B6D48ED743506B6DE55D57C3B796CE395DF88132889E93C11B145833F6E7C' },
    { hash: 'SHA-256', password: 'pässwörd', salt: '0102030405060708', id: 3, iterations: 2048, out: 'E6B828F453A9AB94CD0758276707633A40F842A536B0B6CB4E5C164888F79E0B' },
  ];
  it.each(vectors)('$hash id $id, $iterations iterations, $password', (v) => {
    expect.hasAssertions();
    const out = pkcs12Kdf(v.hash, encodeBmpPassword(v.password), fromHex(v.salt), v.id, v.iterations, v.out.length / 2);
    expect(toHex(out).toUpperCase()).toBe(v.out);
  });

  it('encodes the password as big-endian BMPString with a 2-byte terminator', () => {
    expect.hasAssertions();
    expect(toHex(encodeBmpPassword('aé'))).toBe('006100e90000');
    expect(toHex(encodeBmpPassword(''))).toBe('0000');
  });
});

describe('RC2 (RFC 2268)', () => {
  // RFC 2268 §5 test vectors: [key, effective bits, plaintext, ciphertext]
  const vectors: Array<[string, number, string, string]> = [
    ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
    ['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
    ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
    ['88', 64, '0000000000000000', '61a8a244adacccf0'],
    ['88bca90e90875a', 64, '0000000000000000', '6ccf4308974c267f'],
    ['88bca90e90875a7f0f79c384627bafb2', 64, '0000000000000000', '1a807d272bbe5db1'],
    ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
  ];
  it.each(vectors)('key %s, %i effective bits', (key, bits, plain, cipher) => {
    expect.hasAssertions();
    // one CBC block with a zero IV is one ECB decryption
    expect(toHex(rc2CbcDecrypt(fromHex(key), bits, new Uint8Array(8), fromHex(cipher)))).toBe(plain);
  });
});

describe('PBE encryption', () => {
  const algorithms: PbeAlgorithm[] = [
    { kind: 'pkcs12', cipher: '3des', salt: fromHex('0102030405060708'), iterations: 2048 },
    { kind: 'pbes2', prf: 'SHA-256', salt: new Uint8Array(16).fill(9), iterations: 2048, cipher: 'aes-256-cbc', iv: new Uint8Array(16).fill(3) },
    { kind: 'pbes2', prf: 'SHA-1', salt: new Uint8Array(8).fill(9), iterations: 10, cipher: 'des-ede3-cbc', iv: new Uint8Array(8).fill(3) },
  ];

  it.each(algorithms.map((a) => [a.kind === 'pkcs12' ? a.cipher : a.cipher, a] as const))('%s: AlgorithmIdentifier and data round-trip', async (_name, alg) => {
    expect.hasAssertions();
    expect(parsePbeAlgorithm(parseDer(derOf(encodePbeAlgorithm(alg)), 'alg'))).toEqual(alg);
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 70 }), async (data) => {
      const sealed = await pbeEncrypt(alg, 'pw', data);
      expect(sealed.length % (alg.kind === 'pbes2' && alg.cipher.startsWith('aes') ? 16 : 8)).toBe(0);
      expect(await pbeDecrypt(alg, 'pw', sealed)).toEqual(data);
    }), { numRuns: 20 });
  });

  it('reports a wrong password as PKCS12_BAD_PASSWORD (or, rarely, garbage that happens to pad right)', async () => {
    expect.hasAssertions();
    const data = new TextEncoder().encode('a private key, more or less');
    let refused = 0;
    for (const alg of algorithms) {
      for (let i = 0; i < 4; i++) {
        const sealed = await pbeEncrypt(alg, 'right', data);
        const result = await pbeDecrypt(alg, `wrong${i}`, sealed).then((r) => r, (e: unknown) => e);
        if (isPkiError(result, 'PKCS12_BAD_PASSWORD')) refused++;
        else expect(result).not.toEqual(data);
      }
    }
    expect(refused).toBeGreaterThan(6);
  });

  it.each([
    ['RC4', rc4Algorithm()],
    ['2 million iterations', encodePbeAlgorithm({ kind: 'pkcs12', cipher: '3des', salt: new Uint8Array(8), iterations: 2_000_000 })],
  ])('refuses %s with PKCS12_UNSUPPORTED', (_name, node) => {
    expect.hasAssertions();
    let code: string | undefined;
    try {
      parsePbeAlgorithm(parseDer(derOf(node), 'alg'));
    } catch (e) {
      code = isPkiError(e) ? e.code : 'not a PkiError';
    }
    expect(code).toBe('PKCS12_UNSUPPORTED');
  });
});

function rc4Algorithm(): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: PKCS12_PBE_OID.pbeWithShaAnd128BitRc4 }),
      new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: new Uint8Array(8).buffer }), new asn1js.Integer({ value: 2048 })] }),
    ],
  });
}
