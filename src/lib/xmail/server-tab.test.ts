import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isXmailError, type XmailErrorCode } from './errors.ts';
import {
  MAX_DIFF_EDITS,
  SERVER_TAB_MAX_LINES,
  diffServerTab,
  duplicateNote,
  encodeServerTab,
  entries,
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

describe('diffServerTab', () => {
  it('is empty when nothing changed', () => {
    expect(diffServerTab(text('server.tab'), text('server.tab'))).toBe('');
  });
  it('holds only the changed lines and three lines of context', () => {
    const before = text('server.tab');
    const after = serializeServerTab(setVariable(parseServerTab(before), 'EnableSMTP-TLS', '0'));
    const patch = diffServerTab(before, after);
    expect(patch).toBe(
      '--- server.tab\n+++ server.tab\n@@ -23,6 +23,7 @@\n' +
        ' #"SmtpGwConfig"\t"NeedTLS=1,OutBind=192.168.1.1"\n #"EnableCTRL-TLS"\t"1"\n #"EnableSMTP-TLS"\t"1"\n' +
        '+"EnableSMTP-TLS"\t"0"\n' +
        ' #"EnablePOP3-TLS"\t"1"\n #"SmtpMsgIPBanSpammers"\t"550 Denied due inclusion of your IP in our spam lists"\n #"SmtpMsgIPBanSpamAddress"\t"550 Denied due inclusion of your email address in our spam lists"\n',
    );
  });
  it('marks a missing final newline', () => {
    const patch = diffServerTab('"A"\t"1"', '"A"\t"2"');
    expect(patch).toBe('--- server.tab\n+++ server.tab\n@@ -1 +1 @@\n-"A"\t"1"\n\\ No newline at end of file\n+"A"\t"2"\n\\ No newline at end of file\n');
  });
});

/** Applies a unified diff the way `patch` does, refusing any context or removed line that does not match. */
function applyUnifiedDiff(before: string, patch: string): string {
  const a = before.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const records = (patch.match(/[^\n]*\n/g) ?? []).slice(2);
  const hunks: Array<{ start: number; lines: Array<{ op: string; text: string }> }> = [];
  for (const r of records) {
    const head = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@\n$/.exec(r);
    if (head) hunks.push({ start: Number(head[2] === '0' ? Number(head[1]) + 1 : head[1]) - 1, lines: [] });
    else if (r === '\\ No newline at end of file\n') {
      const last = hunks.at(-1)!.lines.at(-1)!;
      last.text = last.text.slice(0, -1);
    } else hunks.at(-1)!.lines.push({ op: r[0]!, text: r.slice(1) });
  }
  const out: string[] = [];
  let pos = 0;
  for (const h of hunks) {
    if (h.start < pos) throw new Error(`hunk at ${h.start} overlaps`);
    out.push(...a.slice(pos, h.start));
    pos = h.start;
    for (const l of h.lines) {
      if (l.op === '+') out.push(l.text);
      else if (a[pos] !== l.text) throw new Error(`line ${pos + 1}: expected ${JSON.stringify(l.text)}, found ${JSON.stringify(a[pos])}`);
      else if (l.op === ' ') out.push(a[pos++]!);
      else pos++;
    }
  }
  return out.join('') + a.slice(pos).join('');
}

/** Lines a shortest edit script changes: n + m - 2 x LCS (quadratic, small inputs only). */
function shortestEdits(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(row[j]!, row[j - 1]!);
      diag = up;
    }
  }
  return a.length + b.length - 2 * row[b.length]!;
}

