import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as asn1js from 'asn1js';
import { isPkiError } from './errors.ts';
import { fromHex } from './pem.ts';
import type { DistinguishedName } from './types.ts';
import { createName, encodeName, nameDerOf, nameToText, parseName, parseNameDetailed, validateName } from './names.ts';

const JP: DistinguishedName = [
  { type: 'C', value: 'JP' },
  { type: 'ST', value: '東京都' },
  { type: 'L', value: '千代田区' },
  { type: 'O', value: '株式会社 例' },
  { type: 'OU', value: 'メール管理' },
  { type: 'CN', value: 'mail.example.jp' },
  { type: 'emailAddress', value: 'postmaster@example.jp' },
];

describe('names', () => {
  it('round-trips a Japanese DN with one attribute per RDN and the right string types', () => {
    expect.hasAssertions();
    const der = encodeName(JP);
    expect(parseName(der)).toEqual(JP);
    const detailed = parseNameDetailed(der);
    expect(detailed.map((a) => a.rdn)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(detailed.map((a) => a.tag)).toEqual([19, 12, 12, 12, 12, 12, 22]);
  });

  it('createName gives pkijs a Name whose schema re-emits our bytes', () => {
    expect.hasAssertions();
    const name = createName(JP);
    expect(new Uint8Array(name.toSchema().toBER(false))).toEqual(encodeName(JP));
    expect(nameDerOf(name)).toEqual(encodeName(JP));
    expect(name.typesAndValues).toHaveLength(JP.length);
  });

  it('flattens a multi-valued RDN and reads BMP, T61 and Universal strings', () => {
    expect.hasAssertions();
    const atv = (oid: string, v: asn1js.AsnType) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), v] });
    const bmp = new asn1js.BmpString({ value: '日本' });
    const t61 = new asn1js.TeletexString({ valueHex: new Uint8Array([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]).buffer });
    const uni = new asn1js.UniversalString({ value: 'Ünï' });
    const der = new Uint8Array(new asn1js.Sequence({
      value: [
        new asn1js.Set({ value: [atv('2.5.4.10', bmp), atv('2.5.4.11', t61)] }),
        new asn1js.Set({ value: [atv('2.5.4.3', uni)] }),
        new asn1js.Set({ value: [atv('1.2.3.4', new asn1js.Integer({ value: 5 }))] }),
      ],
    }).toBER(false));
    const d = parseNameDetailed(der);
    expect(d.map((a) => [a.type, a.value, a.rdn])).toEqual([['O', '日本', 0], ['OU', 'Müller', 0], ['CN', 'Ünï', 1], ['1.2.3.4', '#020105', 2]]);
  });

  it('prints RFC 4514 text, most specific first, escaped', () => {
    expect.hasAssertions();
    expect(nameToText([{ type: 'C', value: 'JP' }, { type: 'O', value: 'A, B+C' }, { type: 'CN', value: ' x ' }]))
      .toBe('CN=\\ x\\ , O=A\\, B\\+C, C=JP');
  });

  it('validates fields with codes instead of throwing', () => {
    expect.hasAssertions();
    expect(validateName(JP)).toEqual([]);
    const issues = validateName([{ type: 'C', value: 'jpn' }, { type: 'O', value: 'x'.repeat(65) }, { type: 'emailAddress', value: 'ü@x' }, { type: 'XX', value: 'a' }]);
    expect(issues.map((i) => `${i.field}:${i.code}`)).toEqual(['CN:name.required', 'C:name.countryCode', 'O:name.tooLong', 'emailAddress:name.notAscii', 'XX:name.unknownType']);
    expect(validateName([{ type: 'CN', value: 'x'.repeat(64) }])).toEqual([]);
    expect(validateName([{ type: 'CN', value: '  ' }]).map((i) => i.code)).toEqual(['name.empty']);
  });

  it('refuses unwritable values with NAME_INVALID', () => {
    expect.hasAssertions();
    expect(() => encodeName([{ type: 'C', value: '日本' }])).toThrow(expect.objectContaining({ code: 'NAME_INVALID' }));
    expect(() => encodeName([{ type: 'nope', value: 'x' }])).toThrow(expect.objectContaining({ code: 'NAME_INVALID' }));
  });

  it('round-trips any UTF-8 text in UTF8String attributes (property)', () => {
    expect.hasAssertions();
    const attr = fc.record({
      type: fc.constantFrom('CN', 'O', 'OU', 'L', 'ST'),
      value: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
    });
    fc.assert(fc.property(fc.array(attr, { maxLength: 8 }), (dn) => {
      expect(parseName(encodeName(dn))).toEqual(dn);
    }));
  });

  it('parseName throws only PkiErrors on arbitrary bytes (property)', () => {
    expect.hasAssertions();
    const seed = encodeName(JP);
    const mutated = fc.tuple(fc.integer({ min: 0, max: seed.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: seed.length }))
      .map(([i, b, cut]) => { const c = seed.slice(0, cut); if (i < c.length) c[i] = b; return c; });
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), mutated), (bytes) => {
      try {
        const dn = parseName(bytes);
        expect(Array.isArray(dn)).toBe(true);
      } catch (e) {
        expect(isPkiError(e)).toBe(true);
      }
    }), { numRuns: 500 });
  });

  it('reads a Name openssl wrote (multi-valued RDN)', () => {
    expect.hasAssertions();
    // subject DER of: openssl req -x509 -subj "/O=Ex+OU=Mail/CN=a" -multivalue-rdn
    const der = fromHex('302631183009060355040a0c024578300b060355040b0c044d61696c310a300806035504030c0161');
    expect(parseName(der)).toEqual([{ type: 'O', value: 'Ex' }, { type: 'OU', value: 'Mail' }, { type: 'CN', value: 'a' }]);
  });
});

// Issue 12 item 2: a foreign subject cannot split a line or reorder text wherever its text is shown.
describe('nameToText of hostile values', () => {
  it.each([
    ['mail\r\n7. x', 'CN=mail\\0d\\0a7. x'],
    ['a\u0085b', 'CN=a\\c2\\85b'],
    ['gpj.\u202eexe', 'CN=gpj.\\e2\\80\\aeexe'],
    ['x\u2028y\u2066z', 'CN=x\\e2\\80\\a8y\\e2\\81\\a6z'],
    ['東京', 'CN=東京'],
  ])('%j → %s', (value, text) => {
    expect(nameToText([{ type: 'CN', value }])).toBe(text);
  });
});
