/**
 * An Apple configuration profile (.mobileconfig) that installs private CA certificates as trusted
 * roots on iOS, iPadOS and macOS: a top-level payload of type `Configuration` holding one
 * `com.apple.security.root` payload per certificate, the DER carried as plist <data>.
 * Apple, "Configuration Profile Reference" / Device Management: Certificates.Root.
 *
 * The profile is unsigned (the device shows it as "Not Signed"); iOS still requires the user to
 * turn on full trust in Settings > General > About > Certificate Trust Settings.
 *
 * The XML is produced from a typed plist value, never by pasting strings, so every string is
 * escaped exactly once.
 */
import { encodeBase64 } from '../pki/index.ts';
import { BundleError } from './errors.ts';

export type PlistValue = string | number | boolean | Uint8Array | PlistValue[] | PlistDict;
export interface PlistDict { [key: string]: PlistValue }

/** Escapes the five XML special characters; refuses characters XML 1.0 cannot carry at all. */
export function escapeXml(s: string): string {
  // eslint-disable-next-line no-control-regex -- XML 1.0 allows only TAB, LF, CR below U+0020
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(s)) {
    throw new BundleError('BUNDLE_INPUT_INVALID', `plist string: expected characters XML 1.0 allows, found a control character in ${JSON.stringify(s)}`);
  }
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function serializeValue(v: PlistValue, indent: string, out: string[]): void {
  const next = `${indent}\t`;
  if (typeof v === 'string') out.push(`${indent}<string>${escapeXml(v)}</string>`);
  else if (typeof v === 'boolean') out.push(`${indent}<${v ? 'true' : 'false'}/>`);
  else if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new BundleError('BUNDLE_INPUT_INVALID', `plist integer: expected a safe integer, found ${v}`);
    out.push(`${indent}<integer>${v}</integer>`);
  } else if (v instanceof Uint8Array) {
    // Apple's own profiles wrap base64 at 52 columns; any whitespace inside <data> is ignored.
    const b64 = encodeBase64(v);
    out.push(`${indent}<data>`);
    for (let i = 0; i < b64.length; i += 52) out.push(`${next}${b64.slice(i, i + 52)}`);
    out.push(`${indent}</data>`);
  } else if (Array.isArray(v)) {
    out.push(`${indent}<array>`);
    for (const item of v) serializeValue(item, next, out);
    out.push(`${indent}</array>`);
  } else {
    out.push(`${indent}<dict>`);
    for (const [key, item] of Object.entries(v)) {
      out.push(`${next}<key>${escapeXml(key)}</key>`);
      serializeValue(item, next, out);
    }
    out.push(`${indent}</dict>`);
  }
}

/** An XML property list (Apple's PropertyList-1.0 DTD), LF line ends. */
export function serializePlist(root: PlistValue): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
  ];
  serializeValue(root, '', out);
  out.push('</plist>', '');
  return out.join('\n');
}

export interface RootCaProfileInput {
  /** DER certificates to trust, one payload each. */
  certificates: ReadonlyArray<{ der: Uint8Array; displayName: string; fileName: string }>;
  /** Shown as the profile's name in Settings, in the user's language. */
  displayName: string;
  description: string;
  organization?: string;
  /** Reverse-DNS identifier of the profile; a device replaces an installed profile with the same one. */
  identifier: string;
  /** UUID source (v4); defaults to crypto.randomUUID. Tests pass a fixed one. */
  randomUUID?: () => string;
}

/** Builds the .mobileconfig plist for trusting private root CAs. */
export function createRootCaProfile(input: RootCaProfileInput): PlistDict {
  if (input.certificates.length === 0) {
    throw new BundleError('BUNDLE_INPUT_INVALID', 'mobileconfig: expected at least one CA certificate, found none');
  }
  if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(input.identifier)) {
    throw new BundleError('BUNDLE_INPUT_INVALID', `mobileconfig: expected a reverse-DNS identifier, found ${JSON.stringify(input.identifier)}`);
  }
  const uuid = input.randomUUID ?? (() => globalThis.crypto.randomUUID());
  const payloads: PlistDict[] = input.certificates.map((c, i) => ({
    PayloadCertificateFileName: c.fileName,
    PayloadContent: c.der,
    PayloadDescription: input.description,
    PayloadDisplayName: c.displayName,
    PayloadIdentifier: `${input.identifier}.root${i + 1}`,
    PayloadType: 'com.apple.security.root',
    PayloadUUID: uuid().toUpperCase(),
    PayloadVersion: 1,
  }));
  const profile: PlistDict = {
    PayloadContent: payloads,
    PayloadDescription: input.description,
    PayloadDisplayName: input.displayName,
    PayloadIdentifier: input.identifier,
    PayloadRemovalDisallowed: false,
    PayloadType: 'Configuration',
    PayloadUUID: uuid().toUpperCase(),
    PayloadVersion: 1,
  };
  if (input.organization) profile.PayloadOrganization = input.organization;
  return profile;
}

