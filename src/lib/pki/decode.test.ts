/**
 * decode.ts reads the key identifiers, basicConstraints' cA and extKeyUsage from the
 * extension's bytes as pkijs's AuthorityKeyIdentifier, BasicConstraints and ExtKeyUsage schemas did
 * (the page no longer carries those classes): tables of well-formed and broken values, each read by
 * both and compared.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { authorityKeyIdOf, isCaByExtensions, readUsageExtensions, subjectKeyIdOf } from './decode.ts';
import { EXTENSION_OID, oidName } from './oids.ts';
import { createAuthorityKeyIdExtension, createBasicConstraintsExtension, createExtKeyUsageExtension } from './profiles.ts';
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

const ext = (extnID: string, value: Uint8Array) => new pkijs.Extension({ extnID, extnValue: value.slice().buffer });

const BC_CASES: Array<[string, Uint8Array, boolean]> = [
  ['cA TRUE', seq('01 01 ff'), true],
  ['cA TRUE with a path length', seq('01 01 ff', '02 01 00'), true],
  ['empty (cA DEFAULT FALSE)', seq(), false],
  ['cA FALSE written out', seq('01 01 00'), false],
  ['a path length only', seq('02 01 03'), false],
  ['path length before cA', seq('02 01 03', '01 01 ff'), false],
  ['an OCTET STRING in place of cA', seq('04 01 ff'), false],
  ['a third field after both', seq('01 01 ff', '02 01 00', '05 00'), true],
  ['not a SEQUENCE', fromHex('01 01 ff'), false],
  ['not BER', fromHex('30 05 01'), false],
];

describe('isCaByExtensions', () => {
  it.each(BC_CASES)('%s: cA as pkijs read it', (_name, value, expected) => {
    const e = ext(EXTENSION_OID.basicConstraints, value);
    const parsed = ext(EXTENSION_OID.basicConstraints, value).parsedValue;
    expect(isCaByExtensions([e])).toBe(expected);
    expect(parsed instanceof pkijs.BasicConstraints && parsed.cA).toBe(expected);
  });

  it('is false without the extension', () => {
    expect([isCaByExtensions(undefined), isCaByExtensions([])]).toEqual([false, false]);
  });
});

const SERVER_AUTH = '06 08 2b 06 01 05 05 07 03 01';
const CLIENT_AUTH = '06 08 2b 06 01 05 05 07 03 02';
const EKU_CASES: Array<[string, Uint8Array, string[]]> = [
  ['two purposes', seq(SERVER_AUTH, CLIENT_AUTH), ['serverAuth', 'clientAuth']],
  ['an unknown purpose by its OID', seq('06 03 2a 03 04'), ['1.2.3.4']],
  ['empty', seq(), []],
  ['a non-OID among them', seq(SERVER_AUTH, '02 01 01'), []],
  ['not a SEQUENCE', fromHex(SERVER_AUTH), []],
  ['not BER', fromHex('30 0a 06'), []],
];

describe('readUsageExtensions: extKeyUsage', () => {
  it.each(EKU_CASES)('%s: the purposes pkijs read', (_name, value, expected) => {
    const parsed = ext(EXTENSION_OID.extKeyUsage, value).parsedValue;
    expect(readUsageExtensions([ext(EXTENSION_OID.extKeyUsage, value)]).extKeyUsage).toEqual(expected);
    expect(parsed instanceof pkijs.ExtKeyUsage ? parsed.keyPurposes.map(oidName) : []).toEqual(expected);
  });
});

describe('the basicConstraints, extKeyUsage and authorityKeyIdentifier values profiles.ts writes', () => {
  it('are the bytes pkijs wrote for them', () => {
    const der = (e: pkijs.Extension) => toHex(e.extnValue.valueBlock.valueHexView);
    const pkijsDer = (value: { toSchema(): asn1js.AsnType }) => toHex(new Uint8Array(value.toSchema().toBER(false)));
    for (const ca of [true, false]) expect(der(createBasicConstraintsExtension(ca, true))).toBe(pkijsDer(new pkijs.BasicConstraints({ cA: ca })));
    expect(der(createExtKeyUsageExtension(['serverAuth', 'clientAuth']))).toBe(pkijsDer(new pkijs.ExtKeyUsage({ keyPurposes: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'] })));
    const keyId = fromHex('0102030405');
    expect(der(createAuthorityKeyIdExtension(keyId))).toBe(pkijsDer(new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: keyId.slice().buffer }) })));
  });
});

describe('subjectKeyIdOf', () => {
  it.each([
    ['an OCTET STRING', fromHex('04 03 0a 0b 0c'), '0a0b0c'],
    ['an empty OCTET STRING', fromHex('04 00'), ''],
    ['an INTEGER', fromHex('02 01 05'), undefined],
    ['not BER', fromHex('04 05 0a'), undefined],
  ] as Array<[string, Uint8Array, string | undefined]>)('%s: what pkijs gave as the plain asn1js value', (_name, value, expected) => {
    const ski = subjectKeyIdOf([ext(EXTENSION_OID.subjectKeyIdentifier, value)]);
    const parsed = ext(EXTENSION_OID.subjectKeyIdentifier, value).parsedValue;
    expect(ski === undefined ? undefined : toHex(ski)).toBe(expected);
    expect(parsed instanceof asn1js.OctetString ? toHex(parsed.valueBlock.valueHexView) : undefined).toBe(expected);
  });
});
