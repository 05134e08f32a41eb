import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseServerTab } from './server-tab.ts';
import { broaderSmtpConfig, isMisleadingBoolean, mergeSmtpConfigFlag, readTlsSettings, smtpConfigFor, smtpConfigWantsTls, TLS_BOOLEAN_VARIABLES, xmailAtoi, xmailBoolean } from './tls-settings.ts';

const FIXTURES = new URL('../../../tests/fixtures/xmail/', import.meta.url);
const tab = (name: string) => parseServerTab(new Uint8Array(readFileSync(new URL(name, FIXTURES))));

describe('xmailAtoi / xmailBoolean (C atoi semantics)', () => {
  it.each([
    ['1', 1, true], ['0', 0, false], ['', 0, false], ['true', 0, false], ['yes', 0, false], ['on', 0, false],
    [' 1', 1, true], ['\t2', 2, true], ['1abc', 1, true], ['-1', -1, true], ['+3', 3, true], ['abc1', 0, false], ['0x1', 0, false],
  ] as const)('%j → %d (%s)', (text, n, on) => {
    expect(xmailAtoi(text)).toBe(n);
    expect(xmailBoolean(text)).toBe(on);
  });
  it('recognises words that look like booleans', () => {
    expect(isMisleadingBoolean('true')).toBe(true);
    expect(isMisleadingBoolean('Yes')).toBe(true);
    expect(isMisleadingBoolean('1')).toBe(false);
  });
});

describe('readTlsSettings', () => {
  it('the stock server.tab: every default applies', () => {
    const s = readTlsSettings(tab('server.tab'));
    for (const name of TLS_BOOLEAN_VARIABLES) expect(s.booleans[name].source).toEqual({ kind: 'default' });
    expect(s.booleans['EnableSMTP-TLS'].value).toBe(true);
    expect(s.booleans['EnablePOP3-TLS'].value).toBe(true);
    expect(s.booleans['EnableCTRL-TLS'].value).toBe(true);
    expect(s.booleans.SSLWantCert.value).toBe(false);
    expect(s.booleans.SSLAllowSelfSigned.value).toBe(false);
    expect(s.maxCertsDepth).toMatchObject({ value: 0, source: { kind: 'default' } });
    expect(s.needTls.value).toBe(0);
    expect(s.smtpConfigs).toEqual([]);
    expect(s.smtpNoTlsAuths).toBeUndefined();
    expect(s.hostNames.map((h) => h.variable)).toEqual(['RootDomain', 'SmtpServerDomain', 'POP3Domain', 'HeloDomain']);
  });
  it('first occurrence wins and duplicates are listed', () => {
    const s = readTlsSettings(tab('duplicates.tab'));
    expect(s.booleans['EnableSMTP-TLS']).toEqual({ value: false, raw: '0', source: { kind: 'line', lineNumber: 2 }, duplicateLines: [4, 6] });
  });
  it('"true" and "yes" are false, " 1" and "1abc" are true', () => {
    const s = readTlsSettings(tab('booleans-words.tab'));
    expect(s.booleans['EnableSMTP-TLS'].value).toBe(false);
    expect(s.booleans.SSLWantVerify.value).toBe(false);
    expect(s.booleans.SSLUseCertsFile.value).toBe(true);
    expect(s.booleans['EnablePOP3-TLS'].value).toBe(true);
  });
  it('SmtpConfig lists are split without trimming; SMTP-TLS is found', () => {
    const s = readTlsSettings(tab('smtp-config.tab'));
    expect(s.smtpConfigs).toEqual([
      { name: 'SmtpConfig', raw: 'MailAuth, WantTLS', flags: ['MailAuth', ' WantTLS'], lineNumber: 2 },
      { name: 'SmtpConfig-192.0.2.1', address: '192.0.2.1', raw: 'MailAuth', flags: ['MailAuth'], lineNumber: 4 },
    ]);
    expect(s.obsoleteSmtpTlsLine).toBe(3);
  });
  it('reads NeedTLS and SmtpNoTLSAuths', () => {
    const s = readTlsSettings(parseServerTab('"SmtpGwConfig"\t"OutBind=1.2.3.4,NeedTLS=2"\n"SmtpNoTLSAuths"\t""\n"SSLMaxCertsDepth"\t"4"\n'));
    expect(s.needTls.value).toBe(2);
    expect(s.smtpNoTlsAuths?.value).toEqual([]);
    expect(s.maxCertsDepth.value).toBe(4);
  });
});

