/**
 * What the three server-certificate flows (self-signed, private CA, public CA) share: the form's
 * defaults with their reasons, host-name and validity checks as the user types, host names read
 * from a dropped server.tab, and the MailRoot bundle for a server key + certificate chain.
 *
 * Invariants: the server key goes into the bundle as unencrypted PEM (PKCS#1 for RSA, SEC1 for
 * EC: what XMail's OpenSSL 0.9.8 reads without a passphrase callback, xmail-tls.md); the
 * server.tab change comes from the XMail layer's planMode('full') (XMail's default: STARTTLS and
 * the dedicated SSL ports), never assembled here; a server bundle never carries startup files and
 * never asks for a restart: XMail loads server.key/server.cert for each TLS connection
 * (SSLBind.cpp BSslBindServer -> BSslSetupVerify), and a new certificate changes no switch
 * (issue 10); every problem a user can fix is a FieldIssue, not a throw.
 */
import { buildMailRootBundle, zipBundle, type BundleFile, type Lang, type TargetOs } from '../bundle/index.ts';
import {
  PROFILES,
  encodePem,
  parseSanList,
  serializePrivateKeyPem,
  type EcCurve,
  type FieldIssue,
  type KeySpec,
  type PrivateKeyMaterial,
  type RsaBits,
  type SanEntry,
} from '../pki/index.ts';
import { TARGETS, encodeServerTabOutputs, parseServerTab, planMode, readTlsSettings, type ModePlan, type XmailTarget } from '../xmail/index.ts';

/** RSA 2048: every mail client accepts it, and the official XMail 1.27 Windows build (OpenSSL 0.9.8l, no ECC suites) can use it. */
export const SERVER_KEY_DEFAULT: KeySpec = TARGETS['official-1.27-win'].defaultServerKey;
/** Key kinds offered for a server key, the default first. */
export const SERVER_KEY_CHOICES: readonly KeySpec[] = [
  { kind: 'RSA', bits: 2048 },
  { kind: 'RSA', bits: 3072 },
  { kind: 'RSA', bits: 4096 },
  { kind: 'EC', curve: 'P-256' },
];
/** 397 days: the public-CA limit browsers enforce (CA/B Forum BR 6.3.2 until 2026-03-15). */
export const SERVER_VALIDITY_DEFAULT_DAYS = PROFILES.server.defaultValidityDays;
/** 825 days: Apple refuses longer TLS certificates even under a private root (support.apple.com/HT210176). */
export const SERVER_VALIDITY_MAX_DAYS = PROFILES.server.maxValidityDays;

/** A stable id for a key choice (for <select> values). */
const EC_KEY_IDS = { 'P-256': 'ec-p-256', 'P-384': 'ec-p-384' } as const satisfies Record<EcCurve, string>;
/** A key spec as a form value and catalog key part ('rsa-2048', 'ec-p-256'). */
export type KeySpecId = `rsa-${RsaBits}` | (typeof EC_KEY_IDS)[EcCurve];

export function keySpecId(spec: KeySpec): KeySpecId {
  return spec.kind === 'RSA' ? `rsa-${spec.bits}` : EC_KEY_IDS[spec.curve];
}

export function keySpecFromId(id: string): KeySpec | undefined {
  return SERVER_KEY_CHOICES.find((s) => keySpecId(s) === id);
}

/** Key kinds the official Windows build cannot use (no ECC cipher suites in OpenSSL 0.9.8l). */
export function keyWarnsForTarget(spec: KeySpec, target: XmailTarget = 'official-1.27-win'): boolean {
  return !TARGETS[target].keyKinds.includes(spec.kind);
}

export interface HostNamesResult {
  sans: SanEntry[];
  issues: FieldIssue[];
}

/**
 * Host names as typed (comma, space or line separated): DNS names and IP addresses only (a server
 * certificate has no mailbox names), at least one.
 */
export function parseHostNames(text: string): HostNamesResult {
  const { entries, issues } = parseSanList(text);
  const sans: SanEntry[] = [];
  for (const e of entries) {
    if (e.type === 'email') issues.push({ field: 'hostNames', code: 'san.emailNotAllowed', params: { value: e.value } });
    else sans.push(e);
  }
  if (sans.length === 0 && issues.length === 0) issues.push({ field: 'hostNames', code: 'san.required' });
  return { sans, issues: issues.map((i) => ({ ...i, field: 'hostNames' })) };
}

