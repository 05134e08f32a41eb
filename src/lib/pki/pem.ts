/**
 * The project's one PEM/DER/base64 codec (RFC 7468).
 * Output is strict: 64-column base64, LF line ends, one trailing LF.
 * Input is tolerant: CRLF or LF, blank lines, text before/after/between blocks (as `openssl x509
 * -text` leaves it), several blocks. Anything that looks like PEM but is broken is a PkiError.
 */
import { PkiError, assertInputSize } from './errors.ts';

export interface PemBlock {
  label: string;
  der: Uint8Array;
  /** RFC 1421 headers (Proc-Type, DEK-Info) of legacy encrypted keys, if any. */
  headers: Record<string, string>;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
  return t;
})();

export function encodeBase64(bytes: Uint8Array): string {
  return ASCII.decode(base64Ascii(bytes, 0));
}

const B64_CODES = Uint8Array.from(B64, (c) => c.charCodeAt(0));
const ASCII = new TextDecoder();

/**
 * Base64 of `bytes` written as ASCII codes into one array, with a LF after every `lineLength`
 * characters and after the last line (none when `lineLength` is 0). Why bytes, not a string built
 * by `+=`: a CRL of 100,000 entries is 4.7 MB, and its PEM (6.4 MB) built character by character
 * and then sliced into lines was one 0.3-4 s task (issue 15 item 4's CRL row); this is one pass.
 */
function base64Ascii(bytes: Uint8Array, lineLength: 0 | 64): Uint8Array {
  const groups = Math.ceil(bytes.length / 3);
  const groupsPerLine = lineLength / 4;
  const out = new Uint8Array(groups * 4 + (lineLength > 0 ? Math.ceil(groups / groupsPerLine) : 0));
  const codes = B64_CODES;
  let o = 0;
  let inLine = 0;
  let i = 0;
  for (let g = 0; g < groups; g++, i += 3) {
    const left = bytes.length - i;
    const n = (bytes[i]! << 16) | (left > 1 ? bytes[i + 1]! << 8 : 0) | (left > 2 ? bytes[i + 2]! : 0);
    out[o] = codes[(n >> 18) & 63]!;
    out[o + 1] = codes[(n >> 12) & 63]!;
    out[o + 2] = left > 1 ? codes[(n >> 6) & 63]! : 0x3d;
    out[o + 3] = left > 2 ? codes[n & 63]! : 0x3d;
    o += 4;
    if (groupsPerLine > 0 && ++inLine === groupsPerLine) {
      out[o++] = 0x0a;
      inLine = 0;
    }
  }
  if (inLine > 0) out[o] = 0x0a;
  return out;
}

/** Decodes base64, ignoring ASCII whitespace; throws PEM_BAD_BASE64 on any other stray character or bad padding. */
export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/[\t\n\r ]/g, '');
  if (clean.length % 4 !== 0) {
    throw new PkiError('PEM_BAD_BASE64', `base64: expected a length that is a multiple of 4, found ${clean.length}`);
  }
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((clean.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = clean.charCodeAt(i + j);
      const isPad = c === 61 && i + 4 === clean.length && j >= 4 - pad;
      const v = isPad ? 0 : c < 128 ? B64_INDEX[c]! : -1;
      if (v < 0) {
        throw new PkiError('PEM_BAD_BASE64', `base64: unexpected character ${JSON.stringify(clean[i + j])} at offset ${i + j}`);
      }
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** Serializes one PEM block: 64 columns, LF. */
export function encodePem(label: string, der: Uint8Array): string {
  return `-----BEGIN ${label}-----\n${ASCII.decode(base64Ascii(der, 64))}-----END ${label}-----\n`;
}

const BEGIN_RE = /-----BEGIN ([A-Z0-9 #]+)-----/g;

/** Finds every PEM block in `text`. Returns [] when there is none (the input may be DER). */
export function decodePemBlocks(text: string): PemBlock[] {
  assertInputSize(text, 'PEM text');
  const blocks: PemBlock[] = [];
  BEGIN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BEGIN_RE.exec(text)) !== null) {
    const label = m[1]!;
    const bodyStart = m.index + m[0].length;
    const endMarker = `-----END ${label}-----`;
    const end = text.indexOf(endMarker, bodyStart);
    if (end < 0) {
      throw new PkiError('PEM_UNTERMINATED', `PEM: expected "${endMarker}" after "-----BEGIN ${label}-----", found end of text`);
    }
    const nested = text.indexOf('-----BEGIN ', bodyStart);
    if (nested >= 0 && nested < end) {
      throw new PkiError('PEM_UNTERMINATED', `PEM: expected "${endMarker}" before the next BEGIN line`);
    }
    const headers: Record<string, string> = {};
    const bodyLines: string[] = [];
    for (const raw of text.slice(bodyStart, end).split(/\r?\n|\r/)) {
      const line = raw.trim();
      if (!line) continue;
      const h = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (h && bodyLines.length === 0) headers[h[1]!] = h[2]!;
      else bodyLines.push(line);
    }
    const der = decodeBase64(bodyLines.join(''));
    if (der.length === 0) throw new PkiError('PEM_BAD_BASE64', `PEM: block "${label}" is empty`);
    blocks.push({ label, der, headers });
    BEGIN_RE.lastIndex = end + endMarker.length;
  }
  return blocks;
}

/** Exactly one block with one of the given labels; the first matching one if several. */
export function decodePem(text: string, labels: readonly string[]): PemBlock {
  const blocks = decodePemBlocks(text);
  if (blocks.length === 0) throw new PkiError('PEM_NO_BLOCK', `PEM: expected a "-----BEGIN ${labels.join('/')}-----" block, found none`);
  const hit = blocks.find((b) => labels.includes(b.label));
  if (!hit) {
    throw new PkiError('PEM_WRONG_LABEL', `PEM: expected ${labels.join(' or ')}, found ${blocks.map((b) => b.label).join(', ')}`);
  }
  return hit;
}

/**
 * Accepts what a user drops: PEM text (any blocks) or raw DER/BER bytes.
 * Returns the blocks; DER input becomes one block labelled '' (the caller decides its type).
 */
export function decodePemOrDer(input: Uint8Array | string): PemBlock[] {
  assertInputSize(input, 'input');
  if (typeof input === 'string') return nonEmpty(decodePemBlocks(input));
  if (input.length > 0 && input[0] === 0x30) return [{ label: '', der: input, headers: {} }];
  const text = new TextDecoder('utf-8', { fatal: false }).decode(input);
  return nonEmpty(decodePemBlocks(text));
}

function nonEmpty(blocks: PemBlock[]): PemBlock[] {
  if (blocks.length === 0) throw new PkiError('PEM_NO_BLOCK', 'input: expected PEM blocks or DER bytes, found neither');
  return blocks;
}

/** Bytes helpers shared by the whole core (one place, not one per module). */
export function toHex(bytes: Uint8Array, sep = ''): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(sep);
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '');
  const out = new Uint8Array(clean.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/**
 * An ArrayBuffer holding exactly these bytes (pkijs/asn1js and WebCrypto want ArrayBuffer).
 * The copy goes through Uint8Array.prototype.slice: a Node Buffer's own `slice` is a view of its
 * shared 8 kB pool, so `buffer.slice().buffer` would hand the decoder the neighbours' bytes.
 */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.byteLength === bytes.byteLength && bytes.byteOffset === 0 && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : (Uint8Array.prototype.slice.call(bytes).buffer as ArrayBuffer);
}
