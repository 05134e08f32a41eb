/**
 * The block ciphers password-based encryption needs: 3DES-EDE-CBC (des.ts; WebCrypto has
 * no DES, pki-interop.md), for PKCS#12 "compatible" and legacy PKCS#8; AES-CBC through WebCrypto.
 * Invariant: every failure is a PkiError; on decryption a padding failure, the usual sign of a
 * wrong password, is PKCS12_BAD_PASSWORD (keys.ts re-codes it for key files).
 */
import { PkiError } from '../errors.ts';
import { toArrayBuffer } from '../pem.ts';
import { subtle } from '../webcrypto.ts';
import { prepareTripleDesKey, tripleDesCbcBlocks } from './des.ts';

/** 3DES-EDE in CBC mode with PKCS#7 padding (WebCrypto has no DES; see pki-interop.md). */
export function desEde3Cbc(mode: 'encrypt' | 'decrypt', key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (key.length !== 24 || iv.length !== 8) {
    throw new PkiError('CRYPTO_FAILED', `3DES-CBC: expected a 24-byte key and 8-byte IV, found ${key.length} and ${iv.length}`);
  }
  if (mode === 'decrypt' && (data.length === 0 || data.length % 8 !== 0)) {
    throw new PkiError('CRYPTO_FAILED', `3DES-CBC: expected ciphertext in whole 8-byte blocks, found ${data.length} bytes`);
  }
  let input = data;
  if (mode === 'encrypt') {
    const pad = 8 - (data.length % 8);
    input = new Uint8Array(data.length + pad);
    input.set(data);
    input.fill(pad, data.length);
  }
  const out = tripleDesCbcBlocks(mode, prepareTripleDesKey(key), iv, input);
  if (mode === 'encrypt') return out;
  const pad = out[out.length - 1]!;
  if (pad < 1 || pad > 8 || out.subarray(out.length - pad).some((b) => b !== pad)) {
    throw new PkiError('CRYPTO_FAILED', '3DES-CBC: expected PKCS#7 padding after decryption, found none (wrong key?)');
  }
  return out.slice(0, out.length - pad);
}

export async function aesCbc(op: 'encrypt' | 'decrypt', keyBytes: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  let key: CryptoKey;
  try {
    key = await subtle().importKey('raw', toArrayBuffer(keyBytes), 'AES-CBC', false, [op]);
  } catch (e) {
    throw new PkiError('PKCS12_UNSUPPORTED', `AES-CBC: this browser refused a ${keyBytes.length * 8}-bit key`, { cause: e });
  }
  try {
    return new Uint8Array(await subtle()[op]({ name: 'AES-CBC', iv: toArrayBuffer(iv) }, key, toArrayBuffer(data)));
  } catch (e) {
    // WebCrypto reports a bad PKCS#7 padding as OperationError: the key (password) was wrong.
    throw new PkiError('PKCS12_BAD_PASSWORD', 'AES-CBC decryption: expected valid padding, found garbage (wrong password?)', { cause: e });
  }
}

/** 3DES-EDE-CBC (desEde3Cbc); on decryption a padding failure, the sign of a wrong key, is PKCS12_BAD_PASSWORD. */
export function tripleDesCbc(op: 'encrypt' | 'decrypt', key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  try {
    return desEde3Cbc(op, key, iv, data);
  } catch (e) {
    if (op === 'encrypt') throw e;
    throw new PkiError('PKCS12_BAD_PASSWORD', '3DES-CBC decryption: expected valid padding, found garbage (wrong password?)', { cause: e });
  }
}

export function removePadding(data: Uint8Array, blockSize: number): Uint8Array {
  const pad = data[data.length - 1] ?? 0;
  let ok = pad >= 1 && pad <= blockSize && pad <= data.length;
  for (let i = 1; ok && i <= pad; i++) ok = data[data.length - i] === pad;
  if (!ok) throw new PkiError('PKCS12_BAD_PASSWORD', 'PBE decryption: expected valid padding, found garbage (wrong password?)');
  return data.subarray(0, data.length - pad);
}
