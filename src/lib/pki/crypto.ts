/**
 * Low-level helpers shared inside the PKI core: the WebCrypto handle (browser and Node 20 both
 * expose `globalThis.crypto`), pkijs engine setup, strict DER parsing into asn1js objects, and the
 * ciphers WebCrypto lacks (3DES-CBC via des.js, for PKCS#12 "compatible" and legacy PKCS#8).
 * Invariant: every failure leaves here as a PkiError with the original cause attached.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import * as des from 'des.js';
import { PkiError, assertInputSize } from './errors.ts';
import { concatBytes, toArrayBuffer } from './pem.ts';

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

/**
 * Most ASN.1 nodes (elements, embedded ones included) a certificate, key, CSR, name or PKCS#12 may
 * have. Real ones have a few hundred; asn1js spends 40-90 us per node, so its own limit of 200,000
 * let a 1 MB file of NULLs freeze the page for 19 s (issue 12).
 */
export const MAX_DER_NODES = 20_000;
/**
 * CRLs grow with their entries (4 to 7 nodes each): a 1 MiB CRL holds some 30,000 entries. Only
 * the CRL readers (crl.ts, and inspect's DER sniffing) allow this many.
 */
export const MAX_CRL_DER_NODES = 200_000;

/**
 * Parses one complete DER/BER value; trailing bytes, truncation or nesting deeper than real
 * PKI files need are DER_MALFORMED, naming `what` was being read; more than `maxNodes` nodes is
 * DER_TOO_COMPLEX, found by a counting walk over the bytes before asn1js builds a single object.
 *
 * Strict about lengths where asn1js is not: asn1js lets the last child of a definite-length
 * constructed value run past its parent's end and carries on from wherever the child stopped, so
 * `30 03 02 05 01 02 03 04 05` reads as a SEQUENCE holding a 5-byte INTEGER. A corrupted or
 * crafted length byte would then go unnoticed; here every definite-length constructed value must
 * be exactly filled by its children (X.690 §8.1.1). BER's indefinite lengths stay readable
 * (Windows and NSS write them in PKCS#12).
 */
export function parseDer(bytes: Uint8Array, what: string, maxNodes = MAX_DER_NODES): asn1js.AsnType {
  assertInputSize(bytes, what);
  const tooComplex = () => new PkiError('DER_TOO_COMPLEX', `${what}: expected at most ${maxNodes} ASN.1 elements, found more`);
  const counter = { nodes: 0, max: maxNodes };
  if (walkTlv(bytes, 0, bytes.length, 0, counter) === OVER_LIMIT) throw tooComplex();
  let parsed: ReturnType<typeof asn1js.fromBER>;
  try {
    parsed = asn1js.fromBER(toArrayBuffer(bytes), { maxDepth: MAX_DER_DEPTH, maxNodes });
  } catch (cause) {
    throw new PkiError('DER_MALFORMED', `${what}: expected DER, the ASN.1 decoder failed`, { cause });
  }
  if (parsed.result.error === ASN1JS_NODE_LIMIT) throw tooComplex();
  if (parsed.offset === -1 || parsed.result.error) {
    throw new PkiError('DER_MALFORMED', `${what}: expected DER, found undecodable bytes (${parsed.result.error || 'decode error'})`);
  }
  if (parsed.offset !== bytes.length) {
    throw new PkiError('DER_MALFORMED', `${what}: expected one DER value of ${parsed.offset} bytes, found ${bytes.length - parsed.offset} trailing bytes`);
  }
  assertChildrenFillParents(parsed.result, what);
  return parsed.result;
}

/** Whether `bytes` stays within `maxNodes` ASN.1 nodes, by the same counting walk (nothing is built). */
export function derNodesWithin(bytes: Uint8Array, maxNodes: number): boolean {
  return walkTlv(bytes, 0, bytes.length, 0, { nodes: 0, max: maxNodes }) !== OVER_LIMIT;
}

const MAX_DER_DEPTH = 64;
/** asn1js' error text when its maxNodes is passed (asn1js 4 parser.ts MAX_NODES_EXCEEDED_ERROR). */
const ASN1JS_NODE_LIMIT = 'Maximum ASN.1 node count exceeded';
const MALFORMED = -1;
const OVER_LIMIT = -2;

/**
 * Counts the nodes asn1js would build for the TLV at `pos` without building them: constructed
 * values are walked, and the contents of a primitive OCTET STRING or BIT STRING are walked too when
 * they hold one complete value, as asn1js parses such embedded values (its parseEmbedded option).
 * Returns the offset after the value, MALFORMED (asn1js reports the details) or OVER_LIMIT.
 */
function walkTlv(b: Uint8Array, pos: number, end: number, depth: number, counter: { nodes: number; max: number }): number {
  if (depth > MAX_DER_DEPTH || pos >= end) return MALFORMED;
  if (++counter.nodes > counter.max) return OVER_LIMIT;
  const tag = b[pos++]!;
  if ((tag & 0x1f) === 0x1f) {
    while (pos < end && b[pos]! & 0x80) pos++;
    pos++;
  }
  if (pos >= end) return MALFORMED;
  const first = b[pos++]!;
  const constructed = (tag & 0x20) !== 0;
  if (first === 0x80) {
    // Indefinite length (BER): children up to the end-of-contents octets 00 00.
    if (!constructed) return MALFORMED;
    while (pos + 1 < end && !(b[pos] === 0 && b[pos + 1] === 0)) {
      pos = walkTlv(b, pos, end, depth + 1, counter);
      if (pos < 0) return pos;
    }
    return pos + 1 < end ? pos + 2 : MALFORMED;
  }
  let length = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n > 4 || pos + n > end) return MALFORMED;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + b[pos++]!;
  }
  const stop = pos + length;
  if (stop > end) return MALFORMED;
  if (constructed) {
    while (pos < stop) {
      pos = walkTlv(b, pos, stop, depth + 1, counter);
      if (pos < 0) return pos;
    }
    return stop;
  }
  const embedded = tag === 0x04 ? pos : tag === 0x03 && length > 1 && b[pos] === 0 ? pos + 1 : -1;
  if (embedded >= 0 && embedded < stop && walkTlv(b, embedded, stop, depth + 1, counter) === OVER_LIMIT) return OVER_LIMIT;
  return stop;
}

