/**
 * Recipe for 私的運用 / self-signed: one form → a new key, a self-signed server certificate
 * (server profile: SANs, serverAuth + clientAuth) → the MailRoot bundle with the certificate in
 * clients/ for mail programs to accept. Nothing is stored: the key goes straight into the zip.
 */
import { createSelfSignedServerCertificate, generateKey, parseCertificate, type CertificateSummary, type KeySpec } from '../pki/index.ts';
import type { Lang, TargetOs } from '../bundle/index.ts';
import {
  SERVER_KEY_DEFAULT,
  SERVER_VALIDITY_DEFAULT_DAYS,
  buildServerBundle,
  bundleFileName,
  parseHostNames,
  type ServerBundle,
} from './server-common.ts';

export interface SelfSignedForm {
  hostNames: string;
  keySpec: KeySpec;
  validityDays: number;
  os: TargetOs;
}

export function defaultSelfSignedForm(os: TargetOs = 'windows'): SelfSignedForm {
  return { hostNames: '', keySpec: SERVER_KEY_DEFAULT, validityDays: SERVER_VALIDITY_DEFAULT_DAYS, os };
}

export interface SelfSignedResult extends ServerBundle {
  certificate: CertificateSummary;
  fileName: string;
}

export interface SelfSignedOptions {
  lang: Lang;
  serverTab?: string | Uint8Array;
  now?: Date;
}

export async function makeSelfSignedBundle(form: SelfSignedForm, options: SelfSignedOptions): Promise<SelfSignedResult> {
  const { sans } = parseHostNames(form.hostNames);
  const key = await generateKey(form.keySpec);
  const der = await createSelfSignedServerCertificate({
    key,
    subject: [],
    sans,
    validityDays: form.validityDays,
    ...(options.now ? { now: options.now } : {}),
  });
  const hostNames = sans.map((s) => s.value);
  const bundle = await buildServerBundle({
    os: form.os,
    lang: options.lang,
    key,
    chain: [der],
    hostNames,
    ...(options.serverTab !== undefined ? { serverTab: options.serverTab } : {}),
  });
  return { ...bundle, certificate: parseCertificate(der), fileName: bundleFileName('self-signed', hostNames) };
}
