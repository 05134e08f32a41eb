/**
 * TLS modes: each is ONE decision that yields both halves XMail needs, the server.tab variables
 * (re-read on each use) and the startup options (read once, at service start), plus the
 * consequences to show before the administrator commits. Recipes: the seed's "SSL/TLS
 * 機能を完全停止するには" (`-B- -W- -X-` and the three Enable*-TLS "0") and "SSL 機能だけを利用する
 * には" (the three Enable*-TLS "0"), and xmail-tls.md for require-TLS and client verification.
 */
import { XmailError } from './errors.ts';
import { parseCommandLine, setTlsListeners, startupOutputs, type CommandLine, type StartupOutputs, type TlsListenerChanges } from './command-line.ts';
import { applyChanges, diffServerTab, encodeServerTabText, getVariable, parseServerTab, serializeServerTab, withoutBom, type ServerTab } from './server-tab.ts';
import { mergeSmtpConfigFlag, readTlsSettings, serializeBoolean } from './tls-settings.ts';
import { TARGETS, type XmailTarget } from './targets.ts';

export const TLS_MODES = ['full', 'ssl-only', 'off', 'require-tls', 'client-verify'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

export interface RequireTlsOptions {
  /** The address WantTLS applies to: `ip` or `ip,port` (SmtpConfig-<ip>[,<port>]); omitted: every address (SmtpConfig). */
  smtpAddress?: string;
}

export interface ClientVerifyOptions {
  /** Trust MailRoot/certs.pem (SSLUseCertsFile). */
  certsFile: boolean;
  /** Trust MailRoot/certs/ (SSLUseCertsDir). */
  certsDir: boolean;
  /** true: SSLWantCert (a client certificate is required); false: SSLWantVerify (requested, verified if sent). */
  requireCertificate: boolean;
}

export interface ModeOptions {
  requireTls?: RequireTlsOptions;
  clientVerify?: ClientVerifyOptions;
  /** The XMail build, for target-specific consequences. */
  target?: XmailTarget;
}

export const CONSEQUENCE_CODES = [
  'TLS_NEEDS_KEY_AND_CERT',
  'NO_STARTTLS_INBOUND_SMTP',
  'CLIENTS_USE_IMPLICIT_PORTS',
  'NO_ENCRYPTION',
  'WANTTLS_ALL_INBOUND_SMTP',
  'WANTTLS_ONE_ADDRESS',
  'PLAIN_POP3_CTRL_OFF',
  'NO_AUTH_IN_CLEAR',
  'WANTCERT_BREAKS_INBOUND_SMTP',
  'WANTCERT_ALL_LISTENERS',
  'WANTVERIFY_REQUEST_ONLY',
  'WANTVERIFY_OUTBOUND_ONLY_CERTS_PEM',
  'WANTVERIFY_OUTBOUND_UNUSED',
  'WANTVERIFY_BREAKS_OUTBOUND',
  'ALLOW_SELF_SIGNED_TURNED_OFF',
  'CRL_NOT_CHECKED',
  'CLIENT_CERT_NO_USER_MAPPING',
  'CERTS_DIR_BOTH_HASH_NAMES',
  'TARGET_SHA256_CLIENT_CHAIN',
  'SERVER_TAB_NO_RESTART_COMMAND_LINE_RESTART',
] as const;
export type ConsequenceCode = (typeof CONSEQUENCE_CODES)[number];

export interface Consequence {
  code: ConsequenceCode;
  severity: 'warning' | 'info';
  params?: Record<string, string | number>;
}

export interface ServerTabChange {
  name: string;
  /** null removes the variable. */
  value: string | null;
}

export interface ModePlan {
  mode: TlsMode;
  serverTabChanges: ServerTabChange[];
  /** Present when the caller gave a server.tab: the merged file and the patch from theirs. */
  serverTab?: { model: ServerTab; text: string; patch: string };
  /** The listener switches this mode changes (for planStartupChange: ship the change, not a line). */
  listeners: TlsListenerChanges;
  commandLine: CommandLine;
  startup: StartupOutputs;
  consequences: Consequence[];
}

export interface ModeContext {
  serverTab?: ServerTab | string | Uint8Array;
  /** serverTab is XMail's stock file standing in for the user's: it tells nothing about their outbound TLS. */
  serverTabIsStock?: boolean;
  commandLine?: CommandLine | string;
}

const ENABLE_VARIABLES = ['EnableSMTP-TLS', 'EnablePOP3-TLS', 'EnableCTRL-TLS'] as const;

export function planMode(mode: TlsMode, options: ModeOptions = {}, context: ModeContext = {}): ModePlan {
  const tab = context.serverTab === undefined ? undefined : typeof context.serverTab === 'object' && 'lines' in context.serverTab ? context.serverTab : parseServerTab(context.serverTab);
  const cmd = context.commandLine === undefined ? parseCommandLine('') : typeof context.commandLine === 'string' ? parseCommandLine(context.commandLine) : context.commandLine;

  const changes: ServerTabChange[] = [];
  let listeners: TlsListenerChanges = {};
  const consequences: Consequence[] = [];
  const enable = (on: boolean) => ENABLE_VARIABLES.forEach((name) => changes.push({ name, value: serializeBoolean(on) }));

  switch (mode) {
    case 'full':
      enable(true);
      listeners = { smtps: 'on', pop3s: 'on', ctrls: 'on' };
      consequences.push({ code: 'TLS_NEEDS_KEY_AND_CERT', severity: 'info' });
      break;
    case 'ssl-only':
      // Seed recipe: STARTTLS off; the implicit-TLS listeners are what remains, so make sure they are on.
      enable(false);
      listeners = { smtps: 'on', pop3s: 'on', ctrls: 'on' };
      consequences.push({ code: 'NO_STARTTLS_INBOUND_SMTP', severity: 'warning' }, { code: 'CLIENTS_USE_IMPLICIT_PORTS', severity: 'info', params: { smtps: 465, pop3s: 995, ctrls: 6018 } }, { code: 'TLS_NEEDS_KEY_AND_CERT', severity: 'info' });
      break;
    case 'off':
      enable(false);
      listeners = { pop3s: 'off', ctrls: 'off', smtps: 'off' };
      consequences.push({ code: 'NO_ENCRYPTION', severity: 'warning' });
      break;
    case 'require-tls':
      planRequireTls(options.requireTls ?? {}, tab, changes, consequences);
      listeners = { smtps: 'on', pop3s: 'on', ctrls: 'on', pop3: 'off', ctrl: 'off' };
      break;
    case 'client-verify':
      planClientVerify(options, context.serverTabIsStock ? undefined : tab, changes, consequences);
      break;
  }
  if (Object.keys(listeners).length > 0) consequences.push({ code: 'SERVER_TAB_NO_RESTART_COMMAND_LINE_RESTART', severity: 'info' });

  const commandLine = setTlsListeners(cmd, listeners);
  const plan: ModePlan = { mode, serverTabChanges: changes, listeners, commandLine, startup: startupOutputs(commandLine), consequences };
  if (tab) {
    // The output never keeps a UTF-8 BOM: the setting on its first line would stay lost (SERVER_TAB_BOM).
    const model = applyChanges(withoutBom(tab), changes);
    const text = serializeServerTab(model);
    plan.serverTab = { model, text, patch: diffServerTab(serializeServerTab(tab), text) };
  }
  return plan;
}

/**
 * The merged server.tab and its patch as files: in the encoding the user's file was read with, so
 * every line the plan does not change keeps its bytes (Shift_JIS comments were written as the UTF-8
 * of their Latin-1 reading). `text` and `patch` stay text for showing.
 */
export function encodeServerTabOutputs(serverTab: NonNullable<ModePlan['serverTab']>): { merged: Uint8Array; patch: Uint8Array } {
  const { encoding } = serverTab.model;
  return { merged: encodeServerTabText(serverTab.text, encoding), patch: encodeServerTabText(serverTab.patch, encoding) };
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$/;

function planRequireTls(opts: RequireTlsOptions, tab: ServerTab | undefined, changes: ServerTabChange[], consequences: Consequence[]): void {
  let name = 'SmtpConfig';
  // XMail looks up SmtpConfig-<ip>,<port>, then SmtpConfig-<ip>, then SmtpConfig and uses the first
  // found whole (SMTPSvr.cpp SMTPInitSession; smtpConfigFor): a new specific entry must carry the
  // broader entry's flags too.
  const lookup: string[] = ['SmtpConfig'];
  if (opts.smtpAddress !== undefined) {
    const m = /^([^,]+)(?:,(\d{1,5}))?$/.exec(opts.smtpAddress.trim());
    const ip = m?.[1];
    const port = m?.[2] === undefined ? undefined : Number(m[2]);
    if (!ip || !(IPV4.test(ip) || IPV6.test(ip)) || (port !== undefined && (port < 1 || port > 65535))) {
      throw new XmailError('MODE_ADDRESS_INVALID', `require TLS: expected an IP address or "ip,port", found ${JSON.stringify(opts.smtpAddress)}`);
    }
    name = port === undefined ? `SmtpConfig-${ip}` : `SmtpConfig-${ip},${port}`;
    lookup.unshift(`SmtpConfig-${ip}`);
    if (port !== undefined) lookup.unshift(name);
    consequences.push({ code: 'WANTTLS_ONE_ADDRESS', severity: 'info', params: { address: opts.smtpAddress.trim() } });
  } else {
    consequences.push({ code: 'WANTTLS_ALL_INBOUND_SMTP', severity: 'warning' });
  }
  const current = tab ? lookup.map((n) => getVariable(tab, n)).find((v) => v !== undefined)?.value ?? '' : '';
  changes.push(
    { name, value: mergeSmtpConfigFlag(current, 'WantTLS') },
    // WantTLS can only be met if STARTTLS is offered on the plain SMTP port.
    { name: 'EnableSMTP-TLS', value: '1' },
    { name: 'SmtpNoTLSAuths', value: '' },
  );
  consequences.push({ code: 'PLAIN_POP3_CTRL_OFF', severity: 'warning', params: { pop3s: 995, ctrls: 6018 } }, { code: 'NO_AUTH_IN_CLEAR', severity: 'info' });
}

function planClientVerify(options: ModeOptions, tab: ServerTab | undefined, changes: ServerTabChange[], consequences: Consequence[]): void {
  const cv = options.clientVerify;
  if (!cv || (!cv.certsFile && !cv.certsDir)) {
    // Without either flag OpenSSL's compiled-in store is used, which never holds the user's own CA.
    throw new XmailError('MODE_OPTIONS_INVALID', 'client verification: expected certs.pem and/or certs/ to hold the trusted CA, found neither');
  }
  changes.push(
    { name: 'SSLUseCertsFile', value: serializeBoolean(cv.certsFile) },
    { name: 'SSLUseCertsDir', value: serializeBoolean(cv.certsDir) },
    { name: 'SSLWantVerify', value: '1' },
    { name: 'SSLWantCert', value: serializeBoolean(cv.requireCertificate) },
  );
  if (cv.requireCertificate) {
    consequences.push({ code: 'WANTCERT_BREAKS_INBOUND_SMTP', severity: 'warning', params: { port: 25 } }, { code: 'WANTCERT_ALL_LISTENERS', severity: 'warning' });
  } else {
    consequences.push({ code: 'WANTVERIFY_REQUEST_ONLY', severity: 'info' });
  }
  // What SSLWantVerify does to outbound mail (issue 17 item 3). SSLConfig.cpp CSslBindSetup reads
  // SSLWantVerify/SSLWantCert/SSLAllowSelfSigned for every TLS bind, server and client alike;
  // SMTPUtils.cpp USmtpCreateChannel starts outbound STARTTLS only with SmtpGwConfig NeedTLS
  // (SMTP_GWF_USE_TLS) and USmtpSwitchToSSL hands that bind to SSLBind.cpp BSslBindClient, whose
  // BSslSetupVerify sets SSL_VERIFY_PEER: the remote server must chain to certs.pem/certs/ (no public
  // roots there), and a failed handshake closes the channel: no fallback to plain, even at NeedTLS=1.
  const settings = tab ? readTlsSettings(tab) : undefined;
  if (!settings) consequences.push({ code: 'WANTVERIFY_OUTBOUND_ONLY_CERTS_PEM', severity: 'warning' });
  else if (settings.needTls.value === 0) consequences.push({ code: 'WANTVERIFY_OUTBOUND_UNUSED', severity: 'info' });
  else consequences.push({ code: 'WANTVERIFY_BREAKS_OUTBOUND', severity: 'warning', params: { level: settings.needTls.value } });
  // SSLBind.cpp BSslCertVerifyCB: with SSLAllowSelfSigned any self-signed certificate at depth 0
  // passes, so any client could present one it made itself: client verification needs it off.
  if (settings?.booleans.SSLAllowSelfSigned.value) {
    changes.push({ name: 'SSLAllowSelfSigned', value: '0' });
    consequences.push({ code: 'ALLOW_SELF_SIGNED_TURNED_OFF', severity: 'warning' });
  }
  consequences.push(
    { code: 'CRL_NOT_CHECKED', severity: 'warning' },
    { code: 'CLIENT_CERT_NO_USER_MAPPING', severity: 'info' },
  );
  if (cv.certsDir) consequences.push({ code: 'CERTS_DIR_BOTH_HASH_NAMES', severity: 'info' });
  if (options.target && !TARGETS[options.target].sha256Verify) {
    consequences.push({ code: 'TARGET_SHA256_CLIENT_CHAIN', severity: 'warning', params: { target: options.target, hash: TARGETS[options.target].clientChainHash } });
  }
}
