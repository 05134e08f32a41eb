/**
 * The client-certificate hand-over (issue 14): what each user receives, and the passwords apart.
 *
 * - A user's kit is a folder `<base>/` (base = the .p12 name without its extension, from the
 *   address): the PKCS#12, INSTALL.<lang>.txt and, per mail program chosen (issue 14 item 2), the
 *   CA as ca.pem (Thunderbird) or ca.cer (Windows, Android), install.ps1 (Windows: the password is
 *   prompted, never written) and <base>.mobileconfig (Apple: CA, identity without its password,
 *   and a POP3 account when the server settings are known). As its own zip it is `<base>.zip`.
 * - The files zip for every user holds `clients/<base>/...` per user and `clients/INSTALL.<lang>.txt`.
 * - Invariant: no password ever goes into a kit or the files zip (whoever gets the zip would get
 *   every identity). The passwords are printed on the hand-over sheet and, only on request, written
 *   to a separate text file whose name and first lines say to send it by another channel.
 *
 * Text comes from the catalog (src/i18n/downloads/client-kits.ts); every line that carries a value
 * we did not choose (user names come from a pasted list) goes through inertLine (issue 12 item 2).
 * Text files: UTF-8 with BOM and CRLF, so Windows Notepad shows Japanese (as INSTALL files).
 */
import { translate, type Lang, type MessageKey } from '../../i18n/translate.ts';
import { inertLine } from '../plain-text.ts';
import { encodePem, type Pkcs12Profile } from '../pki/index.ts';
import type { BundleFile } from './manifest.ts';
import { createClientIdentityProfile, serializePlist, type MailServerSettings } from './mobileconfig.ts';
import { quotePowerShell } from './shell-quote.ts';

/** The mail programs a kit is written for (issue 14 item 2). */
export const MAIL_PROGRAMS = ['thunderbird', 'windows', 'apple', 'android'] as const;
export type MailProgram = (typeof MAIL_PROGRAMS)[number];

export interface KitOptions {
  /** Default: every program. */
  programs?: readonly MailProgram[];
  /** From what the page knows (server certificate names, the command line's listeners) or asked once. */
  server?: MailServerSettings;
  randomUUID?: () => string;
}

export interface KitUser {
  name: string;
  email: string;
  /** The PKCS#12 file name (pkcs12FileName: unique per run, safe on Windows). */
  fileName: string;
  pkcs12: Uint8Array;
  sha256Fingerprint: string;
  /** ISO 8601. */
  notAfter: string;
}

export interface KitCommon {
  caName: string;
  /** The issuing CA, DER. */
  caCertificate: Uint8Array;
  profile: Pkcs12Profile;
}

export interface KitPassword {
  user: KitUser;
  password: string;
}

/** The name passwords are downloaded under: it says what to do with the file. */
export const PASSWORDS_FILE_NAME = 'passwords-send-separately.txt';
export const CLIENTS_DIR = 'clients';

/** The kit's folder and zip base name: the .p12 name without .p12. */
export function kitBaseName(user: Pick<KitUser, 'fileName'>): string {
  return user.fileName.replace(/\.p12$/i, '');
}

function textFile(lines: readonly string[]): Uint8Array {
  return new TextEncoder().encode(`\ufeff${lines.map(inertLine).join('\r\n')}\r\n`);
}

function userFacts(lang: Lang, user: KitUser, path: string): string[] {
  return [
    translate(lang, 'sheet.user', { name: user.name }),
    translate(lang, 'sheet.email', { email: user.email }),
    translate(lang, 'sheet.file', { file: path }),
    translate(lang, 'sheet.fingerprint', { fingerprint: user.sha256Fingerprint }),
    translate(lang, 'sheet.expires', { date: user.notAfter.slice(0, 10) }),
  ];
}

function commonFacts(lang: Lang, common: KitCommon): string[] {
  return [translate(lang, 'sheet.ca', { name: common.caName }), translate(lang, 'sheet.profile', { profile: translate(lang, `sheet.profile.${common.profile}`) })];
}

const CA_PEM = 'ca.pem';
const CA_CER = 'ca.cer';
const PS1 = 'install.ps1';

type StepKey = MessageKey & `client-kits.${string}`;
const STEPS: Record<MailProgram, readonly StepKey[]> = {
  thunderbird: ['client-kits.tb.1', 'client-kits.tb.2', 'client-kits.tb.3', 'client-kits.tb.4', 'client-kits.tb.5', 'client-kits.tb.6'],
  windows: ['client-kits.win.script', 'client-kits.win.1', 'client-kits.win.2', 'client-kits.win.3', 'client-kits.win.4'],
  apple: ['client-kits.apple.1', 'client-kits.apple.2', 'client-kits.apple.3', 'client-kits.apple.4', 'client-kits.apple.5', 'client-kits.apple.unverified'],
  android: ['client-kits.android.1', 'client-kits.android.2', 'client-kits.android.3', 'client-kits.android.4'],
};

