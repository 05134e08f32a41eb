/**
 * server.key and server.cert as XMail loads them: SSLBind.cpp BSslSetupVerify, on every handshake
 * (BSslBindServer, and BSslBindClient for outbound TLS), loads server.cert as PEM (1.27 final:
 * SSL_CTX_use_certificate_chain_file, per xmail-tls.md; the davidel/xmail SSLBind.cpp read for
 * issue 13 calls SSL_CTX_use_certificate_file, the leaf-only load of the builds before it: either
 * way the FIRST certificate is XMail's own), then SSL_CTX_use_PrivateKey_file(server.key, PEM)
 * and SSL_CTX_check_private_key against that first certificate. Plus what mail clients will make
 * of the certificate (dates, names, chain).
 */
import {
  certificateCoversHost,
  isPkiError,
  keyMatchesSpki,
  orderCertificates,
  readCertificates,
  parsePrivateKey,
  type CertificateSummary,
  type ChainIssue,
  type PrivateKeyMaterial,
} from '../../pki/index.ts';
import { DAY_MS } from '../../time.ts';
import { TARGETS, type XmailTarget } from '../targets.ts';
import type { TlsSettings } from '../tls-settings.ts';
import { EXPIRY_WARNING_DAYS, type DiagnoseInput } from './input.ts';
import { finding, type Finding } from './rules.ts';

/** Whether XMail's TLS handshakes can work with the given server.key and server.cert. */
export type Handshake = 'ok' | 'fails' | 'unchecked';

function isPemText(input: string | Uint8Array): boolean {
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: false }).decode(input.subarray(0, 64 * 1024));
  return text.includes('-----BEGIN ');
}

/** server.key as XMail's SSL_CTX_use_PrivateKey_file(PEM) sees it; `material` when we could read it at all. */
export interface KeyState {
  state: 'ok' | 'fails' | 'not-given';
  material?: PrivateKeyMaterial;
}
/** server.cert as SSL_CTX_use_certificate_chain_file sees it: `first` is XMail's own certificate. */
export interface CertState {
  state: 'ok' | 'fails' | 'not-given';
  first?: CertificateSummary;
  /** The server certificate of the chain sorted by issuer (differs from `first` when out of order). */
  leaf?: CertificateSummary;
}

/** A file missing from a whole MailRoot: an error when XMail will need it, else a note. */
function missing(id: 'KEY_MISSING' | 'CERT_MISSING', tlsOn: boolean, out: Finding[]): void {
  if (tlsOn) out.push(finding(id, {}));
  else if (!out.some((f) => f.id === 'KEY_CERT_UNUSED_TLS_OFF')) out.push(finding('KEY_CERT_UNUSED_TLS_OFF', {}));
}

export async function diagnoseKey(input: DiagnoseInput, kinds: readonly string[], tlsOn: boolean, out: Finding[]): Promise<KeyState> {
  if (input.serverKey === undefined) {
    if (!input.complete) return { state: 'not-given' };
    missing('KEY_MISSING', tlsOn, out);
    return { state: 'fails' };
  }
  const pem = isPemText(input.serverKey);
  const text = typeof input.serverKey === 'string' ? input.serverKey : new TextDecoder().decode(input.serverKey);
  if (pem && /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(text)) {
    out.push(finding('KEY_ENCRYPTED', {}));
    return { state: 'fails' };
  }
  let key: PrivateKeyMaterial;
  try {
    key = await parsePrivateKey(input.serverKey);
  } catch (e) {
    out.push(finding(isPkiError(e, 'KEY_PASSWORD_REQUIRED') ? 'KEY_ENCRYPTED' : 'KEY_UNPARSABLE', isPkiError(e, 'KEY_PASSWORD_REQUIRED') ? {} : { code: isPkiError(e) ? e.code : 'UNKNOWN' }));
    return { state: 'fails' };
  }
  let state: KeyState['state'] = 'ok';
  if (!pem) {
    out.push(finding('KEY_NOT_PEM', {}));
    state = 'fails';
  }
  if (!kinds.includes(key.spec.kind)) {
    out.push(finding('KEY_NOT_RSA_FOR_TARGET', { kind: key.spec.kind, target: input.target }));
    state = 'fails';
  }
  return { state, material: key };
}

/**
 * The certificates of server.cert as XMail uses them: `first` is what it presents as its own
 * (SSL_CTX_use_certificate_chain_file takes the first certificate of the file), `leaf` the server
 * certificate of the chain sorted by issuer (differs from `first` when the file is out of order).
 * One place picks the leaf: the findings, the report's certificate facts.
 */
export function presentedCertificates(certs: readonly CertificateSummary[]): { first: CertificateSummary; leaf: CertificateSummary; chain: Uint8Array[]; issues: ChainIssue[] } {
  const first = certs[0]!;
  const { chain, issues } = orderCertificates(certs);
  const leaf = certs.find((c) => c.der === chain[0]) ?? first;
  return { first, leaf, chain, issues };
}

