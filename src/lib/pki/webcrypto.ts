/**
 * The WebCrypto handle (browser and Node 20 both expose `globalThis.crypto`) and the pkijs engine
 * every signing and verifying call in the PKI core goes through (SignatureEngine).
 * Invariant: every failure leaves as a PkiError with the original cause attached.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { expectInteger, expectOid, expectSequence, expectSmallInt } from './asn1.ts';
import { PkiError } from './errors.ts';
import { CURVE_OID, HASH_OID, KEY_ALGORITHM_OID, SIGNATURE_OID } from './oids.ts';

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

type SignatureHash = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/** The signature OID per key family and hash, as pkijs's CryptoEngine writes them (RFC 4055 5, RFC 5758 3.2). */
const SIGN_OID: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'RSASSA-PKCS1-V1_5': { 'SHA-1': SIGNATURE_OID.sha1WithRsa, 'SHA-256': SIGNATURE_OID.sha256WithRsa, 'SHA-384': SIGNATURE_OID.sha384WithRsa, 'SHA-512': SIGNATURE_OID.sha512WithRsa },
  ECDSA: { 'SHA-1': SIGNATURE_OID.ecdsaWithSha1, 'SHA-256': SIGNATURE_OID.ecdsaWithSha256, 'SHA-384': SIGNATURE_OID.ecdsaWithSha384, 'SHA-512': SIGNATURE_OID.ecdsaWithSha512 },
};

/** The hash each verifiable signature OID names: the set pkijs's CryptoEngine.getHashAlgorithm knows (RSA-PSS reads its parameters). */
export const SIGNATURE_HASH: ReadonlyMap<string, SignatureHash> = new Map<string, SignatureHash>(
  Object.values(SIGN_OID).flatMap((byHash) => Object.entries(byHash).map(([hash, oid]) => [oid, hash as SignatureHash])),
);
const HASH_BY_OID = new Map<string, SignatureHash>([[HASH_OID.sha1, 'SHA-1'], [HASH_OID.sha256, 'SHA-256'], [HASH_OID.sha384, 'SHA-384'], [HASH_OID.sha512, 'SHA-512']]);
/** The curves WebCrypto verifies on, with the byte size of r and s (pkijs ECNamedCurves). */
const CURVES = new Map<string, { name: string; size: number }>([
  [CURVE_OID['P-256'], { name: 'P-256', size: 32 }],
  [CURVE_OID['P-384'], { name: 'P-384', size: 48 }],
  [CURVE_OID['P-521'], { name: 'P-521', size: 66 }],
]);

/**
 * The three engine calls pkijs makes for what the PKI core does (Certificate, CertificationRequest
 * and CertificateRevocationList `sign`/`verify`, and crl.ts's own TBS signing), done on WebCrypto
 * the way pkijs's CryptoEngine does them, with one correction: an RSA PKCS#1 v1.5 signature
 * AlgorithmIdentifier carries NULL parameters (RFC 3279 2.2.1, RFC 4055 5: "MUST be present and
 * MUST be NULL"), as OpenSSL writes them; pkijs 4 leaves them absent. Certificates (outer and TBS
 * copy), CSRs and CRLs all take their identifier from here. ECDSA keeps none (RFC 5758 3.2).
 * Why not pkijs's CryptoEngine: it is ~23 KB minified of PKCS#12/CMS/PBES2 code the page never
 * runs, and the single-file build leaves it out (vite.config.ts pkijsNoDefaultEngine; issue 15
 * page size). Signing: RSASSA-PKCS1-v1_5 or ECDSA keys (all keys.ts makes); verifying: RSA
 * PKCS#1 v1.5, RSA-PSS and ECDSA on P-256/P-384/P-521 with SHA-1/256/384/512, as pkijs did.
 */
class SignatureEngine {
  readonly name = 'xmail';

  async getSignatureParameters(privateKey: CryptoKey, hashAlgorithm = 'SHA-1'): Promise<pkijs.CryptoEngineSignatureParams> {
    const family = privateKey.algorithm.name.toUpperCase();
    // An RSA key carries its hash, which wins over the argument (as in pkijs); an ECDSA key has none.
    const keyHash = 'hash' in privateKey.algorithm ? (privateKey.algorithm as RsaHashedKeyAlgorithm).hash.name : undefined;
    const hash = (keyHash ?? hashAlgorithm).toUpperCase();
    const algorithmId = SIGN_OID[family]?.[hash];
    if (!algorithmId) throw new Error(`sign: expected an RSASSA-PKCS1-v1_5 or ECDSA key and SHA-1/256/384/512, found ${privateKey.algorithm.name} and ${hash}`);
    const signatureAlgorithm = new pkijs.AlgorithmIdentifier(family === 'ECDSA' ? { algorithmId } : { algorithmId, algorithmParams: new asn1js.Null() });
    return { signatureAlgorithm, parameters: { algorithm: { name: privateKey.algorithm.name, hash: { name: hash } }, usages: ['sign'] } };
  }

