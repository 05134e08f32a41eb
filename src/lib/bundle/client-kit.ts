/**
 * The client-certificate hand-over (issue 14): what each user receives, and the passwords apart.
 *
 * - A user's kit is a folder `<base>/` (base = the .p12 name without its extension, from the
 *   address): the PKCS#12 and INSTALL.<lang>.txt. As its own zip it is `<base>.zip`.
 * - The files zip for every user holds `clients/<base>/...` per user and `clients/INSTALL.<lang>.txt`.
 * - Invariant: no password ever goes into a kit or the files zip (whoever gets the zip would get
 *   every identity). The passwords are printed on the hand-over sheet and, only on request, written
 *   to a separate text file whose name and first lines say to send it by another channel.
 *
 * Text comes from the catalog (src/i18n/downloads/client-kits.ts); every line that carries a value
 * we did not choose (user names come from a pasted list) goes through inertLine (issue 12 item 2).
 * Text files: UTF-8 with BOM and CRLF, so Windows Notepad shows Japanese (as INSTALL files).
 */
import { translate, type Lang } from '../../i18n/translate.ts';
import { inertLine } from '../plain-text.ts';
import type { Pkcs12Profile } from '../pki/index.ts';
import type { BundleFile } from './manifest.ts';

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

/** One user's kit, as files under `<base>/`. */
export function userKitFiles(common: KitCommon, user: KitUser, lang: Lang): BundleFile[] {
  const base = kitBaseName(user);
  const install = [
    translate(lang, 'client-kits.install.user.title', { name: user.name }),
    '',
    translate(lang, 'client-kits.install.user.intro'),
    '',
    ...userFacts(lang, user, user.fileName),
    ...commonFacts(lang, common),
    '',
    translate(lang, 'client-kits.install.noPasswords'),
  ];
  return [
    { path: `${base}/${user.fileName}`, bytes: user.pkcs12 },
    { path: `${base}/INSTALL.${lang}.txt`, bytes: textFile(install) },
  ];
}

/** Every user's kit under clients/, with one INSTALL that says the passwords are not in the zip. */
export function allKitsFiles(common: KitCommon, users: readonly KitUser[], lang: Lang): BundleFile[] {
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
    ...users.flatMap((u) => userKitFiles(common, u, lang).map((f) => ({ path: `${CLIENTS_DIR}/${f.path}`, bytes: f.bytes }))),
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
