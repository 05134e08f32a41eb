/**
 * Lines longer than XMail reads at once (issue 16 class 1): the codec's reading of a split line
 * checked against a reference of XMail's own read loop, and changes to a setting hidden in the rest
 * of such a line. Split from server-tab.test.ts: this is the fgets model, not the codec's format.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entries, getVariable, parseServerTab, removeVariable, serializeServerTab, serverTabIssues, setVariable, type ServerTab } from './server-tab.ts';

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