function assertChildrenFillParents(root: asn1js.AsnType, what: string): void {
  const pending: asn1js.AsnType[] = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    const children = (node.valueBlock as { value?: unknown }).value;
    if (!node.idBlock.isConstructed || !Array.isArray(children)) continue;
    const nodes = children as asn1js.AsnType[];
    if (!node.lenBlock.isIndefiniteForm) {
      const filled = nodes.reduce((n, c) => n + c.blockLength, 0);
      if (filled !== node.lenBlock.length) {
        throw new PkiError('DER_MALFORMED', `${what}: expected contents of ${node.lenBlock.length} bytes, found ${filled} (a value runs past its parent)`);
      }
    }
    pending.push(...nodes);
  }
}

/** Runs an ASN.1 reading step; anything but a PkiError becomes DER_MALFORMED for `what`. */
export function readAsn1<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (cause) {
    if (cause instanceof PkiError) throw cause;
    throw new PkiError('DER_MALFORMED', `${what}: expected a different ASN.1 structure`, { cause });
  }
}

/** Structural asserts for hand-walking parsed ASN.1 (throws DER_MALFORMED naming the step). */
export function expectSequence(node: unknown, what: string): asn1js.AsnType[] {
  if (!(node instanceof asn1js.Sequence)) throw new PkiError('DER_MALFORMED', `${what}: expected a SEQUENCE`);
  return node.valueBlock.value;
}
export function expectSet(node: unknown, what: string): asn1js.AsnType[] {
  if (!(node instanceof asn1js.Set)) throw new PkiError('DER_MALFORMED', `${what}: expected a SET`);
  return node.valueBlock.value;
}
export function expectOid(node: unknown, what: string): string {
  if (!(node instanceof asn1js.ObjectIdentifier)) throw new PkiError('DER_MALFORMED', `${what}: expected an OBJECT IDENTIFIER`);
  return node.valueBlock.toString();
}
export function expectOctetString(node: unknown, what: string): Uint8Array {
  if (!(node instanceof asn1js.OctetString)) throw new PkiError('DER_MALFORMED', `${what}: expected an OCTET STRING`);
  // Constructed (BER) OCTET STRINGs: asn1js concatenates the pieces into valueHexView only for primitive ones.
  if (node.idBlock.isConstructed) return concatBytes(...node.valueBlock.value.map((p) => expectOctetString(p, what)));
  return node.valueBlock.valueHexView.slice();
}
export function expectInteger(node: unknown, what: string): asn1js.Integer {
  if (!(node instanceof asn1js.Integer)) throw new PkiError('DER_MALFORMED', `${what}: expected an INTEGER`);
  return node;
}
/** A small non-negative INTEGER (version numbers, iteration counts); huge ones are DER_MALFORMED. */
export function expectSmallInt(node: unknown, what: string): number {
  const i = expectInteger(node, what);
  const bytes = i.valueBlock.valueHexView;
  if (bytes.length > 6 || (bytes.length > 0 && bytes[0]! & 0x80)) {
    throw new PkiError('DER_MALFORMED', `${what}: expected a small non-negative INTEGER`);
  }
  let n = 0;
  for (const b of bytes) n = n * 256 + b;
  return n;
}

/** The DER bytes of a value we built (asn1js objects are encoded with definite lengths). */
export function derOf(node: asn1js.AsnType): Uint8Array {
  return new Uint8Array(node.toBER(false));
}

/** 3DES-EDE in CBC mode with PKCS#7 padding (WebCrypto has no DES; see pki-interop.md). */
export function desEde3Cbc(mode: 'encrypt' | 'decrypt', key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (key.length !== 24 || iv.length !== 8) {
    throw new PkiError('CRYPTO_FAILED', `3DES-CBC: expected a 24-byte key and 8-byte IV, found ${key.length} and ${iv.length}`);
  }
  if (mode === 'decrypt' && (data.length === 0 || data.length % 8 !== 0)) {
    throw new PkiError('CRYPTO_FAILED', `3DES-CBC: expected ciphertext in whole 8-byte blocks, found ${data.length} bytes`);
  }
  const cipher = des.CBC.instantiate(des.EDE).create({ type: mode, key: Array.from(key), iv: Array.from(iv), padding: false });
  let input = data;
  if (mode === 'encrypt') {
    const pad = 8 - (data.length % 8);
    input = new Uint8Array(data.length + pad);
    input.set(data);
    input.fill(pad, data.length);
  }
  const out = Uint8Array.from([...cipher.update(Array.from(input)), ...cipher.final()]);
  if (mode === 'encrypt') return out;
  const pad = out[out.length - 1]!;
  if (pad < 1 || pad > 8 || out.subarray(out.length - pad).some((b) => b !== pad)) {
    throw new PkiError('CRYPTO_FAILED', '3DES-CBC: expected PKCS#7 padding after decryption, found none (wrong key?)');
  }
  return out.slice(0, out.length - pad);
}
