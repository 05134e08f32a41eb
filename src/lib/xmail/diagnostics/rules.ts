/**
 * The findings diagnostics can report: one row per id with its severity, the flow (and, where
 * known, the step) that fixes it, and an English one-liner for logs and tests. The UI words each
 * id in ja and en from the catalog (src/i18n/flows/current.ts, `current.finding.<id>`) with the
 * params rendered by src/i18n/findings.ts.
 *
 * Add a finding: a row here, the text in current.ts (ja + en), a trigger and a clean twin in
 * tests/interop/xmail-diagnostics.test.ts (a meta test checks the table covers every id).
 */

export type Severity = 'error' | 'warning' | 'info' | 'ok';
/** A finding parameter: a value or a list of values, never a phrase (issue 13 item 1). */
export type FindingParam = string | number | readonly string[] | readonly number[];
/** The UI flow that fixes a finding. */
export type FixFlow = 'public' | 'self-signed' | 'private-ca' | 'client-ca' | 'modes' | 'server-tab' | 'startup' | 'install';
/** Where a finding is fixed: a flow, or a step inside it (the step's id as the flow names it). */
export type Fix = FixFlow | { readonly flow: FixFlow; readonly step: string };

type Params = Readonly<Record<string, FindingParam>>;

interface Rule {
  readonly severity: Severity;
  readonly fix?: Fix;
  readonly summary: (p: Params) => string;
}

/** A list param in an English summary. */
const list = (v: FindingParam | undefined): string => (Array.isArray(v) ? v.join(', ') : String(v));