describe('diffServerTab: any two files (property)', () => {
  const lines = fc.array(fc.constantFrom('"A"\t"1"', '"A"\t"2"', '"B"\t"1"', '#', '#"A"\t"1"', ''), { maxLength: 40 });
  const file = fc.tuple(lines, fc.constantFrom('\n', '\r\n'), fc.boolean()).map(([ls, eol, last]) => ls.join(eol) + (last && ls.length > 0 ? eol : ''));
  it('the patch turns before into after with a shortest edit script', () => {
    expect.hasAssertions();
    fc.assert(
      fc.property(file, file, (before, after) => {
        const patch = diffServerTab(before, after);
        expect(applyUnifiedDiff(before, patch)).toBe(after);
        const split = (t: string) => t.match(/[^\n]*\n|[^\n]+$/g) ?? [];
        const edits = patch.split('\n').filter((l) => /^[-+](?![-+]{2} server\.tab$)/.test(l)).length;
        expect(edits).toBe(shortestEdits(split(before), split(after)));
      }),
      { numRuns: 400 },
    );
  });

  it(`past ${MAX_DIFF_EDITS} edits the middle is replaced whole, and the patch still applies`, () => {
    expect.hasAssertions();
    const before = Array.from({ length: 2 * MAX_DIFF_EDITS }, (_, i) => `"A${i}"\t"1"\n`).join('');
    const after = Array.from({ length: 2 * MAX_DIFF_EDITS }, (_, i) => `"A${i}"\t"${i % 2 ? 2 : 1}"\n`).join('');
    const patch = diffServerTab(`#head\n${before}#tail\n`, `#head\n${after}#tail\n`);
    expect(applyUnifiedDiff(`#head\n${before}#tail\n`, patch)).toBe(`#head\n${after}#tail\n`);
    expect(patch.split('\n').filter((l) => l.startsWith('-"')).length).toBe(2 * MAX_DIFF_EDITS - 1);
  });
});

// ---------------------------------------------------------------------------------------------
// Issue 16 class 1: XMail reads server.tab with fgets(szProfileLine, 2047, f) (SvrUtils.cpp
// SvrReadConfig, MiscUtils.cpp MscGetConfigLine/MscGetString): a long line is split, not cut.

/**
 * A reference of XMail's read loop over the file's bytes, written from the C source: fgets of at
 * most 2046 bytes (stopping after a LF), trailing CR/LF removed, empty and `#` lines skipped, the
 * rest split on TAB runs, fields dequoted (StrDeQuote), the first occurrence of a name kept.
 */
function referenceRead(bytes: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < bytes.length) {
    let end = pos;
    while (end < bytes.length && end - pos < 2046) {
      if (bytes[end++] === 0x0a) break;
    }
    let len = end - pos;
    while (len > 0 && (bytes[pos + len - 1] === 0x0a || bytes[pos + len - 1] === 0x0d)) len--;
    const line = new TextDecoder().decode(bytes.subarray(pos, pos + len));
    pos = end;
    if (line.length === 0 || line[0] === '#') continue;
    const fields = line.split('\t').filter((f) => f !== '');
    if (fields.length < 2) continue;
    const deq = (f: string) => {
      if (f[0] !== '"') return f;
      let r = '';
      for (let i = 1; i < f.length; i++) {
        if (f[i] === '\\' && f[i + 1] === '"') r += f[++i];
        else if (f[i] === '"') break;
        else r += f[i];
      }
      return r;
    };
    const name = deq(fields[0]!);
    if (!out.has(name)) out.set(name, deq(fields[1]!));
  }
  return out;
}

function modelRead(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entries(parseServerTab(text))) if (!out.has(e.name)) out.set(e.name, e.value);
  return out;
}

