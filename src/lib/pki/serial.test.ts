import { describe, expect, it } from 'vitest';
import * as asn1js from 'asn1js';
import { generateSerial, generateSerialHex, normalizeSerialHex, SERIAL_BYTES } from './serial.ts';
import { toArrayBuffer } from './pem.ts';

describe('serial numbers', () => {
  it('are 16 bytes, positive, and encode as a 16-byte DER INTEGER', () => {
    expect.hasAssertions();
    for (let i = 0; i < 500; i++) {
      const s = generateSerial();
      expect(s.length).toBe(SERIAL_BYTES);
      expect(s[0]! & 0x80).toBe(0);
      expect(s[0]).not.toBe(0);
      const int = new asn1js.Integer({ valueHex: toArrayBuffer(s) });
      const der = new Uint8Array(int.toBER(false));
      expect(der[1]).toBe(16);
      const back = asn1js.fromBER(toArrayBuffer(der)).result as asn1js.Integer;
      expect(back.valueBlock.isHexOnly || back.valueBlock.valueDec >= 0).toBe(true);
    }
  });

  it('differ from call to call', () => {
    const seen = new Set(Array.from({ length: 200 }, () => generateSerialHex()));
    expect(seen.size).toBe(200);
  });

  it.each([
    ['0A:1B', '0a1b'],
    ['0x00ff', 'ff'],
    ['  abc ', '0abc'],
    ['00', '00'],
    ['zz', null],
    ['', null],
  ])('normalizeSerialHex(%j) = %j', (input, expected) => {
    expect(normalizeSerialHex(input)).toBe(expected);
  });
});
