/**
 * Before/after preview of a TLS-mode change (issue 10 item 4): for each TLS-capable listener,
 * how a client reaches it today and after the bundle, from the user's own server.tab and command
 * line (nothing is previewed without both: a guess would look like a fact). Same reading as
 * 現在の環境: listeners from effectiveListeners, STARTTLS from offersTls.
 */
import { effectiveListeners, offersTls, parseCommandLine, readTlsSettings, type CommandLine, type ServerTab } from '../xmail/index.ts';
import type { ModeChange } from './modes.ts';

/** off: not listening; plain: no TLS offered; starttls: plain, upgraded on request; tls: TLS from the first byte. */
export type ServiceAccess = 'off' | 'plain' | 'starttls' | 'tls';

export interface ServicePreviewRow {
  service: 'SMTP' | 'POP3' | 'CTRL' | 'SMTPS' | 'POP3S' | 'CTRLS';
  before: { access: ServiceAccess; ports: number[] };
  after: { access: ServiceAccess; ports: number[] };
}

function accessOf(cmd: CommandLine, tab: ServerTab): Map<string, { access: ServiceAccess; ports: number[] }> {
  const settings = readTlsSettings(tab);
  const out = new Map<string, { access: ServiceAccess; ports: number[] }>();
  for (const l of effectiveListeners(cmd)) {
    if (l.tls === 'none') continue;
    const access: ServiceAccess = !l.enabled ? 'off' : l.tls === 'implicit' ? 'tls' : offersTls(l, settings) ? 'starttls' : 'plain';
    out.set(l.service, { access, ports: l.ports });
  }
  return out;
}

export function servicesPreview(before: { serverTab: ServerTab; commandLine: CommandLine }, after: { serverTab: ServerTab; commandLine: CommandLine }): ServicePreviewRow[] {
  const b = accessOf(before.commandLine, before.serverTab);
  const a = accessOf(after.commandLine, after.serverTab);
  return [...b.keys()].map((service) => ({ service: service as ServicePreviewRow['service'], before: b.get(service)!, after: a.get(service)! }));
}

/** The preview of a planned change; undefined unless the user gave both their server.tab and command line. */
export function modeChangePreview(change: ModeChange, serverTabBefore: ServerTab | undefined): ServicePreviewRow[] | undefined {
  if (!serverTabBefore || change.commandLineBase !== 'yours') return undefined;
  const before = parseCommandLine(change.commandLineBefore);
  const after = change.startupChange.kind === 'merged' ? parseCommandLine(change.startupChange.outputs.plain) : before;
  return servicesPreview({ serverTab: serverTabBefore, commandLine: before }, { serverTab: change.plan.serverTab.model, commandLine: after });
}
