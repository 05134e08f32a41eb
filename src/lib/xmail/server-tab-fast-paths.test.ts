import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitKeepingEol, utf8Length } from './server-tab.ts';

// utf8Length replaces TextEncoder().encode(text).length in server.tab reading (issue 15 item 3):
// it must count exactly what TextEncoder writes, lone surrogates (U+FFFD, 3 bytes) included.
const encoded = (s: string) => new TextEncoder().encode(s).length;

describe('utf8Length counts what TextEncoder writes', () => {
  it.each([
    ['', 0],
    ['"SmtpServerDomain"\t"mail.example.test"', 38],
    ['é', 2],
    ['日本語のコメント', 24],
    ['😀', 4],
    ['\ud83d', 3],
    ['\ude00', 3],
    ['\ude00\ud83d', 6],
    ['a\ud83d\ude00b\ud83d', 9],
    ['\u007f\u0080\u07ff\u0800\uffff', 1 + 2 + 2 + 3 + 3],
  ])('%j -> %i bytes', (text, bytes) => {
    expect(utf8Length(text)).toBe(bytes);
    expect(utf8Length(text)).toBe(encoded(text));
  });

  it('equals TextEncoder for any UTF-16 string, broken surrogates included', () => {
    const unit = fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0xd800, max: 0xdfff })).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary' }), unit), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(utf8Length(text)).toBe(encoded(text));
      }),
      { numRuns: 500 },
    );
  });
});

// splitKeepingEol (the diff's line split) replaced `text.match(/[^\n]*\n|[^\n]+$/g) ?? []` (issue 15 item 3).
describe('splitKeepingEol splits as the regex did', () => {
  const regex = (text: string) => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  it.each(['', '\n', '\n\n', 'a', 'a\n', 'a\r\nb', 'a\r\nb\r\n', '\r', 'x\n\ny', '"A"\t"1"\r\n#c\r\n"B"\t"2"'])('%j', (text) => {
    expect(splitKeepingEol(text)).toEqual(regex(text));
  });
  it('for any text of lines, CRs and other characters', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('\n', '\r', '\r\n', 'a', '"', '\t', 'é', ' '), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        expect(splitKeepingEol(text)).toEqual(regex(text));
      }),
      { numRuns: 500 },
    );
  });
});
