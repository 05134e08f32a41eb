import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isXmailError, type XmailErrorCode } from './errors.ts';
import {
  SERVER_TAB_MAX_LINES,
  duplicateNote,
  encodeServerTab,
  encodeServerTabText,
  getVariable,
  parseServerTab,
  removeVariable,
  serializeServerTab,
  serverTabIssues,
  setVariable,
  type LineIssueCode,
  type ServerTab,
} from './server-tab.ts';

const FIXTURES = new URL('../../../tests/fixtures/xmail/', import.meta.url);
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, FIXTURES)));
const text = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');

describe('parseServerTab: fixtures', () => {
  const readable: Array<{ file: string; issues: Array<LineIssueCode | 'DUPLICATE'>; eol: '\n' | '\r\n'; encoding?: ServerTab['encoding'] }> = [
    { file: 'server.tab', issues: [], eol: '\n' },
    { file: 'server-crlf.tab', issues: [], eol: '\r\n' },
    { file: 'duplicates.tab', issues: ['DUPLICATE'], eol: '\n' },
    { file: 'odd-quoting.tab', issues: ['UNQUOTED', 'UNTERMINATED_QUOTE', 'TEXT_AFTER_QUOTE', 'EXTRA_FIELDS', 'SPACE_SEPARATOR', 'NO_VALUE'], eol: '\n' },
    { file: 'no-final-newline.tab', issues: [], eol: '\n' },
    { file: 'mixed-eol.tab', issues: [], eol: '\r\n' },
    { file: 'booleans-words.tab', issues: [], eol: '\n' },
    { file: 'smtp-config.tab', issues: [], eol: '\n' },
    { file: 'utf8-bom.tab', issues: ['BOM', 'UNQUOTED'], eol: '\n' },
    { file: 'long-line.tab', issues: ['LINE_SPLIT', 'UNTERMINATED_QUOTE', 'NO_VALUE'], eol: '\n' },
    { file: 'shift-jis.tab', issues: [], eol: '\n', encoding: 'latin1' },
    { file: 'empty.tab', issues: [], eol: '\n' },
  ];
  it.each(readable)('$file parses, round-trips byte for byte, reports $issues', ({ file, issues, eol, encoding }) => {
    const bytes = fixture(file);
    const model = parseServerTab(bytes);
    expect(encodeServerTab(model)).toEqual(bytes);
    expect(model.eol).toBe(eol);
    expect(model.encoding).toBe(encoding ?? 'utf-8');
    expect([...new Set(serverTabIssues(model).map((i) => i.code))].sort()).toEqual([...issues].sort());
    if (encoding !== 'latin1') expect(serializeServerTab(parseServerTab(text(file)))).toBe(text(file));
  });

  const bad: Array<{ file: string; code: XmailErrorCode }> = [
    { file: 'garbage.tab', code: 'SERVER_TAB_NOT_A_SERVER_TAB' },
    { file: 'binary.tab', code: 'SERVER_TAB_BINARY' },
    { file: 'utf16.tab', code: 'SERVER_TAB_UTF16' },
  ];
  it.each(bad)('$file is refused with $code', ({ file, code }) => {
    expect.assertions(2);
    try {
      parseServerTab(fixture(file));
    } catch (e) {
      expect(isXmailError(e)).toBe(true);
      expect((e as { code: string }).code).toBe(code);
    }
  });

  it('refuses UTF-16 without a BOM and oversized input', () => {
    const noBom = new TextEncoder().encode('"A"\t"1"\n').reduce<number[]>((a, b) => [...a, b, 0], []);
    expect(() => parseServerTab(new Uint8Array(noBom))).toThrow(expect.objectContaining({ code: 'SERVER_TAB_UTF16' }));
    expect(() => parseServerTab('#'.repeat(2 * 1024 * 1024))).toThrow(expect.objectContaining({ code: 'INPUT_TOO_LARGE' }));
  });

  // Issue 12: a 1 MB file of 500,000 `#` lines cost seconds in every step; real files have ~100 lines.
  it.each([
    { what: `${SERVER_TAB_MAX_LINES} lines`, text: '#\n'.repeat(SERVER_TAB_MAX_LINES - 1) + '"A"\t"1"\n', lines: SERVER_TAB_MAX_LINES },
    { what: `${SERVER_TAB_MAX_LINES} lines, no final newline`, text: '#\n'.repeat(SERVER_TAB_MAX_LINES - 1) + '"A"\t"1"', lines: SERVER_TAB_MAX_LINES },
    { what: `${SERVER_TAB_MAX_LINES + 1} lines`, text: '#\n'.repeat(SERVER_TAB_MAX_LINES) + '"A"\t"1"', code: 'SERVER_TAB_TOO_MANY_LINES' },
    { what: '1 MB of empty lines', text: '\n'.repeat(1024 * 1024), code: 'SERVER_TAB_TOO_MANY_LINES' },
  ])('line bound: $what', ({ text, lines, code }) => {
    expect.hasAssertions();
    if (code) expect(() => parseServerTab(text)).toThrow(expect.objectContaining({ code }));
    else expect(parseServerTab(text).lines.length).toBe(lines);
  });

  it('reads fields as XMail does', () => {
    const m = parseServerTab(fixture('odd-quoting.tab'));
    const v = (n: string) => getVariable(m, n)?.value;
    expect(v('Unquoted')).toBe('value-without-quotes');
    expect(v('Unterminated')).toBe('no closing quote');
    expect(v('TextAfter')).toBe('value');
    expect(v('Escaped')).toBe('say "hi" C:\\\\path');
    expect(v('Extra')).toBe('a');
    expect(v('ManyTabs')).toBe('x');
    expect(v('LeadingTab')).toBe('y');
    expect(v('Spaces')).toBeUndefined();
    expect(v('OnlyName')).toBeUndefined();
    expect(v('Empty')).toBe('');
    expect(getVariable(parseServerTab(fixture('duplicates.tab')), 'EnableSMTP-TLS')).toEqual({ value: '0', lineNumber: 2 });
  });

  it('the stock file has every TLS line commented out', () => {
    const m = parseServerTab(fixture('server.tab'));
    expect(getVariable(m, 'EnableSMTP-TLS')).toBeUndefined();
    expect(getVariable(m, 'RootDomain')?.value).toBe('xmailserver.test');
  });
});

