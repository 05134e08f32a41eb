/**
 * decode.ts authorityKeyIdOf reads an authorityKeyIdentifier's keyIdentifier from the extension's
 * bytes as pkijs's AuthorityKeyIdentifier schema did (the page no longer carries that class):
 * a table of well-formed and broken values, each read by both and compared.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { authorityKeyIdOf } from './decode.ts';
import { EXTENSION_OID } from './oids.ts';
import { fromHex, toHex } from './pem.ts';

/** What pkijs made of the same bytes: its parsedValue, an AuthorityKeyIdentifier or not. */
function pkijsKeyId(value: Uint8Array): string | undefined {
  const parsed = new pkijs.Extension({ extnID: EXTENSION_OID.authorityKeyIdentifier, extnValue: value.slice().buffer }).parsedValue;
  return parsed instanceof pkijs.AuthorityKeyIdentifier && parsed.keyIdentifier ? toHex(parsed.keyIdentifier.valueBlock.valueHexView) : undefined;
}

const ID = '80 04 01 02 03 04'; // [0] keyIdentifier 01020304
const ISSUER = 'a1 0d 86 0b 68 74 74 70 3a 2f 2f 78 2e 74 65'; // [1] { uniformResourceIdentifier "http://x.te" }
const SERIAL = '82 01 05'; // [2] serial 5
const seq = (...parts: string[]) => {
  const body = fromHex(parts.join(' '));
  return new Uint8Array([0x30, body.length, ...body]);
};

const CASES: Array<[string, Uint8Array, string | undefined]> = [
  ['keyIdentifier only', seq(ID), '01020304'],
  ['all three fields', seq(ID, ISSUER, SERIAL), '01020304'],
  ['keyIdentifier and serial', seq(ID, SERIAL), '01020304'],
  ['issuer and serial, no keyIdentifier', seq(ISSUER, SERIAL), undefined],
  ['empty SEQUENCE', seq(), undefined],
  ['empty keyIdentifier', seq('80 00'), ''],
  ['fields out of order', seq(SERIAL, ID), undefined],
  ['keyIdentifier twice', seq(ID, ID), undefined],
  ['a constructed [0]', seq('a0 06 04 04 01 02 03 04'), undefined],
  ['a universal OCTET STRING instead of [0]', seq('04 04 01 02 03 04'), undefined],
  ['a fourth field after the three', seq(ID, ISSUER, SERIAL, '83 01 00'), '01020304'],
  ['an authorityCertIssuer that is not GeneralNames', seq(ID, 'a1 03 02 01 05'), undefined],
  ['an empty authorityCertIssuer', seq(ID, 'a1 00'), '01020304'],
  ['a SET, not a SEQUENCE', Uint8Array.of(0x31, 6, ...fromHex(ID)), undefined],
  ['not BER at all', fromHex('30 09 80'), undefined],
];

describe('authorityKeyIdOf', () => {
  it.each(CASES)('%s: the keyIdentifier pkijs read', (_name, value, expected) => {
    const ext = new pkijs.Extension({ extnID: EXTENSION_OID.authorityKeyIdentifier, extnValue: value.slice().buffer });
    const ours = authorityKeyIdOf([ext]);
    expect(ours === undefined ? undefined : toHex(ours)).toBe(expected);
    expect(pkijsKeyId(value)).toBe(expected);
  });

  it('is undefined without the extension, and reads it among others', () => {
    const other = new pkijs.Extension({ extnID: EXTENSION_OID.subjectKeyIdentifier, extnValue: new asn1js.OctetString({ valueHex: new Uint8Array([9]).buffer }).toBER() });
    const aki = new pkijs.Extension({ extnID: EXTENSION_OID.authorityKeyIdentifier, extnValue: seq(ID).buffer });
    expect(authorityKeyIdOf(undefined)).toBeUndefined();
    expect(authorityKeyIdOf([other])).toBeUndefined();
    expect(toHex(authorityKeyIdOf([other, aki])!)).toBe('01020304');
  });
});
