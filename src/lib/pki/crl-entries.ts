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
import { fromHex } from './pem.ts';
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
  /** Entries written between two yields to the event loop (default 1,000: a few ms of work). */
  chunkSize?: number;
  /** Called between chunks; default: a macrotask (scheduler.yield where the browser has it). */
  yieldToLoop?: () => Promise<void>;
}

/** `SEQUENCE OF RevokedCertificate` as DER; entries in the order given. */
export async function encodeRevokedList(entries: readonly RevokedEntry[], options: EncodeRevokedListOptions = {}): Promise<Uint8Array> {
  const chunkSize = Math.max(1, options.chunkSize ?? 1000);
  const yieldToLoop = options.yieldToLoop ?? nextMacrotask;
  const encoded: Uint8Array[] = new Array(entries.length);
  let total = 0;
  for (let i = 0; i < entries.length; i++) {
    if (i > 0 && i % chunkSize === 0) await yieldToLoop();
    const e = encodeRevokedEntry(entries[i]!);
    encoded[i] = e;
    total += e.length;
  }
  const header = tagAndLength(0x30, total);
  const out = new Uint8Array(header.length + total);
  out.set(header, 0);
  let at = header.length;
  for (const e of encoded) {
    out.set(e, at);
    at += e.length;
  }
  return out;
}

/** One `RevokedCertificate` SEQUENCE. */
export function encodeRevokedEntry(entry: RevokedEntry): Uint8Array {
  const norm = normalizeSerialHex(entry.serialHex);
  if (norm === null) throw new PkiError('PROFILE_INVALID', `create CRL: expected a hex serial, found "${entry.serialHex}"`);
  const serial = fromHex(norm);
  const pad = serial[0]! & 0x80 ? 1 : 0;
  const serialHeader = tagAndLength(0x02, serial.length + pad);
  const time = encodeTime(entry.revokedAt);
  const reason = entry.reason === undefined ? null : reasonExtensions(entry.reason);
  const bodyLength = serialHeader.length + pad + serial.length + time.length + (reason?.length ?? 0);
  const header = tagAndLength(0x30, bodyLength);
  const out = new Uint8Array(header.length + bodyLength);
  let at = 0;
  out.set(header, at);
  at += header.length;
  out.set(serialHeader, at);
  at += serialHeader.length + pad; // the pad byte is already 0
  out.set(serial, at);
  at += serial.length;
  out.set(time, at);
  at += time.length;
  if (reason) out.set(reason, at);
  return out;
}

/**
 * Extensions { Extension { id-ce-cRLReasons (2.5.29.21), OCTET STRING { ENUMERATED code } } }:
 * 30 0c 30 0a 06 03 55 1d 15 04 03 0a 01 <code>; every code fits one content byte (0..10).
 */
function reasonExtensions(reason: RevocationReason): Uint8Array {
  const code = REVOCATION_REASONS[reason];
  if (code === undefined) throw new PkiError('PROFILE_INVALID', `create CRL: expected a CRLReason (RFC 5280 5.3.1), found "${String(reason)}"`);
  return Uint8Array.of(0x30, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x15, 0x04, 0x03, 0x0a, 0x01, code);
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

