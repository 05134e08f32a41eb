/**
 * Recipe for the "クライアント証明書" flow: client certificates for one user or a list, issued by
 * the client-verification CA of the vault, each handed over as a password-protected PKCS#12 in a
 * per-user kit (lib/bundle/client-kit.ts); the passwords never go into a zip (issue 14 item 1).
 *
 * Invariants: every user gets a new key and a generated password (never blank: PKCS#12 with an
 * empty password is refused by mail clients, pki-interop.md); the name goes in the CN and the
 * address in the SAN as rfc822Name (RFC 5280 4.1.2.6 prefers the SAN over emailAddress); long runs
 * yield to the event loop between users so the page stays responsive and can be cancelled.
 */
import { allKitsFiles, handOverSheetLines, kitBaseName, PASSWORDS_FILE_NAME, serializePasswordList, userKitFiles, zipBundle, type BundleFile, type KitCommon, type KitOptions, type KitUser, type MailProgram, type MailServerSettings } from '../bundle/index.ts';
import { nextMacrotask } from '../time.ts';
import type { Lang } from '../../i18n/translate.ts';
import { createPkcs12, fingerprint, validateEmail, validateName, type FieldIssue, type KeySpec, type Pkcs12Profile, type PrivateKeyMaterial } from '../pki/index.ts';
import { StoreError, getCa, issueCertificate, type CertificateRecord, type StoreContext } from '../store/index.ts';

export interface ClientUser {
  name: string;
  email: string;
}

export interface UserLineIssue extends FieldIssue {
  /** 1-based line of the pasted list. */
  line: number;
}

/** At most this many users per run: one zip, one afternoon's hand-over. */
export const MAX_USERS = 500;

/**
 * "name,email" per line (also TAB or ";" as the separator, as Excel and Outlook copy them; a line
 * with only an address uses its local part as the name). Blank lines and lines starting with # are skipped.
 */
export function parseUserList(text: string): { users: ClientUser[]; issues: UserLineIssue[] } {
  const users: ClientUser[] = [];
  const issues: UserLineIssue[] = [];
  const seen = new Set<string>();
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    const line = i + 1;
    const content = raw.trim();
    if (!content || content.startsWith('#')) return;
    // Full-width separators (，、；) as a Japanese IME types them count like , and ; (issue 17 item 2).
    const parts = content.split(/[,\t;，、；]/).map((p) => p.trim().replace(/^"(.*)"$/, '$1').trim());
    let name: string;
    let email: string;
    if (parts.length === 1) {
      email = parts[0]!;
      name = email.split('@')[0] ?? '';
    } else if (parts.length === 2) {
      [name, email] = parts as [string, string];
    } else {
      issues.push({ line, field: 'users', code: 'users.columns', params: { line, found: parts.length } });
      return;
    }
    const problems = validateUser({ name, email });
    if (problems.length) {
      issues.push(...problems.map((p) => ({ ...p, line, params: { ...p.params, line } })));
      return;
    }
    const key = email.toLowerCase();
    if (seen.has(key)) {
      issues.push({ line, field: 'email', code: 'users.duplicate', params: { line, email } });
      return;
    }
    seen.add(key);
    users.push({ name, email });
  });
  if (users.length > MAX_USERS) issues.push({ line: 0, field: 'users', code: 'users.tooMany', params: { max: MAX_USERS, found: users.length } });
  return { users, issues };
}

/** One user: a name the certificate can hold and a plausible mail address. */
export function validateUser(user: ClientUser): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!user.name.trim()) issues.push({ field: 'name', code: 'name.required' });
  else issues.push(...validateName([{ type: 'CN', value: user.name.trim() }]).map((i) => ({ ...i, field: 'name' })));
  if (!user.email.trim()) issues.push({ field: 'email', code: 'email.required' });
  else issues.push(...validateEmail(user.email.trim()).map((i) => ({ ...i, field: 'email' })));
  return issues;
}

// No 0/O, 1/l/I: the password is read off a printed sheet and typed on a phone.
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * A random password of `groups` groups of 4 characters joined by "-" (about 5.8 bits per
 * character: 16 characters give 93 bits). Rejection sampling keeps every character equally likely.
 */
