import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n/translate.ts';
import { decodePem } from '../pki/index.ts';
import { handOverSheetLines, kitFileNames, MAIL_PROGRAMS, serializeInstallPs1, userKitFiles, type KitCommon, type KitUser, type MailProgram } from './client-kit.ts';
import type { MailServerSettings } from './mobileconfig.ts';
import { CERT_DER, countingUUID } from './test-fixtures.ts';

const COMMON: KitCommon = { caName: 'Mail CA', caCertificate: CERT_DER, profile: 'compatible' };
const USER: KitUser = { name: '山田 太郎', email: 'taro@example.jp', fileName: 'taro@example.jp.p12', pkcs12: new Uint8Array([0x30, 0x82, 1, 2]), sha256Fingerprint: 'AA:BB', notAfter: '2027-12-01T00:00:00Z' };
const SERVER: MailServerSettings = { host: 'mail.example.jp', pop3: { port: 995, security: 'ssl' }, smtp: { port: 465, security: 'ssl' } };
const text = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

describe('userKitFiles: one kit per mail program (issue 14 item 2)', () => {
  it.each<[MailProgram, string[]]>([
    ['thunderbird', ['taro@example.jp/taro@example.jp.p12', 'taro@example.jp/ca.pem', 'taro@example.jp/INSTALL.ja.txt']],
    ['windows', ['taro@example.jp/taro@example.jp.p12', 'taro@example.jp/ca.cer', 'taro@example.jp/install.ps1', 'taro@example.jp/INSTALL.ja.txt']],
    ['apple', ['taro@example.jp/taro@example.jp.p12', 'taro@example.jp/taro@example.jp.mobileconfig', 'taro@example.jp/INSTALL.ja.txt']],
    ['android', ['taro@example.jp/taro@example.jp.p12', 'taro@example.jp/ca.cer', 'taro@example.jp/INSTALL.ja.txt']],
  ])('%s: %j', (program, paths) => {
    const files = userKitFiles(COMMON, USER, 'ja', { programs: [program], server: SERVER });
    expect(files.map((f) => f.path)).toEqual(paths);
  });

  it('ca.pem is the CA as PEM, ca.cer the same DER', () => {
    const files = new Map(userKitFiles(COMMON, USER, 'en').map((f) => [f.path.split('/')[1]!, f.bytes]));
    expect(decodePem(text(files.get('ca.pem')!), ['CERTIFICATE']).der).toEqual(CERT_DER);
    expect(files.get('ca.cer')).toEqual(CERT_DER);
  });

  it.each(['ja', 'en'] as const)('INSTALL.%s.txt: each chosen program\'s numbered steps, the server settings, no other program', (lang) => {
    const install = text(userKitFiles(COMMON, USER, lang, { programs: ['thunderbird', 'android'], server: SERVER }).at(-1)!.bytes);
    expect(install.startsWith('\ufeff')).toBe(true);
    expect(install).toContain(translate(lang, 'client-kits.tb.2'));
    expect(install).toContain(translate(lang, 'client-kits.tb.3', { file: USER.fileName }));
    expect(install).toContain(translate(lang, 'client-kits.android.3', { file: USER.fileName }));
    expect(install).not.toContain(translate(lang, 'client-kits.win.2', { file: USER.fileName }));
    expect(install).toContain(translate(lang, 'client-kits.server.pop3', { host: 'mail.example.jp', port: 995, security: 'SSL/TLS', user: USER.email }));
    expect(install).toContain(translate(lang, 'client-kits.server.smtp', { host: 'mail.example.jp', port: 465, security: 'SSL/TLS', user: USER.email }));
  });

  it('without server settings the kit says to ask, and writes no port', () => {
    const install = text(userKitFiles(COMMON, USER, 'en', { programs: ['thunderbird'] }).at(-1)!.bytes);
    expect(install).toContain(translate('en', 'client-kits.server.unknown'));
    expect(install).not.toMatch(/\b(995|465|587|110|25)\b/);
  });

  it('a service XMail offers no TLS on is said so, not configured', () => {
    const install = text(userKitFiles(COMMON, USER, 'en', { programs: ['thunderbird'], server: { ...SERVER, smtp: null } }).at(-1)!.bytes);
    expect(install).toContain(translate('en', 'client-kits.server.smtp.none'));
  });

  it('the modern profile warns in the kit', () => {
    const install = text(userKitFiles({ ...COMMON, profile: 'modern' }, USER, 'en', { programs: ['apple'] }).at(-1)!.bytes);
    expect(install).toContain(translate('en', 'client-kits.modern'));
  });

  it('.mobileconfig: root, pkcs12 without Password, POP mail account on the given ports; unique UUIDs', () => {
    const files = userKitFiles(COMMON, USER, 'en', { programs: ['apple'], server: { ...SERVER, smtp: { port: 587, security: 'starttls' } }, randomUUID: countingUUID() });
    const xml = text(files.find((f) => f.path.endsWith('.mobileconfig'))!.bytes);
    for (const type of ['com.apple.security.root', 'com.apple.security.pkcs12', 'com.apple.mail.managed', 'Configuration']) expect(xml).toContain(`<string>${type}</string>`);
    expect(xml).not.toContain('<key>Password</key>');
    expect(xml).toMatch(/<key>IncomingMailServerPortNumber<\/key>\s*<integer>995<\/integer>/);
    expect(xml).toMatch(/<key>OutgoingMailServerPortNumber<\/key>\s*<integer>587<\/integer>/);
    const uuids = [...xml.matchAll(/<key>PayloadUUID<\/key>\s*<string>([^<]+)<\/string>/g)].map((m) => m[1]);
    expect(uuids).toHaveLength(4);
    expect(new Set(uuids).size).toBe(4);
  });

  it('.mobileconfig without server settings has no mail account payload', () => {
    const xml = text(userKitFiles(COMMON, USER, 'en', { programs: ['apple'] }).find((f) => f.path.endsWith('.mobileconfig'))!.bytes);
    expect(xml).not.toContain('com.apple.mail.managed');
  });

  it('a hostile user name is escaped in the profile XML and kept on one line in INSTALL', () => {
    const user = { ...USER, name: 'Eve</string><key>Password</key><string>x\r\nPassword: 1' };
    const files = userKitFiles(COMMON, user, 'en', { programs: ['apple'], server: SERVER });
    const xml = text(files.find((f) => f.path.endsWith('.mobileconfig'))!.bytes);
    expect(xml).not.toContain('<key>Password</key>');
    expect(xml).toContain('Eve&lt;/string&gt;');
    const install = text(files.at(-1)!.bytes);
    expect(install.split('\r\n').filter((l) => l.startsWith('Password'))).toEqual([]);
  });

  it('defaults to every program', () => {
    expect(MAIL_PROGRAMS).toEqual(['thunderbird', 'windows', 'apple', 'android']);
    expect(userKitFiles(COMMON, USER, 'en').map((f) => f.path.split('/')[1])).toEqual(['taro@example.jp.p12', 'ca.pem', 'ca.cer', 'install.ps1', 'taro@example.jp.mobileconfig', 'INSTALL.en.txt']);
  });
});

