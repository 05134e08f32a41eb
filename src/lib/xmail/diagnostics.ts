/**
 * Diagnostics (the seed's "現在の環境"): from whatever the administrator has (server.tab, the
 * command line, server.key, server.cert, certs.pem, files from certs/, or a whole MailRoot folder)
 * a list of findings, each with a stable id the UI maps to ja/en text, a severity, the parameters
 * the text needs, the flow that fixes it, and an English `summary` for logs and tests.
 *
 * Every pitfall in xmail-tls.md's "Pitfalls" list has an id here. Invariants: never throws for bad
 * user files (an unreadable file is itself a finding); a missing file is reported only when the
 * input is a complete MailRoot (`complete: true`), since otherwise "not given" is not "missing".
 */
import {
  certificateCoversHost,
  isPkiError,
  keyMatchesSpki,
  orderCertificates,
  parseCertificate,
  parseCertificates,
  parsePrivateKey,
  subjectHashesOfCertificate,
  type CertificateSummary,
  type PrivateKeyMaterial,
} from '../pki/index.ts';
import { commandLineReadings, effectiveListeners, SERVICES, listenerConflicts, parseCommandLine, type CommandLine, type EffectiveListener } from './command-line.ts';
import { isXmailError } from './errors.ts';
import { dequote, parseServerTab, serverTabIssues, type ServerTab } from './server-tab.ts';
import { broaderSmtpConfig, isMisleadingBoolean, readTlsSettings, smtpConfigWantsTls, TLS_BOOLEAN_VARIABLES, type TlsSettings } from './tls-settings.ts';
import { TARGETS, type XmailTarget } from './targets.ts';
import { DAY_MS } from '../time.ts';

export const FINDING_IDS = [
  // server.tab and command line as files
  'SERVER_TAB_UNREADABLE',
  'SERVER_TAB_BOM',
  'SERVER_TAB_BOM_HARMLESS',
  'SERVER_TAB_ODD_LINE',
  'SERVER_TAB_UNQUOTED',
  'SERVER_TAB_LINE_SPLIT',
  'SERVER_TAB_LINE_SPLIT_VALUE_CUT',
  'SERVER_TAB_LINE_TAIL_SETTING',
  'DUPLICATE_VARIABLE',
  'BOOLEAN_WORD',
  'SMTP_CONFIG_SPACES',
  'SMTP_WANTTLS_DEFAULT',
  'SMTP_WANTTLS_ADDRESS',
  'SMTP_WANTTLS_OVERRIDDEN',
  'SMTP_WANTTLS_NO_STARTTLS',
  'SMTP_TLS_OBSOLETE',
  'COMMAND_LINE_UNREADABLE',
  'COMMAND_LINE_UNTERMINATED_QUOTE',
  'COMMAND_LINE_ARGUMENT_MISSING',
  'COMMAND_LINE_SWITCH_TAIL_IGNORED',
  'COMMAND_LINE_SWITCH_UNKNOWN',
  'COMMAND_LINE_NOT_AN_OPTION',
  'COMMAND_LINE_ARGUMENT_IS_SWITCH',
  'COMMAND_LINE_PORT_RANDOM',
  'COMMAND_LINE_PORT_MISREAD',
  'LISTENER_PORT_CONFLICT',
  'LISTENER_ADDRESS_CONFLICT',
  'LISTENER_PORT_OVERLAP',
  // what XMail offers
  'STARTTLS_OFFERED',
  'STARTTLS_OFFERED_FAILS',
  'STARTTLS_NOT_OFFERED',
  'IMPLICIT_TLS_LISTENING',
  'IMPLICIT_TLS_LISTENING_FAILS',
  'IMPLICIT_TLS_OFF',
  'TLS_FULLY_OFF',
  'OUTBOUND_TLS_FAILS',
  'TARGET_TLS_1_0_ONLY',
  // server.key
  'KEY_MISSING',
  'KEY_NOT_PEM',
  'KEY_ENCRYPTED',
  'KEY_UNPARSABLE',
  'KEY_MISMATCH',
  'KEY_NOT_RSA_FOR_TARGET',
  'KEY_OK',
  'KEY_READABLE',
  'KEY_CERT_UNUSED_TLS_OFF',
  // server.cert
  'CERT_MISSING',
  'CERT_NOT_PEM',
  'CERT_UNPARSABLE',
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_EXPIRES_SOON',
  'CERT_VALID',
  'CERT_HOST_NOT_COVERED',
  'CERT_HOSTS_COVERED',
  'CERT_SELF_SIGNED',
  'CHAIN_OUT_OF_ORDER',
  'CHAIN_INTERMEDIATES_OUT_OF_ORDER',
  'CHAIN_INCOMPLETE',
  'CHAIN_EXTRA_CERTIFICATE',
  'CHAIN_INTERMEDIATES_IGNORED',
  // client verification
  'WANTCERT_ON',
  'WANTVERIFY_ON',
  'VERIFY_NO_TRUST_SOURCE',
  'CERTS_FILE_MISSING',
  'CERTS_FILE_UNPARSABLE',
  'CERTS_DIR_MISSING',
  'CERTS_DIR_FILE_UNPARSABLE',
  'CERTS_DIR_NAME_MISMATCH',
  'CERTS_DIR_WRONG_HASH_FOR_TARGET',
  'CERTS_DIR_GAP',
  'CERTS_DIR_TOO_MANY_FILES',
  'CERTS_UNUSED',
  'CLIENT_CHAIN_SHA256_FOR_TARGET',
] as const;
export type FindingId = (typeof FINDING_IDS)[number];

export type Severity = 'error' | 'warning' | 'info' | 'ok';
/** A finding parameter: a value or a list of values, never a phrase (issue 13 item 1). */
export type FindingParam = string | number | readonly string[] | readonly number[];
/** The UI flow that fixes a finding. */
export type FixFlow = 'public' | 'self-signed' | 'private-ca' | 'client-ca' | 'modes' | 'server-tab' | 'startup' | 'install';

export interface Finding {
  id: FindingId;
  severity: Severity;
  /** Data only (codes, numbers, names, lists): src/i18n/findings.ts turns them into words per language. */
  params: Record<string, FindingParam>;
  fixFlow?: FixFlow;
  /** English one-liner for logs and tests; the UI renders i18n text from `id` + `params`. */
  summary: string;
}