export function generatePassword(groups = 4, random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const n = PASSWORD_ALPHABET.length;
  const limit = 256 - (256 % n);
  const chars: string[] = [];
  while (chars.length < groups * 4) {
    for (const b of random(new Uint8Array(32))) {
      if (b < limit && chars.length < groups * 4) chars.push(PASSWORD_ALPHABET[b % n]!);
    }
  }
  const out: string[] = [];
  for (let i = 0; i < groups; i++) out.push(chars.slice(i * 4, i * 4 + 4).join(''));
  return out.join('-');
}

/** A file name for the user's PKCS#12: the address (unique, readable, allowed on Windows). */
export function pkcs12FileName(user: ClientUser, taken: Set<string>): string {
  const base = user.email.trim().toLowerCase().replace(/[^a-z0-9._@+-]+/g, '_').replace(/[. ]+$/, '') || 'user';
  let name = `${base}.p12`;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}.p12`;
  taken.add(name);
  return name;
}

export interface ClientIssueOptions {
  caId: string;
  users: readonly ClientUser[];
  keySpec: KeySpec;
  /** Default: the vault setting (settings.defaults.clientValidityDays). */
  validityDays?: number;
  profile: Pkcs12Profile;
  onProgress?: (done: number, total: number, current?: ClientUser) => void;
  signal?: AbortSignal;
  /** Between users; default a macrotask so rendering and input get a turn. */
  yieldToEventLoop?: () => Promise<void>;
  newPassword?: () => string;
}

export interface IssuedClient {
  user: ClientUser;
  record: CertificateRecord;
  fileName: string;
  password: string;
  pkcs12: Uint8Array;
  sha256Fingerprint: string;
  notAfter: string;
}

export interface ClientIssueResult {
  issued: IssuedClient[];
  caName: string;
  caCertificate: Uint8Array;
  profile: Pkcs12Profile;
  /** Stopped by the signal before every user was done (the done ones stay issued and are returned). */
  cancelled: boolean;
}

/** A certificate of the vault with its key, to hand over to its user. */
export interface ClientToHandOver {
  user: ClientUser;
  record: CertificateRecord;
  key: PrivateKeyMaterial;
  /** The issuing CA (DER): goes into the PKCS#12 with the certificate. */
  caCertificate: Uint8Array;
}

/**
 * A client certificate as its user receives it: a PKCS#12 of the key, the certificate and its CA
 * under `password`, named after the address (pkcs12FileName, `taken` keeps the names of one run
 * apart). One place for a first issue, a rotation of the CA and a stored certificate's kit.
 */
export async function handOverClient(c: ClientToHandOver, profile: Pkcs12Profile, password: string, taken: Set<string>): Promise<IssuedClient> {
  const { user, record } = c;
  const pkcs12 = await createPkcs12({ key: c.key, certificate: record.der, caCertificates: [c.caCertificate], password, friendlyName: `${user.name} <${user.email}>`, profile });
  return { user, record, fileName: pkcs12FileName(user, taken), password, pkcs12, sha256Fingerprint: fingerprint(record.der, 'SHA-256'), notAfter: record.notAfter };
}

export async function issueClientCertificates(ctx: StoreContext, options: ClientIssueOptions): Promise<ClientIssueResult> {
  const ca = await getCa(ctx.db, options.caId);
  if (ca.purpose !== 'client-verify') {
    // A server CA would make XMail trust every server certificate it signed as a client too.
    throw new StoreError('WRONG_PURPOSE', `client certificates: expected a client-verification CA, found ${ca.name} (${ca.purpose})`);
  }
  const yieldNow = options.yieldToEventLoop ?? nextMacrotask;
  const newPassword = options.newPassword ?? (() => generatePassword());
  const taken = new Set<string>();
  const issued: IssuedClient[] = [];
  const total = options.users.length;
  options.onProgress?.(0, total);
  for (const user of options.users) {
    if (options.signal?.aborted) return { issued, caName: ca.name, caCertificate: ca.certDer, profile: options.profile, cancelled: true };
    options.onProgress?.(issued.length, total, user);
    const name = user.name.trim();
    const email = user.email.trim();
    const result = await issueCertificate(ctx, {
      caId: ca.id,
      profile: 'client',
      subject: [{ type: 'CN', value: name }],
      sans: [{ type: 'email', value: email }],
      keySpec: options.keySpec,
      validityDays: options.validityDays,
      user: { name, email },
    });
    issued.push(await handOverClient({ user: { name, email }, ...result }, options.profile, newPassword(), taken));
    options.onProgress?.(issued.length, total);
    await yieldNow();
  }
  return { issued, caName: ca.name, caCertificate: ca.certDer, profile: options.profile, cancelled: false };
}

export { kitBaseName, MAIL_PROGRAMS, PASSWORDS_FILE_NAME, type MailProgram, type MailServerSettings, type SheetLine } from '../bundle/index.ts';

/** The install lines of one user's page of the hand-over sheet, for the programs chosen for that user. */
export function handOverSheet(result: ClientIssueResult, c: IssuedClient, programs: readonly MailProgram[], lang: Lang): ReturnType<typeof handOverSheetLines> {
  return handOverSheetLines({ caName: result.caName }, c, programs, lang);
}

/** What the kits are written for: each user's mail programs (default all) and the server, when known. */
export interface HandOverOptions {
  programs?: (c: IssuedClient) => readonly MailProgram[];
  server?: MailServerSettings;
}

function kitOptions(c: IssuedClient, o: HandOverOptions): KitOptions {
  return { ...(o.programs ? { programs: o.programs(c) } : {}), ...(o.server ? { server: o.server } : {}) };
}

export interface DownloadBytes {
  filename: string;
  mediaType: string;
  bytes: Uint8Array;
}

function kitCommon(result: ClientIssueResult): KitCommon {
  return { caName: result.caName, caCertificate: result.caCertificate, profile: result.profile };
}

function kitUser(c: IssuedClient): KitUser {
  return { name: c.user.name, email: c.user.email, fileName: c.fileName, pkcs12: c.pkcs12, sha256Fingerprint: c.sha256Fingerprint, notAfter: c.notAfter };
}

/**
 * The passwords, for the separate download only (issue 14 item 1): plain text, CRLF and a BOM so
 * Windows Notepad shows Japanese; its first lines say to send it by another channel than the files.
 */
export function serializePasswordSheet(result: ClientIssueResult, lang: Lang): string {
  return serializePasswordList(kitCommon(result), result.issued.map((c) => ({ user: kitUser(c), password: c.password })), lang);
}

/** The passwords as their own download, named so that nobody puts it next to the files by mistake. */
export function passwordsFile(result: ClientIssueResult, lang: Lang): DownloadBytes {
  return { filename: PASSWORDS_FILE_NAME, mediaType: 'text/plain', bytes: new TextEncoder().encode(serializePasswordSheet(result, lang)) };
}

/** Every user's kit under clients/<base>/ and an INSTALL saying the passwords come another way. No password. */
export function clientCertsBundleFiles(result: ClientIssueResult, lang: Lang, o: HandOverOptions = {}): BundleFile[] {
  const byUser = new Map(result.issued.map((c) => [c.fileName, c]));
  return allKitsFiles(kitCommon(result), result.issued.map(kitUser), lang, (u) => kitOptions(byUser.get(u.fileName)!, o));
}

export const CLIENT_CERTS_ZIP_NAME = 'client-certificates.zip';

export async function zipClientCerts(result: ClientIssueResult, lang: Lang, o: HandOverOptions = {}): Promise<Uint8Array> {
  return zipBundle(clientCertsBundleFiles(result, lang, o));
}

/** One user's kit as `<base>.zip`, for an administrator who mails each user their own. No password. */
export function userKitZip(result: ClientIssueResult, c: IssuedClient, lang: Lang, o: HandOverOptions = {}): { filename: string; bytes: () => Promise<Uint8Array> } {
  return { filename: `${kitBaseName(c)}.zip`, bytes: () => zipBundle(userKitFiles(kitCommon(result), kitUser(c), lang, kitOptions(c, o))) };
}

/** Every `<base>.zip` in one download, to be sent on one by one. No password. */
export async function zipUserKits(result: ClientIssueResult, lang: Lang, o: HandOverOptions = {}): Promise<Uint8Array> {
  const files: BundleFile[] = [];
  for (const c of result.issued) {
    const kit = userKitZip(result, c, lang, o);
    files.push({ path: kit.filename, bytes: await kit.bytes() });
  }
  return zipBundle(files);
}
