import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPTION_SUBSWITCHES, effectiveListeners, parseCommandLine, serializeCommandLine, type OptionLetter, type TlsListenerChanges } from './command-line.ts';
import { listenerSwitchDelta, parseCommandLineFile, planStartupChange } from './startup-change.ts';

const encodeUtf8 = (s: string) => new TextEncoder().encode(s);

const LETTER_OF: Record<keyof TlsListenerChanges, string> = { pop3s: 'B', ctrls: 'W', smtps: 'X', pop3: 'P', ctrl: 'C' };

/** Every XMail switch as MailSvr.cpp's setup loops know it (OPTION_SUBSWITCHES), plus unknown and odd ones. */
const LETTERS = Object.keys(OPTION_SUBSWITCHES) as OptionLetter[];
const FLAG_SWITCHES = [
  ...LETTERS.flatMap((l) => [...OPTION_SUBSWITCHES[l].flags].map((sub) => `-${l}${sub}`)),
  '-Mt', '-Zz', '-X-anything', '-P-old', '-6', 'word',
];
const ARG_SWITCHES = LETTERS.flatMap((l) => [...OPTION_SUBSWITCHES[l].withArgument].map((sub) => `-${l}${sub}`));

/** Option values as admins write them: numbers, paths with spaces, quotes, Japanese, IPs. Never start with '-'. */
const value = fc.oneof(
  fc.integer({ min: 0, max: 99999 }).map(String),
  fc.constantFrom('C:\\Program Files\\MailRoot', '/var/Mail Root', '127.0.0.1:2525', '[::1]:995', 'say "hi"', 'メール 置き場', ''),
  fc.string({ unit: fc.constantFrom('a', 'Z', '9', ' ', '\t', '"', '\\', '$', '`', "'", '日', ':', '.'), maxLength: 20 })
    .filter((s) => !s.startsWith('-')),
);
const item = fc.oneof(
  fc.constantFrom(...FLAG_SWITCHES).map((s) => [s]),
  fc.tuple(fc.constantFrom(...ARG_SWITCHES), value),
);
/** An argument switch may also stand last, still waiting for its argument (XMail ignores it). */
const dangling = fc.option(fc.constantFrom(...ARG_SWITCHES), { nil: undefined });
const commandTokens = fc.tuple(fc.array(item, { maxLength: 12 }), dangling).map(([items, last]) => [...items.flat(), ...(last ? [last] : [])]);
const change = fc.constantFrom(undefined, 'on' as const, 'off' as const);
const changes = fc.record({ smtps: change, pop3s: change, ctrls: change, pop3: change, ctrl: change }).map((c) => {
  const out: TlsListenerChanges = {};
  for (const [k, v] of Object.entries(c) as Array<[keyof TlsListenerChanges, 'on' | 'off' | undefined]>) if (v) out[k] = v as never;
  return out;
});

function lineOf(tokens: string[]): string {
  return serializeCommandLine({ tokens, source: 'plain', issues: [] });
}

