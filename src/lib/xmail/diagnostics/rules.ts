/**
 * The findings diagnostics can report: one row per id, `[severity, fix]`, the fix being the flow
 * (or a step inside it) that fixes the finding, when one does. The UI words each id in ja and en from the catalog
 * (src/i18n/flows/current.ts, `current.finding.<id>`) with the params rendered by
 * src/i18n/findings.ts. The English one-liner of each id, for logs and tests, is in summaries.ts,
 * outside the page (issue 15 page size: the page never showed it).
 *
 * Add a finding: a row here, its one-liner in summaries.ts, the text in current.ts (ja + en), a
 * trigger and a clean twin in tests/interop/xmail-diagnostics.test.ts (a meta test checks the
 * table covers every id).
 */

export type Severity = 'error' | 'warning' | 'info' | 'ok';
/** A finding parameter: a value or a list of values, never a phrase (issue 13 item 1). */
export type FindingParam = string | number | readonly string[] | readonly number[];
/** The UI flow that fixes a finding. */
export type FixFlow = 'public' | 'self-signed' | 'private-ca' | 'client-ca' | 'modes' | 'server-tab' | 'startup' | 'install';
/** Where a finding is fixed: a flow, or a step inside it (the step's id as the flow names it). */
export type Fix = FixFlow | { readonly flow: FixFlow; readonly step: string };

/** A row of the table: the severity, then the fix when one is known. */
type Rule = readonly [severity: Severity, fix?: Fix];