describe('mergeSmtpConfigFlag', () => {
  it.each([
    ['', 'WantTLS'],
    ['MailAuth', 'MailAuth,WantTLS'],
    ['MailAuth, WantTLS', 'MailAuth,WantTLS'],
    ['WantTLS', 'WantTLS'],
    ['wanttls', 'wanttls,WantTLS'],
    [',MailAuth,,', 'MailAuth,WantTLS'],
  ])('%j + WantTLS → %j', (before, after) => {
    expect(mergeSmtpConfigFlag(before, 'WantTLS')).toBe(after);
  });
});

// Issue 16 class 5: SMTPSvr.cpp SMTPInitSession picks SmtpConfig-<ip>,<port>, else SmtpConfig-<ip>,
// else SmtpConfig, and uses the first found whole.
describe('smtpConfigFor / smtpConfigWantsTls: XMail precedence, no merging', () => {
  const tab = [
    '"SmtpConfig"\t"MailAuth,WantTLS"',
    '"SmtpConfig-192.0.2.1"\t"MailAuth"',
    '"SmtpConfig-192.0.2.1,587"\t"WantTLS=1"',
    '"SmtpConfig-192.0.2.2,25"\t"WantTLS=0"',
    '"SmtpConfig-192.0.2.3"\t"wanttls, WantTLS"',
    '"SmtpConfig-192.0.2.4"\t""',
  ].join('\n') + '\n';
  const settings = readTlsSettings(parseServerTab(tab));
  it.each([
    // [ip, port, the entry XMail uses, WantTLS]
    [undefined, undefined, 'SmtpConfig', true],
    ['192.0.2.9', 25, 'SmtpConfig', true],
    ['192.0.2.1', 25, 'SmtpConfig-192.0.2.1', false], // the IP entry replaces SmtpConfig whole
    ['192.0.2.1', 587, 'SmtpConfig-192.0.2.1,587', true],
    ['192.0.2.2', 25, 'SmtpConfig-192.0.2.2,25', false], // WantTLS=0: atoi 0
    ['192.0.2.2', 587, 'SmtpConfig', true],
    ['192.0.2.3', 25, 'SmtpConfig-192.0.2.3', false], // strcmp: exact case, no trimming
    ['192.0.2.4', 25, 'SmtpConfig-192.0.2.4', false], // an empty value still wins
  ] as const)('%s:%s → %s (WantTLS %s)', (ip, port, name, wants) => {
    const c = smtpConfigFor(settings, ip, port);
    expect(c?.name).toBe(name);
    expect(smtpConfigWantsTls(c)).toBe(wants);
  });
  it('nothing set: no entry, no WantTLS', () => {
    const none = readTlsSettings(parseServerTab('"RootDomain"\t"a.test"\n'));
    expect(smtpConfigFor(none, '192.0.2.1', 25)).toBeUndefined();
    expect(smtpConfigWantsTls(smtpConfigFor(none))).toBe(false);
  });
  it('the broader entry of each', () => {
    const by = (n: string) => settings.smtpConfigs.find((c) => c.name === n)!;
    expect(broaderSmtpConfig(settings, by('SmtpConfig-192.0.2.1,587'))?.name).toBe('SmtpConfig-192.0.2.1');
    expect(broaderSmtpConfig(settings, by('SmtpConfig-192.0.2.1'))?.name).toBe('SmtpConfig');
    expect(broaderSmtpConfig(settings, by('SmtpConfig'))).toBeUndefined();
  });
});
