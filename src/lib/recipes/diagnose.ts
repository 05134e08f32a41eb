/**
 * Recipe for the "現在の環境" (current setup) flow: whatever the administrator dropped (single
 * files, or a whole MailRoot folder with relative paths) plus the pasted command line become one
 * report: the findings of xmail/diagnostics grouped by severity, the services/ports table XMail
 * will actually listen with, and the server certificate's dates and names.
 *
 * Invariants: never throws for bad user files (diagnostics turns them into findings; the table
 * and the certificate summary fall back to XMail's defaults / nothing); files are only read,
 * never kept beyond the report.
 */
import { parseCertificates, type CertificateSummary, type FieldIssue } from '../pki/index.ts';
import {
  diagnose,
  HASHED_CERT_NAME,
  mailRootInput,
  pickMailRootFiles,
  presentedCertificates,
  type DiagnoseInput,
  type Diagnosis,
  type Finding,
  type ListenerState,
  type Severity,
  type XmailTarget,
} from '../xmail/index.ts';
import { DAY_MS } from '../time.ts';

export interface DiagnosisFile {
  /** The name, or the path relative to the dropped folder (`MailRoot/certs/1a2b3c4d.0`). */
  path: string;
  bytes: Uint8Array;
}

/** Where a dropped file goes: the MailRoot file it is taken as, a certs/ entry, or unused. */
export type DiagnosisFileRole = 'server.tab' | 'server.key' | 'server.cert' | 'certs.pem' | 'certs-dir' | 'unused';

export interface DiagnosisInput {
  target: XmailTarget;
  files: readonly DiagnosisFile[];
  /** The MAIL_CMD_LINE value / XMAIL_CMD_LINE line as pasted; empty or undefined: not given. */
  commandLine?: string;
  /** The files are a whole MailRoot folder: an absent server.key is missing, not just "not given". */
  folder?: boolean;
  now?: Date;
}

export interface ServiceRow {
  service: 'SMTP' | 'POP3' | 'CTRL' | 'SMTPS' | 'POP3S' | 'CTRLS';
  letter: string;
  tls: 'starttls' | 'implicit';
  /** The listener is on (not switched off with -L-). */
  listening: boolean;
  ports: number[];
  interfaces: string[];
  /** TLS is offered on this listener: STARTTLS when its Enable*-TLS is on, always for implicit TLS. */
  tlsOffered: boolean;
  /** What a client meets, from the same facts as the findings (xmail ListenerState). */
  state: ListenerState;
  /** The server.tab variable that switches STARTTLS (plain listeners only). */
  variable?: string;
}

export interface CertificateFacts {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  /** Whole days from `now` to notAfter; negative once expired. */
  daysLeft: number;
  names: string[];
  /** Names in the certificate that failed our host-name rules and were left out of `names` (issue 12 item 2). */
  droppedNames: FieldIssue[];
  selfIssued: boolean;
  keyKind: string;
}

export interface DiagnosisReport {
  findings: Finding[];
  /** Non-empty groups only, worst first. */
  groups: Array<{ severity: Severity; findings: Finding[] }>;
  services: ServiceRow[];
  certificate?: CertificateFacts;
  files: Array<{ path: string; role: DiagnosisFileRole }>;
  /** No server.tab was given: the table assumes XMail's defaults. */
  serverTabAssumed: boolean;
  commandLineAssumed: boolean;
  /** server.key / server.cert that were not given (single files), so not checked: the report says so. */
  notChecked: Array<'server.key' | 'server.cert'>;
}

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info', 'ok'];

function baseName(path: string): string {
  const parts = path.replace(/\\/g, '/').split('/');
  return parts[parts.length - 1] ?? path;
}

/** A file dropped on its own: its role from its name (XMail's names are fixed and lower case). */
export function diagnosisRoleOfName(path: string): DiagnosisFileRole {
  const norm = path.replace(/\\/g, '/');
  const name = baseName(norm).toLowerCase();
  if (name === 'server.tab' || name === 'server.key' || name === 'server.cert' || name === 'certs.pem') return name;
  if (HASHED_CERT_NAME.test(name) || /(^|\/)certs\/[^/]+$/.test(norm)) return 'certs-dir';
  return 'unused';
}

/** True when any path carries a folder: the drop was a folder (webkitdirectory or a dragged folder). */
export function isFolderDrop(files: readonly DiagnosisFile[]): boolean {
  return files.some((f) => /[\\/]/.test(f.path.replace(/^[\\/]+/, '')));
}