describe('planStartupChange: the user line survives (property)', () => {
  it('keeps every token but the changed listeners\' -L- switches, in order, in every output form', () => {
    expect.hasAssertions();
    fc.assert(
      fc.property(commandTokens, changes, (tokens, ch) => {
        const current = parseCommandLine(lineOf(tokens));
        expect(current.tokens).toEqual(tokens);
        // The tokens XMail reads as an off switch of a listener asked to change (2nd and 3rd characters).
        const touched = new Set(Object.keys(ch).map((k) => LETTER_OF[k as keyof TlsListenerChanges]));
        const keep = (t: string[]) => t.filter((x) => !(x[0] === '-' && x[2] === '-' && touched.has(x[1]!)));
        const result = planStartupChange(ch, current);
        if (result.kind === 'switches') throw new Error('a given line must be merged, not listed');
        const afterTokens = result.kind === 'merged' ? parseCommandLine(result.outputs.plain).tokens : tokens;
        expect(keep(afterTokens)).toEqual(keep(tokens));
        if (result.kind === 'merged') {
          // The init-script line and the registry value carry the same tokens.
          expect(parseCommandLine(result.outputs.unixLine).tokens).toEqual(afterTokens);
          expect(parseCommandLine(result.outputs.windowsValue).tokens).toEqual(afterTokens);
        }
        // And XMail ends up with exactly the listeners asked for.
        const listeners = effectiveListeners(parseCommandLine(lineOf(afterTokens)));
        for (const [k, v] of Object.entries(ch)) {
          const l = listeners.find((x) => x.letter === LETTER_OF[k as keyof TlsListenerChanges])!;
          expect(l.enabled).toBe(v === 'on');
        }
        // Every other listener is read exactly as before.
        const before = effectiveListeners(current);
        for (const l of listeners) if (!touched.has(l.letter)) expect(l).toEqual(before.find((b) => b.letter === l.letter));
      }),
      { numRuns: 600 },
    );
  });
});

describe('planStartupChange: cases', () => {
  it.each([
    ['full (listeners on), no line given', { smtps: 'on', pop3s: 'on', ctrls: 'on' }, undefined, { kind: 'switches', add: [], remove: ['-B-', '-W-', '-X-'] }],
    ['off, no line given', { pop3s: 'off', ctrls: 'off', smtps: 'off' }, undefined, { kind: 'switches', add: ['-B-', '-W-', '-X-'], remove: [] }],
    ['no listener change, no line', {}, undefined, { kind: 'none' }],
    ['no listener change, a line', {}, '-Md -Pl', { kind: 'none' }],
    ['full, line already has them on', { smtps: 'on', pop3s: 'on', ctrls: 'on' }, '-Md -Ms "C:\\Mail Root"', { kind: 'none' }],
  ] as const)('%s', (_name, ch, line, expected) => {
    expect(planStartupChange(ch, line === undefined ? undefined : parseCommandLine(line))).toEqual(expected);
  });

  it('merges "TLS off" into the user line and names what changed', () => {
    const r = planStartupChange({ pop3s: 'off', ctrls: 'off', smtps: 'off' }, parseCommandLine('XMAIL_CMD_LINE="-Md -Ms \\"/var/Mail Root\\" -Sp 2525 -B- -Ll"'));
    expect(r).toEqual({
      kind: 'merged',
      before: '-Md -Ms "/var/Mail Root" -Sp 2525 -B- -Ll',
      outputs: {
        plain: '-Md -Ms "/var/Mail Root" -Sp 2525 -B- -Ll -W- -X-',
        unixLine: 'XMAIL_CMD_LINE="-Md -Ms \\"/var/Mail Root\\" -Sp 2525 -B- -Ll -W- -X-"',
        windowsValue: '-Md -Ms "/var/Mail Root" -Sp 2525 -B- -Ll -W- -X-',
      },
      added: ['-W-', '-X-'],
      removed: [],
    });
  });

  it('turning listeners on removes only their -L- switches', () => {
    const r = planStartupChange({ smtps: 'on', pop3s: 'on', ctrls: 'on' }, parseCommandLine('-B- -W- -X- -P- -Md'));
    expect(r).toMatchObject({ kind: 'merged', outputs: { plain: '-P- -Md' }, added: [], removed: ['-B-', '-W-', '-X-'] });
  });

  it.each([
    ['after a dangling -Pw (XMail would read -P- as its argument)', { pop3: 'off' }, '-Pw', '-P- -Pw'],
    ['after a dangling -Sp at the end', { smtps: 'off' }, '-Md -Sp', '-X- -Md -Sp'],
    ['beside the service\'s first listener switch', { pop3: 'off' }, '-Md -Pl -Pp 110 -Sl', '-Md -Pl -P- -Pp 110 -Sl'],
    ['-X-anything is read as -X-: already off, line untouched', { smtps: 'off' }, '-X-old -Md', undefined],
    ['turning on removes -X-anything too', { smtps: 'on' }, '-X-old -Md', '-Md'],
    ['a -X- that is -Xp\'s argument is not an off switch', { smtps: 'on' }, '-Xp -X- -Md', undefined],
  ] as const)('places and removes switches as XMail reads them: %s', (_name, ch, line, after) => {
    const r = planStartupChange(ch, parseCommandLine(line));
    if (after === undefined) expect(r).toEqual({ kind: 'none' });
    else expect(r).toMatchObject({ kind: 'merged', outputs: { plain: after } });
  });

  it('listenerSwitchDelta names -L- switches only', () => {
    expect(listenerSwitchDelta({ smtps: 'on', pop3s: 'on', ctrls: 'on', pop3: 'off', ctrl: 'off' })).toEqual({ add: ['-P-', '-C-'], remove: ['-B-', '-W-', '-X-'] });
  });
});