function serverLines(lang: Lang, user: KitUser, server: MailServerSettings | undefined): string[] {
  const lines = [translate(lang, 'client-kits.server.title')];
  if (!server) return [...lines, translate(lang, 'client-kits.server.unknown')];
  const endpoint = (which: 'pop3' | 'smtp') => {
    const e = server[which];
    if (!e) return translate(lang, `client-kits.server.${which}.none`);
    return translate(lang, `client-kits.server.${which}`, { host: server.host, port: e.port, security: translate(lang, `client-kits.security.${e.security}`), user: user.email });
  };
  return [...lines, endpoint('pop3'), endpoint('smtp'), translate(lang, 'client-kits.server.auth')];
}

function mobileconfigName(user: Pick<KitUser, 'fileName'>): string {
  return `${kitBaseName(user)}.mobileconfig`;
}

/** The programs in MAIL_PROGRAMS order; none given: every program. */
function chosenPrograms(programs: readonly MailProgram[] | undefined): MailProgram[] {
  return MAIL_PROGRAMS.filter((p) => (programs ?? MAIL_PROGRAMS).includes(p));
}

/** The file names in a user's kit folder, in the order userKitFiles writes them. */
export function kitFileNames(user: Pick<KitUser, 'fileName'>, programs: readonly MailProgram[] | undefined, lang: Lang): string[] {
  const has = (p: MailProgram) => chosenPrograms(programs).includes(p);
  return [
    user.fileName,
    ...(has('thunderbird') ? [CA_PEM] : []),
    ...(has('windows') || has('android') ? [CA_CER] : []),
    ...(has('windows') ? [PS1] : []),
    ...(has('apple') ? [mobileconfigName(user)] : []),
    `INSTALL.${lang}.txt`,
  ];
}

/** One line of the printed hand-over sheet: a catalog key and its data (the screen words it). */
export interface SheetLine {
  key: MessageKey & `client-kits.sheet.${string}`;
  params: Readonly<Record<string, string>>;
}

/**
 * The install part of a user's page of the hand-over sheet (issue 14): what the kit folder holds
 * and, per program chosen for that user, the one thing to do with which file. The Apple kit is
 * installed from its .mobileconfig (it carries the identity), never by opening the .p12.
 */
export function handOverSheetLines(common: Pick<KitCommon, 'caName'>, user: Pick<KitUser, 'fileName'>, programs: readonly MailProgram[] | undefined, lang: Lang): { folder: string; files: string[]; steps: SheetLine[] } {
  const params = { file: user.fileName, profile: mobileconfigName(user), ca: common.caName, install: `INSTALL.${lang}.txt` };
  return {
    folder: kitBaseName(user),
    files: kitFileNames(user, programs, lang),
    steps: [...chosenPrograms(programs).map((p): SheetLine => ({ key: `client-kits.sheet.${p}`, params })), { key: 'client-kits.sheet.details', params }],
  };
}

/** The profile's identifier: reverse DNS from the address, only letters, digits and "-" per label. */
function profileIdentifier(user: KitUser): string {
  const label = (s: string) => s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
  const [local = 'user', domain = 'local'] = user.email.split('@');
  return ['xmail-tls', ...domain.split('.').reverse().map(label), label(local)].join('.');
}

/**
 * install.ps1 for Windows PowerShell 5.1 (UTF-8 with BOM, or it reads the file as ANSI) and 7.
 * Values (file names, the prompt text) are single-quoted by quotePowerShell; comment lines pass
 * inertLine, so a user name cannot end a comment line; the password is read with
 * Read-Host -AsSecureString and never written.
 */
export function serializeInstallPs1(user: KitUser, lang: Lang): string {
  // Always a single-quoted literal (quotePowerShell leaves plain words bare; they hold no quote to double).
  const literal = (value: string) => {
    const q = quotePowerShell(value);
    return q.startsWith("'") ? q : `'${q}'`;
  };
  const comment = (text: string) => `# ${inertLine(text)}`;
  const lines = [
    comment(translate(lang, 'client-kits.ps1.header', { name: user.name })),
    comment(translate(lang, 'client-kits.ps1.run')),
    comment(translate(lang, 'client-kits.ps1.noPassword')),
    comment(translate(lang, 'client-kits.ps1.unverified')),
    '',
    "$ErrorActionPreference = 'Stop'",
    // $PSScriptRoot needs PowerShell 3; this works from 2 on.
    '$here = Split-Path -Parent $MyInvocation.MyCommand.Path',
    '',
    comment(translate(lang, 'client-kits.ps1.step1')),
    `Import-Certificate -FilePath (Join-Path $here ${literal(CA_CER)}) -CertStoreLocation 'Cert:\\CurrentUser\\Root' | Out-Null`,
    '',
    comment(translate(lang, 'client-kits.ps1.step2')),
    `$password = Read-Host -AsSecureString -Prompt ${literal(translate(lang, 'client-kits.ps1.prompt'))}`,
    `Import-PfxCertificate -FilePath (Join-Path $here ${literal(user.fileName)}) -CertStoreLocation 'Cert:\\CurrentUser\\My' -Password $password | Out-Null`,
    '',
    `Write-Host ${literal(translate(lang, 'client-kits.ps1.done'))}`,
    '',
  ];
  return `\ufeff${lines.join('\r\n')}`;
}