const RULES = {
  // server.tab and command line as files
  SERVER_TAB_UNREADABLE: { severity: 'error', fix: 'server-tab', summary: (p) => `server.tab cannot be read (${p.code})` },
  SERVER_TAB_BOM: { severity: 'error', fix: 'server-tab', summary: (p) => `server.tab starts with a UTF-8 BOM: XMail reads the name on line ${p.line} with the BOM, so "${p.name}" is not set` },
  SERVER_TAB_BOM_HARMLESS: { severity: 'info', fix: 'server-tab', summary: () => 'server.tab starts with a UTF-8 BOM before a comment or empty line: nothing is lost' },
  SERVER_TAB_ODD_LINE: { severity: 'warning', fix: 'server-tab', summary: (p) => `server.tab line ${p.line}: ${p.issue}` },
  SERVER_TAB_UNQUOTED: { severity: 'info', fix: 'server-tab', summary: (p) => `server.tab line ${p.line}: "${p.name}" is not in quotes; XMail reads it all the same` },
  SERVER_TAB_LINE_SPLIT: { severity: 'info', fix: 'server-tab', summary: (p) => `server.tab line ${p.line} is ${p.bytes} bytes: XMail reads 2046 bytes at a time and takes the rest as further lines` },
  SERVER_TAB_LINE_SPLIT_VALUE_CUT: { severity: 'error', fix: 'server-tab', summary: (p) => `server.tab line ${p.line} is ${p.bytes} bytes: XMail reads only its first 2046 bytes as "${p.name}", so the value is cut` },
  SERVER_TAB_LINE_TAIL_SETTING: { severity: 'error', fix: 'server-tab', summary: (p) => `server.tab line ${p.line}: XMail reads the rest of the line after 2046 bytes as a line of its own and sets "${p.name}" to "${p.value}"` },
  DUPLICATE_VARIABLE: { severity: 'warning', fix: 'server-tab', summary: (p) => `"${p.name}" on line ${p.line} is ignored: XMail uses line ${p.firstLine}` },
  BOOLEAN_WORD: { severity: 'error', fix: 'server-tab', summary: (p) => `"${p.name}" is "${p.value}", which XMail reads as 0 (off); write "1" or "0"` },
  SMTP_CONFIG_SPACES: { severity: 'error', fix: 'server-tab', summary: (p) => `"${p.name}" holds spaces ("${p.value}"): XMail does not recognise " ${p.flag}"` },
  SMTP_WANTTLS_DEFAULT: { severity: 'info', summary: (p) => `SmtpConfig (line ${p.line}) has WantTLS: SMTP clients must use STARTTLS before MAIL FROM on every address no SmtpConfig-<ip> entry names` },
  SMTP_WANTTLS_ADDRESS: { severity: 'info', summary: (p) => `${p.variable} (line ${p.line}) has WantTLS: SMTP clients connecting to ${p.address} must use STARTTLS before MAIL FROM` },
  SMTP_WANTTLS_OVERRIDDEN: { severity: 'warning', fix: 'modes', summary: (p) => `${p.variable} (line ${p.line}) has no WantTLS and replaces ${p.broader} whole for ${p.address}: TLS is not required there` },
  SMTP_WANTTLS_NO_STARTTLS: { severity: 'error', fix: 'modes', summary: (p) => `${p.variable} asks for TLS before MAIL FROM but EnableSMTP-TLS is off: plain SMTP clients there can never send mail (503)` },
  SMTP_TLS_OBSOLETE: { severity: 'warning', fix: 'server-tab', summary: (p) => `"SMTP-TLS" (line ${p.line}) was removed in XMail 1.25 and has no effect` },
  COMMAND_LINE_UNREADABLE: { severity: 'error', fix: 'startup', summary: (p) => `the command line cannot be read (${p.code})` },
  COMMAND_LINE_UNTERMINATED_QUOTE: { severity: 'warning', fix: 'startup', summary: (p) => `command line: the quote before "${p.token}" is never closed; XMail reads to the end of the line` },
  COMMAND_LINE_ARGUMENT_MISSING: { severity: 'warning', fix: 'startup', summary: (p) => `command line: "${p.token}" is the last token, so it has no value and XMail ignores it` },
  COMMAND_LINE_SWITCH_TAIL_IGNORED: { severity: 'warning', fix: 'startup', summary: (p) => `command line: XMail reads only the first three characters of "${p.token}", as "${p.readAs}"` },
  COMMAND_LINE_SWITCH_UNKNOWN: { severity: 'warning', fix: 'startup', summary: (p) => `command line: XMail does not know the switch "${p.token}" and ignores it` },
  COMMAND_LINE_NOT_AN_OPTION: { severity: 'warning', fix: 'startup', summary: (p) => `command line: XMail ignores "${p.token}" (not an option, not the value of one)` },
  COMMAND_LINE_ARGUMENT_IS_SWITCH: { severity: 'warning', fix: 'startup', summary: (p) => `command line: "${p.token}" takes "${p.arg}" as its value; the other services still read "${p.arg}" as a switch` },
  COMMAND_LINE_PORT_RANDOM: { severity: 'error', fix: 'startup', summary: (p) => `command line: "${p.token} ${p.arg}" is port 0 for XMail: the system picks a random port` },
  COMMAND_LINE_PORT_MISREAD: { severity: 'warning', fix: 'startup', summary: (p) => `command line: XMail reads "${p.token} ${p.arg}" as port ${p.port}` },
  LISTENER_PORT_CONFLICT: { severity: 'error', fix: 'startup', summary: (p) => `${p.first} and ${p.second} both listen on port ${p.port}: XMail cannot bind ${p.second} ("Socket bind error") and stops` },
  LISTENER_ADDRESS_CONFLICT: { severity: 'error', fix: 'startup', summary: (p) => `${p.first} and ${p.second} both listen on ${p.address} port ${p.port}: XMail cannot bind ${p.second} ("Socket bind error") and stops` },
  LISTENER_PORT_OVERLAP: { severity: 'warning', fix: 'startup', summary: (p) => `${p.first} and ${p.second} both listen on port ${p.port} (${p.address} and every address): Linux refuses the second bind and XMail stops` },
  // what XMail offers
  STARTTLS_OFFERED: { severity: 'info', summary: (p) => `${p.service} offers STARTTLS on port ${list(p.ports)}` },
  STARTTLS_OFFERED_FAILS: { severity: 'error', fix: 'self-signed', summary: (p) => `${p.service} offers STARTTLS on port ${list(p.ports)}, but every TLS handshake fails (server.key/server.cert cannot be used)` },
  STARTTLS_NOT_OFFERED: { severity: 'info', fix: 'modes', summary: (p) => `${p.service} on port ${list(p.ports)} does not offer STARTTLS (${p.variable} off)` },
  IMPLICIT_TLS_LISTENING: { severity: 'info', summary: (p) => `${p.service} listens with implicit TLS on port ${list(p.ports)}` },
  IMPLICIT_TLS_LISTENING_FAILS: { severity: 'error', fix: 'self-signed', summary: (p) => `${p.service} listens on port ${list(p.ports)}, but every connection fails (server.key/server.cert cannot be used)` },
  IMPLICIT_TLS_OFF: { severity: 'info', fix: 'modes', summary: (p) => `${p.service} (implicit TLS) is off (-${p.letter}-)` },
  TLS_FULLY_OFF: { severity: 'info', fix: 'modes', summary: () => 'no service offers TLS' },
  OUTBOUND_TLS_FAILS: { severity: 'error', fix: 'self-signed', summary: (p) => `outbound TLS (SmtpGwConfig NeedTLS=${p.level}) loads server.cert/server.key as XMail's client certificate and fails` },
  TARGET_TLS_1_0_ONLY: { severity: 'warning', summary: () => 'this XMail build speaks TLS 1.0 at most: current mail clients may refuse it' },
  // server.key
  KEY_MISSING: { severity: 'error', fix: 'self-signed', summary: () => 'server.key is missing' },
  KEY_NOT_PEM: { severity: 'error', fix: 'install', summary: () => 'server.key is DER: XMail reads PEM only' },
  KEY_ENCRYPTED: { severity: 'error', fix: 'install', summary: () => "server.key is encrypted: XMail sets no passphrase callback, so OpenSSL asks for it on the console at every handshake; as a service/daemon every TLS connection fails" },
  KEY_UNPARSABLE: { severity: 'error', fix: 'install', summary: (p) => `server.key cannot be read (${p.code})` },
  KEY_MISMATCH: { severity: 'error', fix: 'self-signed', summary: () => 'server.key does not belong to the first certificate in server.cert (the one XMail uses)' },
  KEY_NOT_RSA_FOR_TARGET: { severity: 'error', fix: 'self-signed', summary: (p) => `server.key is ${p.kind}: this XMail build (${p.target}) supports RSA keys only` },
  KEY_OK: { severity: 'ok', summary: (p) => `server.key is an unencrypted PEM ${p.kind} key that belongs to the first certificate of server.cert` },
  KEY_READABLE: { severity: 'ok', summary: (p) => `server.key is an unencrypted PEM ${p.kind} key XMail can load (no server.cert given to compare)` },
  KEY_CERT_UNUSED_TLS_OFF: { severity: 'info', summary: () => 'server.key or server.cert is missing, which is fine: no service offers TLS and outbound TLS is off' },
  // server.cert
  CERT_MISSING: { severity: 'error', fix: 'self-signed', summary: () => 'server.cert is missing' },
  CERT_NOT_PEM: { severity: 'error', fix: 'install', summary: () => 'server.cert is DER: XMail reads PEM only' },
  CERT_UNPARSABLE: { severity: 'error', fix: 'install', summary: (p) => `server.cert cannot be read (${p.code})` },
  CERT_EXPIRED: { severity: 'error', fix: 'public', summary: (p) => `server.cert expired on ${p.notAfter}` },
  CERT_NOT_YET_VALID: { severity: 'error', fix: 'install', summary: (p) => `server.cert is not valid before ${p.notBefore}` },
  CERT_EXPIRES_SOON: { severity: 'warning', fix: 'public', summary: (p) => `server.cert expires in ${p.days} days (${p.notAfter})` },
  CERT_VALID: { severity: 'ok', summary: (p) => `server.cert is valid until ${p.notAfter} (${p.days} days)` },
  CERT_HOST_NOT_COVERED: { severity: 'warning', fix: 'public', summary: (p) => `server.cert does not cover ${p.host} (${p.variable})` },
  CERT_HOSTS_COVERED: { severity: 'ok', summary: (p) => `server.cert covers ${list(p.hosts)}` },
  CERT_SELF_SIGNED: { severity: 'info', fix: 'private-ca', summary: () => 'server.cert is self-signed: mail clients will warn unless told to trust it' },
  CHAIN_OUT_OF_ORDER: { severity: 'error', fix: 'install', summary: () => 'server.cert does not start with the server certificate: XMail takes the first certificate as its own and checks server.key against it, so every TLS handshake fails' },
  CHAIN_INTERMEDIATES_OUT_OF_ORDER: { severity: 'warning', fix: 'install', summary: () => 'server.cert starts with the server certificate, but the CA certificates after it are not in issuer order' },
  CHAIN_INCOMPLETE: { severity: 'warning', fix: 'install', summary: (p) => `server.cert holds only the server certificate; its issuer "${p.issuer}" is not included` },
  CHAIN_EXTRA_CERTIFICATE: { severity: 'warning', fix: 'install', summary: (p) => `server.cert holds a certificate that is not on the chain: ${p.subject}` },
  CHAIN_INTERMEDIATES_IGNORED: { severity: 'warning', summary: (p) => `XMail before 1.27 sends only the first certificate of server.cert; ${p.count} intermediate(s) are ignored` },
  // client verification
  WANTCERT_ON: { severity: 'warning', fix: 'modes', summary: () => 'SSLWantCert is on: every TLS handshake without a client certificate fails, mail from other servers over STARTTLS included' },
  WANTVERIFY_ON: { severity: 'warning', fix: 'modes', summary: () => 'SSLWantVerify is on: outbound TLS verifies remote servers against certs.pem/certs only' },
  VERIFY_NO_TRUST_SOURCE: { severity: 'warning', fix: 'client-ca', summary: () => "verification is on but neither SSLUseCertsFile nor SSLUseCertsDir is: OpenSSL's built-in store is used" },
  CERTS_FILE_MISSING: { severity: 'error', fix: 'client-ca', summary: () => 'SSLUseCertsFile is on but MailRoot/certs.pem is missing' },
  CERTS_FILE_UNPARSABLE: { severity: 'error', fix: 'client-ca', summary: (p) => `certs.pem cannot be read (${p.code})` },
  CERTS_DIR_MISSING: { severity: 'error', fix: 'client-ca', summary: () => 'SSLUseCertsDir is on but MailRoot/certs/ is missing or empty' },
  CERTS_DIR_FILE_UNPARSABLE: { severity: 'error', fix: 'client-ca', summary: (p) => `certs/${p.name} cannot be read (${p.code})` },
  CERTS_DIR_NAME_MISMATCH: { severity: 'error', fix: 'client-ca', summary: (p) => `certs/${p.name} is not named after its subject hash (${p.hash} / ${p.hashOld})` },
  CERTS_DIR_WRONG_HASH_FOR_TARGET: { severity: 'error', fix: 'client-ca', summary: (p) => `certs/ has ${p.subject} only as ${p.present}; this OpenSSL looks up ${p.expected}.N` },
  CERTS_DIR_GAP: { severity: 'error', fix: 'client-ca', summary: (p) => `certs/ has ${p.hash}.${p.after} but not ${p.hash}.${p.missing}: OpenSSL stops at the gap` },
  CERTS_DIR_TOO_MANY_FILES: { severity: 'warning', fix: 'client-ca', summary: (p) => `certs/ has ${p.count} files; only the first ${p.max} were checked` },
  CERTS_UNUSED: { severity: 'info', fix: 'modes', summary: (p) => `${p.file} is present but not used (${p.variable} is off)` },
  CLIENT_CHAIN_SHA256_FOR_TARGET: { severity: 'warning', fix: 'client-ca', summary: (p) => `${p.subject} is signed with ${p.hash}, which this XMail build (${p.target}) probably cannot verify` },
} satisfies Record<string, Rule>;