export async function diagnoseCert(input: DiagnoseInput, now: Date, settings: TlsSettings, certsPem: ParsedCertsPem, tlsOn: boolean, out: Finding[]): Promise<CertState> {
  if (input.serverCert === undefined) {
    if (!input.complete) return { state: 'not-given' };
    missing('CERT_MISSING', tlsOn, out);
    return { state: 'fails' };
  }
  let certs: CertificateSummary[];
  try {
    certs = await readCertificates(input.serverCert); // yields between certificates (issue 15 item 3)
  } catch (e) {
    out.push(finding('CERT_UNPARSABLE', { code: isPkiError(e) ? e.code : 'UNKNOWN' }));
    return { state: 'fails' };
  }
  let state: CertState['state'] = 'ok';
  if (!isPemText(input.serverCert)) {
    out.push(finding('CERT_NOT_PEM', {}));
    state = 'fails';
  }
  const { first, leaf, chain, issues } = presentedCertificates(certs);
  const fileOrder = certs.filter((c) => chain.includes(c.der)).map((c) => c.der);
  if (leaf !== first) {
    out.push(finding('CHAIN_OUT_OF_ORDER', {}));
    state = 'fails';
  } else if (fileOrder.some((d, i) => d !== chain[i])) out.push(finding('CHAIN_INTERMEDIATES_OUT_OF_ORDER', {}));
  for (const i of issues) {
    if (i.code === 'CHAIN_EXTRA_CERTIFICATE') out.push(finding('CHAIN_EXTRA_CERTIFICATE', { subject: i.subject ?? '' }));
  }
  const target = TARGETS[input.target];
  const intermediates = chain.length - 1;
  if (!target.sendsIntermediates && intermediates > 0) out.push(finding('CHAIN_INTERMEDIATES_IGNORED', { count: intermediates, target: target.id }));
  if (leaf.selfIssued) {
    out.push(finding('CERT_SELF_SIGNED', {}));
  } else if (chain.length === 1 && !issuerIsTrustedRoot(leaf, certsPem)) {
    out.push(finding('CHAIN_INCOMPLETE', { issuer: leaf.issuerText }));
  }

  const days = Math.floor((leaf.notAfter.getTime() - now.getTime()) / DAY_MS);
  const notAfter = leaf.notAfter.toISOString().slice(0, 10);
  if (now < leaf.notBefore) out.push(finding('CERT_NOT_YET_VALID', { notBefore: leaf.notBefore.toISOString().slice(0, 10) }));
  else if (now > leaf.notAfter) out.push(finding('CERT_EXPIRED', { notAfter }));
  else if (days < EXPIRY_WARNING_DAYS) out.push(finding('CERT_EXPIRES_SOON', { notAfter, days }));
  else out.push(finding('CERT_VALID', { notAfter, days }));

  const covered: string[] = [];
  const seen = new Set<string>();
  for (const h of settings.hostNames) {
    const host = h.value.toLowerCase().replace(/\.$/, '');
    if (seen.has(host)) continue;
    seen.add(host);
    if (certificateCoversHost(leaf, host)) covered.push(host);
    else out.push(finding('CERT_HOST_NOT_COVERED', { host, variable: h.variable }, leaf.selfIssued ? { fix: 'self-signed' } : {}));
  }
  if (covered.length > 0) out.push(finding('CERT_HOSTS_COVERED', { hosts: covered }));
  return { state, first, leaf };
}

function issuerIsTrustedRoot(leaf: CertificateSummary, certsPem: ParsedCertsPem): boolean {
  return !!certsPem && 'certs' in certsPem && certsPem.certs.some((c) => c.selfIssued && c.subjectText === leaf.issuerText);
}

export type ParsedCertsPem = { certs: CertificateSummary[] } | { error: unknown } | undefined;

export async function parseCertsPem(certsPem: DiagnoseInput['certsPem']): Promise<ParsedCertsPem> {
  if (certsPem === undefined) return undefined;
  try {
    return { certs: await readCertificates(certsPem) };
  } catch (error) {
    return { error };
  }
}

/**
 * Whether a TLS handshake can work with the files given: SSLBind.cpp BSslSetupVerify loads
 * server.cert with SSL_CTX_use_certificate_chain_file (PEM; the FIRST certificate is XMail's own),
 * server.key with SSL_CTX_use_PrivateKey_file(PEM) and then SSL_CTX_check_private_key against
 * that first certificate, on every handshake. 'unchecked': a file was not given.
 */
export function diagnoseKeyAgainstCert(input: DiagnoseInput, key: KeyState, certs: CertState, target: (typeof TARGETS)[XmailTarget], out: Finding[]): Handshake {
  if (key.state === 'fails' || certs.state === 'fails') {
    // A key XMail cannot load never gets KEY_OK; still say whether it belongs to the certificate.
    if (key.material && certs.first && !keyMatchesSpki(key.material, certs.first.spki) && !(certs.leaf && keyMatchesSpki(key.material, certs.leaf.spki))) {
      out.push(finding('KEY_MISMATCH', {}));
    }
    return 'fails';
  }
  if (key.state === 'ok' && certs.state === 'ok') {
    if (keyMatchesSpki(key.material!, certs.first!.spki)) {
      out.push(finding('KEY_OK', { kind: key.material!.spec.kind }));
      return 'ok';
    }
    // Out of order with the key of a later certificate: CHAIN_OUT_OF_ORDER (keyFits) says it all.
    if (!(certs.leaf && certs.leaf !== certs.first && keyMatchesSpki(key.material!, certs.leaf.spki))) out.push(finding('KEY_MISMATCH', {}));
    return 'fails';
  }
  if (key.state === 'ok') out.push(finding('KEY_READABLE', { kind: key.material!.spec.kind }));
  else if (input.serverKey === undefined && certs.first && certs.first.key.kind !== 'other' && !target.keyKinds.includes(certs.first.key.kind)) {
    out.push(finding('KEY_NOT_RSA_FOR_TARGET', { kind: certs.first.key.kind, target: target.id }));
    return 'fails';
  }
  return 'unchecked';
}