export interface DiagnoseInput {
  target: XmailTarget;
  serverTab?: string | Uint8Array;
  commandLine?: string;
  serverKey?: string | Uint8Array;
  serverCert?: string | Uint8Array;
  certsPem?: string | Uint8Array;
  certsDir?: Array<{ name: string; bytes: Uint8Array }>;
  /** The inputs are a whole MailRoot: an absent file is missing, not just "not given". */
  complete?: boolean;
  now?: Date;
}

/** Renewal warning window. */
export const EXPIRY_WARNING_DAYS = 30;

/** A list param in an English summary. */
const list = (v: FindingParam | undefined): string => (Array.isArray(v) ? v.join(', ') : String(v));

const SUMMARIES: Record<FindingId, (p: Finding['params']) => string> = {
  SERVER_TAB_UNREADABLE: (p) => `server.tab cannot be read (${p.code})`,
  SERVER_TAB_BOM: (p) => `server.tab starts with a UTF-8 BOM: XMail reads the name on line ${p.line} with the BOM, so "${p.name}" is not set`,
  SERVER_TAB_BOM_HARMLESS: () => 'server.tab starts with a UTF-8 BOM before a comment or empty line: nothing is lost',
  SERVER_TAB_ODD_LINE: (p) => `server.tab line ${p.line}: ${p.issue}`,
  SERVER_TAB_UNQUOTED: (p) => `server.tab line ${p.line}: "${p.name}" is not in quotes; XMail reads it all the same`,
  SERVER_TAB_LINE_SPLIT: (p) => `server.tab line ${p.line} is ${p.bytes} bytes: XMail reads 2046 bytes at a time and takes the rest as further lines`,
  SERVER_TAB_LINE_SPLIT_VALUE_CUT: (p) => `server.tab line ${p.line} is ${p.bytes} bytes: XMail reads only its first 2046 bytes as "${p.name}", so the value is cut`,
  SERVER_TAB_LINE_TAIL_SETTING: (p) => `server.tab line ${p.line}: XMail reads the rest of the line after 2046 bytes as a line of its own and sets "${p.name}" to "${p.value}"`,
  DUPLICATE_VARIABLE: (p) => `"${p.name}" on line ${p.line} is ignored: XMail uses line ${p.firstLine}`,
  BOOLEAN_WORD: (p) => `"${p.name}" is "${p.value}", which XMail reads as 0 (off); write "1" or "0"`,
  SMTP_CONFIG_SPACES: (p) => `"${p.name}" holds spaces ("${p.value}"): XMail does not recognise " ${p.flag}"`,
  SMTP_WANTTLS_DEFAULT: (p) => `SmtpConfig (line ${p.line}) has WantTLS: SMTP clients must use STARTTLS before MAIL FROM on every address no SmtpConfig-<ip> entry names`,
  SMTP_WANTTLS_ADDRESS: (p) => `${p.variable} (line ${p.line}) has WantTLS: SMTP clients connecting to ${p.address} must use STARTTLS before MAIL FROM`,
  SMTP_WANTTLS_OVERRIDDEN: (p) => `${p.variable} (line ${p.line}) has no WantTLS and replaces ${p.broader} whole for ${p.address}: TLS is not required there`,
  SMTP_WANTTLS_NO_STARTTLS: (p) => `${p.variable} asks for TLS before MAIL FROM but EnableSMTP-TLS is off: plain SMTP clients there can never send mail (503)`,
  SMTP_TLS_OBSOLETE: (p) => `"SMTP-TLS" (line ${p.line}) was removed in XMail 1.25 and has no effect`,
  COMMAND_LINE_UNREADABLE: (p) => `the command line cannot be read (${p.code})`,
  COMMAND_LINE_UNTERMINATED_QUOTE: (p) => `command line: the quote before "${p.token}" is never closed; XMail reads to the end of the line`,
  COMMAND_LINE_ARGUMENT_MISSING: (p) => `command line: "${p.token}" is the last token, so it has no value and XMail ignores it`,
  COMMAND_LINE_SWITCH_TAIL_IGNORED: (p) => `command line: XMail reads only the first three characters of "${p.token}", as "${p.readAs}"`,
  COMMAND_LINE_SWITCH_UNKNOWN: (p) => `command line: XMail does not know the switch "${p.token}" and ignores it`,
  COMMAND_LINE_NOT_AN_OPTION: (p) => `command line: XMail ignores "${p.token}" (not an option, not the value of one)`,
  COMMAND_LINE_ARGUMENT_IS_SWITCH: (p) => `command line: "${p.token}" takes "${p.arg}" as its value; the other services still read "${p.arg}" as a switch`,
  COMMAND_LINE_PORT_RANDOM: (p) => `command line: "${p.token} ${p.arg}" is port 0 for XMail: the system picks a random port`,
  COMMAND_LINE_PORT_MISREAD: (p) => `command line: XMail reads "${p.token} ${p.arg}" as port ${p.port}`,
  LISTENER_PORT_CONFLICT: (p) => `${p.first} and ${p.second} both listen on port ${p.port}: XMail cannot bind ${p.second} ("Socket bind error") and stops`,
  LISTENER_ADDRESS_CONFLICT: (p) => `${p.first} and ${p.second} both listen on ${p.address} port ${p.port}: XMail cannot bind ${p.second} ("Socket bind error") and stops`,
  LISTENER_PORT_OVERLAP: (p) => `${p.first} and ${p.second} both listen on port ${p.port} (${p.address} and every address): Linux refuses the second bind and XMail stops`,
  STARTTLS_OFFERED: (p) => `${p.service} offers STARTTLS on port ${list(p.ports)}`,
  STARTTLS_OFFERED_FAILS: (p) => `${p.service} offers STARTTLS on port ${list(p.ports)}, but every TLS handshake fails (server.key/server.cert cannot be used)`,
  IMPLICIT_TLS_LISTENING_FAILS: (p) => `${p.service} listens on port ${list(p.ports)}, but every connection fails (server.key/server.cert cannot be used)`,
  OUTBOUND_TLS_FAILS: (p) => `outbound TLS (SmtpGwConfig NeedTLS=${p.level}) loads server.cert/server.key as XMail's client certificate and fails`,
  STARTTLS_NOT_OFFERED: (p) => `${p.service} on port ${list(p.ports)} does not offer STARTTLS (${p.variable} off)`,
  IMPLICIT_TLS_LISTENING: (p) => `${p.service} listens with implicit TLS on port ${list(p.ports)}`,
  IMPLICIT_TLS_OFF: (p) => `${p.service} (implicit TLS) is off (-${p.letter}-)`,
  TLS_FULLY_OFF: () => 'no service offers TLS',
  TARGET_TLS_1_0_ONLY: () => 'this XMail build speaks TLS 1.0 at most: current mail clients may refuse it',
  KEY_MISSING: () => 'server.key is missing',
  KEY_NOT_PEM: () => 'server.key is DER: XMail reads PEM only',
  KEY_ENCRYPTED: () => "server.key is encrypted: XMail sets no passphrase callback, so OpenSSL asks for it on the console at every handshake; as a service/daemon every TLS connection fails",
  KEY_UNPARSABLE: (p) => `server.key cannot be read (${p.code})`,
  KEY_MISMATCH: () => 'server.key does not belong to the first certificate in server.cert (the one XMail uses)',
  KEY_NOT_RSA_FOR_TARGET: (p) => `server.key is ${p.kind}: this XMail build (${p.target}) supports RSA keys only`,
  KEY_OK: (p) => `server.key is an unencrypted PEM ${p.kind} key that belongs to the first certificate of server.cert`,
  KEY_READABLE: (p) => `server.key is an unencrypted PEM ${p.kind} key XMail can load (no server.cert given to compare)`,
  CERT_MISSING: () => 'server.cert is missing',
  CERT_NOT_PEM: () => 'server.cert is DER: XMail reads PEM only',
  CERT_UNPARSABLE: (p) => `server.cert cannot be read (${p.code})`,
  CERT_EXPIRED: (p) => `server.cert expired on ${p.notAfter}`,
  CERT_NOT_YET_VALID: (p) => `server.cert is not valid before ${p.notBefore}`,
  CERT_EXPIRES_SOON: (p) => `server.cert expires in ${p.days} days (${p.notAfter})`,
  CERT_VALID: (p) => `server.cert is valid until ${p.notAfter} (${p.days} days)`,
  CERT_HOST_NOT_COVERED: (p) => `server.cert does not cover ${p.host} (${p.variable})`,
  CERT_HOSTS_COVERED: (p) => `server.cert covers ${list(p.hosts)}`,
  CERT_SELF_SIGNED: () => 'server.cert is self-signed: mail clients will warn unless told to trust it',
  CHAIN_OUT_OF_ORDER: () => 'server.cert does not start with the server certificate: XMail takes the first certificate as its own and checks server.key against it, so every TLS handshake fails',
  CHAIN_INTERMEDIATES_OUT_OF_ORDER: () => 'server.cert starts with the server certificate, but the CA certificates after it are not in issuer order',
  KEY_CERT_UNUSED_TLS_OFF: () => 'server.key or server.cert is missing, which is fine: no service offers TLS and outbound TLS is off',
  CHAIN_INCOMPLETE: (p) => `server.cert holds only the server certificate; its issuer "${p.issuer}" is not included`,
  CHAIN_EXTRA_CERTIFICATE: (p) => `server.cert holds a certificate that is not on the chain: ${p.subject}`,
  CHAIN_INTERMEDIATES_IGNORED: (p) => `XMail before 1.27 sends only the first certificate of server.cert; ${p.count} intermediate(s) are ignored`,
  WANTCERT_ON: () => 'SSLWantCert is on: every TLS handshake without a client certificate fails, mail from other servers over STARTTLS included',
  WANTVERIFY_ON: () => 'SSLWantVerify is on: outbound TLS verifies remote servers against certs.pem/certs only',
  VERIFY_NO_TRUST_SOURCE: () => "verification is on but neither SSLUseCertsFile nor SSLUseCertsDir is: OpenSSL's built-in store is used",
  CERTS_FILE_MISSING: () => 'SSLUseCertsFile is on but MailRoot/certs.pem is missing',
  CERTS_FILE_UNPARSABLE: (p) => `certs.pem cannot be read (${p.code})`,
  CERTS_DIR_MISSING: () => 'SSLUseCertsDir is on but MailRoot/certs/ is missing or empty',
  CERTS_DIR_FILE_UNPARSABLE: (p) => `certs/${p.name} cannot be read (${p.code})`,
  CERTS_DIR_NAME_MISMATCH: (p) => `certs/${p.name} is not named after its subject hash (${p.hash} / ${p.hashOld})`,
  CERTS_DIR_WRONG_HASH_FOR_TARGET: (p) => `certs/ has ${p.subject} only as ${p.present}; this OpenSSL looks up ${p.expected}.N`,
  CERTS_DIR_GAP: (p) => `certs/ has ${p.hash}.${p.after} but not ${p.hash}.${p.missing}: OpenSSL stops at the gap`,
  CERTS_DIR_TOO_MANY_FILES: (p) => `certs/ has ${p.count} files; only the first ${p.max} were checked`,
  CERTS_UNUSED: (p) => `${p.file} is present but not used (${p.variable} is off)`,
  CLIENT_CHAIN_SHA256_FOR_TARGET: (p) => `${p.subject} is signed with ${p.hash}, which this XMail build (${p.target}) probably cannot verify`,
};

