/**
 * Password-based encryption, the one implementation for PKCS#12 bags and encrypted PKCS#8 keys
 * (keys.ts): the algorithm (algorithm.ts) picks the key derivation (kdf.ts) and the cipher
 * (ciphers.ts, rc2.ts).
 * Invariant: every failure is a PkiError in PKCS#12's codes: PKCS12_UNSUPPORTED for an algorithm
 * we do not implement, PKCS12_MALFORMED for data that cannot be ciphertext, PKCS12_BAD_PASSWORD for
 * a padding failure.
 */
import { PkiError } from '../errors.ts';
import { concatBytes } from '../pem.ts';
import { PBES2_CIPHERS, PKCS12_CIPHERS, describePbeAlgorithm, unsupported, type PbeAlgorithm } from './algorithm.ts';
import { aesCbc, removePadding, tripleDesCbc } from './ciphers.ts';
import { PKCS12_KDF_ID, encodeBmpPassword, pbkdf2, pkcs12Kdf } from './kdf.ts';
import { rc2CbcDecrypt } from './rc2.ts';

/** Encrypts with `alg` (3DES PKCS#12 PBE or PBES2 AES/3DES). RC2 is read-only. */
export async function pbeEncrypt(alg: PbeAlgorithm, password: string, data: Uint8Array): Promise<Uint8Array> {
  if (alg.kind === 'pkcs12') {
    if (alg.cipher !== '3des') throw unsupported(`writing ${describePbeAlgorithm(alg)}`);
    const { key, iv } = pkcs12KeyIv(alg, encodeBmpPassword(password));
    return tripleDesCbc('encrypt', key, iv, data);
  }
  const key = await pbes2Key(alg, password);
  if (alg.cipher === 'des-ede3-cbc') return tripleDesCbc('encrypt', key, alg.iv, data);
  return aesCbc('encrypt', key, alg.iv, data);
}

/**
 * Decrypts with `alg`; a padding failure (the usual sign of a wrong password) is PKCS12_BAD_PASSWORD.
 * `bmpPassword` overrides the Appendix B password bytes (an empty password written as no bytes).
 */
export async function pbeDecrypt(alg: PbeAlgorithm, password: string, data: Uint8Array, bmpPassword?: Uint8Array): Promise<Uint8Array> {
  const blockSize = alg.kind === 'pbes2' && alg.cipher.startsWith('aes') ? 16 : 8;
  if (data.length === 0 || data.length % blockSize !== 0) {
    throw new PkiError('PKCS12_MALFORMED', `PBE decryption: expected a non-empty multiple of ${blockSize} bytes, found ${data.length}`);
  }
  if (alg.kind === 'pkcs12') {
    const { key, iv } = pkcs12KeyIv(alg, bmpPassword ?? encodeBmpPassword(password));
    if (alg.cipher === 'rc2-40' || alg.cipher === 'rc2-128') {
      return removePadding(rc2CbcDecrypt(key, alg.cipher === 'rc2-40' ? 40 : 128, iv, data), 8);
    }
    return tripleDesCbc('decrypt', alg.cipher === '2des' ? concatBytes(key, key.subarray(0, 8)) : key, iv, data);
  }
  const key = await pbes2Key(alg, password);
  if (alg.cipher === 'des-ede3-cbc') return tripleDesCbc('decrypt', key, alg.iv, data);
  return aesCbc('decrypt', key, alg.iv, data);
}

function pkcs12KeyIv(alg: Extract<PbeAlgorithm, { kind: 'pkcs12' }>, pw: Uint8Array): { key: Uint8Array; iv: Uint8Array } {
  const keyLength = PKCS12_CIPHERS[alg.cipher].keyLength;
  return {
    key: pkcs12Kdf('SHA-1', pw, alg.salt, PKCS12_KDF_ID.key, alg.iterations, keyLength),
    iv: pkcs12Kdf('SHA-1', pw, alg.salt, PKCS12_KDF_ID.iv, alg.iterations, 8),
  };
}

function pbes2Key(alg: Extract<PbeAlgorithm, { kind: 'pbes2' }>, password: string): Promise<Uint8Array> {
  return pbkdf2(alg.prf, password, alg.salt, alg.iterations, PBES2_CIPHERS[alg.cipher].keyLength);
}
