/**
 * X.500 distinguished names: building (one attribute per RDN, RFC 5280 string types), reading any
 * Name a foreign certificate carries, display text, and form validation.
 * Invariants: createName/encodeName always write `SEQUENCE OF SET { one AttributeTypeAndValue }`
 * (pkijs's own RelativeDistinguishedNames.toSchema() would put every attribute into one
 * multi-valued RDN, see pki-interop.md); C is PrintableString, emailAddress and DC IA5String,
 * serialNumber PrintableString, everything else UTF8String (RFC 5280 section 4.1.2.4).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PkiError } from './errors.ts';
import { toHex } from './pem.ts';
import type { DistinguishedName, FieldIssue, NameAttribute } from './types.ts';
import { ATTRIBUTE_OID, attributeShortName, type AttributeShortName } from './oids.ts';
import { derOf, expectOid, expectSequence, expectSet, parseDer, readAsn1 } from './asn1.ts';

/** Upper bounds from RFC 5280 appendix A.1 (ub-*), in characters. */
export const NAME_MAX_LENGTH: Partial<Record<AttributeShortName, number>> = {
  CN: 64, O: 64, OU: 64, L: 128, ST: 128, C: 2, emailAddress: 255, serialNumber: 64, DC: 63,
  title: 64, street: 128, postalCode: 40, GN: 32768, SN: 32768, name: 32768, pseudonym: 128,
};

type StringKind = 'printable' | 'ia5' | 'utf8';
const STRING_KIND: Partial<Record<AttributeShortName, StringKind>> = {
  C: 'printable', serialNumber: 'printable', dnQualifier: 'printable', jurisdictionC: 'printable',
  emailAddress: 'ia5', DC: 'ia5',
};

const DOTTED_OID = /^[0-2](\.(0|[1-9][0-9]*))+$/;

function oidOf(type: string): string | undefined {
  if (type in ATTRIBUTE_OID) return ATTRIBUTE_OID[type as AttributeShortName];
  return DOTTED_OID.test(type) ? type : undefined;
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;
// eslint-disable-next-line no-control-regex
const IA5 = /^[\x00-\x7f]*$/;

function encodeValue(attr: NameAttribute): asn1js.AsnType {
  const short = attributeShortName(oidOf(attr.type) ?? '') ?? attr.type;
  const kind = STRING_KIND[short as AttributeShortName] ?? 'utf8';
  if (kind === 'printable') {
    if (!PRINTABLE.test(attr.value)) {
      throw new PkiError('NAME_INVALID', `name attribute ${attr.type}: expected PrintableString characters (A-Z a-z 0-9 '()+,-./:=? space), found ${JSON.stringify(attr.value)}`);
    }
    return new asn1js.PrintableString({ value: attr.value });
  }
  if (kind === 'ia5') {
    if (!IA5.test(attr.value)) throw new PkiError('NAME_INVALID', `name attribute ${attr.type}: expected ASCII (IA5String), found ${JSON.stringify(attr.value)}`);
    return new asn1js.IA5String({ value: attr.value });
  }
  return new asn1js.Utf8String({ value: attr.value });
}

function nameSchema(dn: DistinguishedName): asn1js.Sequence {
  return new asn1js.Sequence({
    value: dn.map((attr) => {
      const oid = oidOf(attr.type);
      if (!oid) throw new PkiError('NAME_INVALID', `name: expected a known attribute type or dotted OID, found ${JSON.stringify(attr.type)}`);
      if (typeof attr.value !== 'string') throw new PkiError('NAME_INVALID', `name attribute ${attr.type}: expected a string value`);
      return new asn1js.Set({ value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), encodeValue(attr)] })] });
    }),
  });
}

/** DER of the Name, one attribute per RDN, in the order given. */
export function encodeName(dn: DistinguishedName): Uint8Array {
  return derOf(nameSchema(dn));
}

/**
 * A pkijs Name whose DER is exactly encodeName(dn): it is constructed from the parsed DER, so pkijs
 * keeps `valueBeforeDecode` and its toSchema() re-emits our one-attribute-per-RDN bytes.
 */