function finding(id: FindingId, severity: Severity, params: Finding['params'] = {}, fixFlow?: FixFlow): Finding {
  return { id, severity, params, ...(fixFlow ? { fixFlow } : {}), summary: SUMMARIES[id](params) };
}

// ---------------------------------------------------------------------------------------------

/** Most certs/ files read (a whole system store has a few hundred; issue 12: each costs a parse). */
export const MAX_CERTS_DIR_FILES = 300;

/** Whether XMail's TLS handshakes can work with the given server.key and server.cert. */
export type Handshake = 'ok' | 'fails' | 'unchecked';

/** The facts the findings rest on, for the report's services table (same facts, same verdicts). */
export interface DiagnosisFacts {
  listeners: EffectiveListener[];
  settings: TlsSettings;
  handshake: Handshake;
  /** Two listeners on one address:port: XMail exits at start-up ("Socket bind error"). */
  startupFails: boolean;
}

/** The findings, plus what was parsed on the way, so a caller need not parse the same bytes again. */
export interface Diagnosis {
  findings: Finding[];
  /** The server.tab as read; undefined when not given or unreadable. */
  serverTab?: ServerTab;
  /** The certificate XMail presents (first on the ordered chain of server.cert). */
  leaf?: CertificateSummary;
  facts: DiagnosisFacts;
}