export type FindingId = keyof typeof RULES;
/** Every finding id, in the order of the table. */
export const FINDING_IDS = Object.keys(RULES) as readonly FindingId[];

export interface Finding {
  id: FindingId;
  severity: Severity;
  /** Data only (codes, numbers, names, lists): src/i18n/findings.ts turns them into words per language. */
  params: Record<string, FindingParam>;
  fixFlow?: FixFlow;
  /** The step of `fixFlow` that fixes it, when the rule names one. */
  fixStep?: string;
  /** English one-liner for logs and tests; the UI renders i18n text from `id` + `params`. */
  summary: string;
}

/** The rule of a finding id (severity, fix), for tests and tools that list them. */
export function findingRule(id: FindingId): { severity: Severity; fix?: Fix } {
  const { severity, fix } = RULES[id] as Rule;
  return fix === undefined ? { severity } : { severity, fix };
}

/**
 * A finding as its rule says. `overrides` only for the two rows whose severity or fix depends on
 * what was found: SERVER_TAB_LINE_SPLIT (a warning when the cut-off rest sets something) and
 * CERT_HOST_NOT_COVERED (fixed by making a new self-signed certificate when the one found is one).
 */
export function finding(id: FindingId, params: Finding['params'] = {}, overrides: { severity?: Severity; fix?: Fix } = {}): Finding {
  const rule: Rule = RULES[id];
  const severity = overrides.severity ?? rule.severity;
  const fix = overrides.fix ?? rule.fix;
  const flow = typeof fix === 'string' ? fix : fix?.flow;
  const step = typeof fix === 'object' ? fix.step : undefined;
  return { id, severity, params, ...(flow ? { fixFlow: flow } : {}), ...(step ? { fixStep: step } : {}), summary: rule.summary(params) };
}
