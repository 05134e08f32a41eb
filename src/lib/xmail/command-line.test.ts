import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commandLineReadings,
  effectiveListeners,
  listenerConflicts,
  listenerSwitches,
  parseCommandLine,
  quoteToken,
  serializeCommandLine,
  setTlsListeners,
  splitCommandLine,
  startupOutputs,
} from './command-line.ts';

describe('splitCommandLine (StrCmdLineToken)', () => {
  it.each([
    ['', []],
    ['-Md', ['-Md']],
    ['  -Md\t -Ms  60 ', ['-Md', '-Ms', '60']],
    ['-Ms "C:\\Program Files\\MailRoot"', ['-Ms', 'C:\\Program Files\\MailRoot']],
    ['"a ""quoted"" word" x', ['a "quoted" word', 'x']],
    ['"ab"cd', ['ab', 'cd']],
    ['ab"cd', ['ab"cd']],
    ['""', ['']],
  ] as const)('%j → %j', (text, tokens) => {
    expect(splitCommandLine(text).tokens).toEqual(tokens);
  });
  it('reports an unterminated quote (XMail reads to the end)', () => {
    const cmd = parseCommandLine('-Md "open');
    expect(cmd.tokens).toEqual(['-Md', 'open']);
    expect(cmd.issues).toEqual([{ code: 'UNTERMINATED_QUOTE', token: 'open' }]);
  });
  it('refuses a token of 1024 bytes or more', () => {
    expect(() => parseCommandLine('x'.repeat(1024))).toThrow(expect.objectContaining({ code: 'COMMAND_LINE_TOKEN_TOO_LONG' }));
  });
  it('flags a switch missing its argument', () => {
    expect(parseCommandLine('-Md -Xp').issues).toEqual([{ code: 'SWITCH_ARGUMENT_MISSING', token: '-Xp' }]);
  });
});

describe('parseCommandLine: sources', () => {
  it.each([
    ['-Md -Pl', 'plain'],
    ['XMAIL_CMD_LINE="-Md -Pl"', 'unix'],
    ['export XMAIL_CMD_LINE="-Md -Pl"', 'unix'],
    ['#!/bin/sh\nXMAIL_ROOT=/var/MailRoot\nXMAIL_CMD_LINE="-Md -Pl"\nexport MAIL_CMD_LINE=$XMAIL_CMD_LINE\n', 'unix'],
    ["MAIL_CMD_LINE='-Md -Pl'", 'unix'],
    ['Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\GNU\\XMail]\r\n"MAIL_CMD_LINE"="-Md -Pl"\r\n', 'windows-reg'],
  ] as const)('%j', (text, source) => {
    const cmd = parseCommandLine(text);
    expect(cmd.source).toBe(source);
    expect(cmd.tokens).toEqual(['-Md', '-Pl']);
  });
  it('unescapes the shell and .reg forms', () => {
    expect(parseCommandLine('XMAIL_CMD_LINE="-Ms \\"/var/Mail Root\\" -Md"').tokens).toEqual(['-Ms', '/var/Mail Root', '-Md']);
    expect(parseCommandLine('"MAIL_CMD_LINE"="-Ms \\"C:\\\\Mail Root\\" -Md"').tokens).toEqual(['-Ms', 'C:\\Mail Root', '-Md']);
  });
});

describe('serialize / startupOutputs', () => {
  it.each([
    ['-Md', '-Md'],
    ['a b', '"a b"'],
    ['', '""'],
    ['"x', '"""x"'],
    ['a"b', 'a"b'],
  ])('quoteToken(%j) = %j and reads back', (token, quoted) => {
    expect(quoteToken(token)).toBe(quoted);
    expect(splitCommandLine(quoted).tokens).toEqual([token]);
  });
  it('writes the three forms', () => {
    const cmd = parseCommandLine('-Ms "C:\\Mail Root" -X- -Md');
    expect(startupOutputs(cmd)).toEqual({
      plain: '-Ms "C:\\Mail Root" -X- -Md',
      unixLine: 'XMAIL_CMD_LINE="-Ms \\"C:\\\\Mail Root\\" -X- -Md"',
      windowsValue: '-Ms "C:\\Mail Root" -X- -Md',
    });
    expect(parseCommandLine(startupOutputs(cmd).unixLine).tokens).toEqual(cmd.tokens);
  });
});

