import { describe, expect, it } from 'vitest';
import {
  effectiveListeners,
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
