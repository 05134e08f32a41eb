/**
 * The certificate-management operations behind "証明書の管理" and "秘密鍵が流出した場合の対応"
 * (issue 4), one file per family over the shared signer (signer.ts: open key, sign, check key
 * against certificate, write, retry).
 * Invariants:
 *  - Each operation does all its crypto first (key generation, signing, key encryption), then
 *    writes everything in ONE db.commit: a tab closed midway leaves the store before or after.
 *  - Plaintext private keys exist only in memory and in what an operation returns for a download.
 */
export { openKey, openCaKey, openCertificateKey, issuerCertificateOf } from './signer.ts';
export { createCa, importCa, type CreateCaInput, type ImportCaInput } from './cas.ts';
export { issueCertificate, type IssueInput, type IssuedCertificate } from './issue.ts';
export {
  listCertificates,
  listCertificateEntries,
  LIST_TURN,
  effectiveStatus,
  statusAt,
  statusMatches,
  certificateSearchText,
  indexCertificates,
  filterCertificates,
  type EffectiveStatus,
  type StatusFilter,
  type CertificateFilter,
  type CertificateListItem,
  type CertificateListEntry,
  type CertificateListFilter,
} from './list.ts';
export { getCertificateDetails, exportCertificate, type CertificateDetails, type ExportFormat, type ExportedFile } from './details.ts';
export { renewCertificate, type RenewOptions } from './renew.ts';
export { revokeCertificate, revokeAllWithKey } from './revoke.ts';
export { issueCrl, sortBySerial, sortBySerialInTurns, type CrlOptions, type IssuedCrl } from './crl.ts';
export { handleKeyCompromise, reissueRequestText, COMPROMISE_STEPS, type CompromiseStep, type CompromiseResult } from './compromise.ts';
export { rotateClientCa, type RotateClientCaOptions, type RotationResult } from './rotate-client-ca.ts';
export { exportExpiryCalendar } from './expiry-calendar.ts';