describe('listener switches', () => {
  it('reads every switch form', () => {
    const cmd = parseCommandLine('-Md -X- -Bp 9995 -BI 192.0.2.1 -BI 192.0.2.2:996 -B6 -Wp 1 -Wp 7018 -P- -Sp 2525');
    expect(listenerSwitches(cmd, 'X')).toEqual({ off: true, interfaces: [], ipv6: false });
    expect(listenerSwitches(cmd, 'B')).toEqual({ off: false, port: 9995, interfaces: ['192.0.2.1', '192.0.2.2:996'], ipv6: true });
    expect(listenerSwitches(cmd, 'W').port).toBe(7018);
    const eff = Object.fromEntries(effectiveListeners(cmd).map((l) => [l.service, l]));
    expect(eff.SMTPS).toMatchObject({ enabled: false, ports: [], tls: 'implicit' });
    expect(eff.POP3S).toMatchObject({ enabled: true, ports: [9995, 996], ipv6: true });
    expect(eff.CTRLS).toMatchObject({ enabled: true, ports: [7018] });
    expect(eff.POP3).toMatchObject({ enabled: false });
    expect(eff.SMTP).toMatchObject({ enabled: true, ports: [2525], tls: 'starttls' });
    expect(eff.CTRL).toMatchObject({ enabled: true, ports: [6017] });
    expect(eff.FINGER).toMatchObject({ enabled: true, ports: [79], tls: 'none' });
  });
  it('defaults: every listener on at its default port', () => {
    expect(effectiveListeners(parseCommandLine('')).map((l) => [l.service, l.enabled, l.ports])).toEqual([
      ['SMTP', true, [25]], ['POP3', true, [110]], ['CTRL', true, [6017]], ['FINGER', true, [79]],
      ['SMTPS', true, [465]], ['POP3S', true, [995]], ['CTRLS', true, [6018]],
    ]);
  });
});

describe('setTlsListeners keeps every other option and its order', () => {
  const base = '-Ms "C:\\Mail Root" -Md -Sp 25 -Xp 465 -Pl -Qn 4';
  it.each([
    [{ smtps: 'off' as const }, '-Ms "C:\\Mail Root" -Md -Sp 25 -X- -Xp 465 -Pl -Qn 4'],
    [{ smtps: 'off' as const, pop3s: 'off' as const, ctrls: 'off' as const }, '-Ms "C:\\Mail Root" -Md -Sp 25 -X- -Xp 465 -Pl -Qn 4 -B- -W-'],
    [{ smtps: { port: 10465 } }, '-Ms "C:\\Mail Root" -Md -Sp 25 -Xp 10465 -Pl -Qn 4'],
    [{ pop3s: { interfaces: ['192.0.2.1', '[2001:db8::1]:995'], ipv6: true } }, base + ' -BI 192.0.2.1 -BI [2001:db8::1]:995 -B6'],
    [{ pop3: 'off' as const, ctrl: 'off' as const }, base + ' -P- -C-'],
  ])('%j', (changes, expected) => {
    expect(serializeCommandLine(setTlsListeners(parseCommandLine(base), changes))).toBe(expected);
  });
  it('turning on removes every -X- and nothing else', () => {
    const cmd = parseCommandLine('-X- -Md -B- -Xp 465 -X- -P-');
    expect(serializeCommandLine(setTlsListeners(cmd, { smtps: 'on', pop3s: 'on', pop3: 'on' }))).toBe('-Md -Xp 465');
  });
  it('from empty, "off" reads like the seed recipe', () => {
    expect(serializeCommandLine(setTlsListeners(parseCommandLine(''), { smtps: 'off', pop3s: 'off', ctrls: 'off' }))).toBe('-B- -W- -X-');
  });
  it('is idempotent', () => {
    const once = setTlsListeners(parseCommandLine(base), { smtps: 'off', pop3: 'off' });
    expect(setTlsListeners(once, { smtps: 'off', pop3: 'off' }).tokens).toEqual(once.tokens);
  });
  it('refuses a bad port or interface', () => {
    expect(() => setTlsListeners(parseCommandLine(''), { smtps: { port: 70000 } })).toThrow(expect.objectContaining({ code: 'COMMAND_LINE_PORT_INVALID' }));
    expect(() => setTlsListeners(parseCommandLine(''), { smtps: { interfaces: ['a b'] } })).toThrow(expect.objectContaining({ code: 'COMMAND_LINE_INTERFACE_INVALID' }));
  });
});

// ---------------------------------------------------------------------------------------------
// XMail's own reading of the options (MailSvr.cpp SvrSetup*), issue 16 class 2 and 3.

