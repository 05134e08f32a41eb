import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBase64, decodePem, decodePemBlocks, decodePemOrDer, encodeBase64, encodePem, toArrayBuffer } from './pem.ts';
import { isPkiError, type PkiErrorCode } from './errors.ts';

describe('PEM codec', () => {
  it('round-trips any bytes through base64 and PEM', () => {
    expect.hasAssertions();
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 600 }), (bytes) => {
      expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
      const pem = encodePem('CERTIFICATE', bytes);
      expect(pem.split('\n').every((l) => l.length <= 64)).toBe(true);
      expect(pem.endsWith('-----END CERTIFICATE-----\n')).toBe(true);
      expect(decodePem(pem, ['CERTIFICATE']).der).toEqual(bytes);
    }));
  });

  it('reads CRLF, blank lines, text around blocks and several blocks', () => {
    expect.hasAssertions();
    const a = encodePem('CERTIFICATE', new Uint8Array([1, 2, 3])).replace(/\n/g, '\r\n');
    const b = encodePem('X509 CRL', new Uint8Array([4, 5]));
    const text = `subject=CN = x\r\n\r\n${a}\nsome text\n\n${b}trailer`;
    const blocks = decodePemBlocks(text);
    expect(blocks.map((x) => x.label)).toEqual(['CERTIFICATE', 'X509 CRL']);
    expect(blocks[1]!.der).toEqual(new Uint8Array([4, 5]));
  });

  it('never throws anything but a PkiError on arbitrary text', () => {
    expect.hasAssertions();
    fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 100 }), (pre, body) => {
      for (const text of [pre, `${pre}-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`]) {
        try {
          decodePemBlocks(text);
        } catch (e) {
          expect(isPkiError(e)).toBe(true);
        }
      }
    }));
  });

  const bad: Array<[string, string | Uint8Array, PkiErrorCode]> = [
    ['truncated', '-----BEGIN CERTIFICATE-----\nAAAA\n', 'PEM_UNTERMINATED'],
    ['garbage base64', '-----BEGIN CERTIFICATE-----\nA*AA\n-----END CERTIFICATE-----\n', 'PEM_BAD_BASE64'],
    ['bad length', '-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n', 'PEM_BAD_BASE64'],
    ['no block', 'hello', 'PEM_NO_BLOCK'],
    ['50 MB', new Uint8Array(50 * 1024 * 1024), 'INPUT_TOO_LARGE'],
  ];
  it.each(bad)('refuses %s with a code', (_name, input, code) => {
    expect.hasAssertions();
    try {
      decodePemOrDer(input);
      expect.fail('should have thrown');
    } catch (e) {
      expect(isPkiError(e, code)).toBe(true);
    }
  });

  it('names the label it found when the label is wrong', () => {
    expect.hasAssertions();
    const pem = encodePem('X509 CRL', new Uint8Array([1]));
    expect(() => decodePem(pem, ['CERTIFICATE'])).toThrow(/expected CERTIFICATE, found X509 CRL/);
  });

  it('toArrayBuffer copies exactly the viewed bytes, also of a Node Buffer in the shared pool', () => {
    expect.hasAssertions();
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    for (const view of [backing.subarray(2, 5), Buffer.from(backing.buffer, 2, 3), Buffer.from([1, 2, 3])]) {
      const ab = toArrayBuffer(view);
      expect(ab.byteLength).toBe(3);
      expect(new Uint8Array(ab)).toEqual(new Uint8Array([1, 2, 3]));
    }
  });
});