describe("handOverSheetLines: each user's printed page says what their kit holds and how to install it (issue 14)", () => {
  const render = (lang: 'ja' | 'en', programs: readonly MailProgram[] | undefined) => {
    const sheet = handOverSheetLines(COMMON, USER, programs, lang);
    return { ...sheet, lines: sheet.steps.map((l) => translate(lang, l.key, l.params)) };
  };
  // What each program's line must name (the file the user acts on) and must not say.
  const EXPECT: Record<MailProgram, { names: string[]; not: RegExp[] }> = {
    thunderbird: { names: ['Thunderbird', 'ca.pem', 'taro@example.jp.p12'], not: [/mobileconfig|install\.ps1|ca\.cer/] },
    windows: { names: ['install.ps1', 'ca.cer', 'taro@example.jp.p12'], not: [/mobileconfig|ca\.pem/] },
    // The Apple kit installs from its profile (it carries the identity): the .p12 is not what the user opens.
    apple: { names: ['taro@example.jp.mobileconfig', 'Mail CA'], not: [/taro@example\.jp\.p12|ca\.pem|ca\.cer/] },
    android: { names: ['Android', 'ca.cer', 'taro@example.jp.p12'], not: [/mobileconfig|install\.ps1|ca\.pem/] },
  };

  describe.each(['ja', 'en'] as const)('%s', (lang) => {
    it.each(MAIL_PROGRAMS)('%s only: one line for that program naming its files, then where the full steps are', (program) => {
      expect.hasAssertions();
      const sheet = render(lang, [program]);
      expect(sheet.steps.map((l) => l.key)).toEqual([`client-kits.sheet.${program}`, 'client-kits.sheet.details']);
      const [line, details] = sheet.lines as [string, string];
      for (const name of EXPECT[program].names) expect(line).toContain(name);
      for (const re of EXPECT[program].not) expect(line).not.toMatch(re);
      expect(details).toContain(`INSTALL.${lang}.txt`);
      // The listed files are exactly the kit's files.
      expect(sheet.folder).toBe('taro@example.jp');
      expect(sheet.files).toEqual(userKitFiles(COMMON, USER, lang, { programs: [program] }).map((f) => f.path.replace('taro@example.jp/', '')));
    });

    it('every program: one line each, in the kit\'s order, and every kit file listed', () => {
      const sheet = render(lang, undefined);
      expect(sheet.steps.map((l) => l.key)).toEqual(['client-kits.sheet.thunderbird', 'client-kits.sheet.windows', 'client-kits.sheet.apple', 'client-kits.sheet.android', 'client-kits.sheet.details']);
      expect(sheet.files).toEqual(userKitFiles(COMMON, USER, lang).map((f) => f.path.replace('taro@example.jp/', '')));
    });
  });

  it.each<[readonly MailProgram[] | undefined]>([[['apple', 'android']], [['windows']], [undefined]])('kitFileNames(%j) is what userKitFiles writes', (programs) => {
    expect(kitFileNames(USER, programs, 'en')).toEqual(userKitFiles(COMMON, USER, 'en', programs ? { programs } : {}).map((f) => f.path.split('/')[1]));
  });
});