const RULES = {
  // server.tab and command line as files
  SERVER_TAB_UNREADABLE: ['error', 'server-tab'],
  SERVER_TAB_BOM: ['error', 'server-tab'],
  SERVER_TAB_BOM_HARMLESS: ['info', 'server-tab'],
  SERVER_TAB_ODD_LINE: ['warning', 'server-tab'],
  SERVER_TAB_UNQUOTED: ['info', 'server-tab'],
  SERVER_TAB_LINE_SPLIT: ['info', 'server-tab'],
  SERVER_TAB_LINE_SPLIT_VALUE_CUT: ['error', 'server-tab'],
  SERVER_TAB_LINE_TAIL_SETTING: ['error', 'server-tab'],
  DUPLICATE_VARIABLE: ['warning', 'server-tab'],
  BOOLEAN_WORD: ['error', 'server-tab'],
  SMTP_CONFIG_SPACES: ['error', 'server-tab'],
  SMTP_WANTTLS_DEFAULT: ['info'],
  SMTP_WANTTLS_ADDRESS: ['info'],
  SMTP_WANTTLS_OVERRIDDEN: ['warning', 'modes'],
  SMTP_WANTTLS_NO_STARTTLS: ['error', 'modes'],
  SMTP_TLS_OBSOLETE: ['warning', 'server-tab'],
  COMMAND_LINE_UNREADABLE: ['error', 'startup'],
  COMMAND_LINE_UNTERMINATED_QUOTE: ['warning', 'startup'],
  COMMAND_LINE_ARGUMENT_MISSING: ['warning', 'startup'],
  COMMAND_LINE_SWITCH_TAIL_IGNORED: ['warning', 'startup'],
  COMMAND_LINE_SWITCH_UNKNOWN: ['warning', 'startup'],
  COMMAND_LINE_NOT_AN_OPTION: ['warning', 'startup'],
  COMMAND_LINE_ARGUMENT_IS_SWITCH: ['warning', 'startup'],
  COMMAND_LINE_PORT_RANDOM: ['error', 'startup'],
  COMMAND_LINE_PORT_MISREAD: ['warning', 'startup'],
  LISTENER_PORT_CONFLICT: ['error', 'startup'],
  LISTENER_ADDRESS_CONFLICT: ['error', 'startup'],
  LISTENER_PORT_OVERLAP: ['warning', 'startup'],
  // what XMail offers
  STARTTLS_OFFERED: ['info'],
  STARTTLS_OFFERED_FAILS: ['error', 'self-signed'],
  STARTTLS_NOT_OFFERED: ['info', 'modes'],
  IMPLICIT_TLS_LISTENING: ['info'],
  IMPLICIT_TLS_LISTENING_FAILS: ['error', 'self-signed'],
  IMPLICIT_TLS_OFF: ['info', 'modes'],
  TLS_FULLY_OFF: ['info', 'modes'],
  OUTBOUND_TLS_FAILS: ['error', 'self-signed'],
  TARGET_TLS_1_0_ONLY: ['warning'],
  // server.key
  KEY_MISSING: ['error', 'self-signed'],
  KEY_NOT_PEM: ['error', 'install'],
  KEY_ENCRYPTED: ['error', 'install'],
  KEY_UNPARSABLE: ['error', 'install'],
  KEY_MISMATCH: ['error', 'self-signed'],
  KEY_NOT_RSA_FOR_TARGET: ['error', 'self-signed'],
  KEY_OK: ['ok'],
  KEY_READABLE: ['ok'],
  KEY_CERT_UNUSED_TLS_OFF: ['info'],
  // server.cert
  CERT_MISSING: ['error', 'self-signed'],
  CERT_NOT_PEM: ['error', 'install'],
  CERT_UNPARSABLE: ['error', 'install'],
  CERT_EXPIRED: ['error', 'public'],
  CERT_NOT_YET_VALID: ['error', 'install'],
  CERT_EXPIRES_SOON: ['warning', 'public'],
  CERT_VALID: ['ok'],
  CERT_HOST_NOT_COVERED: ['warning', 'public'],
  CERT_HOSTS_COVERED: ['ok'],
  CERT_SELF_SIGNED: ['info', 'private-ca'],
  CHAIN_OUT_OF_ORDER: ['error', 'install'],
  CHAIN_INTERMEDIATES_OUT_OF_ORDER: ['warning', 'install'],
  CHAIN_INCOMPLETE: ['warning', 'install'],
  CHAIN_EXTRA_CERTIFICATE: ['warning', 'install'],
  CHAIN_INTERMEDIATES_IGNORED: ['warning'],
  // client verification
  WANTCERT_ON: ['warning', 'modes'],
  WANTVERIFY_ON: ['warning', 'modes'],
  VERIFY_NO_TRUST_SOURCE: ['warning', 'client-ca'],
  CERTS_FILE_MISSING: ['error', 'client-ca'],
  CERTS_FILE_UNPARSABLE: ['error', 'client-ca'],
  CERTS_DIR_MISSING: ['error', 'client-ca'],
  CERTS_DIR_FILE_UNPARSABLE: ['error', 'client-ca'],
  CERTS_DIR_NAME_MISMATCH: ['error', 'client-ca'],
  CERTS_DIR_WRONG_HASH_FOR_TARGET: ['error', 'client-ca'],
  CERTS_DIR_GAP: ['error', 'client-ca'],
  CERTS_DIR_TOO_MANY_FILES: ['warning', 'client-ca'],
  CERTS_UNUSED: ['info', 'modes'],
  CLIENT_CHAIN_SHA256_FOR_TARGET: ['warning', 'client-ca'],
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
}

/** The rule of a finding id (severity, fix), for tests and tools that list them. */
export function findingRule(id: FindingId): { severity: Severity; fix?: Fix } {
  const [severity, fix]: Rule = RULES[id];
  return fix === undefined ? { severity } : { severity, fix };
}

/**
 * A finding as its rule says. `overrides` only for the two rows whose severity or fix depends on
 * what was found: SERVER_TAB_LINE_SPLIT (a warning when the cut-off rest sets something) and
 * CERT_HOST_NOT_COVERED (fixed by making a new self-signed certificate when the one found is one).
 */
export function finding(id: FindingId, params: Finding['params'] = {}, overrides: { severity?: Severity; fix?: Fix } = {}): Finding {
  const rule: Rule = RULES[id];
  const severity = overrides.severity ?? rule[0];
  const fix = overrides.fix ?? rule[1];
  const flow = typeof fix === 'string' ? fix : fix?.flow;
  const step = typeof fix === 'object' ? fix.step : undefined;
  return { id, severity, params, ...(flow ? { fixFlow: flow } : {}), ...(step ? { fixStep: step } : {}) };
}
