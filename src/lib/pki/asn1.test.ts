import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { compareDer, derChildren, derSequenceOf, derSetOf, parseDer, setOf, tagAndLength } from './asn1.ts';
import { isPkiError } from './errors.ts';
import { fromHex, toArrayBuffer, toHex } from './pem.ts';

describe('parseDer', () => {
  // asn1js alone accepts each of these as one complete value: a child runs past its parent's end
  // and the decoder carries on from where the child stopped.
  const overruns: Array<[string, string]> = [
    ['INTEGER of 5 bytes inside a SEQUENCE of 3', '300302050102030405'],
    ['the same one level down', '3008300302050102030405'],
    ['second child cut by the parent length', '3005020100020101'],
    ['SET whose only element runs past it', '3103' + '0c0461626364'],
  ];
  it.each(overruns)('refuses %s (DER_MALFORMED), which asn1js alone reads', (_n, hex) => {
    expect.hasAssertions();
    const bytes = fromHex(hex);
    const loose = asn1js.fromBER(toArrayBuffer(bytes));
    expect([loose.offset, loose.result.error]).toEqual([bytes.length, '']);
    try {
      parseDer(bytes, 'test');
      expect.fail('parseDer accepted a child running past its parent');
    } catch (e) {
      expect(isPkiError(e, 'DER_MALFORMED'), String(e)).toBe(true);
      expect((e as Error).message).toMatch(/^test: expected contents of \d+ bytes, found \d+/);
    }
  });

  const fine: Array<[string, string]> = [
    ['nested definite lengths', '3008300602010002010a'],
    ['an empty SEQUENCE', '3000'],
    ['BER indefinite length (Windows/NSS PKCS#12)', '30800201000000'],
    ['a BER constructed OCTET STRING', '24080402010204020304'],
  ];
  it.each(fine)('accepts %s', (_n, hex) => {
    expect.hasAssertions();
    expect(parseDer(fromHex(hex), 'test')).toBeInstanceOf(asn1js.BaseBlock);
  });

  it('still refuses trailing bytes and truncation', () => {
    expect.hasAssertions();
    expect(() => parseDer(fromHex('3000' + '00'), 't')).toThrow(/trailing bytes/);
    expect(() => parseDer(fromHex('300302'), 't')).toThrow(/expected DER/);
  });
});

describe('tagAndLength', () => {
  it.each([[0, '3000'], [127, '307f'], [128, '308180'], [255, '3081ff'], [256, '30820100'], [400_000, '3083061a80']])('%i', (n, hex) => {
    expect(toHex(tagAndLength(0x30, n))).toBe(hex);
  });
});

describe('DER writers', () => {
  // X.690 §11.6: SET OF elements in ascending order of their encodings (compared as octet strings).
  const ELEMENTS = ['0c0162', '0c0161', '020101', '0c026161'].map(fromHex);
  it('derSetOf and setOf sort the same way (one order for bytes and asn1js nodes)', () => {
    expect.hasAssertions();
    const bytes = derSetOf(ELEMENTS);
    expect(toHex(bytes)).toBe('310d' + '020101' + '0c0161' + '0c0162' + '0c026161');
    const nodes = ELEMENTS.map((e) => asn1js.fromBER(toArrayBuffer(e)).result);
    expect(toHex(new Uint8Array(setOf(nodes).toBER(false)))).toBe(toHex(bytes));
    expect(compareDer(fromHex('0c01'), fromHex('0c0161'))).toBeLessThan(0); // a prefix sorts first
    expect([...ELEMENTS].sort(compareDer).map((e) => toHex(e))).toEqual(['020101', '0c0161', '0c0162', '0c026161']);
  });
  it('derSequenceOf wraps parts with a long-form length past 127 bytes', () => {
    expect.hasAssertions();
    const part = new Uint8Array(200).fill(5);
    expect(toHex(derSequenceOf([part]).subarray(0, 3))).toBe('3081c8');
  });
});

describe('derChildren', () => {
  it.each([
    ['two children', '3006020101040100', ['020101', '040100']],
    ['empty SEQUENCE', '3000', []],
    ['long-form length', '3081030201ff', ['0201ff']],
  ])('reads %s', (_n, hex, children) => {
    expect.hasAssertions();
    expect(derChildren(fromHex(hex), 'x').map((c) => toHex(c))).toEqual(children);
  });
  it.each([
    ['an indefinite length (BER)', '30800201010000'],
    ['a child past its parent', '3003020501'],
    ['trailing bytes', '300002'],
    ['a primitive value', '020101'],
    ['a high tag number', '3f01020000'],
    ['a truncated length', '3082'],
  ])('refuses %s as DER_MALFORMED', (_n, hex) => {
    expect.hasAssertions();
    expect(() => derChildren(fromHex(hex), 'x')).toThrow(expect.objectContaining({ code: 'DER_MALFORMED' }));
  });
});
