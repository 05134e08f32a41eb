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

let engineReady = false;
/** Points pkijs at this realm's WebCrypto once; every module that calls pkijs crypto does this first. */
export function ensurePkijsEngine(): void {
  if (engineReady) return;
  pkijs.setEngine('webcrypto', new pkijs.CryptoEngine({ name: 'webcrypto', crypto: globalThis.crypto }));
  engineReady = true;
}

/**
 * Parses one complete DER/BER value; trailing bytes, truncation or nesting deeper than real
 * PKI files need are DER_MALFORMED, naming `what` was being read.
 *
 * Strict about lengths where asn1js is not: asn1js lets the last child of a definite-length
 * constructed value run past its parent's end and carries on from wherever the child stopped, so
 * `30 03 02 05 01 02 03 04 05` reads as a SEQUENCE holding a 5-byte INTEGER. A corrupted or
 * crafted length byte would then go unnoticed; here every definite-length constructed value must
 * be exactly filled by its children (X.690 §8.1.1). BER's indefinite lengths stay readable
 * (Windows and NSS write them in PKCS#12).
 */
export function parseDer(bytes: Uint8Array, what: string): asn1js.AsnType {
  assertInputSize(bytes, what);
  let parsed: ReturnType<typeof asn1js.fromBER>;
  try {
    parsed = asn1js.fromBER(toArrayBuffer(bytes), { maxDepth: MAX_DER_DEPTH, maxNodes: 200_000 });
  } catch (cause) {
    throw new PkiError('DER_MALFORMED', `${what}: expected DER, the ASN.1 decoder failed`, { cause });
  }
  if (parsed.offset === -1 || parsed.result.error) {
    throw new PkiError('DER_MALFORMED', `${what}: expected DER, found undecodable bytes (${parsed.result.error || 'decode error'})`);
  }
  if (parsed.offset !== bytes.length) {
    throw new PkiError('DER_MALFORMED', `${what}: expected one DER value of ${parsed.offset} bytes, found ${bytes.length - parsed.offset} trailing bytes`);
  }
  assertChildrenFillParents(parsed.result, what);
  return parsed.result;
}

const MAX_DER_DEPTH = 64;

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