/**
 * A reference written straight from MailSvr.cpp (XMail 1.27) SvrSetupCTRL / CTRLS / POP3 / POP3S /
 * SMTP / SMTPS / FING: one loop per service over every token, `pszArgs[i][1]` picks the service,
 * `pszArgs[i][2]` the sub-switch, an argument is the next token, ports are `atoi`.
 */
const REF_DEFAULT_PORT: Record<string, number> = { S: 25, P: 110, C: 6017, F: 79, X: 465, B: 995, W: 6018 };
const REF_ARG_CASES: Record<string, string> = { C: 'ptIX', W: 'pI', P: 'ptwIX', B: 'pI', S: 'ptIXre', X: 'pI', F: 'pI' };
function cAtoi(s: string): number {
  let i = 0;
  while (' \t\n\v\f\r'.includes(s[i] ?? 'x')) i++;
  let sign = 1;
  if (s[i] === '+' || s[i] === '-') sign = s[i++] === '-' ? -1 : 1;
  let n = 0;
  while (i < s.length && s[i]! >= '0' && s[i]! <= '9') n = n * 10 + (s.charCodeAt(i++) - 48);
  return sign * n;
}
function referenceSetup(args: string[], letter: string): { disabled: boolean; port: number; addresses: string[]; ipv6: boolean } {
  let iPort = REF_DEFAULT_PORT[letter]!;
  let iDisable = 0;
  let ipv6 = false;
  const addresses: string[] = [];
  const implicit = letter === 'X' || letter === 'B' || letter === 'W';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.charAt(0) !== '-' || a.charAt(1) !== letter) continue;
    const c = a.charAt(2);
    if (c === 'p') {
      if (++i < args.length) iPort = cAtoi(args[i]!);
    } else if (c === 'I') {
      if (++i < args.length) addresses.push(args[i]!);
    } else if (c === '-') {
      if (implicit) return { disabled: true, port: iPort & 0xffff, addresses, ipv6 };
      iDisable++;
    } else if (c === '6') {
      ipv6 = true;
    } else if (c !== '' && REF_ARG_CASES[letter]!.includes(c)) {
      ++i; // t, X, w, r, e: a number for another setting
    }
  }
  return { disabled: iDisable > 0, port: iPort & 0xffff, addresses, ipv6 };
}

const cmdOf = (tokens: string[]) => ({ tokens, source: 'plain' as const, issues: [] });