export async function diagnose(input: DiagnoseInput): Promise<Finding[]> {
  return (await diagnoseDetailed(input)).findings;
}

/** `diagnose`, parsing each file once (issue 12: up to four parses of the same bytes froze the page). */
export async function diagnoseDetailed(input: DiagnoseInput): Promise<Diagnosis> {
  const out: Finding[] = [];
  const now = input.now ?? new Date();
  const target = TARGETS[input.target];

  // server.tab
  let tab: ServerTab | undefined;
  if (input.serverTab !== undefined) {
    try {
      tab = parseServerTab(input.serverTab);
    } catch (e) {
      out.push(finding('SERVER_TAB_UNREADABLE', 'error', { code: isXmailError(e) ? e.code : 'UNKNOWN' }, 'server-tab'));
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
        out.push(finding(i.code === 'UNTERMINATED_QUOTE' ? 'COMMAND_LINE_UNTERMINATED_QUOTE' : 'COMMAND_LINE_ARGUMENT_MISSING', 'warning', { token: i.token }, 'startup'));
      }
      diagnoseCommandLineReadings(cmd, out);
    } catch (e) {
      out.push(finding('COMMAND_LINE_UNREADABLE', 'error', { code: isXmailError(e) ? e.code : 'UNKNOWN' }, 'startup'));
    }
  }
  const listeners = effectiveListeners(cmd);
  for (const c of listenerConflicts(listeners)) {
    const params = { port: c.port, first: c.first, second: c.second };
    if (c.kind === 'overlap') out.push(finding('LISTENER_PORT_OVERLAP', 'warning', { ...params, address: c.address }, 'startup'));
    else if (c.address === '') out.push(finding('LISTENER_PORT_CONFLICT', 'error', params, 'startup'));
    else out.push(finding('LISTENER_ADDRESS_CONFLICT', 'error', { ...params, address: c.address }, 'startup'));
  }
  const startupFails = out.some((f) => f.id === 'LISTENER_PORT_CONFLICT' || f.id === 'LISTENER_ADDRESS_CONFLICT');
  const tlsOn = listeners.some((l) => offersTls(l, settings)) || settings.needTls.value > 0;
  if (tlsOn && target.maxTlsVersion === '1.0') out.push(finding('TARGET_TLS_1_0_ONLY', 'warning', { target: target.id }));

  // server.key and server.cert: what XMail's BSslSetupVerify (SSLBind.cpp) makes of them, checked
  // before the services so that each service says whether its handshakes work.
  const material: Finding[] = [];
  const key = await diagnoseKey(input, target.keyKinds, tlsOn, material);
  const certsPem = parseCertsPem(input.certsPem);
  const certs = diagnoseCert(input, now, settings, certsPem, tlsOn, material);
  const handshake = diagnoseKeyAgainstCert(input, key, certs, target, material);
  diagnoseServices(listeners, settings, handshake, out);
  if (handshake === 'fails' && settings.needTls.value > 0) out.push(finding('OUTBOUND_TLS_FAILS', 'error', { level: settings.needTls.value }, 'self-signed'));
  out.push(...material);

  diagnoseVerification(input, settings, certsPem, out);
  return {
    findings: out,
    ...(tab ? { serverTab: tab } : {}),
    ...(certs.leaf ? { leaf: certs.leaf } : {}),
    facts: { listeners, settings, handshake, startupFails },
  };
}

type ParsedCertsPem = { certs: CertificateSummary[] } | { error: unknown } | undefined;

