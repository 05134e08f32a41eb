/**
 * The revokedCertificates list of our CRLs (RFC 5280 5.1.2.6), written straight to DER bytes.
 *
 * Why not pkijs here: a `RevokedCertificate` object per entry (Integer, Time, Extensions) encoded
 * by asn1js made a 10,000-entry CRL one ~1.7 s main-thread task (issue 7 bench). Every entry has
 * the same small shape, so it is written directly, and the encoder lets the event loop run between
 * chunks so a page stays responsive while a large CRL is made.
 *
 * Invariant: the bytes equal what `pkijs.RevokedCertificate#toSchema().toBER()` writes for the same
 * entry (crl-entries.test.ts compares them):
 *   SEQUENCE { userCertificate INTEGER (minimal, 00 before a set high bit, X.690 8.3.2),
 *              revocationDate Time (as createTime picks it: UTCTime through 2049, GeneralizedTime
 *              from 2050, whole seconds, "Z"; RFC 5280 5.1.2.6 / 4.1.2.5),
 *              crlEntryExtensions { reasonCode, non-critical } only when a reason is given }
 * A non-critical extension omits `critical` (DEFAULT FALSE must not be encoded in DER, X.690 11.5).
 */
import { tagAndLength } from './asn1.ts';
import { PkiError } from './errors.ts';
import { normalizeSerialHex } from './serial.ts';
import { nextMacrotask } from '../time.ts';

/** CRLReason codes (RFC 5280 5.3.1); value 7 is unused, removeFromCRL only belongs in delta CRLs. */
export const REVOCATION_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;
export type RevocationReason = keyof typeof REVOCATION_REASONS;

export interface RevokedEntry {
  serialHex: string;
  revokedAt: Date;
  reason?: RevocationReason;
}

export interface EncodeRevokedListOptions {
  /** Entries written between two yields to the event loop (default 5,000: a few ms of work). */
  chunkSize?: number;
  /** Called between chunks; default: a macrotask (scheduler.yield where the browser has it). */
  yieldToLoop?: () => Promise<void>;
}

/**
 * `SEQUENCE OF RevokedCertificate` as DER; entries in the order given.
 * Written into one buffer, entry by entry (issue 15: at 100,000 entries the array per entry, the
 * per-byte hex parsing and the time text per entry cost 454 ms with the signature); entries revoked
 * in the same second (revoke-all writes one time for all) share their encoded time.
 */
export async function encodeRevokedList(entries: readonly RevokedEntry[], options: EncodeRevokedListOptions = {}): Promise<Uint8Array> {
  const chunkSize = Math.max(1, options.chunkSize ?? 5000);
  const yieldToLoop = options.yieldToLoop ?? nextMacrotask;
  const writer = new DerWriter(HEADER_ROOM + entries.length * 48);
  writer.at = HEADER_ROOM;
  const times = new TimeCache();
  for (let i = 0; i < entries.length; i++) {
    if (i > 0 && i % chunkSize === 0) await yieldToLoop();
    writeRevokedEntry(writer, entries[i]!, times);
  }
  const total = writer.at - HEADER_ROOM;
  const header = tagAndLength(0x30, total);
  const start = HEADER_ROOM - header.length;
  writer.bytes.set(header, start);
  return writer.bytes.subarray(start, writer.at);
}

/** One `RevokedCertificate` SEQUENCE. */
export function encodeRevokedEntry(entry: RevokedEntry): Uint8Array {
  const writer = new DerWriter(64);
  writeRevokedEntry(writer, entry, new TimeCache());
  return writer.bytes.slice(0, writer.at);
}

/** Room before the list for its SEQUENCE header (tag + up to 4 length bytes: 4 GB). */
const HEADER_ROOM = 6;

/** A byte buffer written front to back, doubled when full. */
class DerWriter {
  bytes: Uint8Array;
  at = 0;
  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(64, capacity));
  }
  reserve(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.at + n));
    grown.set(this.bytes.subarray(0, this.at));
    this.bytes = grown;
  }
  /** Tag and definite length, as tagAndLength writes them (X.690 8.1.3). */
  header(tag: number, length: number): void {
    const b = this.bytes;
    b[this.at++] = tag;
    if (length < 0x80) {
      b[this.at++] = length;
      return;
    }
    let n = 0;
    for (let v = length; v > 0; v = Math.floor(v / 256)) n++;
    b[this.at++] = 0x80 | n;
    for (let k = n - 1; k >= 0; k--) b[this.at++] = Math.floor(length / 256 ** k) & 0xff;
  }
}

