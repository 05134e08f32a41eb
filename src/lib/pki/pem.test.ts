import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBase64, decodePem, decodePemBlocks, decodePemOrDer, encodeBase64, encodePem, toArrayBuffer } from './pem.ts';
import { isPkiError, type PkiErrorCode } from './errors.ts';

/** The writer before issue 15 (a string built with +=, then sliced into lines): the reference text. */
function oldEncodePem(label: string, der: Uint8Array): string {
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let b64 = '';
  let i = 0;
  for (; i + 2 < der.length; i += 3) {
    const n = (der[i]! << 16) | (der[i + 1]! << 8) | der[i + 2]!;
    b64 += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = der.length - i;
  if (rest === 1) b64 += B64[der[i]! >> 2]! + B64[(der[i]! & 3) << 4]! + '==';
  else if (rest === 2) {
    const n = (der[i]! << 16) | (der[i + 1]! << 8);
    b64 += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + '=';
  }
  const lines: string[] = [];
  for (let j = 0; j < b64.length; j += 64) lines.push(b64.slice(j, j + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}${lines.length ? '\n' : ''}-----END ${label}-----\n`;
}

// Issue 15 (CRL of 100,000 entries): the PEM is written as bytes in one pass; its text must be the
// old writer's and Node's own base64, for every length (each remainder, lines full or not, empty).
describe('encodePem / encodeBase64 write what they wrote before', () => {
  it('equal the old writer and Node base64 for any bytes', () => {
    expect.hasAssertions();
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 400 }), (bytes) => {
      expect(encodePem('X509 CRL', bytes)).toBe(oldEncodePem('X509 CRL', bytes));
      expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }), { numRuns: 300 });
  });

  it.each([0, 1, 2, 3, 47, 48, 49, 95, 96, 97, 4_900_000])('%i bytes', (n) => {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 151 + 7) & 0xff);
    expect(encodePem('X509 CRL', bytes)).toBe(oldEncodePem('X509 CRL', bytes));
  });
});

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