/**
 * No PowerShell on this machine (no powershell/pwsh package for Debian here): the script is checked
 * by rules instead of being run. Every line is a comment, blank, or one of the statements below;
 * every single-quoted string is closed; the password is only ever read, as a SecureString.
 */
const PS1_STATEMENTS = [
  /^\$ErrorActionPreference = 'Stop'$/,
  /^\$here = Split-Path -Parent \$MyInvocation\.MyCommand\.Path$/,
  /^Import-Certificate -FilePath \(Join-Path \$here (?:[A-Za-z0-9_.:/\\-]+|'(?:[^']|'')*')\) -CertStoreLocation 'Cert:\\CurrentUser\\Root' \| Out-Null$/,
  /^\$password = Read-Host -AsSecureString -Prompt '(?:[^']|'')*'$/,
  /^Import-PfxCertificate -FilePath \(Join-Path \$here (?:[A-Za-z0-9_.:/\\-]+|'(?:[^']|'')*')\) -CertStoreLocation 'Cert:\\CurrentUser\\My' -Password \$password \| Out-Null$/,
  /^Write-Host '(?:[^']|'')*'$/,
];

function ps1Violations(script: string): string[] {
  if (!script.startsWith('\ufeff')) return ['no BOM (Windows PowerShell 5.1 would read it as ANSI)'];
  return script
    .slice(1)
    .split('\r\n')
    .filter((line) => line !== '' && !line.startsWith('# ') && !PS1_STATEMENTS.some((re) => re.test(line)));
}

describe('install.ps1 (checked by rules: no PowerShell here)', () => {
  it.each(['ja', 'en'] as const)('%s: only the expected statements, CA to CurrentUser\\Root, identity to CurrentUser\\My, password prompted', (lang) => {
    const script = serializeInstallPs1(USER, lang);
    expect(ps1Violations(script)).toEqual([]);
    expect(script).toContain("Import-Certificate -FilePath (Join-Path $here 'ca.cer') -CertStoreLocation 'Cert:\\CurrentUser\\Root'");
    expect(script).toContain("Import-PfxCertificate -FilePath (Join-Path $here 'taro@example.jp.p12') -CertStoreLocation 'Cert:\\CurrentUser\\My' -Password $password");
    expect(script).toContain('Read-Host -AsSecureString');
    expect(script).not.toMatch(/ConvertTo-SecureString|-AsPlainText/);
  });

  it('the rules catch a line that does not belong (the check can fail)', () => {
    const script = serializeInstallPs1(USER, 'en').replace("$ErrorActionPreference = 'Stop'", "$password = ConvertTo-SecureString 'Abcd-Efgh' -AsPlainText -Force");
    expect(ps1Violations(script)).toEqual(["$password = ConvertTo-SecureString 'Abcd-Efgh' -AsPlainText -Force"]);
    expect(ps1Violations(serializeInstallPs1(USER, 'en').replace(/^\ufeff/, ''))).toHaveLength(1);
  });

  it.each([
    ["o'brien@example.jp.p12", "'o''brien@example.jp.p12'"],
    ['a\u2019b.p12', "'a\u2019\u2019b.p12'"],
    ['$(calc).p12', "'$(calc).p12'"],
  ])('file name %j is one single-quoted literal', (fileName, quoted) => {
    const script = serializeInstallPs1({ ...USER, fileName }, 'en');
    expect(script).toContain(`(Join-Path $here ${quoted})`);
    expect(ps1Violations(script)).toEqual([]);
  });

  it('a file name with a control character is refused', () => {
    expect(() => serializeInstallPs1({ ...USER, fileName: 'a\r\nb.p12' }, 'en')).toThrow(expect.objectContaining({ code: 'BUNDLE_COMMAND_VALUE_INVALID' }));
  });

  it('a user name with CR/LF stays inside its comment line', () => {
    const script = serializeInstallPs1({ ...USER, name: "Eve\r\nRemove-Item -Recurse C:\\ #" }, 'en');
    expect(ps1Violations(script)).toEqual([]);
    expect(script.slice(1).split('\r\n').filter((l) => l.includes('Remove-Item'))).toEqual([expect.stringMatching(/^# /)]);
  });
});