function parseCertsPem(certsPem: DiagnoseInput['certsPem']): ParsedCertsPem {
  if (certsPem === undefined) return undefined;
  try {
    return { certs: parseCertificates(certsPem) };
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
function diagnoseKeyAgainstCert(input: DiagnoseInput, key: KeyState, certs: CertState, target: (typeof TARGETS)[XmailTarget], out: Finding[]): Handshake {
  if (key.state === 'fails' || certs.state === 'fails') {
    // A key XMail cannot load never gets KEY_OK; still say whether it belongs to the certificate.
    if (key.material && certs.first && !keyMatchesSpki(key.material, certs.first.spki) && !(certs.leaf && keyMatchesSpki(key.material, certs.leaf.spki))) {
      out.push(finding('KEY_MISMATCH', 'error', {}, 'self-signed'));
    }
    return 'fails';
  }
  if (key.state === 'ok' && certs.state === 'ok') {
    if (keyMatchesSpki(key.material!, certs.first!.spki)) {
      out.push(finding('KEY_OK', 'ok', { kind: key.material!.spec.kind }));
      return 'ok';
    }
    // Out of order with the key of a later certificate: CHAIN_OUT_OF_ORDER (keyFits) says it all.
    if (!(certs.leaf && certs.leaf !== certs.first && keyMatchesSpki(key.material!, certs.leaf.spki))) out.push(finding('KEY_MISMATCH', 'error', {}, 'self-signed'));
    return 'fails';
  }
  if (key.state === 'ok') out.push(finding('KEY_READABLE', 'ok', { kind: key.material!.spec.kind }));
  else if (input.serverKey === undefined && certs.first && certs.first.key.kind !== 'other' && !target.keyKinds.includes(certs.first.key.kind)) {
    out.push(finding('KEY_NOT_RSA_FOR_TARGET', 'error', { kind: certs.first.key.kind, target: target.id }, 'self-signed'));
    return 'fails';
  }
  return 'unchecked';
}


/** MailSvr.cpp reads options by their 2nd and 3rd characters: say where that is not what was meant. */
function diagnoseCommandLineReadings(cmd: CommandLine, out: Finding[]): void {
  for (const r of commandLineReadings(cmd)) {
    const token = r.token;
    switch (r.code) {
      case 'SWITCH_TAIL_IGNORED':
        out.push(finding('COMMAND_LINE_SWITCH_TAIL_IGNORED', 'warning', { token, readAs: r.readAs ?? '' }, 'startup'));
        break;
      case 'SWITCH_UNKNOWN':
        out.push(finding('COMMAND_LINE_SWITCH_UNKNOWN', 'warning', { token }, 'startup'));
        break;
      case 'NOT_AN_OPTION':
        out.push(finding('COMMAND_LINE_NOT_AN_OPTION', 'warning', { token }, 'startup'));
        break;
      case 'ARGUMENT_IS_SWITCH':
        out.push(finding('COMMAND_LINE_ARGUMENT_IS_SWITCH', 'warning', { token, arg: r.arg ?? '' }, 'startup'));
        break;
      case 'PORT_RANDOM':
        out.push(finding('COMMAND_LINE_PORT_RANDOM', 'error', { token, arg: r.arg ?? '' }, 'startup'));
        break;
      case 'PORT_MISREAD':
        out.push(finding('COMMAND_LINE_PORT_MISREAD', 'warning', { token, arg: r.arg ?? '', port: r.port ?? 0 }, 'startup'));
        break;
    }
  }
}

function diagnoseServerTabText(tab: ServerTab, settings: TlsSettings, out: Finding[]): void {
  const bomLine = tab.lines[0]?.raw.startsWith('\uFEFF') ? 1 : 0;
  for (const issue of serverTabIssues(tab)) {
    const line = tab.lines[issue.lineNumber - 1]!;
    if (issue.code === 'DUPLICATE') {
      out.push(finding('DUPLICATE_VARIABLE', 'warning', { name: issue.name ?? '', line: issue.lineNumber, firstLine: issue.firstLineNumber ?? 0 }, 'server-tab'));
    } else if (issue.code === 'LINE_SPLIT') {
      diagnoseSplitLine(tab, issue.lineNumber, out);
    } else if (issue.code === 'BOM') {
      diagnoseBom(line, issue.lineNumber, out);
    } else if (issue.piece !== undefined || line.tail !== undefined || issue.lineNumber === bomLine) {
      // The rest of a split line, and the cut first piece, are SERVER_TAB_LINE_SPLIT*'s to explain;
      // the BOM line is SERVER_TAB_BOM's.
    } else if (issue.code === 'UNQUOTED') {
      out.push(finding('SERVER_TAB_UNQUOTED', 'info', { line: issue.lineNumber, name: issue.name ?? '' }, 'server-tab'));
    } else {
      out.push(finding('SERVER_TAB_ODD_LINE', 'warning', { line: issue.lineNumber, issue: issue.code }, 'server-tab'));
    }
  }
  for (const name of TLS_BOOLEAN_VARIABLES) {
    const s = settings.booleans[name];
    if (s.raw !== undefined && isMisleadingBoolean(s.raw) && s.source.kind === 'line') {
      out.push(finding('BOOLEAN_WORD', 'error', { name, value: s.raw, line: s.source.lineNumber }, 'server-tab'));
    }
  }
  for (const c of settings.smtpConfigs) {
    const spaced = c.flags.find((f) => f !== f.trim());
    if (spaced !== undefined) out.push(finding('SMTP_CONFIG_SPACES', 'error', { name: c.name, value: c.raw, flag: spaced.trim(), line: c.lineNumber }, 'server-tab'));
  }
  diagnoseSmtpConfigs(settings, out);
  if (settings.obsoleteSmtpTlsLine !== undefined) out.push(finding('SMTP_TLS_OBSOLETE', 'warning', { line: settings.obsoleteSmtpTlsLine }, 'server-tab'));
}

/**
 * WantTLS per address, with XMail's precedence (SMTPSvr.cpp SMTPInitSession; smtpConfigFor): the
 * most specific SmtpConfig found is used whole, so a specific entry without WantTLS cancels a
 * broader one's for its address.
 */
function diagnoseSmtpConfigs(settings: TlsSettings, out: Finding[]): void {
  const starttls = settings.booleans['EnableSMTP-TLS'].value;
  for (const c of settings.smtpConfigs) {
    if (c.address === undefined) {
      if (smtpConfigWantsTls(c)) out.push(finding('SMTP_WANTTLS_DEFAULT', 'info', { line: c.lineNumber }));
    } else {
      const address = c.name.slice('SmtpConfig-'.length);
      const broader = broaderSmtpConfig(settings, c);
      if (smtpConfigWantsTls(c)) out.push(finding('SMTP_WANTTLS_ADDRESS', 'info', { variable: c.name, line: c.lineNumber, address }));
      else if (smtpConfigWantsTls(broader)) {
        out.push(finding('SMTP_WANTTLS_OVERRIDDEN', 'warning', { variable: c.name, line: c.lineNumber, address, broader: broader!.name }, 'modes'));
      }
    }
    if (smtpConfigWantsTls(c) && !starttls) out.push(finding('SMTP_WANTTLS_NO_STARTTLS', 'error', { variable: c.name }, 'modes'));
  }
}

/**
 * A line XMail reads in pieces (SvrUtils.cpp SvrReadConfig, fgets of 2046 bytes): the first piece
 * keeps the line's setting with its value cut, and every further piece that holds a TAB is a
 * setting of its own.
 */
function diagnoseSplitLine(tab: ServerTab, lineNumber: number, out: Finding[]): void {
  const line = tab.lines[lineNumber - 1]!;
  const bytes = tab.encoding === 'latin1' ? line.raw.length : new TextEncoder().encode(line.raw).length;
  const tailSettings = (line.tail ?? []).filter((p) => p.kind === 'entry');
  if (line.kind === 'entry') out.push(finding('SERVER_TAB_LINE_SPLIT_VALUE_CUT', 'error', { line: lineNumber, bytes, name: line.name }, 'server-tab'));
  else out.push(finding('SERVER_TAB_LINE_SPLIT', tailSettings.length > 0 ? 'warning' : 'info', { line: lineNumber, bytes }, 'server-tab'));
  for (const p of tailSettings) out.push(finding('SERVER_TAB_LINE_TAIL_SETTING', 'error', { line: lineNumber, name: p.name, value: p.value }, 'server-tab'));
}

/**
 * XMail reads server.tab as bytes: a UTF-8 BOM becomes part of the first line. Before a setting the
 * name no longer matches (the setting is lost); before a comment or an empty line nothing is lost.
 */
function diagnoseBom(line: ServerTab['lines'][number], lineNumber: number, out: Finding[]): void {
  const rest = line.raw.slice(1);
  const fields = rest.split('\t').filter((f) => f !== '');
  if (rest.startsWith('#') || fields.length < 2) {
    out.push(finding('SERVER_TAB_BOM_HARMLESS', 'info', { line: lineNumber }, 'server-tab'));
    return;
  }
  out.push(finding('SERVER_TAB_BOM', 'error', { line: lineNumber, name: dequote(fields[0]!).text }, 'server-tab'));
}

/** A listener on which XMail offers TLS: implicit TLS, or STARTTLS with its Enable*-TLS on. */
export function offersTls(l: EffectiveListener, settings: TlsSettings): boolean {
  if (!l.enabled) return false;
  if (l.tls === 'implicit') return true;
  const variable = SERVICES.find((s) => s.letter === l.letter)?.starttlsVariable;
  return variable !== undefined && settings.booleans[variable].value;
}

/** One finding per TLS-capable listener: offered (and whether handshakes work), not offered, or off. */
function diagnoseServices(listeners: EffectiveListener[], settings: TlsSettings, handshake: Handshake, out: Finding[]): void {
  let any = false;
  for (const l of listeners) {
    const ports = l.ports;
    const variable = SERVICES.find((s) => s.letter === l.letter)?.starttlsVariable;
    if (l.tls === 'starttls' && variable) {
      if (!l.enabled) continue;
      if (offersTls(l, settings)) {
        any = true;
        if (handshake === 'fails') out.push(finding('STARTTLS_OFFERED_FAILS', 'error', { service: l.service, ports }, 'self-signed'));
        else out.push(finding('STARTTLS_OFFERED', 'info', { service: l.service, ports, variable }));
      } else {
        out.push(finding('STARTTLS_NOT_OFFERED', 'info', { service: l.service, ports, variable }, 'modes'));
      }
    } else if (l.tls === 'implicit') {
      if (l.enabled) {
        any = true;
        if (handshake === 'fails') out.push(finding('IMPLICIT_TLS_LISTENING_FAILS', 'error', { service: l.service, ports }, 'self-signed'));
        else out.push(finding('IMPLICIT_TLS_LISTENING', 'info', { service: l.service, ports }));
      } else {
        out.push(finding('IMPLICIT_TLS_OFF', 'info', { service: l.service, letter: l.letter }, 'modes'));
      }
    }
  }
  if (!any) out.push(finding('TLS_FULLY_OFF', 'info', {}, 'modes'));
}

function isPemText(input: string | Uint8Array): boolean {
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: false }).decode(input.subarray(0, 64 * 1024));
  return text.includes('-----BEGIN ');
}

