import { describe, expect, it } from 'vitest';
import { formatUntrustedLines, formatUntrustedName, formatUntrustedText, lineEndsOf } from './inert-text.ts';

describe('formatUntrustedName', () => {
  it.each([
    ['server.pem', 'server.pem'],
    ['<img src=x onerror=alert(1)>.pem', '<img src=x onerror=alert(1)>.pem'],
    ['invoice\u202Egpj.exe', 'invoice⟨U+202E⟩gpj.exe'],
    ['a\u0000b', 'a⟨U+0000⟩b'],
    ['two\nlines', 'two⟨U+000A⟩lines'],
    ['\u2066x\u2069', '⟨U+2066⟩x⟨U+2069⟩'],
    ['日本語.pem', '日本語.pem'],
  ])('%j', (input, expected) => {
    expect(formatUntrustedName(input)).toBe(expected);
  });
});

describe('formatUntrustedText', () => {
  it('keeps line feeds and tabs, shows other controls', () => {
    expect(formatUntrustedText('"A"\t"1"\r\n\u001b[31m')).toBe('"A"\t"1"⟨U+000D⟩\n⟨U+001B⟩[31m');
  });
});

// Issue 17 item 4: the patch view of a Windows server.tab showed "1"⟨U+000D⟩ on every line.
describe('line ends said as a word', () => {
  it.each([
    ['"a"\t"1"\r\n"b"\t"2"\r\n', 'CRLF', '"a"\t"1"\n"b"\t"2"\n'],
    ['"a"\t"1"\n', 'LF', '"a"\t"1"\n'],
    ['x\ry\r', 'CR', 'x⟨U+000D⟩y⟨U+000D⟩'],
    ['x\r\ny\n', 'mixed', 'x\ny\n'],
    ['one line', undefined, 'one line'],
  ] as const)('%j: %s', (text, ends, shown) => {
    expect(lineEndsOf(text)).toBe(ends);
    expect(formatUntrustedLines(text)).toBe(shown);
  });
});