/**
 * The server-certificate form's problems, per field: the one validation the self-signed,
 * private-CA and public-CA screens show (ServerFormState) and their tests check.
 */
export function validateServerForm(form: { hostNames: string; validityDays: number }): FieldIssue[] {
  return [...parseHostNames(form.hostNames).issues, ...validateServerValidity(form.validityDays)];
}

export function validateServerValidity(days: number): FieldIssue[] {
  if (!Number.isInteger(days) || days < 1) return [{ field: 'validityDays', code: 'validity.range', params: { min: 1, max: SERVER_VALIDITY_MAX_DAYS } }];
  if (days > SERVER_VALIDITY_MAX_DAYS) return [{ field: 'validityDays', code: 'validity.apple', params: { max: SERVER_VALIDITY_MAX_DAYS } }];
  return [];
}

/**
 * The host names a server.tab names (RootDomain, SmtpServerDomain, POP3Domain, HeloDomain), in
 * that order, without duplicates: what mail clients connect to.
 */
export function hostNamesFromServerTab(input: string | Uint8Array): string[] {
  const settings = readTlsSettings(parseServerTab(input));
  const seen = new Set<string>();
  const names: string[] = [];
  for (const h of settings.hostNames) {
    const v = h.value.trim().toLowerCase();
    if (v && !seen.has(v)) {
      seen.add(v);
      names.push(v);
    }
  }
  return names;
}

/** The PEM XMail loads as MailRoot/server.key: PKCS#1 for RSA, SEC1 for EC, unencrypted. */
export function serializeServerKeyPem(key: PrivateKeyMaterial): string {
  return serializePrivateKeyPem(key, key.spec.kind === 'RSA' ? 'pkcs1' : 'sec1');
}

export interface ServerBundleInput {
  os: TargetOs;
  lang: Lang;
  key: PrivateKeyMaterial;
  /** Leaf first, then intermediates (DER). */
  chain: readonly Uint8Array[];
  /** Private CA certificates for clients/ (absent for self-signed and public CAs). */
  caCertificates?: Uint8Array[];
  caName?: string;
  hostNames: string[];
  /** The user's server.tab, when dropped: the bundle then carries the merged file and the patch. */
  serverTab?: string | Uint8Array;
  /** The user's current XMail command line, when known: for the plan (what XMail listens on), never shipped. */
  commandLine?: string;
  extraFiles?: BundleFile[];
}

export interface ServerBundle {
  files: BundleFile[];
  zip: Uint8Array;
  plan: ModePlan;
}

/** XMail's default TLS mode (STARTTLS + SMTPS/POP3S/CTRLS), the key, the chain and the install kit. */
export async function buildServerBundle(input: ServerBundleInput): Promise<ServerBundle> {
  const plan = planMode('full', {}, {
    ...(input.serverTab !== undefined ? { serverTab: input.serverTab } : {}),
    ...(input.commandLine !== undefined ? { commandLine: input.commandLine } : {}),
  });
  const files = await buildMailRootBundle({
    os: input.os,
    lang: input.lang,
    serverKeyPem: serializeServerKeyPem(input.key),
    serverCertChainPem: input.chain.map((der) => encodePem('CERTIFICATE', der)).join(''),
    ...(input.caCertificates?.length ? { caCertificates: input.caCertificates } : {}),
    ...(plan.serverTab ? { serverTab: encodeServerTabOutputs(plan.serverTab) } : {}),
    hostNames: input.hostNames,
    ...(input.caName !== undefined ? { caName: input.caName } : {}),
    ...(input.extraFiles ? { extraFiles: input.extraFiles } : {}),
  });
  return { files, zip: await zipBundle(files), plan };
}

/** xmail-tls-<first host>-<kind>.zip, safe on every file system. */
export function bundleFileName(kind: string, hostNames: readonly string[]): string {
  const host = (hostNames[0] ?? 'server').replace(/[^A-Za-z0-9.-]/g, '_').replace(/^\.+/, '');
  return `xmail-tls-${host || 'server'}-${kind}.zip`;
}
