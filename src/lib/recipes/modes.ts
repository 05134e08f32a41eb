/**
 * Recipe for the "TLS モード" flow: one mode choice (xmail/modes planMode) merged into the
 * administrator's server.tab and command line when they give them, or made against the stock XMail
 * 1.27 server.tab and XMail's default (empty) command line when they do not, then laid out as a
 * MailRoot bundle that carries only server.tab / server.tab.patch / startup files and INSTALL,
 * never a key.
 *
 * Invariants: a merged MailRoot/server.tab is shipped only when it was made from the user's own
 * file (copying a stock-based file over theirs would drop their settings); startup files are
 * shipped only as the user's own line with the TLS switches changed, and only when it changes
 * (XMail reads it at start only, so an unchanged one needs no restart and no registry edit);
 * without the user's line INSTALL lists the switches instead (issue 10).
 */
import { buildMailRootBundle, zipBundle, type BundleFile, type Lang, type TargetOs } from '../bundle/index.ts';
import {
  encodeServerTabOutputs,
  isXmailError,
  parseCommandLine,
  parseServerTab,
  planMode,
  planStartupChange,
  serializeCommandLine,
  type ModeOptions,
  type ModePlan,
  type ServerTab,
  type StartupChange,
  type TlsMode,
  type XmailErrorCode,
} from '../xmail/index.ts';
import type { ServicePreviewRow } from './preview.ts';
import { STOCK_SERVER_TAB } from './stock-server-tab.ts';

export interface ModeChangeInput {
  mode: TlsMode;
  options?: ModeOptions;
  /** The administrator's server.tab (as bytes, or read once with readModeServerTab); absent: the stock XMail 1.27 server.tab is the base. */
  serverTab?: string | Uint8Array | ServerTab;
  /** The administrator's command line as pasted; absent or blank: XMail's default (no options). */
  commandLine?: string;
  /** Line ends of the stock base: CRLF for Windows (Notepad), LF for Unix. Default 'windows'. */
  os?: TargetOs;
}

export interface ModeChange {
  plan: ModePlan & { serverTab: NonNullable<ModePlan['serverTab']> };
  serverTabBase: 'yours' | 'stock';
  commandLineBase: 'yours' | 'default';
  /** The command line before the change, as XMail tokenises it (for a before/after view). */
  commandLineBefore: string;
  /** True when the user's line (given) changes; without a line this is false and `startupChange` lists switches. */
  commandLineChanged: boolean;
  /** What the bundle does with the startup options (xmail/startup-change.ts). */
  startupChange: StartupChange;
}

/** Which input a planning error belongs to, so the UI shows it beside that field. */
export type ModeField = 'smtpAddress' | 'clientVerify' | 'serverTab' | 'commandLine';

export type ModeChangeResult =
  | { ok: true; value: ModeChange }
  | { ok: false; field: ModeField; code: XmailErrorCode; error: unknown };

/** The stock server.tab with the line ends the target OS's editor expects. */
export function stockServerTab(os: TargetOs): string {
  return os === 'windows' ? STOCK_SERVER_TAB.replace(/\n/g, '\r\n') : STOCK_SERVER_TAB;
}

/** Plans the change; throws XmailError for options or files the XMail layer refuses. */
export function planModeChange(input: ModeChangeInput): ModeChange {
  const os = input.os ?? 'windows';
  const pasted = input.commandLine?.trim() ? input.commandLine : undefined;
  const before = parseCommandLine(pasted ?? '');
  const base = input.serverTab ?? stockServerTab(os);
  const plan = planMode(input.mode, input.options ?? {}, { serverTab: base, serverTabIsStock: input.serverTab === undefined, commandLine: before });
  if (!plan.serverTab) throw new Error('planMode returned no server.tab for a given base'); // planMode's contract
  const commandLineBefore = serializeCommandLine(before);
  const startupChange = planStartupChange(plan.listeners, pasted === undefined ? undefined : before);
  return {
    plan: plan as ModeChange['plan'],
    serverTabBase: input.serverTab === undefined ? 'stock' : 'yours',
    commandLineBase: pasted === undefined ? 'default' : 'yours',
    commandLineBefore,
    commandLineChanged: startupChange.kind === 'merged',
    startupChange,
  };
}

/**
 * The administrator's server.tab read once, for a UI that re-plans on every option change: the
 * file does not change between plans (issue 12: re-reading a 1 MB file per keystroke froze the page).
 */
export function readModeServerTab(bytes: Uint8Array): { ok: true; value: ServerTab } | { ok: false; field: 'serverTab'; code: XmailErrorCode; error: unknown } {
  try {
    return { ok: true, value: parseServerTab(bytes) };
  } catch (error) {
    if (!isXmailError(error)) throw error;
    return { ok: false, field: 'serverTab', code: error.code, error };
  }
}

/** planModeChange for live validation: an XmailError becomes a result naming the field. */
export function tryPlanModeChange(input: ModeChangeInput): ModeChangeResult {
  try {
    return { ok: true, value: planModeChange(input) };
  } catch (error) {
    if (!isXmailError(error)) throw error;
    const field: ModeField =
      error.code === 'MODE_ADDRESS_INVALID' ? 'smtpAddress'
      : error.code === 'MODE_OPTIONS_INVALID' ? 'clientVerify'
      : error.code.startsWith('COMMAND_LINE') ? 'commandLine'
      : 'serverTab';
    return { ok: false, field, code: error.code, error };
  }
}

export interface ModeBundleInput {
  change: ModeChange;
  os: TargetOs;
  lang?: Lang;
  /** Before/after of each listener (modeChangePreview), for INSTALL's list; absent when unknown. */
  services?: ServicePreviewRow[];
}

/** The bundle files: server.tab.patch always, MailRoot/server.tab if theirs was given, startup files if changed. */
export async function buildModeBundle(input: ModeBundleInput): Promise<BundleFile[]> {
  const { change } = input;
  const st = encodeServerTabOutputs(change.plan.serverTab);
  return buildMailRootBundle({
    os: input.os,
    ...(input.lang ? { lang: input.lang } : {}),
    serverTab: { ...(change.serverTabBase === 'yours' ? { merged: st.merged } : {}), patch: st.patch },
    startup: change.startupChange,
    // Every mode but "off" uses the key and certificate already in MailRoot.
    needsServerCert: change.plan.mode !== 'off',
    ...(input.services ? { services: input.services } : {}),
  });
}

export async function zipModeBundle(input: ModeBundleInput): Promise<Uint8Array> {
  return zipBundle(await buildModeBundle(input));
}

/** The download's file name: the mode in it, so several downloads do not overwrite each other. */
export function modeBundleFileName(mode: TlsMode): string {
  return `xmail-tls-mode-${mode}.zip`;
}
