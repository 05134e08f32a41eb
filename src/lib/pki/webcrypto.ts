/**
 * The WebCrypto handle (browser and Node 20 both expose `globalThis.crypto`) and the pkijs engine
 * every signing and verifying call in the PKI core goes through.
 * Invariant: every failure leaves as a PkiError with the original cause attached.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PkiError } from './errors.ts';

export function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new PkiError('CRYPTO_FAILED', 'WebCrypto: expected globalThis.crypto.subtle (a secure context), found none');
  return s;
}

export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  globalThis.crypto.getRandomValues(out);
  return out;
}

/**
 * pkijs's engine with one correction: an RSA PKCS#1 v1.5 signature AlgorithmIdentifier carries
 * NULL parameters (RFC 3279 2.2.1, RFC 4055 5: "MUST be present and MUST be NULL"), as OpenSSL
 * writes them; pkijs 4 leaves them absent. Certificates (outer and TBS copy), CSRs and CRLs all
 * take their identifier from here. ECDSA keeps none (RFC 5758 3.2).
 */
class ConformantEngine extends pkijs.CryptoEngine {
  override async getSignatureParameters(privateKey: CryptoKey, hashAlgorithm?: string): Promise<pkijs.CryptoEngineSignatureParams> {
    const result = await super.getSignatureParameters(privateKey, hashAlgorithm);
    if (privateKey.algorithm.name.toUpperCase() === 'RSASSA-PKCS1-V1_5') result.signatureAlgorithm.algorithmParams = new asn1js.Null();
    return result;
  }
}

let engineReady = false;
/** Points pkijs at this realm's WebCrypto once; every module that calls pkijs crypto does this first. */
export function ensurePkijsEngine(): void {
  if (engineReady) return;
  pkijs.setEngine('webcrypto', new ConformantEngine({ name: 'webcrypto', crypto: globalThis.crypto }));
  engineReady = true;
}