describe('setVariable / removeVariable', () => {
  it('rewrites the first occurrence and comments out later duplicates under a note', () => {
    const m = setVariable(parseServerTab(fixture('duplicates.tab')), 'EnableSMTP-TLS', '0');
    expect(serializeServerTab(m)).toBe(
      '"RootDomain"\t"mail.example.test"\n"EnableSMTP-TLS"\t"0"\n"MaxMTAOps"\t"16"\n' +
        `${duplicateNote('EnableSMTP-TLS')}\n#"EnableSMTP-TLS"\t"1"\n"SSLWantVerify"\t"0"\n` +
        `${duplicateNote('EnableSMTP-TLS')}\n#"EnableSMTP-TLS"\t"1"\n`,
    );
    expect(serverTabIssues(m)).toEqual([]);
    // Idempotent: a second identical change changes nothing.
    expect(serializeServerTab(setVariable(m, 'EnableSMTP-TLS', '0'))).toBe(serializeServerTab(m));
  });

  it('leaves a line holding the same value byte-identical', () => {
    const src = '"A"\t\t"1"\n';
    expect(serializeServerTab(setVariable(parseServerTab(src), 'A', '1'))).toBe(src);
    expect(serializeServerTab(setVariable(parseServerTab(src), 'A', '0'))).toBe('"A"\t"0"\n');
  });

  it('inserts after the commented-out template line, keeping CRLF', () => {
    const m = setVariable(parseServerTab(fixture('server-crlf.tab')), 'EnableSMTP-TLS', '0');
    const out = serializeServerTab(m);
    expect(out).toContain('#"EnableSMTP-TLS"\t"1"\r\n"EnableSMTP-TLS"\t"0"\r\n#"EnablePOP3-TLS"');
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('appends when there is no template, keeping a missing final newline missing', () => {
    const m = setVariable(parseServerTab(fixture('no-final-newline.tab')), 'SSLWantVerify', '1');
    expect(serializeServerTab(m)).toBe('"RootDomain"\t"mail.example.test"\n"EnableSMTP-TLS"\t"1"\n"SSLWantVerify"\t"1"');
    expect(serializeServerTab(setVariable(parseServerTab(''), 'A', 'b'))).toBe('"A"\t"b"\n');
    expect(serializeServerTab(setVariable(parseServerTab('', { defaultEol: '\r\n' }), 'A', 'b'))).toBe('"A"\t"b"\r\n');
  });

  it('escapes quotes so XMail reads the value back', () => {
    const m = setVariable(parseServerTab(''), 'Msg', 'say "hi" C:\\dir');
    expect(serializeServerTab(m)).toBe('"Msg"\t"say \\"hi\\" C:\\dir"\n');
    expect(getVariable(parseServerTab(serializeServerTab(m)), 'Msg')?.value).toBe('say "hi" C:\\dir');
  });

  const refused: Array<{ name: string; value: string; code: XmailErrorCode }> = [
    { name: 'A', value: 'a\tb', code: 'SERVER_TAB_VALUE_TAB' },
    { name: 'A', value: 'a\nb', code: 'SERVER_TAB_VALUE_NEWLINE' },
    { name: 'A', value: 'a\rb', code: 'SERVER_TAB_VALUE_NEWLINE' },
    { name: 'A', value: 'a\u0001', code: 'SERVER_TAB_VALUE_CONTROL' },
    { name: 'A', value: 'dir\\', code: 'SERVER_TAB_VALUE_TRAILING_BACKSLASH' },
    { name: 'A', value: 'x'.repeat(2048), code: 'SERVER_TAB_LINE_TOO_LONG' },
    { name: 'A', value: 'あ'.repeat(700), code: 'SERVER_TAB_LINE_TOO_LONG' },
    { name: 'A"B', value: '1', code: 'SERVER_TAB_NAME_INVALID' },
    { name: '', value: '1', code: 'SERVER_TAB_NAME_INVALID' },
    { name: '#A', value: '1', code: 'SERVER_TAB_NAME_INVALID' },
  ];
  it.each(refused)('refuses $name = $value with $code', ({ name, value, code }) => {
    expect(() => setVariable(parseServerTab(''), name, value)).toThrow(expect.objectContaining({ code }));
  });

  it('accepts a line of 2046 bytes (XMail reads it whole) and refuses 2047 (XMail splits it)', () => {
    const value = 'x'.repeat(2046 - '"A"\t""'.length);
    expect(serializeServerTab(setVariable(parseServerTab(''), 'A', value)).length).toBe(2047);
    expect(() => setVariable(parseServerTab(''), 'A', `${value}x`)).toThrow(expect.objectContaining({ code: 'SERVER_TAB_LINE_TOO_LONG' }));
  });

  // Live-server safety: a Shift_JIS or CP1252 file keeps its bytes; what we add to it must be ASCII
  // (the same bytes in every 8-bit encoding), else a coded error, never a guessed encoding.
  it('adds ASCII lines to a file that is not UTF-8 and writes every other byte back unchanged', () => {
    const sjis = new Uint8Array([...Buffer.from('# '), 0x83, 0x65, 0x95, 0x5c, 0x0d, 0x0a, ...Buffer.from('"RootDomain"\t"a"\r\n')]);
    const m = setVariable(parseServerTab(sjis), 'EnableSMTP-TLS', '1');
    expect(m.encoding).toBe('latin1');
    expect(encodeServerTab(m)).toEqual(new Uint8Array([...sjis, ...Buffer.from('"EnableSMTP-TLS"\t"1"\r\n')]));
  });

  it.each([
    { what: 'a non-ASCII value', value: 'é' },
    { what: 'a Japanese value', value: '日本' },
  ])('refuses to add $what to a file that is not UTF-8 (SERVER_TAB_ADDED_NOT_ASCII); a UTF-8 file takes it', ({ value }) => {
    expect(() => setVariable(parseServerTab(fixture('shift-jis.tab')), 'A', value)).toThrow(expect.objectContaining({ code: 'SERVER_TAB_ADDED_NOT_ASCII' }));
    expect(getVariable(setVariable(parseServerTab(''), 'A', value), 'A')?.value).toBe(value);
  });

  it('encodeServerTabText: UTF-8 as UTF-8, a Latin-1 reading back to its bytes, nothing above U+00FF for it', () => {
    expect(encodeServerTabText('\ufeff# 日本\n', 'utf-8')).toEqual(new Uint8Array([0xef, 0xbb, 0xbf, 0x23, 0x20, 0xe6, 0x97, 0xa5, 0xe6, 0x9c, 0xac, 0x0a]));
    expect(encodeServerTabText('# \x83\x65\xff\n', 'latin1')).toEqual(new Uint8Array([0x23, 0x20, 0x83, 0x65, 0xff, 0x0a]));
    expect(() => encodeServerTabText('# 日本', 'latin1')).toThrow(expect.objectContaining({ code: 'SERVER_TAB_ADDED_NOT_ASCII' }));
  });

  it('removeVariable removes every occurrence and keeps the final-newline state', () => {
    const m = removeVariable(parseServerTab(fixture('duplicates.tab')), 'EnableSMTP-TLS');
    expect(serializeServerTab(m)).toBe('"RootDomain"\t"mail.example.test"\n"MaxMTAOps"\t"16"\n"SSLWantVerify"\t"0"\n');
    expect(serializeServerTab(removeVariable(parseServerTab(fixture('no-final-newline.tab')), 'EnableSMTP-TLS'))).toBe('"RootDomain"\t"mail.example.test"');
  });
});

describe('round trip (property)', () => {
  const printable = fc.string({ unit: fc.constantFrom(...'abcXYZ019 -_.,:;=@"\\#\'/あ'.split('')), maxLength: 20 });
  const line = fc.oneof(
    fc.record({ kind: fc.constant('entry' as const), name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/), value: printable.filter((v) => !v.endsWith('\\')) }),
    fc.record({ kind: fc.constant('comment' as const), text: printable }),
    fc.constant({ kind: 'blank' as const }),
  );
  it('any printable model serializes, parses and serializes identically', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), (lines, eol, finalNewline) => {
        const body = lines
          .map((l) => (l.kind === 'entry' ? `"${l.name}"\t"${l.value.replace(/"/g, '\\"')}"` : l.kind === 'comment' ? `#${l.text}` : ''))
          .join(eol);
        const src = body + (finalNewline && lines.length > 0 ? eol : '');
        const m = parseServerTab(src);
        const out = serializeServerTab(m);
        expect(out).toBe(src);
        expect(serializeServerTab(parseServerTab(out))).toBe(out);
        for (const l of lines) if (l.kind === 'entry') expect(m.lines.some((x) => x.kind === 'entry' && x.name === l.name)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('setVariable then parse reads back the value for any printable value', () => {
    fc.assert(
      fc.property(printable.filter((v) => !v.endsWith('\\')), (value) => {
        const m = setVariable(parseServerTab(fixture('server.tab')), 'SmtpConfig', value);
        expect(getVariable(parseServerTab(serializeServerTab(m)), 'SmtpConfig')?.value).toBe(value);
      }),
      { numRuns: 200 },
    );
  });
});
