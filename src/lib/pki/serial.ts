/**
 * Certificate serial numbers: 16 random bytes, positive. RFC 5280 4.1.2.2 asks for a positive
 * INTEGER of at most 20 octets, unique per CA; CA/Browser Forum BR 7.1 asks for at least 64 bits
 * of CSPRNG output. Invariant: the first byte is in 0x01..0x7f, so the DER INTEGER is exactly
 * 16 content bytes (no sign pad, no non-minimal leading zero) and the value is never negative.
 */
import { toHex } from './pem.ts';

export const SERIAL_BYTES = 16;

/** 16 random bytes, first bit clear and first byte non-zero. */
export function generateSerial(): Uint8Array {
  const bytes = new Uint8Array(SERIAL_BYTES);
  crypto.getRandomValues(bytes);
  bytes[0] = bytes[0]! & 0x7f;
  // A zero first byte would make DER drop it (15-byte serial); redraw it into 1..127.
  while (bytes[0] === 0) bytes[0] = crypto.getRandomValues(new Uint8Array(1))[0]! & 0x7f;
  return bytes;
}

/** Lower-case hex without separators: the form `serialHex` uses everywhere in the core. */
export function generateSerialHex(): string {
  return toHex(generateSerial());
}

/**
 * Normalises a serial given by a user or another tool ("0A:1B", "0x0a1b", "0a 1b") to the
 * canonical form: lower-case hex, no separators, no redundant leading zero bytes. Returns null
 * when it is not hex.
 */
export function normalizeSerialHex(text: string): string | null {
  let hex = text.trim().replace(/^0x/i, '').replace(/[\s:]/g, '').toLowerCase();
  if (!/^[0-9a-f]+$/.test(hex)) return null;
  if (hex.length % 2) hex = '0' + hex;
  while (hex.length > 2 && hex.startsWith('00')) hex = hex.slice(2);
  return hex;
}
