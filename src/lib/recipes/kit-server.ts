/**
 * The mail-server settings a client-certificate kit writes (issue 14 item 3): the host from what
 * the page knows (the DNS names of the vault's valid server certificates) or typed once, and the
 * ports from the command line given in 現在の環境, read as XMail reads it (effectiveListeners,
 * MiscUtils.cpp MscCreateServerSockets); without a line, XMail's defaults (POP3S 995, SMTPS 465 on).
 *
 * Invariant: a port goes into a kit only when XMail listens on it: implicit TLS (POP3S -B, SMTPS -X)
 * when that listener is on; else STARTTLS on the plain listener only when the administrator says
 * STARTTLS is on (EnablePOP3-TLS / EnableSMTP-TLS in server.tab, which the page cannot see);
 * else none, and the kit says to ask.
 */
import type { MailEndpoint, MailServerSettings } from '../bundle/index.ts';
import { validateDnsName, type FieldIssue } from '../pki/index.ts';
import { listCertificates, type StoreContext } from '../store/index.ts';
import { effectiveListeners, parseCommandLine, type EffectiveListener, type ServiceName } from '../xmail/index.ts';

export interface KitServerInput {
  host: string;
  /** The command line from 現在の環境 ('' or undefined: XMail's defaults). */
  commandLine?: string;
  /** The administrator says EnablePOP3-TLS / EnableSMTP-TLS are on. */
  starttls?: boolean;
}

export interface KitServerPlan {
  server: MailServerSettings | null;
  issues: FieldIssue[];
  /** Where the ports came from. */
  portsFrom: 'command-line' | 'defaults';
}

/**
 * The port a kit writes for one service, read as XMail 1.27 sets its listeners up (MailSvr.cpp):
 * - implicit TLS first: SvrSetupPOP3S (-B) / SvrSetupSMTPS (-X) start from STD_POP3S_PORT 995 /
 *   STD_SMTPS_PORT 465, take `-Bp` / `-Xp` through atoi, and `case '-': return 0;` binds nothing;
 *   `-BI ip[:port]` binds each address on its own port (MiscUtils.cpp MscCreateServerSockets);
 *   effectiveListeners (xmail/command-line.ts) reads the tokens that way;
 * - else the plain listener (SvrSetupPOP3 -P 110, SvrSetupSMTP -S 25) with STARTTLS, only when the
 *   administrator says EnablePOP3-TLS / EnableSMTP-TLS are on: XMail offers STLS / STARTTLS from
 *   those flags (POP3Svr.cpp POP3HandleCmd_CAPA, SMTPSvr.cpp SMTPHandleCmd_EHLO and
 *   SMTPHandleCmd_STARTTLS; default on), which live in server.tab, out of the page's sight.
 * Port 0 (`-Bp 0`, or a word atoi reads as 0) makes the system pick a random port: never written.
 */
function endpoint(listeners: readonly EffectiveListener[], implicit: ServiceName, plain: ServiceName, starttls: boolean): MailEndpoint | null {
  const portOf = (name: ServiceName) => listeners.find((l) => l.service === name && l.enabled)?.ports.find((p) => p > 0);
  const tls = portOf(implicit);
  if (tls !== undefined) return { port: tls, security: 'ssl' };
  const clear = starttls ? portOf(plain) : undefined;
  return clear !== undefined ? { port: clear, security: 'starttls' } : null;
}

export function planKitServer(input: KitServerInput): KitServerPlan {
  const host = input.host.trim().toLowerCase();
  const portsFrom = input.commandLine?.trim() ? 'command-line' : 'defaults';
  if (!host) return { server: null, issues: [], portsFrom };
  const issues = validateDnsName(host).map((i) => ({ ...i, field: 'host' }));
  if (issues.length) return { server: null, issues, portsFrom };
  const listeners = effectiveListeners(parseCommandLine(input.commandLine ?? ''));
  const starttls = input.starttls ?? false;
  return {
    server: { host, pop3: endpoint(listeners, 'POP3S', 'POP3', starttls), smtp: endpoint(listeners, 'SMTPS', 'SMTP', starttls) },
    issues: [],
    portsFrom,
  };
}

/** Host names the page knows: DNS names (no wildcards, no IPs) of the vault's valid server certificates. */
export async function knownServerHosts(ctx: StoreContext): Promise<string[]> {
  const items = await listCertificates(ctx, { profile: 'server', status: 'valid' });
  // Read in a second transaction: a certificate revoked or renewed in between (another tab) is left out.
  const nowMs = ctx.clock.now().getTime();
  const summaries = (await ctx.db.certificateSummariesById(items.map((i) => i.record.id))).filter(
    (r) => r.profile === 'server' && r.status !== 'revoked' && !r.supersededBy && Date.parse(r.notAfter) > nowMs,
  );
  const names = summaries.flatMap((r) => r.sans.filter((s) => s.type === 'dns' && !s.value.startsWith('*.')).map((s) => s.value.toLowerCase()));
  return [...new Set(names)].sort();
}
