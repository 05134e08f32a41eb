/**
 * Diagnostics (the seed's "現在の環境"): from whatever the administrator has (server.tab, the
 * command line, server.key, server.cert, certs.pem, files from certs/, or a whole MailRoot folder)
 * a list of findings (rules.ts: id, severity, fix; the UI words them from the catalog), and the
 * facts they rest on.
 *
 * Every pitfall in xmail-tls.md's "Pitfalls" list has an id. Invariants: never throws for bad
 * user files (an unreadable file is itself a finding); a missing file is reported only when the
 * input is a complete MailRoot (`complete: true`), since otherwise "not given" is not "missing".
 */
import type { CertificateSummary } from '../../pki/index.ts';
import { effectiveListeners, parseCommandLine, type CommandLine } from '../command-line.ts';
import { isXmailError } from '../errors.ts';
import { parseServerTab, type ServerTab } from '../server-tab.ts';
import { nextMacrotask } from '../../time.ts';
import { readTlsSettings, type TlsSettings } from '../tls-settings.ts';
import { TARGETS, type XmailTarget } from '../targets.ts';
import type { DiagnoseInput } from './input.ts';
import { diagnoseCert, diagnoseKey, diagnoseKeyAgainstCert, parseCertsPem, type Handshake } from './key-cert.ts';
import { diagnoseCommandLineReadings, diagnoseListenerConflicts, diagnoseServices, judgeListeners, offersTls, type DiagnosedListener } from './listener-findings.ts';
import { mailRootInput, pickMailRootFiles } from './mailroot.ts';
import { finding, type Finding } from './rules.ts';
import { diagnoseServerTabText } from './server-tab-findings.ts';
import { diagnoseVerification } from './verification.ts';

/**
 * One diagnosis: the findings and the facts they rest on, each worked out once, so the recipe's
 * report and the UI read them instead of recomputing (issue 13 item 3).
 */
export interface Diagnosis {
  findings: Finding[];
  /** Every listener as XMail will run it, with whether TLS is offered and what a client meets. */
  listeners: DiagnosedListener[];
  /** The TLS settings as XMail reads them (its defaults where server.tab is not given or unreadable). */
  settings: TlsSettings;
  /** Whether TLS handshakes can work with server.key and server.cert ('unchecked': one not given). */
  handshake: Handshake;
  /** Two listeners on one address:port: XMail exits at start-up ("Socket bind error"). */
  startupFails: boolean;
  /** The server.tab as read; undefined when not given or unreadable. */
  serverTab?: ServerTab;
  /** The certificate XMail presents (first on the ordered chain of server.cert). */
  leaf?: CertificateSummary;
}

/** Diagnoses the setup, parsing each file once (issue 12: up to four parses of the same bytes froze the page). */
export async function diagnose(input: DiagnoseInput): Promise<Diagnosis> {
  const out: Finding[] = [];
  const now = input.now ?? new Date();
  const target = TARGETS[input.target];

  // server.tab
  let tab: ServerTab | undefined;
  if (input.serverTab !== undefined) {
    try {
      tab = parseServerTab(input.serverTab);
    } catch (e) {
      out.push(finding('SERVER_TAB_UNREADABLE', { code: isXmailError(e) ? e.code : 'UNKNOWN' }));
    }
  }
  const settings = readTlsSettings(tab ?? parseServerTab(''));
  if (tab) diagnoseServerTabText(tab, settings, out);

  // command line
  let cmd: CommandLine = parseCommandLine('');
  if (input.commandLine !== undefined) {
    try {
      cmd = parseCommandLine(input.commandLine);
      for (const i of cmd.issues) {
        out.push(finding(i.code === 'UNTERMINATED_QUOTE' ? 'COMMAND_LINE_UNTERMINATED_QUOTE' : 'COMMAND_LINE_ARGUMENT_MISSING', { token: i.token }));
      }
      diagnoseCommandLineReadings(cmd, out);
    } catch (e) {
      out.push(finding('COMMAND_LINE_UNREADABLE', { code: isXmailError(e) ? e.code : 'UNKNOWN' }));
    }
  }
  const listeners = effectiveListeners(cmd);
  diagnoseListenerConflicts(listeners, out);
  const startupFails = out.some((f) => f.id === 'LISTENER_PORT_CONFLICT' || f.id === 'LISTENER_ADDRESS_CONFLICT');
  const tlsOn = listeners.some((l) => offersTls(l, settings)) || settings.needTls.value > 0;
  if (tlsOn && target.maxTlsVersion === '1.0') out.push(finding('TARGET_TLS_1_0_ONLY', { target: target.id }));

  // server.key and server.cert: what XMail's BSslSetupVerify (SSLBind.cpp) makes of them, checked
  // before the services so that each service says whether its handshakes work.
  const material: Finding[] = [];
  // Each file is read in a task of its own (issue 15 item 3: server.tab of 1 MB and the first of
  // 200 certificates were one task); readCertificates then yields between certificates.
  await nextMacrotask();
  const key = await diagnoseKey(input, target.keyKinds, tlsOn, material);
  const certsPem = await parseCertsPem(input.certsPem);
  const certs = await diagnoseCert(input, now, settings, certsPem, tlsOn, material);
  const handshake = diagnoseKeyAgainstCert(input, key, certs, target, material);
  const judged = judgeListeners(listeners, settings, handshake, startupFails);
  diagnoseServices(judged, handshake, out);
  if (handshake === 'fails' && settings.needTls.value > 0) out.push(finding('OUTBOUND_TLS_FAILS', { level: settings.needTls.value }));
  out.push(...material);

  diagnoseVerification(input, settings, certsPem, out);
  return {
    findings: out,
    listeners: judged,
    settings,
    handshake,
    startupFails,
    ...(tab ? { serverTab: tab } : {}),
    ...(certs.leaf ? { leaf: certs.leaf } : {}),
  };
}

export async function diagnoseMailRoot(
  files: ReadonlyArray<{ path: string; bytes: Uint8Array }>,
  options: { target: XmailTarget; commandLine?: string; now?: Date },
): Promise<Diagnosis> {
  return diagnose(mailRootInput(pickMailRootFiles(files), options));
}
