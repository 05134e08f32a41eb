/**
 * server.tab as a unified diff (diffServerTab, the bounded Myers diff in server-tab.ts): the patch
 * shipped beside the merged file must turn the user's file into ours under GNU patch. Split from
 * server-tab.test.ts along the module's own seam (parse/change vs describe a change as a diff).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DIFF_EDITS, diffServerTab, parseServerTab, serializeServerTab, setVariable } from './server-tab.ts';

const FIXTURES = new URL('../../../tests/fixtures/xmail/', import.meta.url);
const text = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');

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