/** One user's kit, as files under `<base>/`. */
export function userKitFiles(common: KitCommon, user: KitUser, lang: Lang, options: KitOptions = {}): BundleFile[] {
  const base = kitBaseName(user);
  const programs = chosenPrograms(options.programs);
  const has = (p: MailProgram) => programs.includes(p);
  const files: BundleFile[] = [{ path: `${base}/${user.fileName}`, bytes: user.pkcs12 }];
  const listing = [translate(lang, 'client-kits.files'), translate(lang, 'client-kits.file.p12', { file: user.fileName })];
  if (has('thunderbird')) {
    files.push({ path: `${base}/${CA_PEM}`, bytes: new TextEncoder().encode(encodePem('CERTIFICATE', common.caCertificate)) });
    listing.push(translate(lang, 'client-kits.file.caPem'));
  }
  if (has('windows') || has('android')) {
    files.push({ path: `${base}/${CA_CER}`, bytes: common.caCertificate });
    listing.push(translate(lang, 'client-kits.file.caCer'));
  }
  if (has('windows')) {
    files.push({ path: `${base}/${PS1}`, bytes: new TextEncoder().encode(serializeInstallPs1(user, lang)) });
    listing.push(translate(lang, 'client-kits.file.ps1'));
  }
  if (has('apple')) {
    const profile = createClientIdentityProfile({
      caCertificate: { der: common.caCertificate, displayName: common.caName, fileName: CA_CER },
      identity: { pkcs12: user.pkcs12, displayName: `${user.name} <${user.email}>`, fileName: user.fileName },
      ...(options.server ? { account: { server: options.server, email: user.email, name: user.name, description: translate(lang, 'client-kits.mobileconfig.account', { email: user.email }) } } : {}),
      displayName: translate(lang, 'client-kits.mobileconfig.name', { name: user.name }),
      description: translate(lang, 'client-kits.mobileconfig.description'),
      identifier: profileIdentifier(user),
      ...(options.randomUUID ? { randomUUID: options.randomUUID } : {}),
    });
    files.push({ path: `${base}/${mobileconfigName(user)}`, bytes: new TextEncoder().encode(serializePlist(profile)) });
    listing.push(translate(lang, 'client-kits.file.mobileconfig', { file: mobileconfigName(user) }));
  }
  const fileParam = (p: MailProgram) => (p === 'apple' ? mobileconfigName(user) : user.fileName);
  const install = [
    translate(lang, 'client-kits.install.user.title', { name: user.name }),
    '',
    translate(lang, 'client-kits.install.user.intro'),
    '',
    ...userFacts(lang, user, user.fileName),
    ...commonFacts(lang, common),
    '',
    translate(lang, 'client-kits.install.noPasswords'),
    ...(common.profile === 'modern' ? ['', translate(lang, 'client-kits.modern')] : []),
    '',
    ...listing,
    '',
    ...serverLines(lang, user, options.server),
    ...programs.flatMap((p) => ['', translate(lang, 'client-kits.section', { program: translate(lang, `client-kits.program.${p}`) }), ...STEPS[p].map((k) => translate(lang, k, { file: fileParam(p), ca: common.caName }))]),
  ];
  files.push({ path: `${base}/INSTALL.${lang}.txt`, bytes: textFile(install) });
  return files;
}

/** Every user's kit under clients/, with one INSTALL that says the passwords are not in the zip. */
export function allKitsFiles(common: KitCommon, users: readonly KitUser[], lang: Lang, options: (user: KitUser) => KitOptions = () => ({})): BundleFile[] {
  const install = [
    translate(lang, 'client-kits.install.title'),
    '',
    translate(lang, 'client-kits.install.noPasswords'),
    translate(lang, 'client-kits.install.perUser'),
    '',
    ...commonFacts(lang, common),
  ];
  return [
    { path: `${CLIENTS_DIR}/INSTALL.${lang}.txt`, bytes: textFile(install) },
    ...users.flatMap((u) => userKitFiles(common, u, lang, options(u)).map((f) => ({ path: `${CLIENTS_DIR}/${f.path}`, bytes: f.bytes }))),
  ];
}

/** The passwords, as text for the separate download (never put into a zip with the files). */
export function serializePasswordList(common: KitCommon, entries: readonly KitPassword[], lang: Lang): string {
  const lines: string[] = [translate(lang, 'client-kits.passwords.title'), '', translate(lang, 'client-kits.passwords.separately'), '', ...commonFacts(lang, common), ''];
  for (const { user, password } of entries) {
    lines.push('----------------------------------------', ...userFacts(lang, user, `${kitBaseName(user)}/${user.fileName}`), translate(lang, 'sheet.password', { password }));
  }
  lines.push('');
  return `\ufeff${lines.map(inertLine).join('\r\n')}`;
}
