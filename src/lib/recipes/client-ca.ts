/**
 * Recipe for the "CA証明書" flow (CA for client verification): pick or create the CA XMail trusts
 * for client certificates, plan the server.tab settings (SSLUseCertsFile/Dir, SSLWantVerify,
 * SSLWantCert) with their consequences, and lay out MailRoot/certs.pem and MailRoot/certs/.
 *
 * Invariants: the CA is a vault CA of purpose 'client-verify'; its signature hash follows the
 * XMail target (xmail-tls.md: the official 1.27 Windows build links OpenSSL 0.9.8l, which does not
 * verify SHA-256 chains reliably, so SHA-1 there); certs/ always gets both hash names (old MD5 for
 * OpenSSL < 1.0.0, new SHA-1 canonical for >= 1.0.0), as the target table says.
 */
import { buildMailRootBundle, zipBundle, type BundleFile, type Lang, type TargetOs } from '../bundle/index.ts';
import { subjectHashesOfCertificate, type FieldIssue, type KeySpec } from '../pki/index.ts';
import { createCa, getCa, type CaRecord, type StoreContext } from '../store/index.ts';
import { TARGETS, encodeServerTabOutputs, type XmailTarget } from '../xmail/index.ts';
import { caNameIssues, caSubject, caValidityIssues } from './ca-form.ts';
import { planModeChange, type ModeChange } from './modes.ts';
import type { ServicePreviewRow } from './preview.ts';

/** Ten years: a client-verification CA is replaced by rotation, not by expiry. */
export const CLIENT_CA_DEFAULT_VALIDITY_DAYS = 3650;

export interface ClientCaForm {
  /** Shown in the vault and used as the CA's common name. */
  name: string;
  organization: string;
  keySpec: KeySpec;
  validityDays: number;
  target: XmailTarget;
}

export function defaultClientCaForm(target: XmailTarget = 'official-1.27-win'): ClientCaForm {
  // RSA 2048: the official build has no ECC suites and client software everywhere accepts it.
  return { name: '', organization: '', keySpec: { kind: 'RSA', bits: 2048 }, validityDays: CLIENT_CA_DEFAULT_VALIDITY_DAYS, target };
}


/** Field issues as the user types: name required, name rules of the PKI core, validity 1..9125 days, key kind the target can use. */
export function validateClientCaForm(form: ClientCaForm): FieldIssue[] {
  const issues: FieldIssue[] = [...caNameIssues(form, 'name'), ...caValidityIssues(form.validityDays, 9125, 'validityDays')];
  if (!TARGETS[form.target].keyKinds.includes(form.keySpec.kind)) {
    issues.push({ field: 'keySpec', code: 'key.kindTarget', params: { target: form.target } });
  }
  return issues;
}

/** Creates the client-verification CA in the vault, signing with the hash the target verifies. */
export async function createClientCa(ctx: StoreContext, form: ClientCaForm): Promise<CaRecord> {
  return createCa(ctx, {
    name: form.name.trim(),
    purpose: 'client-verify',
    subject: caSubject(form),
    keySpec: form.keySpec,
    validityDays: form.validityDays,
    hash: TARGETS[form.target].clientChainHash,
  });
}

export interface ClientVerifyChoice {
  /** true: SSLWantCert (required); false: SSLWantVerify only (requested, checked when sent). */
  requireCertificate: boolean;
  target: XmailTarget;
  os: TargetOs;
  /** The user's own server.tab: a merged file and a patch against it; else a patch against the stock file. */
  serverTab?: string | Uint8Array;
}

/**
 * The plan for XMail: certs.pem AND certs/ (either suffices for OpenSSL; both cost nothing and
 * survive a later switch of one flag). The consequences come first in the UI, before the download.
 */
export function planClientVerify(choice: ClientVerifyChoice): ModeChange {
  return planModeChange({
    mode: 'client-verify',
    options: { clientVerify: { certsFile: true, certsDir: true, requireCertificate: choice.requireCertificate }, target: choice.target },
    os: choice.os,
    ...(choice.serverTab !== undefined ? { serverTab: choice.serverTab } : {}),
  });
}

export interface CertsDirName {
  file: string;
  style: 'old' | 'new';
}

/** The certs/ names the bundle will hold, for display ("which name does my XMail look up"). */
export function certsDirNames(cas: readonly Uint8Array[]): CertsDirName[] {
  const next = new Map<string, number>();
  const out: CertsDirName[] = [];
  for (const der of cas) {
    const h = subjectHashesOfCertificate(der);
    for (const [style, name] of [['new', h.hash], ['old', h.hashOld]] as const) {
      const n = next.get(name) ?? 0;
      if (style === 'old' && name === h.hash) continue;
      next.set(name, n + 1);
      out.push({ file: `${name}.${n}`, style });
    }
  }
  return out;
}

export interface ClientCaBundleInput {
  cas: readonly Uint8Array[];
  change: ModeChange;
  os: TargetOs;
  lang: Lang;
  /** Before/after of each listener with its client-certificate ask (clientVerifyPreview), for INSTALL; absent when unknown. */
  services?: ServicePreviewRow[];
}

/** MailRoot/certs.pem, MailRoot/certs/ (both hash names), server.tab.patch (+ MailRoot/server.tab when theirs was given), INSTALL. */
export async function buildClientCaBundle(input: ClientCaBundleInput): Promise<BundleFile[]> {
  const st = encodeServerTabOutputs(input.change.plan.serverTab);
  return buildMailRootBundle({
    os: input.os,
    lang: input.lang,
    clientVerifyCas: [...input.cas],
    hashStyle: 'both',
    serverTab: { ...(input.change.serverTabBase === 'yours' ? { merged: st.merged } : {}), patch: st.patch },
    // XMail presents server.cert during the handshake in which it asks for the client's certificate.
    needsServerCert: true,
    ...(input.services?.length ? { services: input.services } : {}),
  });
}

export interface ClientCaDownload extends Omit<ClientCaBundleInput, 'cas'> {
  /** Vault CAs of purpose 'client-verify'; read again from the store when the zip is made. */
  caIds: readonly string[];
}

/**
 * The download of the CA-for-clients flow. The CAs are read again from the store and each record's
 * MAC is checked (issue 12 item 4): a client-verification CA swapped in IndexedDB after the page
 * listed it never reaches certs.pem, which is what XMail trusts for client certificates.
 */
export async function zipClientCaBundle(ctx: StoreContext, input: ClientCaDownload): Promise<Uint8Array> {
  const cas: Uint8Array[] = [];
  for (const id of input.caIds) {
    const ca = await getCa(ctx.db, id);
    await ctx.vault.checkCa(ca);
    cas.push(ca.certDer);
  }
  const { caIds: _ids, ...rest } = input;
  return zipBundle(await buildClientCaBundle({ ...rest, cas }));
}
