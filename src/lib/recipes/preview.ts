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

/** none: no client certificate asked for; asked: asked, checked when sent; required: the handshake fails without one. */
export type ClientCertAsk = 'none' | 'asked' | 'required';

export interface ServicePreviewRow {
  service: 'SMTP' | 'POP3' | 'CTRL' | 'SMTPS' | 'POP3S' | 'CTRLS';
  before: { access: ServiceAccess; ports: number[] };
  after: { access: ServiceAccess; ports: number[] };
  /** Given by clientVerifyPreview: whether a TLS handshake on this listener asks for a client certificate. */
  clientCert?: { before: ClientCertAsk; after: ClientCertAsk };
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

/**
 * What a TLS handshake asks of the client: SSLWantVerify requests a certificate (SSL_VERIFY_PEER),
 * SSLWantCert also fails the handshake without one and implies SSLWantVerify (SSLBind.cpp,
 * BSslAllocSession; xmail-tls.md "server.tab variables for TLS"). A listener that offers no TLS
 * (off, plain) asks nothing.
 */
function clientCertAsk(access: ServiceAccess, tab: ServerTab): ClientCertAsk {
  if (access === 'off' || access === 'plain') return 'none';
  const b = readTlsSettings(tab).booleans;
  return b.SSLWantCert.value ? 'required' : b.SSLWantVerify.value ? 'asked' : 'none';
}

/**
 * The preview of the CA-for-clients change (issue 10 item 4): the listeners do not change (the
 * command line stays as it is), but whether each TLS listener asks for a client certificate does.
 * Undefined unless the user gave both their server.tab and their command line (from 現在の環境).
 */
export function clientVerifyPreview(change: ModeChange, serverTabBefore: ServerTab | undefined, commandLine: string): ServicePreviewRow[] | undefined {
  if (!serverTabBefore || change.serverTabBase !== 'yours' || !commandLine.trim()) return undefined;
  const cmd = parseCommandLine(commandLine);
  const after = change.plan.serverTab.model;
  return servicesPreview({ serverTab: serverTabBefore, commandLine: cmd }, { serverTab: after, commandLine: cmd }).map((r) => ({
    ...r,
    clientCert: { before: clientCertAsk(r.before.access, serverTabBefore), after: clientCertAsk(r.after.access, after) },
  }));
}