function singleFilesInput(input: DiagnosisInput): { diagnoseInput: DiagnoseInput; roles: Array<{ path: string; role: DiagnosisFileRole }> } {
  const d: DiagnoseInput = { target: input.target, certsDir: [] };
  const roles = input.files.map((f) => ({ path: f.path, role: diagnosisRoleOfName(f.path) }));
  input.files.forEach((f, i) => {
    const role = roles[i]!.role;
    if (role === 'server.tab') d.serverTab = f.bytes;
    else if (role === 'server.key') d.serverKey = f.bytes;
    else if (role === 'server.cert') d.serverCert = f.bytes;
    else if (role === 'certs.pem') d.certsPem = f.bytes;
    else if (role === 'certs-dir') d.certsDir!.push({ name: baseName(f.path), bytes: f.bytes });
  });
  return { diagnoseInput: d, roles };
}

export async function diagnoseSetup(input: DiagnosisInput): Promise<DiagnosisReport> {
  const commandLine = input.commandLine?.trim() ? input.commandLine : undefined;
  const folder = input.folder ?? isFolderDrop(input.files);
  let diagnoseInput: DiagnoseInput;
  let roles: Array<{ path: string; role: DiagnosisFileRole }>;
  if (folder) {
    // One pick of the dropped folder: the files diagnose reads and the roles the page lists.
    const picked = pickMailRootFiles(input.files);
    diagnoseInput = mailRootInput(picked, { target: input.target });
    roles = input.files.map((f) => ({ path: f.path, role: picked.roles.find((r) => r.path === f.path)?.role ?? 'unused' }));
  } else {
    const single = singleFilesInput(input);
    diagnoseInput = single.diagnoseInput;
    roles = single.roles;
  }
  if (commandLine) diagnoseInput.commandLine = commandLine;
  if (input.now) diagnoseInput.now = input.now;
  // Each file is parsed once, in diagnose; the table and the summary read its results.
  const diagnosis: Diagnosis = await diagnose(diagnoseInput);
  const { findings } = diagnosis;
  const groups = SEVERITY_ORDER.map((severity) => ({ severity, findings: findings.filter((f) => f.severity === severity) })).filter((g) => g.findings.length > 0);
  const certificate = diagnosis.leaf ? factsOf(diagnosis.leaf, input.now ?? new Date()) : undefined;
  const notChecked: DiagnosisReport['notChecked'] = folder
    ? []
    : [...(diagnoseInput.serverKey === undefined ? (['server.key'] as const) : []), ...(diagnoseInput.serverCert === undefined ? (['server.cert'] as const) : [])];
  return {
    findings,
    groups,
    services: serviceRows(diagnosis),
    ...(certificate ? { certificate } : {}),
    files: roles,
    serverTabAssumed: diagnoseInput.serverTab === undefined,
    commandLineAssumed: commandLine === undefined,
    notChecked,
  };
}

/**
 * The six TLS-relevant listeners (FINGER has no TLS) as XMail will run them: the listeners of the
 * diagnosis, whose verdicts the findings were made from, so the table never says "encrypted"
 * where a finding says the handshake fails.
 */
export function serviceRows(diagnosis: Pick<Diagnosis, 'listeners' | 'startupFails'>): ServiceRow[] {
  return diagnosis.listeners.flatMap((l): ServiceRow[] => {
    if (l.tls === 'none' || l.service === 'FINGER') return [];
    return [{
      service: l.service as ServiceRow['service'],
      letter: l.letter,
      tls: l.tls,
      listening: l.enabled && !diagnosis.startupFails,
      ports: l.ports,
      interfaces: l.interfaces,
      tlsOffered: l.tlsOffered,
      state: l.state,
      ...(l.starttlsVariable ? { variable: l.starttlsVariable } : {}),
    }];
  });
}

/** The certificate XMail presents: the leaf of server.cert, picked as diagnostics picks it (presentedCertificates). */
export function certificateFacts(serverCert: Uint8Array, now: Date): CertificateFacts | undefined {
  let certs: CertificateSummary[];
  try {
    certs = parseCertificates(serverCert);
  } catch {
    return undefined; // CERT_UNPARSABLE says why
  }
  return certs.length > 0 ? factsOf(presentedCertificates(certs).leaf, now) : undefined;
}

function factsOf(leaf: CertificateSummary, now: Date): CertificateFacts {
  return {
    subject: leaf.subjectText,
    issuer: leaf.issuerText,
    notBefore: leaf.notBefore.toISOString().slice(0, 10),
    notAfter: leaf.notAfter.toISOString().slice(0, 10),
    daysLeft: Math.floor((leaf.notAfter.getTime() - now.getTime()) / DAY_MS),
    names: leaf.sans.map((s) => s.value),
    droppedNames: leaf.sanIssues,
    selfIssued: leaf.selfIssued,
    keyKind: leaf.key.kind === 'RSA' ? `RSA ${leaf.key.bits}` : leaf.key.kind === 'EC' ? `EC ${leaf.key.curve}` : leaf.key.description,
  };
}
