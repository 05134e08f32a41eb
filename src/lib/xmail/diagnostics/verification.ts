/**
 * Client-certificate verification settings (SSLWantCert, SSLWantVerify, SSLUseCertsFile,
 * SSLUseCertsDir) and the trust material they point at: certs.pem and the certs/ folder as
 * OpenSSL's hashed-directory lookup reads it.
 */
import { isPkiError, parseCertificate, subjectHashesOfCertificate, type CertificateSummary } from '../../pki/index.ts';
import { TARGETS } from '../targets.ts';
import type { TlsSettings } from '../tls-settings.ts';
import type { DiagnoseInput } from './input.ts';
import type { ParsedCertsPem } from './key-cert.ts';
import { finding, type Finding } from './rules.ts';

/** Most certs/ files read (a whole system store has a few hundred; issue 12: each costs a parse). */
export const MAX_CERTS_DIR_FILES = 300;

export function diagnoseVerification(input: DiagnoseInput, settings: TlsSettings, certsPem: ParsedCertsPem, out: Finding[]): void {
  const b = settings.booleans;
  const verify = b.SSLWantVerify.value || b.SSLWantCert.value;
  if (b.SSLWantCert.value) out.push(finding('WANTCERT_ON', {}));
  if (b.SSLWantVerify.value) out.push(finding('WANTVERIFY_ON', {}));
  if (verify && !b.SSLUseCertsFile.value && !b.SSLUseCertsDir.value) out.push(finding('VERIFY_NO_TRUST_SOURCE', {}));
  const target = TARGETS[input.target];
  const trusted: CertificateSummary[] = [];

  if (certsPem !== undefined) {
    if ('certs' in certsPem) trusted.push(...certsPem.certs);
    else out.push(finding('CERTS_FILE_UNPARSABLE', { code: isPkiError(certsPem.error) ? certsPem.error.code : 'UNKNOWN' }));
    if (!(verify && b.SSLUseCertsFile.value)) out.push(finding('CERTS_UNUSED', { file: 'certs.pem', variable: verify ? 'SSLUseCertsFile' : 'SSLWantVerify' }));
  } else if (input.complete && verify && b.SSLUseCertsFile.value) {
    out.push(finding('CERTS_FILE_MISSING', {}));
  }

  const all = input.certsDir ?? [];
  if (all.length > MAX_CERTS_DIR_FILES) out.push(finding('CERTS_DIR_TOO_MANY_FILES', { count: all.length, max: MAX_CERTS_DIR_FILES }));
  const dir = all.slice(0, MAX_CERTS_DIR_FILES);
  if (dir.length > 0) {
    trusted.push(...diagnoseCertsDir(dir, target.certsDirLookup, out));
    if (!(verify && b.SSLUseCertsDir.value)) out.push(finding('CERTS_UNUSED', { file: 'certs/', variable: verify ? 'SSLUseCertsDir' : 'SSLWantVerify' }));
  } else if (input.complete && verify && b.SSLUseCertsDir.value) {
    out.push(finding('CERTS_DIR_MISSING', {}));
  }

  if (verify && !target.sha256Verify) {
    const seen = new Set<string>();
    for (const c of trusted) {
      if (seen.has(c.sha256Fingerprint)) continue;
      seen.add(c.sha256Fingerprint);
      // The CA's own hash is what it most likely signs client certificates with.
      if (c.signatureHash === 'SHA-256' || c.signatureHash === 'SHA-384' || c.signatureHash === 'SHA-512') {
        out.push(finding('CLIENT_CHAIN_SHA256_FOR_TARGET', { subject: c.subjectText, hash: c.signatureHash, target: target.id }));
      }
    }
  }
}

/** An OpenSSL hashed-directory entry name: the subject hash (8 lower-case hex digits), a dot, a number. */
export const HASHED_CERT_NAME = /^([0-9a-f]{8})\.(\d+)$/;

/** OpenSSL's X509_LOOKUP_hash_dir: HASH.0, HASH.1, ... looked up in order until the first gap. */
function diagnoseCertsDir(files: Array<{ name: string; bytes: Uint8Array }>, lookup: 'old' | 'new', out: Finding[]): CertificateSummary[] {
  const found: CertificateSummary[] = [];
  const byHash = new Map<string, number[]>();
  const namesOf = new Map<string, { hash: string; hashOld: string; subject: string; under: Set<'new' | 'old'> }>();
  for (const f of files) {
    const m = HASHED_CERT_NAME.exec(f.name);
    if (m) byHash.set(m[1]!, [...(byHash.get(m[1]!) ?? []), Number(m[2])]);
    let cert: CertificateSummary;
    try {
      cert = parseCertificate(f.bytes); // the first certificate names the file
    } catch (e) {
      out.push(finding('CERTS_DIR_FILE_UNPARSABLE', { name: f.name, code: isPkiError(e) ? e.code : 'UNKNOWN' }));
      continue;
    }
    found.push(cert);
    const { hash, hashOld } = subjectHashesOfCertificate(cert.der);
    const entry = namesOf.get(cert.sha256Fingerprint) ?? { hash, hashOld, subject: cert.subjectText, under: new Set() };
    namesOf.set(cert.sha256Fingerprint, entry);
    if (m?.[1] === hash) entry.under.add('new');
    else if (m?.[1] === hashOld) entry.under.add('old');
    else out.push(finding('CERTS_DIR_NAME_MISMATCH', { name: f.name, hash, hashOld }));
  }
  for (const e of namesOf.values()) {
    if (e.under.size > 0 && !e.under.has(lookup)) {
      const present = e.under.has('new') ? e.hash : e.hashOld;
      out.push(finding('CERTS_DIR_WRONG_HASH_FOR_TARGET', { subject: e.subject, present, expected: lookup === 'new' ? e.hash : e.hashOld }));
    }
  }
  for (const [hash, numbers] of byHash) {
    const set = new Set(numbers);
    const max = Math.max(...numbers);
    for (let n = 0; n <= max; n++) {
      if (!set.has(n)) {
        out.push(finding('CERTS_DIR_GAP', { hash, missing: n, after: Math.min(...numbers.filter((x) => x > n)) }));
        break;
      }
    }
  }
  return found;
}
