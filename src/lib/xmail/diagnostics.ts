/**
 * Diagnostics of an XMail setup ("現在の環境"), one concern per file under diagnostics/:
 * rules.ts (the finding table: id -> severity, fix), summaries.ts (each id's English one-liner,
 * for logs and tests: never imported by the page), diagnose.ts (the run and its
 * result), server-tab-findings.ts, listener-findings.ts, key-cert.ts, verification.ts (the
 * findings of each input), mailroot.ts (a dropped MailRoot folder), input.ts.
 */
export { FINDING_IDS, findingRule, type Finding, type FindingId, type FindingParam, type Fix, type FixFlow, type Severity } from './diagnostics/rules.ts';
export { findingSummary } from './diagnostics/summaries.ts';
export { EXPIRY_WARNING_DAYS, type DiagnoseInput } from './diagnostics/input.ts';
export { diagnose, diagnoseMailRoot, type Diagnosis } from './diagnostics/diagnose.ts';
export { presentedCertificates, type Handshake } from './diagnostics/key-cert.ts';
export { offersTls, type DiagnosedListener, type ListenerState } from './diagnostics/listener-findings.ts';
export { HASHED_CERT_NAME, MAX_CERTS_DIR_FILES } from './diagnostics/verification.ts';
export { mailRootInput, pickMailRootFiles, type MailRootFiles, type MailRootRole } from './diagnostics/mailroot.ts';
