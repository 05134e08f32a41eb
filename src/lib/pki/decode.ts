/**
 * Turning untrusted input (PEM text or DER bytes) into pkijs objects for the X.509 parsers
 * (inspect, csr, crl, chain). Internal to the core: not exported from index.ts.
 *
 * Invariant: nothing escapes but a PkiError. Bytes that are not one complete DER element are
 * DER_MALFORMED; a well-formed element of another structure is DER_WRONG_TYPE; PEM problems keep
 * their PEM_* codes from pem.ts; oversized input is INPUT_TOO_LARGE before any parsing.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseDer } from './asn1.ts';
import { PkiError, isPkiError } from './errors.ts';
import { decodePemOrDer, equalBytes, toHex, type PemBlock } from './pem.ts';
import { nameDerOf, parseName } from './names.ts';
import { decodeKeyUsage } from './profiles.ts';
import { EXTENSION_OID, SIGNATURE_OID, oidName } from './oids.ts';
import type { DistinguishedName } from './types.ts';
import { SIGNATURE_HASH } from './webcrypto.ts';

/** PEM labels per structure (RFC 7468 section 5-7, plus the legacy ones OpenSSL still reads). */
export const PEM_LABELS = {
  certificate: ['CERTIFICATE', 'X509 CERTIFICATE'],
  csr: ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'],
  crl: ['X509 CRL'],
} as const;

/** All blocks of the input; DER input is one block with label ''. */
export function readBlocks(input: string | Uint8Array): PemBlock[] {
  try {
    return decodePemOrDer(input);
  } catch (e) {
    if (isPkiError(e)) throw e;
    throw new PkiError('DER_MALFORMED', 'input: expected PEM text or DER bytes, found unreadable data', { cause: e });
  }
}

/** The DER of every block with one of `labels` (or of the raw DER); PEM_WRONG_LABEL if PEM had none of them. */
export function readDerList(input: string | Uint8Array, labels: readonly string[], what: string): Uint8Array[] {
  const blocks = readBlocks(input);
  const hits = blocks.filter((b) => b.label === '' || labels.includes(b.label));
  if (hits.length === 0) {
    throw new PkiError('PEM_WRONG_LABEL', `${what}: expected PEM ${labels.join(' or ')}, found ${blocks.map((b) => b.label).join(', ')}`);
  }
  return hits.map((b) => b.der);
}

/** The DER of the first matching block. */
export function readDer(input: string | Uint8Array, labels: readonly string[], what: string): Uint8Array {
  return readDerList(input, labels, what)[0]!;
}

interface PkiStructure<T> {
  new (params: { schema: asn1js.AsnType }): T;
}

/** Decodes `der` as the pkijs structure `Cls`: DER_MALFORMED or DER_WRONG_TYPE, never a raw exception. */
export function decodeStructure<T>(Cls: PkiStructure<T>, der: Uint8Array, what: string, maxNodes?: number): T {
  const schema = parseDer(der, what, maxNodes);
  try {
    return new Cls({ schema });
  } catch (e) {
    throw new PkiError('DER_WRONG_TYPE', `${what}: expected a ${what} structure, found DER of another type`, { cause: e });
  }
}

/** The hash inside a signature algorithm, for summaries (SIGNATURE_OID of oids.ts). */
export function signatureHashOf(oid: string): 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' | 'MD5' | 'other' {
  // The signatures our engine verifies (RSA PKCS#1 v1.5 and ECDSA with SHA-1/256/384/512), and MD5 to name it.
  return SIGNATURE_HASH.get(oid) ?? (oid === SIGNATURE_OID.md5WithRsa ? 'MD5' : 'other');
}

/** OID, readable name and criticality of each extension, in order. */
export function listExtensions(exts: readonly pkijs.Extension[] | undefined): Array<{ oid: string; name: string; critical: boolean }> {
  return (exts ?? []).map((e) => ({ oid: e.extnID, name: oidName(e.extnID), critical: e.critical }));
}


/**
 * The value of the extension `oid` among `exts`, a SEQUENCE of optional fields, each placed in
 * schema order as asn1js's compareSchema placed them when pkijs parsed the extension: a value that
 * does not fit the next field is tried against the one after; when the last field tried does not
 * fit, or the bytes are not one SEQUENCE, the whole value is unread (undefined), as pkijs then gave
 * an empty object. Values after the last field are not looked at. Ours, not pkijs's
 * AuthorityKeyIdentifier, BasicConstraints and ExtKeyUsage: those classes and the GeneralName class
 * they bring were ~1 KB gzip of the page (issue 15).
 */
function optionalFields(exts: readonly pkijs.Extension[] | undefined, oid: string, fits: ReadonlyArray<(node: asn1js.AsnType) => boolean>): Array<asn1js.AsnType | undefined> | undefined {
  const value = extensionValue(exts, oid);
  if (!(value instanceof asn1js.Sequence)) return undefined;
  const values = value.valueBlock.value;
  const placed: Array<asn1js.AsnType | undefined> = [];
  let next = 0;
  let fit = true;
  for (const field of fits) {
    const item = values[next];
    fit = item === undefined ? fit : field(item);
    placed.push(item !== undefined && fit ? values[next++] : undefined);
  }
  return fit ? placed : undefined;
}