/** server.key as XMail's SSL_CTX_use_PrivateKey_file(PEM) sees it; `material` when we could read it at all. */
interface KeyState {
  state: 'ok' | 'fails' | 'not-given';
  material?: PrivateKeyMaterial;
}
/** server.cert as SSL_CTX_use_certificate_chain_file sees it: `first` is XMail's own certificate. */
interface CertState {
  state: 'ok' | 'fails' | 'not-given';
  first?: CertificateSummary;
  /** The server certificate of the chain sorted by issuer (differs from `first` when out of order). */
  leaf?: CertificateSummary;
}

/** A file missing from a whole MailRoot: an error when XMail will need it, else a note. */
function missing(id: 'KEY_MISSING' | 'CERT_MISSING', tlsOn: boolean, out: Finding[]): void {
  if (tlsOn) out.push(finding(id, 'error', {}, 'self-signed'));
  else if (!out.some((f) => f.id === 'KEY_CERT_UNUSED_TLS_OFF')) out.push(finding('KEY_CERT_UNUSED_TLS_OFF', 'info', {}));
}

async function diagnoseKey(input: DiagnoseInput, kinds: readonly string[], tlsOn: boolean, out: Finding[]): Promise<KeyState> {
  if (input.serverKey === undefined) {
    if (!input.complete) return { state: 'not-given' };
    missing('KEY_MISSING', tlsOn, out);
    return { state: 'fails' };
  }
  const pem = isPemText(input.serverKey);
  const text = typeof input.serverKey === 'string' ? input.serverKey : new TextDecoder().decode(input.serverKey);
  if (pem && /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(text)) {
    out.push(finding('KEY_ENCRYPTED', 'error', {}, 'install'));
    return { state: 'fails' };
  }
  let key: PrivateKeyMaterial;
  try {
    key = await parsePrivateKey(input.serverKey);
  } catch (e) {
    out.push(finding(isPkiError(e, 'KEY_PASSWORD_REQUIRED') ? 'KEY_ENCRYPTED' : 'KEY_UNPARSABLE', 'error', isPkiError(e, 'KEY_PASSWORD_REQUIRED') ? {} : { code: isPkiError(e) ? e.code : 'UNKNOWN' }, 'install'));
    return { state: 'fails' };
  }
  let state: KeyState['state'] = 'ok';
  if (!pem) {
    out.push(finding('KEY_NOT_PEM', 'error', {}, 'install'));
    state = 'fails';
  }
  if (!kinds.includes(key.spec.kind)) {
    out.push(finding('KEY_NOT_RSA_FOR_TARGET', 'error', { kind: key.spec.kind, target: input.target }, 'self-signed'));
    state = 'fails';
  }
  return { state, material: key };
}

