import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { parseDer } from './crypto.ts';
import { isPkiError } from './errors.ts';
import { fromHex, toArrayBuffer } from './pem.ts';

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