export function serializeRootCaProfile(input: RootCaProfileInput): string {
  return serializePlist(createRootCaProfile(input));
}

/** Where a mail account connects: implicit TLS from the first byte (995, 465) or STARTTLS on a plain port. */
export type MailSecurity = 'ssl' | 'starttls';
export interface MailEndpoint {
  port: number;
  security: MailSecurity;
}

/** The server side of a POP3 + SMTP account, as XMail listens (never a guessed port). */
export interface MailServerSettings {
  host: string;
  /** null: XMail offers no TLS for this service (the kit then says so instead of configuring it). */
  pop3: MailEndpoint | null;
  smtp: MailEndpoint | null;
}

export interface ClientIdentityProfileInput {
  /** The issuing CA, DER: installed as trusted (com.apple.security.root). */
  caCertificate: { der: Uint8Array; displayName: string; fileName: string };
  /** The user's PKCS#12, without its password: the device asks for it while installing. */
  identity: { pkcs12: Uint8Array; displayName: string; fileName: string };
  /** A POP3 account (com.apple.mail.managed) when both endpoints are known and the address is given. */
  account?: { server: MailServerSettings; email: string; name: string; description: string };
  displayName: string;
  description: string;
  identifier: string;
  randomUUID?: () => string;
}

/**
 * A per-user profile (issue 14 item 2): the CA as a trusted root, the identity as
 * `com.apple.security.pkcs12` with no `Password` key (Apple: "If the password is not present, the
 * device prompts for it"), and optionally a POP3 account (`com.apple.mail.managed`, EmailTypePOP)
 * on the ports XMail listens on; the password of the mailbox is not embedded either.
 * Apple, Device Management: CertificatePKCS12, Mail (com.apple.mail.managed).
 */
export function createClientIdentityProfile(input: ClientIdentityProfileInput): PlistDict {
  const uuid = input.randomUUID ?? (() => globalThis.crypto.randomUUID());
  const base = createRootCaProfile({
    certificates: [input.caCertificate],
    displayName: input.displayName,
    description: input.description,
    identifier: input.identifier,
    randomUUID: uuid,
  });
  const payloads = base.PayloadContent as PlistDict[];
  payloads.push({
    PayloadCertificateFileName: input.identity.fileName,
    PayloadContent: input.identity.pkcs12,
    PayloadDescription: input.description,
    PayloadDisplayName: input.identity.displayName,
    PayloadIdentifier: `${input.identifier}.identity`,
    PayloadType: 'com.apple.security.pkcs12',
    PayloadUUID: uuid().toUpperCase(),
    PayloadVersion: 1,
  });
  const account = input.account;
  if (account?.server.pop3 && account.server.smtp) {
    const { host, pop3, smtp } = account.server;
    payloads.push({
      EmailAccountDescription: account.description,
      EmailAccountName: account.name,
      EmailAccountType: 'EmailTypePOP',
      EmailAddress: account.email,
      IncomingMailServerAuthentication: 'EmailAuthPassword',
      IncomingMailServerHostName: host,
      IncomingMailServerPortNumber: pop3.port,
      // Apple's key has no separate STARTTLS switch; with STARTTLS ports, whether Mail upgrades is not verified here.
      IncomingMailServerUseSSL: true,
      IncomingMailServerUsername: account.email,
      OutgoingMailServerAuthentication: 'EmailAuthPassword',
      OutgoingMailServerHostName: host,
      OutgoingMailServerPortNumber: smtp.port,
      OutgoingMailServerUseSSL: true,
      OutgoingMailServerUsername: account.email,
      OutgoingPasswordSameAsIncomingPassword: true,
      PayloadDescription: account.description,
      PayloadDisplayName: account.description,
      PayloadIdentifier: `${input.identifier}.mail`,
      PayloadType: 'com.apple.mail.managed',
      PayloadUUID: uuid().toUpperCase(),
      PayloadVersion: 1,
    });
  }
  return base;
}