  async signWithPrivateKey(data: BufferSource, privateKey: CryptoKey, parameters: pkijs.CryptoEngineSignWithPrivateKeyParams): Promise<ArrayBuffer> {
    const signature = await subtle().sign(parameters.algorithm as EcdsaParams, privateKey, data);
    // WebCrypto gives r || s; X.509 carries ECDSA-Sig-Value, a DER SEQUENCE of two INTEGERs (RFC 3279 2.2.3).
    return parameters.algorithm.name === 'ECDSA' ? pkijs.createCMSECDSASignature(signature) : signature;
  }

  async verifyWithPublicKey(
    data: BufferSource,
    signature: asn1js.BitString | asn1js.OctetString,
    publicKeyInfo: pkijs.PublicKeyInfo,
    signatureAlgorithm: pkijs.AlgorithmIdentifier,
  ): Promise<boolean> {
    const signatureOid = signatureAlgorithm.algorithmId;
    const pss = signatureOid === SIGNATURE_OID.rsassaPss ? pssParameters(signatureAlgorithm.algorithmParams) : undefined;
    const hash = pss ? HASH_BY_OID.get(pss.hashOid) : SIGNATURE_HASH.get(signatureOid);
    if (!hash) throw new Error(`verify: expected a signature algorithm with SHA-1/256/384/512, found ${signatureOid}`);
    const keyOid = publicKeyInfo.algorithm.algorithmId;
    const spki = publicKeyInfo.toSchema().toBER(false);
    let value: BufferSource = signature.valueBlock.valueHexView.slice();
    let key: CryptoKey;
    let algorithm: RsaPssParams | EcdsaParams | Algorithm;
    if (pss) {
      key = await subtle().importKey('spki', spki, { name: 'RSA-PSS', hash }, false, ['verify']);
      algorithm = { name: 'RSA-PSS', saltLength: pss.saltLength };
    } else if (keyOid === KEY_ALGORITHM_OID.rsaEncryption) {
      key = await subtle().importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['verify']);
      algorithm = { name: 'RSASSA-PKCS1-v1_5' };
    } else if (keyOid === KEY_ALGORITHM_OID.ecPublicKey) {
      const params = publicKeyInfo.algorithm.algorithmParams;
      const curve = params instanceof asn1js.ObjectIdentifier ? CURVES.get(params.valueBlock.toString()) : undefined;
      if (!curve) throw new Error('verify: expected an ECDSA key on P-256, P-384 or P-521 (a named curve)');
      key = await subtle().importKey('spki', spki, { name: 'ECDSA', namedCurve: curve.name }, false, ['verify']);
      const sequence = asn1js.fromBER(value);
      if (sequence.offset === -1) throw new Error('verify: expected a DER ECDSA-Sig-Value, found none');
      value = pkijs.createECDSASignatureFromCMS(sequence.result, curve.size);
      algorithm = { name: 'ECDSA', hash } as EcdsaParams;
    } else {
      throw new Error(`verify: expected an RSA or ECDSA public key, found ${keyOid}`);
    }
    return subtle().verify(algorithm, key, value, data);
  }
}

/**
 * The hash and salt length an RSA-PSS signature names (RSASSA-PSS-params, RFC 4055 3.1:
 * hashAlgorithm [0] DEFAULT SHA-1, maskGenAlgorithm [1], saltLength [2] DEFAULT 20, trailerField [3],
 * each optional, in that order). The mask generation is read past, as pkijs's engine did: WebCrypto's
 * RSA-PSS runs MGF1 with the signature's hash. Ours, not pkijs.RSASSAPSSParams: that class was
 * ~1.6 KB gzip of the page for this one read (issue 15 page size). Anything else throws, and the
 * signature does not verify (the callers read a throw as false).
 */
function pssParameters(params: unknown): { hashOid: string; saltLength: number } {
  const what = 'RSASSA-PSS-params';
  const found: { hashOid: string; saltLength: number } = { hashOid: HASH_OID.sha1, saltLength: 20 };
  let previous = -1;
  for (const field of expectSequence(params, what)) {
    const { tagClass, tagNumber } = field.idBlock;
    const inner = field instanceof asn1js.Constructed && field.valueBlock.value.length === 1 ? field.valueBlock.value[0] : undefined;
    if (tagClass !== 3 || tagNumber <= previous || tagNumber > 3 || !inner) throw new PkiError('DER_MALFORMED', `${what}: expected the fields [0] to [3] in order`);
    previous = tagNumber;
    if (tagNumber < 2) {
      const oid = expectOid(expectSequence(inner, `${what} [${tagNumber}]`)[0], `${what} [${tagNumber}]`);
      if (tagNumber === 0) found.hashOid = oid;
    } else if (tagNumber === 2) found.saltLength = expectSmallInt(inner, `${what} saltLength`);
    else expectInteger(inner, `${what} trailerField`);
  }
  return found;
}

let engineReady = false;
/**
 * Points pkijs at SignatureEngine once; every module that calls pkijs crypto does this first. pkijs
 * types its engine as the whole ICryptoEngine (SubtleCrypto and ~20 more methods); it calls only
 * the three above for what we do (signature-engine.test.ts runs every such call through it).
 */
export function ensurePkijsEngine(): void {
  if (engineReady) return;
  pkijs.setEngine('xmail', new SignatureEngine() as unknown as pkijs.ICryptoEngine);
  engineReady = true;
}