/** The decoded value of the extension `oid` among `exts`, as pkijs decoded it (trailing bytes ignored); undefined if absent or not BER. */
function extensionValue(exts: readonly pkijs.Extension[] | undefined, oid: string): asn1js.AsnType | undefined {
  const ext = exts?.find((e) => e.extnID === oid);
  const parsed = ext && asn1js.fromBER(ext.extnValue.valueBlock.valueHexView);
  return parsed && parsed.offset !== -1 ? parsed.result : undefined;
}

const contextTag = (tagNumber: number, constructed: boolean) => (node: asn1js.AsnType) =>
  node.idBlock.tagClass === 3 && node.idBlock.tagNumber === tagNumber && node.idBlock.isConstructed === constructed;

/**
 * The keyIdentifier of the authorityKeyIdentifier among `exts` (RFC 5280 4.2.1.1: SEQUENCE {
 * keyIdentifier [0], authorityCertIssuer [1], authorityCertSerialNumber [2] }). One difference from
 * pkijs: authorityCertIssuer's names are checked for their tags ([0]..[8]), not their contents
 * (nothing of ours reads them).
 */
export function authorityKeyIdOf(exts: readonly pkijs.Extension[] | undefined): Uint8Array | undefined {
  const [keyId] = optionalFields(exts, EXTENSION_OID.authorityKeyIdentifier, [
    contextTag(0, false),
    (n) => contextTag(1, true)(n) && (n as asn1js.Constructed).valueBlock.value.every((name) => name.idBlock.tagClass === 3 && name.idBlock.tagNumber <= 8),
    contextTag(2, false),
  ]) ?? [];
  return (keyId?.valueBlock as { valueHexView?: Uint8Array } | undefined)?.valueHexView?.slice();
}

/** The subjectKeyIdentifier among `exts` (RFC 5280 4.2.1.2: an OCTET STRING), as pkijs's plain asn1js reading of it gave it. */
export function subjectKeyIdOf(exts: readonly pkijs.Extension[] | undefined): Uint8Array | undefined {
  const value = extensionValue(exts, EXTENSION_OID.subjectKeyIdentifier);
  return value instanceof asn1js.OctetString ? value.valueBlock.valueHexView.slice() : undefined;
}

/** Whether `exts` hold basicConstraints with cA TRUE (RFC 5280 4.2.1.9: SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER }). */
export function isCaByExtensions(exts: readonly pkijs.Extension[] | undefined): boolean {
  const [cA] = optionalFields(exts, EXTENSION_OID.basicConstraints, [(n) => n instanceof asn1js.Boolean, (n) => n instanceof asn1js.Integer]) ?? [];
  return cA instanceof asn1js.Boolean && cA.valueBlock.value;
}

/** The key purpose OIDs of extKeyUsage (RFC 5280 4.2.1.12: SEQUENCE OF OID); none when absent or not that. */
function extKeyUsageOf(exts: readonly pkijs.Extension[]): string[] {
  const value = extensionValue(exts, EXTENSION_OID.extKeyUsage);
  const oids = value instanceof asn1js.Sequence ? value.valueBlock.value : [];
  return oids.every((n) => n instanceof asn1js.ObjectIdentifier) ? oids.map((n) => n.valueBlock.toString()) : [];
}

/** keyUsage names and EKU names (OID names from oids.ts) of a list of extensions. */
export function readUsageExtensions(exts: readonly pkijs.Extension[]): { keyUsage: string[]; extKeyUsage: string[] } {
  const ku = exts.find((e) => e.extnID === EXTENSION_OID.keyUsage)?.parsedValue;
  return {
    keyUsage: ku instanceof asn1js.BitString ? decodeKeyUsage(ku) : [],
    extKeyUsage: extKeyUsageOf(exts).map(oidName),
  };
}

/**
 * Whether two names are the same for chain building: equal DER, or equal after the RFC 5280
 * 7.1 comparison OpenSSL approximates (case-folded, whitespace-folded attribute values).
 */
export function sameName(a: pkijs.RelativeDistinguishedNames, b: pkijs.RelativeDistinguishedNames): boolean {
  if (equalBytes(nameDerOf(a), nameDerOf(b))) return true;
  try {
    return canonicalText(a) === canonicalText(b);
  } catch {
    return false;
  }
}

/** What `sameName` compares, computed once per name (chain building over many certificates). */
export interface NameKey {
  /** Hex of the name's DER; undefined when only the parsed attributes are at hand. */
  der: string | undefined;
  /** The RFC 5280 7.1 comparison text; undefined when the name cannot be read. */
  canonical: string | undefined;
}

export function nameKeyOf(n: pkijs.RelativeDistinguishedNames): NameKey {
  let canonical: string | undefined;
  try {
    canonical = canonicalText(n);
  } catch {
    canonical = undefined;
  }
  return { der: toHex(nameDerOf(n)), canonical };
}

/** The key of a name already parsed (parseName): equal DER always gives equal text, so the text decides. */
export function nameKeyOfAttributes(attributes: DistinguishedName): NameKey {
  return { der: undefined, canonical: canonicalOfAttributes(attributes) };
}

/** `sameName` over precomputed keys. */
export function sameNameKey(a: NameKey, b: NameKey): boolean {
  return (a.der !== undefined && a.der === b.der) || (a.canonical !== undefined && a.canonical === b.canonical);
}

function canonicalText(n: pkijs.RelativeDistinguishedNames): string {
  return canonicalOfAttributes(parseName(n));
}

function canonicalOfAttributes(attributes: DistinguishedName): string {
  return JSON.stringify(attributes.map((x) => [x.type, x.value.trim().replace(/\s+/g, ' ').toLowerCase()]));
}