export function createName(dn: DistinguishedName): pkijs.RelativeDistinguishedNames {
  return nameFromDer(encodeName(dn));
}

/** A pkijs Name that re-emits exactly these DER bytes (for copying a foreign Name verbatim). */
export function nameFromDer(der: Uint8Array): pkijs.RelativeDistinguishedNames {
  return readAsn1('Name', () => new pkijs.RelativeDistinguishedNames({ schema: parseDer(der, 'Name') }));
}

/** The DER bytes a pkijs Name stands for (its original bytes when it was decoded). */
export function nameDerOf(name: pkijs.RelativeDistinguishedNames): Uint8Array {
  if (name.valueBeforeDecode.byteLength > 0) return new Uint8Array(name.valueBeforeDecode.slice(0));
  return readAsn1('Name', () => derOf(name.toSchema()));
}

/** A decoded attribute value with the ASN.1 string type it came in (for display and hashing). */
export interface DecodedAttribute extends NameAttribute {
  oid: string;
  /** Universal tag number of the value (12 UTF8String, 19 PrintableString, 30 BMPString, ...). */
  tag: number;
  /** Index of the RDN it belongs to; several attributes share one in a multi-valued RDN. */
  rdn: number;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Text of a directory-string value; non-string values become RFC 4514 '#hex'. */
export function decodeDirectoryString(node: asn1js.AsnType): { value: string; tag: number } {
  const tag = node.idBlock.tagNumber;
  const universal = node.idBlock.tagClass === 1 && !node.idBlock.isConstructed;
  const raw = (node.valueBlock as { valueHexView?: Uint8Array }).valueHexView ?? new Uint8Array(0);
  if (universal) {
    switch (tag) {
      case 12: // UTF8String
        try {
          return { value: UTF8.decode(raw), tag };
        } catch (cause) {
          throw new PkiError('DER_MALFORMED', 'name: expected valid UTF-8 in a UTF8String', { cause });
        }
      case 18: case 19: case 20: case 22: case 26: // Numeric, Printable, T61 (read as Latin-1 like OpenSSL), IA5, Visible
        return { value: String.fromCharCode(...raw), tag };
      case 30: { // BMPString: UCS-2 big-endian
        if (raw.length % 2) throw new PkiError('DER_MALFORMED', 'name: expected an even BMPString length');
        let s = '';
        for (let i = 0; i < raw.length; i += 2) s += String.fromCharCode((raw[i]! << 8) | raw[i + 1]!);
        return { value: s, tag };
      }
      case 28: { // UniversalString: UCS-4 big-endian
        if (raw.length % 4) throw new PkiError('DER_MALFORMED', 'name: expected a UniversalString length in whole 4-byte characters');
        let s = '';
        for (let i = 0; i < raw.length; i += 4) {
          const cp = ((raw[i]! << 24) | (raw[i + 1]! << 16) | (raw[i + 2]! << 8) | raw[i + 3]!) >>> 0;
          if (cp > 0x10ffff) throw new PkiError('DER_MALFORMED', 'name: UniversalString character out of range');
          s += String.fromCodePoint(cp);
        }
        return { value: s, tag };
      }
    }
  }
  return { value: `#${toHex(derOf(node))}`, tag };
}

/** Every attribute of a Name in encoding order, multi-valued RDNs flattened, with its string type. */
export function parseNameDetailed(input: Uint8Array | pkijs.RelativeDistinguishedNames): DecodedAttribute[] {
  const der = input instanceof Uint8Array ? input : nameDerOf(input);
  return readAsn1('Name', () => {
    const root = parseDer(der, 'Name');
    // Name ::= SEQUENCE OF SET OF AttributeTypeAndValue (RFC 5280 §4.1.2.4): other well-formed DER
    // (a certificate, a SAN list) is another type; damage inside an RDN stays DER_MALFORMED.
    if (!(root instanceof asn1js.Sequence) || !root.valueBlock.value.every((rdn) => rdn instanceof asn1js.Set)) {
      throw new PkiError('DER_WRONG_TYPE', 'Name: expected a SEQUENCE of RDN SETs, found DER of another type');
    }
    const rdns = root.valueBlock.value;
    const out: DecodedAttribute[] = [];
    rdns.forEach((rdn, index) => {
      const attrs = expectSet(rdn, 'Name RDN');
      if (attrs.length === 0) throw new PkiError('DER_MALFORMED', 'Name: expected at least one attribute in each RDN, found an empty SET');
      for (const atv of attrs) {
        const [typeNode, valueNode] = expectSequence(atv, 'Name attribute');
        const oid = expectOid(typeNode, 'Name attribute type');
        if (!valueNode) throw new PkiError('DER_MALFORMED', 'Name attribute: expected a value, found none');
        const { value, tag } = decodeDirectoryString(valueNode);
        out.push({ type: attributeShortName(oid) ?? oid, value, oid, tag, rdn: index });
      }
    });
    return out;
  });
}

/** The Name as a DistinguishedName (encoding order; multi-valued RDNs flattened). */
export function parseName(input: Uint8Array | pkijs.RelativeDistinguishedNames): DistinguishedName {
  return parseNameDetailed(input).map(({ type, value }) => ({ type, value }));
}

/** RFC 4514 escaping of one attribute value. */
function escapeRfc4514(value: string): string {
  if (value.startsWith('#') && /^#([0-9a-f]{2})*$/.test(value)) return value;
  let s = value.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`);
  // Control characters, and the C1 / line-separator / bidi characters that would disguise a name on
  // screen or split it in a text file (issue 12 item 2), as RFC 4514 hex pairs of their UTF-8 bytes.
  // eslint-disable-next-line no-control-regex
  s = s.replace(/[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu, (c) =>
    Array.from(new TextEncoder().encode(c), (b) => `\\${b.toString(16).padStart(2, '0')}`).join(''));
  if (s.startsWith(' ') || s.startsWith('#')) s = `\\${s}`;
  if (s.endsWith(' ') && s.length > 1) s = `${s.slice(0, -1)}\\ `;
  return s;
}

/** Display text, most specific first as RFC 4514 and `openssl -nameopt RFC2253` print it: 'CN=mail.example.com, O=Example, C=JP'. */
export function nameToText(dn: DistinguishedName): string {
  return [...dn].reverse().map((a) => `${a.type}=${escapeRfc4514(a.value)}`).join(', ');
}

/** Form validation of a name we are about to write: problems per field, never an exception. */
export function validateName(dn: DistinguishedName): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!dn.some((a) => a.type === 'CN')) issues.push({ field: 'CN', code: 'name.required' });
  const seen = new Set<string>();
  for (const attr of dn) {
    const field = attr.type;
    const oid = oidOf(attr.type);
    if (!oid) {
      issues.push({ field, code: 'name.unknownType', params: { type: attr.type } });
      continue;
    }
    const short = attributeShortName(oid);
    const value = attr.value;
    if (typeof value !== 'string' || value.trim() === '') {
      issues.push({ field, code: 'name.empty' });
      continue;
    }
    if (value !== value.trim()) issues.push({ field, code: 'name.surroundingSpace' });
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x1f\x7f]/.test(value)) issues.push({ field, code: 'name.controlCharacter' });
    if (short === 'C') {
      if (!/^[A-Z]{2}$/.test(value)) issues.push({ field, code: 'name.countryCode', params: { value } });
      if (seen.has(oid)) issues.push({ field, code: 'name.duplicate' });
    } else {
      const max = short ? NAME_MAX_LENGTH[short] : undefined;
      const length = [...value].length;
      if (max !== undefined && length > max) issues.push({ field, code: 'name.tooLong', params: { max, length } });
      const kind = short ? STRING_KIND[short] : undefined;
      if (kind === 'ia5' && !IA5.test(value)) issues.push({ field, code: 'name.notAscii' });
      if (kind === 'printable' && !PRINTABLE.test(value)) issues.push({ field, code: 'name.notPrintable' });
      if (short === 'emailAddress' && !/^[^@\s]+@[^@\s]+$/.test(value)) issues.push({ field, code: 'name.email' });
      if (short === 'CN' && seen.has(oid)) issues.push({ field, code: 'name.duplicate' });
    }
    seen.add(oid);
  }
  return issues;
}