/** Bytes of a definite length's header (tag included): 2 below 128, 3 below 256, ... */
function headerSize(length: number): number {
  let n = 2;
  if (length >= 0x80) for (let v = length; v > 0; v = Math.floor(v / 256)) n++;
  return n;
}

/** A normalized serial (normalizeSerialHex) in its common shape: lower-case hex, even length, no 00 before another byte. */
const NORMAL_SERIAL = /^[0-9a-f]+$/;

function serialHexOf(entry: RevokedEntry): string {
  const text = entry.serialHex;
  if (text.length % 2 === 0 && NORMAL_SERIAL.test(text) && !(text.length > 2 && text.startsWith('00'))) return text;
  const norm = normalizeSerialHex(text);
  if (norm === null) throw new PkiError('PROFILE_INVALID', `create CRL: expected a hex serial, found "${text}"`);
  return norm;
}

function writeRevokedEntry(w: DerWriter, entry: RevokedEntry, times: TimeCache): void {
  const hex = serialHexOf(entry);
  const serialLength = hex.length / 2;
  const pad = hexDigit(hex.charCodeAt(0)) >= 8 ? 1 : 0;
  const time = times.encode(entry.revokedAt);
  const reason = entry.reason === undefined ? -1 : reasonCode(entry.reason);
  const integerLength = headerSize(serialLength + pad) + pad + serialLength;
  const body = integerLength + time.length + (reason < 0 ? 0 : REASON_PREFIX.length + 1);
  w.reserve(headerSize(body) + body);
  w.header(0x30, body);
  w.header(0x02, serialLength + pad);
  const b = w.bytes;
  if (pad) b[w.at++] = 0;
  for (let i = 0; i < hex.length; i += 2) b[w.at++] = (hexDigit(hex.charCodeAt(i)) << 4) | hexDigit(hex.charCodeAt(i + 1));
  b.set(time, w.at);
  w.at += time.length;
  if (reason >= 0) {
    b.set(REASON_PREFIX, w.at);
    w.at += REASON_PREFIX.length;
    b[w.at++] = reason;
  }
}

/** '0'-'9', 'a'-'f' (the serial is normalized: lower case). */
function hexDigit(code: number): number {
  return code <= 0x39 ? code - 0x30 : code - 0x57;
}

/**
 * Extensions { Extension { id-ce-cRLReasons (2.5.29.21), OCTET STRING { ENUMERATED code } } }:
 * 30 0c 30 0a 06 03 55 1d 15 04 03 0a 01 <code>; every code fits one content byte (0..10).
 */
const REASON_PREFIX = Uint8Array.of(0x30, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x15, 0x04, 0x03, 0x0a, 0x01);

function reasonCode(reason: RevocationReason): number {
  const code = Object.hasOwn(REVOCATION_REASONS, reason) ? REVOCATION_REASONS[reason] : undefined;
  if (code === undefined) throw new PkiError('PROFILE_INVALID', `create CRL: expected a CRLReason (RFC 5280 5.3.1), found "${String(reason)}"`);
  return code;
}

/** The last time encoded, by its whole second: entries revoked together share their bytes. */
class TimeCache {
  #second = NaN;
  #bytes: Uint8Array = new Uint8Array(0);
  encode(date: Date): Uint8Array {
    const second = Math.floor(date.getTime() / 1000);
    if (second !== this.#second) {
      this.#bytes = encodeTime(date);
      this.#second = second;
    }
    return this.#bytes;
  }
}

/** UTCTime YYMMDDHHMMSSZ through 2049, GeneralizedTime YYYYMMDDHHMMSSZ from 2050 (RFC 5280 4.1.2.5). */
function encodeTime(date: Date): Uint8Array {
  const t = new Date(Math.floor(date.getTime() / 1000) * 1000);
  const year = t.getUTCFullYear();
  const two = (n: number) => String(n).padStart(2, '0');
  const rest = `${two(t.getUTCMonth() + 1)}${two(t.getUTCDate())}${two(t.getUTCHours())}${two(t.getUTCMinutes())}${two(t.getUTCSeconds())}Z`;
  const generalized = year >= 2050;
  const text = (generalized ? String(year).padStart(4, '0') : two(year % 100)) + rest;
  const out = new Uint8Array(2 + text.length);
  out[0] = generalized ? 0x18 : 0x17;
  out[1] = text.length;
  for (let i = 0; i < text.length; i++) out[i + 2] = text.charCodeAt(i);
  return out;
}
