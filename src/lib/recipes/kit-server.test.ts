import { describe, expect, it } from 'vitest';
import { planKitServer } from './kit-server.ts';

describe('planKitServer: ports only where XMail listens (issue 14 item 3)', () => {
  it.each([
    ['no line: XMail defaults', undefined, false, { port: 995, security: 'ssl' }, { port: 465, security: 'ssl' }, 'defaults'],
    ['-Bp 1995 -Xp 1465', '/usr/sbin/XMail -Bp 1995 -Xp 1465', false, { port: 1995, security: 'ssl' }, { port: 1465, security: 'ssl' }, 'command-line'],
    ['POP3S and SMTPS off, STARTTLS not confirmed: nothing', 'XMail -B- -X-', false, null, null, 'command-line'],
    ['POP3S and SMTPS off, STARTTLS confirmed: the plain ports', 'XMail -B- -X- -Sp 587', true, { port: 110, security: 'starttls' }, { port: 587, security: 'starttls' }, 'command-line'],
    ['SMTPS off and SMTP off: no SMTP even with STARTTLS', 'XMail -X- -S-', true, { port: 995, security: 'ssl' }, null, 'command-line'],
    ['-BI 192.0.2.1:2995', 'XMail -BI 192.0.2.1:2995', false, { port: 2995, security: 'ssl' }, { port: 465, security: 'ssl' }, 'command-line'],
    // atoi: a word or 0 after -Bp/-Xp is port 0, a port the system picks at random (MailSvr.cpp SvrSetupPOP3S).
    ['-Bp pop3s -Xp 0: random ports, never written', 'XMail -Bp pop3s -Xp 0', false, null, null, 'command-line'],
    ['-Xp 0 with STARTTLS: the plain SMTP port instead', 'XMail -Xp 0 -Sp 587', true, { port: 995, security: 'ssl' }, { port: 587, security: 'starttls' }, 'command-line'],
    // SvrSetupSMTPS stops at the first -X-: a later -Xp does not turn it back on.
    ['-X- then -Xp 1465: still off', 'XMail -X- -Xp 1465', false, { port: 995, security: 'ssl' }, null, 'command-line'],
    ['-X-anything is off too (only the 3rd character counts)', 'XMail -X-off -B-', true, { port: 110, security: 'starttls' }, { port: 25, security: 'starttls' }, 'command-line'],
    ['a .reg line from the registry', '"MAIL_CMD_LINE"="-Bp 2995 -Xp 2465"', false, { port: 2995, security: 'ssl' }, { port: 2465, security: 'ssl' }, 'command-line'],
  ] as const)('%s', (_, commandLine, starttls, pop3, smtp, portsFrom) => {
    const plan = planKitServer({ host: 'Mail.Example.JP', commandLine, starttls });
    expect(plan.issues).toEqual([]);
    expect(plan.server).toEqual({ host: 'mail.example.jp', pop3, smtp });
    expect(plan.portsFrom).toBe(portsFrom);
  });

  it.each(['mail example', 'mail.example.jp;calc', '-oProxyCommand=x'])('a host that is not a DNS name (%j) is an issue, not a kit setting', (host) => {
    const plan = planKitServer({ host });
    expect(plan.server).toBeNull();
    expect(plan.issues.length).toBeGreaterThan(0);
    expect(plan.issues[0]!.field).toBe('host');
  });

  it('no host: no settings, no issue (the kit says to ask)', () => {
    expect(planKitServer({ host: '  ' })).toEqual({ server: null, issues: [], portsFrom: 'defaults' });
  });
});
