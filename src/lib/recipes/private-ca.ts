/**
 * Recipe for 私的認証局 / private CA: create (or pick) a server-purpose root CA in the vault, issue
 * the server certificate under it (the key is sealed in the vault too, so the manage flow can
 * renew it), and build the MailRoot bundle with the CA install kit in clients/ (DER .cer for
 * Windows/Android, PEM, .mobileconfig for Apple).
 *
 * Invariants: the CA key never leaves the vault; the CA is RSA 3072 by default: mail clients
 * verify it, not XMail, so the official Windows build's limits (no ECC) do not apply, and a root
 * that lives ten years should meet NIST SP 800-57's 128-bit level past 2030.
 */
import type { Lang, TargetOs } from '../bundle/index.ts';
import { parseCertificate, type CertificateSummary, type FieldIssue, type KeySpec } from '../pki/index.ts';
import { createCa, issueCertificate, listCas, type CaRecord, type StoreContext } from '../store/index.ts';
import { caNameIssues, caSubject, caValidityIssues } from './ca-form.ts';
import {
  SERVER_KEY_DEFAULT,
  SERVER_VALIDITY_DEFAULT_DAYS,
  buildServerBundle,
  bundleFileName,
  parseHostNames,
  type ServerBundle,
} from './server-common.ts';

export const PRIVATE_CA_KEY_DEFAULT: KeySpec = { kind: 'RSA', bits: 3072 };
export const PRIVATE_CA_KEY_CHOICES: readonly KeySpec[] = [
  { kind: 'RSA', bits: 3072 },
  { kind: 'RSA', bits: 2048 },
  { kind: 'RSA', bits: 4096 },
  { kind: 'EC', curve: 'P-256' },
  { kind: 'EC', curve: 'P-384' },
];
/** Ten years: long enough that clients rarely need a new CA, short of the root store habits (20+). */
export const PRIVATE_CA_VALIDITY_DEFAULT_DAYS = 3652;
export const PRIVATE_CA_VALIDITY_MAX_DAYS = 9125;

export interface PrivateCaForm {
  name: string;
  organization: string;
  keySpec: KeySpec;
  validityDays: number;
}

export interface PrivateCaServerForm {
  hostNames: string;
  keySpec: KeySpec;
  validityDays: number;
  os: TargetOs;
}

export function defaultPrivateCaForm(): PrivateCaForm {
  return { name: '', organization: '', keySpec: PRIVATE_CA_KEY_DEFAULT, validityDays: PRIVATE_CA_VALIDITY_DEFAULT_DAYS };
}

export function defaultPrivateCaServerForm(os: TargetOs = 'windows'): PrivateCaServerForm {
  return { hostNames: '', keySpec: SERVER_KEY_DEFAULT, validityDays: SERVER_VALIDITY_DEFAULT_DAYS, os };
}

export function validatePrivateCaForm(form: PrivateCaForm): FieldIssue[] {
  return [...caNameIssues(form, 'caName'), ...caValidityIssues(form.validityDays, PRIVATE_CA_VALIDITY_MAX_DAYS, 'caValidityDays')];
}

/** Active server-purpose CAs in the vault, newest first. */
export async function listServerCas(ctx: StoreContext): Promise<CaRecord[]> {
  const cas = await listCas(ctx.db, { purpose: 'server' });
  return cas.filter((c) => c.status === 'active').sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function createServerCa(ctx: StoreContext, form: PrivateCaForm): Promise<CaRecord> {
  return createCa(ctx, {
    name: form.name.trim(),
    purpose: 'server',
    subject: caSubject(form),
    keySpec: form.keySpec,
    validityDays: form.validityDays,
  });
}

export interface PrivateCaResult extends ServerBundle {
  ca: CaRecord;
  certificate: CertificateSummary;
  caCertificate: CertificateSummary;
  fileName: string;
}

export interface PrivateCaOptions {
  lang: Lang;
  serverTab?: string | Uint8Array;
}

/** Issues the server certificate under `ca` (key sealed in the vault) and builds the bundle. */
export async function issueServerBundle(ctx: StoreContext, ca: CaRecord, form: PrivateCaServerForm, options: PrivateCaOptions): Promise<PrivateCaResult> {
  const { sans } = parseHostNames(form.hostNames);
  const issued = await issueCertificate(ctx, {
    caId: ca.id,
    profile: 'server',
    // CN = the first host name, as subjectForProfile would write it, so the vault lists it by name.
    subject: sans[0] ? [{ type: 'CN', value: sans[0].value }] : [],
    sans,
    keySpec: form.keySpec,
    validityDays: form.validityDays,
  });
  const hostNames = sans.map((s) => s.value);
  const bundle = await buildServerBundle({
    os: form.os,
    lang: options.lang,
    key: issued.key,
    chain: [issued.record.der],
    caCertificates: [issued.caCertificate],
    caName: ca.name,
    hostNames,
    ...(options.serverTab !== undefined ? { serverTab: options.serverTab } : {}),
  });
  return {
    ...bundle,
    ca,
    certificate: parseCertificate(issued.record.der),
    caCertificate: parseCertificate(issued.caCertificate),
    fileName: bundleFileName('private-ca', hostNames),
  };
}
