import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseServerTab } from './server-tab.ts';
import { isMisleadingBoolean, mergeSmtpConfigFlag, readTlsSettings, TLS_BOOLEAN_VARIABLES, xmailAtoi, xmailBoolean } from './tls-settings.ts';

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