function diagnoseCert(input: DiagnoseInput, now: Date, settings: TlsSettings, certsPem: ParsedCertsPem, tlsOn: boolean, out: Finding[]): CertState {
  if (input.serverCert === undefined) {
    if (!input.complete) return { state: 'not-given' };
    missing('CERT_MISSING', tlsOn, out);
    return { state: 'fails' };
  }
  let certs: CertificateSummary[];
  try {
    certs = parseCertificates(input.serverCert);
  } catch (e) {
    out.push(finding('CERT_UNPARSABLE', 'error', { code: isPkiError(e) ? e.code : 'UNKNOWN' }, 'install'));
    return { state: 'fails' };
  }
  let state: CertState['state'] = 'ok';
  if (!isPemText(input.serverCert)) {
    out.push(finding('CERT_NOT_PEM', 'error', {}, 'install'));
    state = 'fails';
  }
  // XMail sends the first certificate as its own (SSL_CTX_use_certificate_chain_file).
  const first = certs[0]!;
  const { chain, issues } = orderCertificates(certs);
  const leaf = certs.find((c) => c.der === chain[0]) ?? first;
  const fileOrder = certs.filter((c) => chain.includes(c.der)).map((c) => c.der);
  if (leaf !== first) {
    out.push(finding('CHAIN_OUT_OF_ORDER', 'error', {}, 'install'));
    state = 'fails';
  } else if (fileOrder.some((d, i) => d !== chain[i])) out.push(finding('CHAIN_INTERMEDIATES_OUT_OF_ORDER', 'warning', {}, 'install'));
  for (const i of issues) {
    if (i.code === 'CHAIN_EXTRA_CERTIFICATE') out.push(finding('CHAIN_EXTRA_CERTIFICATE', 'warning', { subject: i.subject ?? '' }, 'install'));
  }
  const target = TARGETS[input.target];
  const intermediates = chain.length - 1;
  if (!target.sendsIntermediates && intermediates > 0) out.push(finding('CHAIN_INTERMEDIATES_IGNORED', 'warning', { count: intermediates, target: target.id }));
  if (leaf.selfIssued) {
    out.push(finding('CERT_SELF_SIGNED', 'info', {}, 'private-ca'));
  } else if (chain.length === 1 && !issuerIsTrustedRoot(leaf, certsPem)) {
    out.push(finding('CHAIN_INCOMPLETE', 'warning', { issuer: leaf.issuerText }, 'install'));
  }

  const days = Math.floor((leaf.notAfter.getTime() - now.getTime()) / DAY_MS);
  const notAfter = leaf.notAfter.toISOString().slice(0, 10);
  if (now < leaf.notBefore) out.push(finding('CERT_NOT_YET_VALID', 'error', { notBefore: leaf.notBefore.toISOString().slice(0, 10) }, 'install'));
  else if (now > leaf.notAfter) out.push(finding('CERT_EXPIRED', 'error', { notAfter }, 'public'));
  else if (days < EXPIRY_WARNING_DAYS) out.push(finding('CERT_EXPIRES_SOON', 'warning', { notAfter, days }, 'public'));
  else out.push(finding('CERT_VALID', 'ok', { notAfter, days }));

  const covered: string[] = [];
  const seen = new Set<string>();
  for (const h of settings.hostNames) {
    const host = h.value.toLowerCase().replace(/\.$/, '');
    if (seen.has(host)) continue;
    seen.add(host);
    if (certificateCoversHost(leaf, host)) covered.push(host);
    else out.push(finding('CERT_HOST_NOT_COVERED', 'warning', { host, variable: h.variable }, leaf.selfIssued ? 'self-signed' : 'public'));
  }
  if (covered.length > 0) out.push(finding('CERT_HOSTS_COVERED', 'ok', { hosts: covered }));
  return { state, first, leaf };
}

function issuerIsTrustedRoot(leaf: CertificateSummary, certsPem: ParsedCertsPem): boolean {
  return !!certsPem && 'certs' in certsPem && certsPem.certs.some((c) => c.selfIssued && c.subjectText === leaf.issuerText);
}

function diagnoseVerification(input: DiagnoseInput, settings: TlsSettings, certsPem: ParsedCertsPem, out: Finding[]): void {
  const b = settings.booleans;
  const verify = b.SSLWantVerify.value || b.SSLWantCert.value;
  if (b.SSLWantCert.value) out.push(finding('WANTCERT_ON', 'warning', {}, 'modes'));
  if (b.SSLWantVerify.value) out.push(finding('WANTVERIFY_ON', 'warning', {}, 'modes'));
  if (verify && !b.SSLUseCertsFile.value && !b.SSLUseCertsDir.value) out.push(finding('VERIFY_NO_TRUST_SOURCE', 'warning', {}, 'client-ca'));
  const target = TARGETS[input.target];
  const trusted: CertificateSummary[] = [];

  if (certsPem !== undefined) {
    if ('certs' in certsPem) trusted.push(...certsPem.certs);
    else out.push(finding('CERTS_FILE_UNPARSABLE', 'error', { code: isPkiError(certsPem.error) ? certsPem.error.code : 'UNKNOWN' }, 'client-ca'));
    if (!(verify && b.SSLUseCertsFile.value)) out.push(finding('CERTS_UNUSED', 'info', { file: 'certs.pem', variable: verify ? 'SSLUseCertsFile' : 'SSLWantVerify' }, 'modes'));
  } else if (input.complete && verify && b.SSLUseCertsFile.value) {
    out.push(finding('CERTS_FILE_MISSING', 'error', {}, 'client-ca'));
  }

  const all = input.certsDir ?? [];
  if (all.length > MAX_CERTS_DIR_FILES) out.push(finding('CERTS_DIR_TOO_MANY_FILES', 'warning', { count: all.length, max: MAX_CERTS_DIR_FILES }, 'client-ca'));
  const dir = all.slice(0, MAX_CERTS_DIR_FILES);
  if (dir.length > 0) {
    trusted.push(...diagnoseCertsDir(dir, target.certsDirLookup, out));
    if (!(verify && b.SSLUseCertsDir.value)) out.push(finding('CERTS_UNUSED', 'info', { file: 'certs/', variable: verify ? 'SSLUseCertsDir' : 'SSLWantVerify' }, 'modes'));
  } else if (input.complete && verify && b.SSLUseCertsDir.value) {
    out.push(finding('CERTS_DIR_MISSING', 'error', {}, 'client-ca'));
  }

  if (verify && !target.sha256Verify) {
    const seen = new Set<string>();
    for (const c of trusted) {
      if (seen.has(c.sha256Fingerprint)) continue;
      seen.add(c.sha256Fingerprint);
      // The CA's own hash is what it most likely signs client certificates with.
      if (c.signatureHash === 'SHA-256' || c.signatureHash === 'SHA-384' || c.signatureHash === 'SHA-512') {
        out.push(finding('CLIENT_CHAIN_SHA256_FOR_TARGET', 'warning', { subject: c.subjectText, hash: c.signatureHash, target: target.id }, 'client-ca'));
      }
    }
  }
}

