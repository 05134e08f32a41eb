/**
 * Layered bundles and live servers (issue 10): the client-CA bundle and every TLS-mode bundle but "off" use the
 * server.key / server.cert already in MailRoot, so when the administrator showed us their MailRoot
 * folder (現在の環境) the page checks that those two files are there before the download.
 *
 * Only a folder pick counts: single files picked one by one say nothing about the files not
 * picked. The names are fixed and live in MailRoot itself (xmail-tls.md: XMail has no path
 * setting; SSLBind.cpp BSslSetupVerify loads them per connection), so the base name decides.
 * `liveChangeRisks` names, before the download, what a TLS-mode change would break on a server
 * that works today (coded, shown in ja/en by the UI).
 */
import { effectiveListeners, parseCommandLine, type CommandLine, type TlsMode } from '../xmail/index.ts';
import type { ModeChange } from './modes.ts';

export const SERVER_FILES = ['server.key', 'server.cert'] as const;
export type ServerFileName = (typeof SERVER_FILES)[number];

export interface MailRootSeen {
  /** The pick was a folder (paths carry a directory), so an absent name is really absent. */
  folder: boolean;
  /** The picked paths, as the browser gave them. */
  paths: readonly string[];
}

/** The server files missing from the user's MailRoot folder; empty when present or when we cannot tell. */
export function missingServerFiles(seen: MailRootSeen | undefined): ServerFileName[] {
  if (!seen?.folder) return [];
  const names = new Set(seen.paths.map((p) => p.replace(/\\/g, '/').split('/').pop()!.toLowerCase()));
  return SERVER_FILES.filter((n) => !names.has(n));
}

/**
 * What a TLS-mode change would break on a server that works today (issue 10 item 5), found
 * before the download from what the user gave (their command line, their MailRoot folder).
 */
export const LIVE_RISK_CODES = [
  /** TLS stays or goes on, but the MailRoot folder has no server.key / server.cert: every TLS handshake fails. */
  'TLS_WITHOUT_KEY_AND_CERT',
  /** After the change neither POP3 nor POP3S listens: users can no longer read their mail. */
  'NO_MAILBOX_ACCESS',
  /** Require TLS asks for STARTTLS on SMTP, but the command line turns the SMTP listener off (-S-). */
  'WANTTLS_SMTP_OFF',
  /** The change turns on a listener the administrator had turned off: if its port is taken, XMail does not start (xmail-tls.md). */
  'LISTENER_TURNED_ON',
] as const;
export type LiveRiskCode = (typeof LIVE_RISK_CODES)[number];

export interface LiveRisk {
  code: LiveRiskCode;
  params?: Record<string, string>;
}

export interface LiveRiskInput {
  mode: TlsMode;
  /** The user's line before the change; undefined when not given (nothing can be said about listeners). */
  before?: CommandLine;
  /** The line after the change (the merged line). */
  after?: CommandLine;
  mailRoot?: MailRootSeen;
}

export function liveChangeRisks(input: LiveRiskInput): LiveRisk[] {
  const risks: LiveRisk[] = [];
  const missing = input.mode === 'off' ? [] : missingServerFiles(input.mailRoot);
  if (missing.length) risks.push({ code: 'TLS_WITHOUT_KEY_AND_CERT', params: { files: missing.join(' / ') } });
  const { before, after: afterLine } = input;
  if (before && afterLine) {
    const enabled = (cmd: CommandLine, letter: string) => effectiveListeners(cmd).find((l) => l.letter === letter)?.enabled ?? false;
    const reads = (cmd: CommandLine) => enabled(cmd, 'P') || enabled(cmd, 'B');
    if (reads(before) && !reads(afterLine)) risks.push({ code: 'NO_MAILBOX_ACCESS' });
    if (input.mode === 'require-tls' && !enabled(afterLine, 'S')) risks.push({ code: 'WANTTLS_SMTP_OFF' });
    const turnedOn = effectiveListeners(afterLine).filter((l) => l.enabled && !enabled(before, l.letter));
    if (turnedOn.length) risks.push({ code: 'LISTENER_TURNED_ON', params: { services: turnedOn.map((l) => `${l.service} (${l.ports.join(', ')})`).join(', ') } });
  }
  return risks;
}

/** liveChangeRisks for a planned TLS-mode change and the MailRoot seen in 現在の環境. */
export function modeChangeRisks(change: ModeChange, mailRoot?: MailRootSeen): LiveRisk[] {
  const before = change.commandLineBase === 'yours' ? parseCommandLine(change.commandLineBefore) : undefined;
  const after = before && change.startupChange.kind === 'merged' ? parseCommandLine(change.startupChange.outputs.plain) : before;
  return liveChangeRisks({ mode: change.plan.mode, ...(before ? { before } : {}), ...(after ? { after } : {}), ...(mailRoot ? { mailRoot } : {}) });
}
