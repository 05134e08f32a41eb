/**
 * The findings diagnostics can report: one row per id with its severity and the flow (and, where
 * known, the step) that fixes it. The UI words each id in ja and en from the catalog
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

interface Rule {
  readonly severity: Severity;
  readonly fix?: Fix;
}

const RULES = {
  // server.tab and command line as files
  SERVER_TAB_UNREADABLE: { severity: 'error', fix: 'server-tab' },
  SERVER_TAB_BOM: { severity: 'error', fix: 'server-tab' },
  SERVER_TAB_BOM_HARMLESS: { severity: 'info', fix: 'server-tab' },
  SERVER_TAB_ODD_LINE: { severity: 'warning', fix: 'server-tab' },
  SERVER_TAB_UNQUOTED: { severity: 'info', fix: 'server-tab' },
  SERVER_TAB_LINE_SPLIT: { severity: 'info', fix: 'server-tab' },
  SERVER_TAB_LINE_SPLIT_VALUE_CUT: { severity: 'error', fix: 'server-tab' },
  SERVER_TAB_LINE_TAIL_SETTING: { severity: 'error', fix: 'server-tab' },
  DUPLICATE_VARIABLE: { severity: 'warning', fix: 'server-tab' },
  BOOLEAN_WORD: { severity: 'error', fix: 'server-tab' },
  SMTP_CONFIG_SPACES: { severity: 'error', fix: 'server-tab' },
  SMTP_WANTTLS_DEFAULT: { severity: 'info' },
  SMTP_WANTTLS_ADDRESS: { severity: 'info' },
  SMTP_WANTTLS_OVERRIDDEN: { severity: 'warning', fix: 'modes' },
  SMTP_WANTTLS_NO_STARTTLS: { severity: 'error', fix: 'modes' },
  SMTP_TLS_OBSOLETE: { severity: 'warning', fix: 'server-tab' },
  COMMAND_LINE_UNREADABLE: { severity: 'error', fix: 'startup' },
  COMMAND_LINE_UNTERMINATED_QUOTE: { severity: 'warning', fix: 'startup' },
  COMMAND_LINE_ARGUMENT_MISSING: { severity: 'warning', fix: 'startup' },
  COMMAND_LINE_SWITCH_TAIL_IGNORED: { severity: 'warning', fix: 'startup' },
  COMMAND_LINE_SWITCH_UNKNOWN: { severity: 'warning', fix: 'startup' },
  COMMAND_LINE_NOT_AN_OPTION: { severity: 'warning', fix: 'startup' },
  COMMAND_LINE_ARGUMENT_IS_SWITCH: { severity: 'warning', fix: 'startup' },
  COMMAND_LINE_PORT_RANDOM: { severity: 'error', fix: 'startup' },
  COMMAND_LINE_PORT_MISREAD: { severity: 'warning', fix: 'startup' },
  LISTENER_PORT_CONFLICT: { severity: 'error', fix: 'startup' },
  LISTENER_ADDRESS_CONFLICT: { severity: 'error', fix: 'startup' },
  LISTENER_PORT_OVERLAP: { severity: 'warning', fix: 'startup' },
  // what XMail offers
  STARTTLS_OFFERED: { severity: 'info' },
  STARTTLS_OFFERED_FAILS: { severity: 'error', fix: 'self-signed' },
  STARTTLS_NOT_OFFERED: { severity: 'info', fix: 'modes' },
  IMPLICIT_TLS_LISTENING: { severity: 'info' },
  IMPLICIT_TLS_LISTENING_FAILS: { severity: 'error', fix: 'self-signed' },
  IMPLICIT_TLS_OFF: { severity: 'info', fix: 'modes' },
  TLS_FULLY_OFF: { severity: 'info', fix: 'modes' },
  OUTBOUND_TLS_FAILS: { severity: 'error', fix: 'self-signed' },
  TARGET_TLS_1_0_ONLY: { severity: 'warning' },
  // server.key
  KEY_MISSING: { severity: 'error', fix: 'self-signed' },
  KEY_NOT_PEM: { severity: 'error', fix: 'install' },
  KEY_ENCRYPTED: { severity: 'error', fix: 'install' },
  KEY_UNPARSABLE: { severity: 'error', fix: 'install' },
  KEY_MISMATCH: { severity: 'error', fix: 'self-signed' },
  KEY_NOT_RSA_FOR_TARGET: { severity: 'error', fix: 'self-signed' },
  KEY_OK: { severity: 'ok' },
  KEY_READABLE: { severity: 'ok' },
  KEY_CERT_UNUSED_TLS_OFF: { severity: 'info' },
  // server.cert
  CERT_MISSING: { severity: 'error', fix: 'self-signed' },
  CERT_NOT_PEM: { severity: 'error', fix: 'install' },
  CERT_UNPARSABLE: { severity: 'error', fix: 'install' },
  CERT_EXPIRED: { severity: 'error', fix: 'public' },
  CERT_NOT_YET_VALID: { severity: 'error', fix: 'install' },
  CERT_EXPIRES_SOON: { severity: 'warning', fix: 'public' },
  CERT_VALID: { severity: 'ok' },
  CERT_HOST_NOT_COVERED: { severity: 'warning', fix: 'public' },
  CERT_HOSTS_COVERED: { severity: 'ok' },
  CERT_SELF_SIGNED: { severity: 'info', fix: 'private-ca' },
  CHAIN_OUT_OF_ORDER: { severity: 'error', fix: 'install' },
  CHAIN_INTERMEDIATES_OUT_OF_ORDER: { severity: 'warning', fix: 'install' },
  CHAIN_INCOMPLETE: { severity: 'warning', fix: 'install' },
  CHAIN_EXTRA_CERTIFICATE: { severity: 'warning', fix: 'install' },
  CHAIN_INTERMEDIATES_IGNORED: { severity: 'warning' },
  // client verification
  WANTCERT_ON: { severity: 'warning', fix: 'modes' },
  WANTVERIFY_ON: { severity: 'warning', fix: 'modes' },
  VERIFY_NO_TRUST_SOURCE: { severity: 'warning', fix: 'client-ca' },
  CERTS_FILE_MISSING: { severity: 'error', fix: 'client-ca' },
  CERTS_FILE_UNPARSABLE: { severity: 'error', fix: 'client-ca' },
  CERTS_DIR_MISSING: { severity: 'error', fix: 'client-ca' },
  CERTS_DIR_FILE_UNPARSABLE: { severity: 'error', fix: 'client-ca' },
  CERTS_DIR_NAME_MISMATCH: { severity: 'error', fix: 'client-ca' },
  CERTS_DIR_WRONG_HASH_FOR_TARGET: { severity: 'error', fix: 'client-ca' },
  CERTS_DIR_GAP: { severity: 'error', fix: 'client-ca' },
  CERTS_DIR_TOO_MANY_FILES: { severity: 'warning', fix: 'client-ca' },
  CERTS_UNUSED: { severity: 'info', fix: 'modes' },
  CLIENT_CHAIN_SHA256_FOR_TARGET: { severity: 'warning', fix: 'client-ca' },
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
  return { id, severity, params, ...(flow ? { fixFlow: flow } : {}), ...(step ? { fixStep: step } : {}) };
}