describe("effectiveListeners follows XMail's parse loop", () => {
  const LETTERS = ['S', 'P', 'C', 'F', 'X', 'B', 'W'] as const;
  const piece = fc.oneof(
    fc.constantFrom('-X-', '-Xp', '-XI', '-X6', '-X', '-Xq', '-x-', '-X-foo', '-Xp22466', '-S-', '-Sp', '-SI', '-St', '-Sr', '-Se', '-SX', '-Sl',
      '-P-', '-Pp', '-Pw', '-B-', '-Bp', '-BI', '-W-', '-Wp', '-C-', '-Cp', '-CX', '-F-', '-Fp', '-Md', '-Ms', '-Qn', '-'),
    fc.constantFrom('465', '25', '0', '70000', '-1', 'abc', '25abc', ' 26', '127.0.0.1', '127.0.0.1:2525', '[::1]:995', ''),
    fc.string({ maxLength: 6 }),
    fc.tuple(fc.constantFrom('-'), fc.constantFrom(...LETTERS, 'M', 'Q'), fc.string({ maxLength: 3 })).map(([a, b, c]) => a + b + c),
  );
  it('for any token list: on/off, the -Lp port, the -LI addresses and -L6 of every listener', () => {
    expect.hasAssertions();
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (tokens) => {
        const eff = effectiveListeners(cmdOf(tokens));
        for (const letter of LETTERS) {
          const ref = referenceSetup(tokens, letter);
          const l = eff.find((x) => x.letter === letter)!;
          expect(l.enabled).toBe(!ref.disabled);
          const sw = listenerSwitches(cmdOf(tokens), letter);
          if (!ref.disabled) {
            expect(sw.port ?? REF_DEFAULT_PORT[letter]).toBe(ref.port);
            expect(sw.interfaces).toEqual(ref.addresses);
            expect(sw.ipv6).toBe(ref.ipv6);
            if (ref.addresses.length === 0) expect(l.ports).toEqual([ref.port]);
          } else {
            expect(l.binds).toEqual([]);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    // [command line, service, enabled, ports]
    ['-X-anything', 'SMTPS', false, []],
    ['-Xp22466 -Md', 'SMTPS', true, [0]], // -Xp takes "-Md" as its port: atoi("-Md") = 0, a random port
    ['-Xp22466 2525', 'SMTPS', true, [2525]],
    ['-Xp abc', 'SMTPS', true, [0]],
    ['-Xp 25abc', 'SMTPS', true, [25]],
    ['-Xp 70000', 'SMTPS', true, [4464]], // 16 bits
    ['-Sp -X-', 'SMTPS', false, []], // the X loop still reads -X-
    ['-Sp -X-', 'SMTP', true, [0]], // and the S loop took it as its port
    ['-x-', 'SMTPS', true, [465]], // lower case: another letter
    ['-Xq -X6', 'SMTPS', true, [465]],
    ['-XI 192.0.2.1 -Xp 10465', 'SMTPS', true, [10465]],
    ['-XI 192.0.2.1:2465 -XI [2001:db8::1]:3465 -XI 192.0.2.2', 'SMTPS', true, [2465, 3465, 465]],
    ['-W- -WI bad', 'CTRLS', false, []],
    ['-P-x -Pp 1', 'POP3', false, []],
  ] as const)('%s: %s enabled=%s ports=%j', (line, service, enabled, ports) => {
    const l = effectiveListeners(parseCommandLine(line)).find((x) => x.service === service)!;
    expect(l.enabled).toBe(enabled);
    expect(l.ports).toEqual(ports);
  });
});

describe('commandLineReadings: every token XMail reads differently', () => {
  it.each([
    ['-X-anything', [{ code: 'SWITCH_TAIL_IGNORED', token: '-X-anything', readAs: '-X-' }]],
    ['-Xp22466 -Md', [{ code: 'SWITCH_TAIL_IGNORED', token: '-Xp22466', readAs: '-Xp' }, { code: 'ARGUMENT_IS_SWITCH', token: '-Xp22466', arg: '-Md' }, { code: 'PORT_RANDOM', token: '-Xp22466', arg: '-Md', port: 0 }]],
    ['-Xp abc', [{ code: 'PORT_RANDOM', token: '-Xp', arg: 'abc', port: 0 }]],
    ['-Xp 70000', [{ code: 'PORT_MISREAD', token: '-Xp', arg: '70000', port: 4464 }]],
    ['-Sp 25abc', [{ code: 'PORT_MISREAD', token: '-Sp', arg: '25abc', port: 25 }]],
    ['-Xq', [{ code: 'SWITCH_UNKNOWN', token: '-Xq' }]],
    ['-X', [{ code: 'SWITCH_UNKNOWN', token: '-X' }]],
    ['-x- /X- 465', [{ code: 'NOT_AN_OPTION', token: '-x-' }, { code: 'NOT_AN_OPTION', token: '/X-' }, { code: 'NOT_AN_OPTION', token: '465' }]],
    ['-Ms "C:\\Mail Root" -Md -Qn 4 -Xp 10465 -XI 192.0.2.1:465 -B- -W6 -Pl -Sr 100 -Yi 60 -Ln 3', []],
  ] as const)('%s', (line, expected) => {
    expect(commandLineReadings(parseCommandLine(line))).toEqual(expected);
  });
});

describe('listenerConflicts: one address and port twice stops XMail', () => {
  it.each([
    ['', []],
    ['-S6 -Xp 25', [{ address: '', port: 25, first: 'SMTP', second: 'SMTPS', kind: 'overlap' }]],
    ['-Xp 25', [{ address: '', port: 25, first: 'SMTP', second: 'SMTPS', kind: 'exact' }]],
    ['-Bp 110', [{ address: '', port: 110, first: 'POP3', second: 'POP3S', kind: 'exact' }]],
    ['-SI 192.0.2.1 -XI 192.0.2.1:25', [{ address: '192.0.2.1', port: 25, first: 'SMTP', second: 'SMTPS', kind: 'exact' }]],
    ['-XI 192.0.2.1:25', [{ address: '192.0.2.1', port: 25, first: 'SMTP', second: 'SMTPS', kind: 'overlap' }]],
    ['-XI 192.0.2.1 -XI 192.0.2.1', [{ address: '192.0.2.1', port: 465, first: 'SMTPS', second: 'SMTPS', kind: 'exact' }]],
    ['-Wp 6017', [{ address: '', port: 6017, first: 'CTRL', second: 'CTRLS', kind: 'exact' }]],
    ['-Xp 0 -Bp 0', []],
    ['-Xp 25 -S-', []],
    ['-S6', []], // IPv6 wildcard 25 and nothing else on 25
  ] as const)('%j', (line, expected) => {
    expect(listenerConflicts(effectiveListeners(parseCommandLine(line)))).toEqual(expected);
  });
});