describe('long lines are split the way XMail reads them', () => {
  const pad = (n: number) => 'x'.repeat(n);
  it.each([
    // [the file, what XMail sets]
    [`"A"\t"${pad(2040)}"\n`, { A: pad(2040) }], // 2046 bytes: read whole
    [`"A"\t"${pad(2040)}"\r\n`, { A: pad(2040) }], // CR/LF not counted
    [`"A"\t"${pad(2041)}"\n`, { A: pad(2041) }], // 2047: the closing quote is cut off, the value is the same
    [`"A"\t"${pad(2100)}"\n"B"\t"1"\n`, { A: pad(2041), B: '1' }], // the rest (x..x") is one field: ignored
    [`#${' '.repeat(2045)}"SSLWantCert"\t"1"\n`, { SSLWantCert: '1' }], // a setting hidden after 2046 bytes of comment
    [`#${' '.repeat(2045)}#"SSLWantCert"\t"1"\n`, {}], // the rest starts with #: a comment
    [`"A"\t"${pad(2039)}"\t"B"\t"2"\n`, { A: pad(2039), B: '2' }], // piece 1 is the whole A line (and a TAB); the rest is "B" "2"
    [`"C"\t"0"\n#${' '.repeat(2045)}"C"\t"1"\n`, { C: '0' }], // the first occurrence still wins
    [`#${' '.repeat(2045)}"C"\t"1"\n"C"\t"0"\n`, { C: '1' }], // and the hidden one can be the first
    [`#${' '.repeat(4091)}"D"\t"3"\n`, { D: '3' }], // three pieces
  ] as const)('%#', (file, expected) => {
    const want = new Map(Object.entries(expected));
    expect(modelRead(file)).toEqual(want);
    expect(referenceRead(new TextEncoder().encode(file))).toEqual(want);
  });

  it('reports the split and keeps the bytes', () => {
    const file = `"RootDomain"\t"a.test"\n#${' '.repeat(2045)}"SSLWantCert"\t"1"\n`;
    const model = parseServerTab(file);
    expect(serializeServerTab(model)).toBe(file);
    expect(model.lines[1]).toMatchObject({ kind: 'comment', tail: [{ kind: 'entry', name: 'SSLWantCert', value: '1' }] });
    expect(serverTabIssues(model)).toEqual([{ lineNumber: 2, code: 'LINE_SPLIT' }]);
    expect(getVariable(model, 'SSLWantCert')).toEqual({ value: '1', lineNumber: 2 });
  });

  it('for any lines of any length: the settings equal the reference fgets loop', () => {
    expect.hasAssertions();
    const name = fc.constantFrom('A', 'B', 'SSLWantCert', 'EnableSMTP-TLS');
    const filler = fc.oneof(fc.constantFrom('x', ' ', '"', '\t', '#', 'あ', '\\'), fc.string({ maxLength: 3 }).filter((t) => !/[\r\n\0]/.test(t)));
    const body = fc.tuple(fc.integer({ min: 0, max: 4200 }), filler).map(([n, f]) => f.repeat(Math.ceil(n / Math.max(1, f.length))).slice(0, n));
    const line = fc.oneof(
      fc.tuple(name, body).map(([n, v]) => `"${n}"\t"${v}"`),
      fc.tuple(body, name, fc.constantFrom('0', '1')).map(([b, n, v]) => `#${b}"${n}"\t"${v}"`),
      fc.tuple(body, name).map(([b, n]) => `${b}\t"${n}"\t"1"`),
      body,
    );
    const file = fc.tuple(fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n')), { minLength: 1, maxLength: 5 }), fc.boolean())
      .map(([ls, last]) => ls.map(([l, e]) => l + e).join('') + (last ? '"Z"\t"9"' : ''));
    fc.assert(
      fc.property(file, (text) => {
        let model: Map<string, string>;
        try {
          model = modelRead(text);
        } catch {
          return; // SERVER_TAB_NOT_A_SERVER_TAB: a file with no setting at all
        }
        expect(model).toEqual(referenceRead(new TextEncoder().encode(text)));
      }),
      { numRuns: 400 },
    );
  });
});

describe('changing a setting hidden in the rest of a long line', () => {
  const hidden = `"RootDomain"\t"a.test"\n#${' '.repeat(2045)}"EnableSMTP-TLS"\t"1"\n"EnableSMTP-TLS"\t"1"\n`;
  it.each([
    ['set', (m: ServerTab) => setVariable(m, 'EnableSMTP-TLS', '0'), '0'],
    ['remove', (m: ServerTab) => removeVariable(m, 'EnableSMTP-TLS'), undefined],
  ] as const)('%s reaches what XMail reads (reference fgets loop)', (_name, change, expected) => {
    const out = serializeServerTab(change(parseServerTab(hidden)));
    expect(referenceRead(new TextEncoder().encode(out)).get('EnableSMTP-TLS')).toBe(expected);
    expect(referenceRead(new TextEncoder().encode(out)).get('RootDomain')).toBe('a.test');
    expect(getVariable(parseServerTab(out), 'EnableSMTP-TLS')?.value).toBe(expected);
  });
});
