/**
 * Records to canonical JSON and back, for the backup file and dumpStore().
 * Canonical: object keys sorted, no whitespace, bytes as {"$bytes": base64}, so equal stores give
 * byte-equal text and a SHA-256 over it is a meaningful manifest entry. The way back is
 * record-schema.ts, which rebuilds records from their known fields only (a generic decoder that
 * assigned every key let a backup's `__proto__` key set a record's prototype, issue 12 item 6).
 */
import { encodeBase64 } from '../pki/index.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Encodes a record tree (Uint8Array, arrays, plain objects, strings, finite numbers, booleans). */
export function toJsonValue(value: unknown): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON: a non-finite number ${value}`);
    return value;
  }
  if (value instanceof Uint8Array) return { $bytes: encodeBase64(value) };
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = toJsonValue(v);
    }
    return out;
  }
  throw new TypeError(`canonical JSON: cannot encode a ${typeof value}`);
}

/** JSON.stringify of an already canonical value (keys were sorted by toJsonValue). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(toJsonValue(value));
}