describe('parseCommandLineFile', () => {
  const utf16 = (s: string) => {
    const out = new Uint8Array(2 + s.length * 2);
    out.set([0xff, 0xfe]);
    for (let i = 0; i < s.length; i++) out.set([s.charCodeAt(i) & 0xff, s.charCodeAt(i) >> 8], 2 + i * 2);
    return out;
  };
  it.each([
    ['reg export (UTF-16LE)', utf16('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\GNU\\XMail]\r\n"MAIL_ROOT"="C:\\\\MailRoot"\r\n"MAIL_CMD_LINE"="-Md -Pl"\r\n\r\n'), 'windows-reg'],
    ['init script (UTF-8)', encodeUtf8('#!/bin/sh\nXMAIL_ROOT=/var/MailRoot\nXMAIL_CMD_LINE="-Md -Pl"\nexport MAIL_CMD_LINE=$XMAIL_CMD_LINE\n'), 'unix'],
  ] as const)('%s', (_name, bytes, source) => {
    const cmd = parseCommandLineFile(bytes);
    expect(cmd.source).toBe(source);
    expect(cmd.tokens).toEqual(['-Md', '-Pl']);
  });
  // Live-server safety: an old init script in EUC-JP (or Shift_JIS). Its line comes back as the
  // bundle's XMAIL_CMD_LINE line: a path read as U+FFFD would be written as other bytes, and XMail
  // would not find its folder after the restart. Bytes elsewhere in the file are not ours to write.
  const eucJp = (...parts: Array<string | number[]>) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...encodeUtf8(p)] : p)));
  it('reads an EUC-JP init script whose command line is ASCII', () => {
    const bytes = eucJp('#!/bin/sh\n# ', [0xa5, 0xe1, 0xa1, 0xbc, 0xa5, 0xeb], '\nXMAIL_CMD_LINE="-Md -Pl"\n');
    expect(parseCommandLineFile(bytes).tokens).toEqual(['-Md', '-Pl']);
  });
  it('refuses a command line holding bytes that are not UTF-8 (COMMAND_LINE_NOT_UTF8)', () => {
    const bytes = eucJp('#!/bin/sh\nXMAIL_CMD_LINE="-Md -Ms /var/', [0xa5, 0xe1, 0xa1, 0xbc, 0xa5, 0xeb], '"\n');
    expect(() => parseCommandLineFile(bytes)).toThrow(expect.objectContaining({ code: 'COMMAND_LINE_NOT_UTF8' }));
    expect(parseCommandLineFile(encodeUtf8('XMAIL_CMD_LINE="-Md -Ms /var/メール"\n')).tokens).toEqual(['-Md', '-Ms', '/var/メール']);
  });
  it('refuses a file without a command-line line (it would be read as one long line)', () => {
    expect(() => parseCommandLineFile(encodeUtf8('#!/bin/sh\necho hello\n'))).toThrow(expect.objectContaining({ code: 'COMMAND_LINE_NOT_FOUND' }));
  });
});
