/**
 * 秘密鍵が流出した場合の対応 (issue 17 item 7): the seed's procedure after a leaked server key, for
 * ANY certificate — one kept in the vault or one the user only has as a file (a public CA's
 * certificate that never went through the vault: MailRoot/server.cert, a .crt, a .p7b).
 *
 * The seed (XMailCFG's SSL/TLS page) says: invalidate the key, delete the certificate paired with
 * it, make a new key, re-create the certificate for the same common name; concretely back up,
 * delete MailRoot/server.key, delete MailRoot/server.cert, make a new key and certificate (with the
 * intermediate for a public CA), install them and restart XMail. XMail needs no restart for a new key:
 * it loads server.cert and server.key for every TLS connection (SSLBind.cpp BSslBindServer ->
 * BSslSetupVerify), so the install step says so (leak.step.install). Here that is a list of step codes
 * with the data each step names (the certificate's names, serial number and issuer); the UI maps
 * each code to ja/en text. Nothing here touches the vault: a vault certificate's revocation and
 * re-issue is store/operations.ts handleKeyCompromise, offered from 証明書の管理.
 */
import { PkiError, readUserFile, type CertificateSummary, summarizeCertificate } from '../pki/index.ts';

/** Who can invalidate the certificate: a CA (ask it to revoke) or nobody (self-signed: remove the trust). */
export type LeakedIssuer = 'ca' | 'self-signed';

export interface LeakedCertificate {
  /** The server certificate: the first non-CA certificate given (server.cert is leaf first). */
  certificate: CertificateSummary;
  issuedBy: LeakedIssuer;
}

export const LEAKED_KEY_STEPS = ['backup', 'delete-key', 'delete-cert', 'revoke', 'new-key-and-cert', 'install'] as const;
export type LeakedKeyStepCode = (typeof LEAKED_KEY_STEPS)[number];

export interface LeakedKeyStep {
  code: LeakedKeyStepCode;
  /** Which wording of the step: 'generic' without a certificate, else by issuer. */
  variant: 'generic' | LeakedIssuer;
  params: Readonly<Record<string, string>>;
}

/**
 * Reads the certificate whose key leaked from what the user dropped or pasted (PEM or DER, one or
 * many certificates, .p7b/.p7c). A file without a certificate (a key, a .pfx without its
 * password) is refused with the reader's code, so the page says what the file is.
 */
export async function readLeakedCertificate(input: string | Uint8Array, name = ''): Promise<LeakedCertificate> {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const read = await readUserFile({ name, bytes });
  if (read.error) throw new PkiError(read.error.code, read.error.message);
  const summaries = read.certificates.map((der) => summarizeCertificate(der));
  const leaf = summaries.find((c) => !c.isCa) ?? summaries[0];
  if (!leaf) throw new PkiError('FILE_NOT_CERTIFICATE', `${name}: expected a server certificate, found ${read.kind}`);
  return { certificate: leaf, issuedBy: leaf.selfIssued ? 'self-signed' : 'ca' };
}

/**
 * The steps, in the seed's order, with the revocation step made explicit (the seed's "(1) invalidate
 * the key": for a CA's certificate that is the CA's revocation, RFC 5280 §5.3.1 reason keyCompromise).
 */
export function leakedKeyProcedure(leaked: LeakedCertificate | null): LeakedKeyStep[] {
  const variant = leaked ? leaked.issuedBy : 'generic';
  const c = leaked?.certificate;
  const names = c ? (c.sans.map((s) => s.value).join(', ') || c.subjectText) : '';
  const params: Record<string, string> = c ? { names, serial: c.serialHex.toUpperCase(), issuer: c.issuerText, subject: c.subjectText } : {};
  return LEAKED_KEY_STEPS.map((code) => ({ code, variant, params }));
}
