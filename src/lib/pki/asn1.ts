/**
 * ASN.1 for the PKI core, reading and writing: strict DER parsing into asn1js objects (node-count
 * walk first, children must fill their parents), the structural walkers that name the step that
 * failed, and the small DER writers (tag + length, SEQUENCE, SET OF in sorted order) used where
 * bytes are written directly instead of through pkijs objects.
 * Invariants: every reading failure leaves as a PkiError (DER_MALFORMED, DER_TOO_COMPLEX) naming
 * what was being read; everything written is DER (definite lengths, X.690 §10/§11).
 */
import * as asn1js from 'asn1js';
import { PkiError, assertInputSize } from './errors.ts';
import { concatBytes, toArrayBuffer } from './pem.ts';

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

/**
 * The elements inside one constructed DER value, as subarrays of `bytes`, read straight from the
 * tags and lengths: no asn1js objects (those cost ~1 ms a certificate; issue 15 item 2). DER only:
 * an indefinite length, a high tag number, a length past its parent or trailing bytes is
 * DER_MALFORMED naming `what`. For locating fields in structures we wrote or already accepted.
 */
export function derChildren(bytes: Uint8Array, what: string): Uint8Array[] {
  const outer = readTlv(bytes, 0, bytes.length, what);
  if (outer.end !== bytes.length || !(bytes[0]! & 0x20)) {
    throw new PkiError('DER_MALFORMED', `${what}: expected one constructed DER value filling ${bytes.length} bytes`);
  }
  const children: Uint8Array[] = [];
  for (let pos = outer.contentStart; pos < outer.end; ) {
    const end = readTlv(bytes, pos, outer.end, what).end;
    children.push(bytes.subarray(pos, end));
    pos = end;
  }
  return children;
}

/** One DER header at `pos` (berElement's reading, definite lengths only), or DER_MALFORMED naming `what`. */
function readTlv(b: Uint8Array, pos: number, end: number, what: string): { contentStart: number; end: number } {
  const el = berElement(b, pos, end);
  if (!el || el.contentEnd !== el.end) throw new PkiError('DER_MALFORMED', `${what}: expected DER, found a bad tag or length at byte ${pos}`);
  return { contentStart: el.contentStart, end: el.end };
}

/**
 * Where one BER element lies in `b` (tag byte, contents, end), read from its tag and length only:
 * nothing is built. Definite and indefinite lengths (the children are walked to the end-of-contents
 * octets); undefined for anything else (a high tag number, a length past `end`, a bad length):
 * callers then read the bytes with asn1js (parseDer), which names the problem. `canonical` is true
 * when the length is definite and in its shortest form, so the element's bytes are what asn1js
 * writes back for it (derOf) as far as its header goes.
 */
export interface BerElement {
  tag: number;
  start: number;
  contentStart: number;
  contentEnd: number;
  end: number;
  canonical: boolean;
}

export function berElement(b: Uint8Array, pos: number, end: number, depth = 0): BerElement | undefined {
  if (depth > MAX_DER_DEPTH || pos + 2 > end) return undefined;
  const tag = b[pos]!;
  if ((tag & 0x1f) === 0x1f) return undefined;
  let p = pos + 1;
  const first = b[p++]!;
  if (first === 0x80) {
    if (!(tag & 0x20)) return undefined;
    for (let q = p; ; ) {
      if (q + 2 > end) return undefined;
      if (b[q] === 0 && b[q + 1] === 0) return { tag, start: pos, contentStart: p, contentEnd: q, end: q + 2, canonical: false };
      const child = berElement(b, q, end, depth + 1);
      if (!child) return undefined;
      q = child.end;
    }
  }
  let length = first;
  let canonical = true;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n > 4 || p + n > end) return undefined;
    canonical = b[p] !== 0;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + b[p++]!;
    canonical &&= length >= 0x80;
  }
  if (p + length > end) return undefined;
  return { tag, start: pos, contentStart: p, contentEnd: p + length, end: p + length, canonical };
}

/** The elements inside a constructed element, in order; undefined when they do not exactly fill it. */
export function berChildren(b: Uint8Array, parent: BerElement): BerElement[] | undefined {
  const out: BerElement[] = [];
  for (let pos = parent.contentStart; pos < parent.contentEnd; ) {
    const child = berElement(b, pos, parent.contentEnd);
    if (!child) return undefined;
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** Whether every length in the element, at every depth, is definite and shortest (DER's lengths). */
export function berCanonical(b: Uint8Array, el: BerElement, depth = 0): boolean {
  if (!el.canonical || depth > MAX_DER_DEPTH) return false;
  if (!(el.tag & 0x20)) return true;
  const children = berChildren(b, el);
  return children !== undefined && children.every((c) => berCanonical(b, c, depth + 1));
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

// ---------------------------------------------------------------------------------------------
// Writing

/** The DER bytes of a value we built (asn1js objects are encoded with definite lengths). */
export function derOf(node: asn1js.AsnType): Uint8Array {
  return new Uint8Array(node.toBER(false));
}

/** Identifier octet and definite length (X.690 8.1.3: short form below 128, long form above). */
export function tagAndLength(tag: number, length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(tag, length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.of(tag, 0x80 | bytes.length, ...bytes);
}

/** `tag` + length + the already DER-encoded parts. */
export function derTlv(tag: number, parts: readonly Uint8Array[]): Uint8Array {
  // One buffer, one copy of each part (a CRL's TBS is ~4.7 MB at 100,000 entries; issue 15).
  let length = 0;
  for (const p of parts) length += p.length;
  const header = tagAndLength(tag, length);
  const out = new Uint8Array(header.length + length);
  out.set(header, 0);
  let at = header.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** SEQUENCE { parts } from already DER-encoded parts. */
export function derSequenceOf(parts: readonly Uint8Array[]): Uint8Array {
  return derTlv(0x30, parts);
}

/** DER order of SET OF elements: by their encodings, as octet strings (X.690 §11.6). */
export function compareDer(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** SET OF from already DER-encoded elements, sorted (X.690 §11.6), as OpenSSL's i2d writes it. */
export function derSetOf(elements: readonly Uint8Array[]): Uint8Array {
  return derTlv(0x31, [...elements].sort(compareDer));
}

/** The same SET OF as an asn1js node, for structures still built from asn1js objects. */
export function setOf(items: readonly asn1js.AsnType[]): asn1js.Set {
  const encoded = items.map((item) => ({ item, der: derOf(item) }));
  encoded.sort((a, b) => compareDer(a.der, b.der));
  return new asn1js.Set({ value: encoded.map((e) => e.item) });
}

/** asn1js builders for the shapes PKCS#8, PBE parameters and PKCS#12 repeat. */
export const oidNode = (value: string) => new asn1js.ObjectIdentifier({ value });
export const octetsNode = (bytes: Uint8Array) => new asn1js.OctetString({ valueHex: toArrayBuffer(bytes) });
export const intNode = (value: number) => new asn1js.Integer({ value });
export const explicit0 = (inner: asn1js.AsnType) => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [inner] });