const HASHED_NAME = /^([0-9a-f]{8})\.(\d+)$/;

/** OpenSSL's X509_LOOKUP_hash_dir: HASH.0, HASH.1, ... looked up in order until the first gap. */
function diagnoseCertsDir(files: Array<{ name: string; bytes: Uint8Array }>, lookup: 'old' | 'new', out: Finding[]): CertificateSummary[] {
  const found: CertificateSummary[] = [];
  const byHash = new Map<string, number[]>();
  const namesOf = new Map<string, { hash: string; hashOld: string; subject: string; under: Set<'new' | 'old'> }>();
  for (const f of files) {
    const m = HASHED_NAME.exec(f.name);
    if (m) byHash.set(m[1]!, [...(byHash.get(m[1]!) ?? []), Number(m[2])]);
    let cert: CertificateSummary;
    try {
      cert = parseCertificate(f.bytes); // the first certificate names the file
    } catch (e) {
      out.push(finding('CERTS_DIR_FILE_UNPARSABLE', 'error', { name: f.name, code: isPkiError(e) ? e.code : 'UNKNOWN' }, 'client-ca'));
      continue;
    }
    found.push(cert);
    const { hash, hashOld } = subjectHashesOfCertificate(cert.der);
    const entry = namesOf.get(cert.sha256Fingerprint) ?? { hash, hashOld, subject: cert.subjectText, under: new Set() };
    namesOf.set(cert.sha256Fingerprint, entry);
    if (m?.[1] === hash) entry.under.add('new');
    else if (m?.[1] === hashOld) entry.under.add('old');
    else out.push(finding('CERTS_DIR_NAME_MISMATCH', 'error', { name: f.name, hash, hashOld }, 'client-ca'));
  }
  for (const e of namesOf.values()) {
    if (e.under.size > 0 && !e.under.has(lookup)) {
      const present = e.under.has('new') ? e.hash : e.hashOld;
      out.push(finding('CERTS_DIR_WRONG_HASH_FOR_TARGET', 'error', { subject: e.subject, present, expected: lookup === 'new' ? e.hash : e.hashOld }, 'client-ca'));
    }
  }
  for (const [hash, numbers] of byHash) {
    const set = new Set(numbers);
    const max = Math.max(...numbers);
    for (let n = 0; n <= max; n++) {
      if (!set.has(n)) {
        out.push(finding('CERTS_DIR_GAP', 'error', { hash, missing: n, after: Math.min(...numbers.filter((x) => x > n)) }, 'client-ca'));
        break;
      }
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------

export interface MailRootFiles {
  serverTab?: Uint8Array;
  serverKey?: Uint8Array;
  serverCert?: Uint8Array;
  certsPem?: Uint8Array;
  certsDir: Array<{ name: string; bytes: Uint8Array }>;
}

type RootFile = 'server.tab' | 'server.key' | 'server.cert' | 'certs.pem';

/**
 * Picks XMail's TLS files out of a dropped folder: paths may carry any leading folders
 * (`MailRoot/server.tab`, `backup/MailRoot/server.tab`, Windows `\`). The MailRoot is the
 * shallowest folder holding one of server.tab, server.key, server.cert.
 */
export function pickMailRootFiles(files: ReadonlyArray<{ path: string; bytes: Uint8Array }>): MailRootFiles {
  const norm = files.map((f) => ({ path: f.path.replace(/\\/g, '/').replace(/^\/+/, ''), bytes: f.bytes }));
  const candidates = norm
    .filter((f) => (['server.tab', 'server.key', 'server.cert'] as const).some((n) => f.path === n || f.path.endsWith(`/${n}`)))
    .map((f) => f.path.slice(0, f.path.lastIndexOf('/') + 1))
    .sort((a, b) => a.split('/').length - b.split('/').length || a.length - b.length);
  const root = candidates[0] ?? '';
  const get = (name: RootFile) => norm.find((f) => f.path === root + name)?.bytes;
  const certsDir = norm
    .filter((f) => f.path.startsWith(`${root}certs/`) && !f.path.slice(root.length + 6).includes('/') && f.path.length > root.length + 6)
    .map((f) => ({ name: f.path.slice(root.length + 6), bytes: f.bytes }));
  const out: MailRootFiles = { certsDir };
  const tab = get('server.tab');
  const key = get('server.key');
  const cert = get('server.cert');
  const pem = get('certs.pem');
  if (tab) out.serverTab = tab;
  if (key) out.serverKey = key;
  if (cert) out.serverCert = cert;
  if (pem) out.certsPem = pem;
  return out;
}

/** The diagnose input for a dropped MailRoot folder: a complete MailRoot (absent files are missing). */
export function mailRootInput(files: ReadonlyArray<{ path: string; bytes: Uint8Array }>, options: { target: XmailTarget; commandLine?: string; now?: Date }): DiagnoseInput {
  const picked = pickMailRootFiles(files);
  return {
    target: options.target,
    complete: true,
    ...(picked.serverTab ? { serverTab: picked.serverTab } : {}),
    ...(picked.serverKey ? { serverKey: picked.serverKey } : {}),
    ...(picked.serverCert ? { serverCert: picked.serverCert } : {}),
    ...(picked.certsPem ? { certsPem: picked.certsPem } : {}),
    certsDir: picked.certsDir,
    ...(options.commandLine !== undefined ? { commandLine: options.commandLine } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
}

export async function diagnoseMailRoot(
  files: ReadonlyArray<{ path: string; bytes: Uint8Array }>,
  options: { target: XmailTarget; commandLine?: string; now?: Date },
): Promise<Finding[]> {
  return diagnose(mailRootInput(files, options));
}
