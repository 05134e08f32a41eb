/**
 * The commands INSTALL.ja.txt / INSTALL.en.txt show, per OS: the same in both languages, so they
 * are built here once and install-steps.ts places them under its steps.
 *
 * Invariant (issue 12 item 2): every value placed in a command goes through shell-quote.ts for the
 * target OS (`c.q`), so a host name read from a foreign certificate stays one literal argument.
 */
import { BUNDLE_PATHS, type BundleFileRole } from './layout.ts';
import { quoteArg } from './shell-quote.ts';
import type { InstallFacts, TargetOs } from './install-steps.ts';

/** Default MailRoot locations of XMail's own installers and init script (adjustable by the admin). */
const MAILROOT_DIR: Record<TargetOs, string> = { windows: 'C:\\MailRoot', unix: '/var/MailRoot' };

/** Where INSTALL asks the administrator to unzip the bundle, so every relative path in it works. */
export const UNZIP_DIR: Record<TargetOs, string> = { windows: 'C:\\xmail-bundle', unix: '~/xmail-bundle' };

export interface Ctx {
  facts: InstallFacts;
  has: (role: BundleFileRole) => boolean;
  pathOf: (role: BundleFileRole) => string | undefined;
  host: string;
  mailRoot: string;
  /** A bundle path as the user types it on their OS (backslashes on Windows). */
  local: (path: string) => string;
  /** One value as a literal argument for the target OS's shell. */
  q: (value: string) => string;
}

export function context(facts: InstallFacts): Ctx {
  const has = (role: BundleFileRole) => facts.files.some((f) => f.role === role);
  return {
    facts,
    has,
    pathOf: (role) => facts.files.find((f) => f.role === role)?.path,
    // A wildcard is no host to connect to: the check commands use the first concrete name.
    host: facts.hostNames.find((h) => !h.startsWith('*.')) ?? facts.hostNames[0] ?? 'mail.example.com',
    mailRoot: MAILROOT_DIR[facts.os],
    local: (p) => (facts.os === 'windows' ? p.replace(/\//g, '\\') : p),
    q: (v) => quoteArg(facts.os, v),
  };
}

export function unzipCommands(c: Ctx): string[] {
  return [c.facts.os === 'windows' ? `cd /d ${UNZIP_DIR.windows}` : `cd ${UNZIP_DIR.unix}`];
}

/** MailRoot files to save before copying: only those the bundle replaces or changes. */
export function backupNames(c: Ctx): string[] {
  const names: string[] = [];
  if (c.has('server-key')) names.push('server.key');
  if (c.has('server-cert')) names.push('server.cert');
  if (c.has('server-tab') || c.has('server-tab-patch')) names.push('server.tab');
  if (c.has('certs-pem')) names.push('certs.pem');
  return names;
}

export function backupCommands(c: Ctx): string[] {
  const names = backupNames(c);
  if (c.facts.os === 'windows') {
    const cmds = ['mkdir C:\\xmail-backup'];
    for (const n of names) cmds.push(`copy ${c.q(`${c.mailRoot}\\${n}`)} C:\\xmail-backup\\`);
    if (c.has('certs-hash')) cmds.push(`xcopy /E /I ${c.q(`${c.mailRoot}\\certs`)} C:\\xmail-backup\\certs`);
    if (c.facts.startup) {
      cmds.push('reg export "HKLM\\SOFTWARE\\GNU\\XMail" C:\\xmail-backup\\xmail.reg');
      cmds.push('reg export "HKLM\\SOFTWARE\\Wow6432Node\\GNU\\XMail" C:\\xmail-backup\\xmail-wow64.reg');
    }
    return cmds;
  }
  const cmds = ['mkdir -p ~/xmail-backup'];
  const files = names.map((n) => c.q(`${c.mailRoot}/${n}`)).join(' ');
  if (files) cmds.push(`cp -p ${files} ~/xmail-backup/`);
  if (c.has('certs-hash')) cmds.push(`cp -pr ${c.q(`${c.mailRoot}/certs`)} ~/xmail-backup/`);
  if (c.facts.startup) cmds.push('cp -p /etc/init.d/xmail ~/xmail-backup/');
  return cmds;
}

export function copyCommands(c: Ctx): string[] {
  if (c.facts.os === 'windows') {
    // xcopy keeps the folder structure (certs\) and /Y overwrites without asking.
    return [`xcopy /E /Y MailRoot ${c.q(`${c.mailRoot}\\`)}`];
  }
  const cmds = [`cp -r MailRoot/. ${c.q(`${c.mailRoot}/`)}`];
  if (c.has('server-key')) cmds.push(`chmod 600 ${c.q(`${c.mailRoot}/server.key`)}`);
  return cmds;
}

/**
 * A file of this bundle to show the certutil check on: the server certificate when there is one,
 * else the first file XMail reads; never the private key (issue 17 item 8: a key's checksum is no
 * example to copy around).
 */
export function checksumSample(c: Ctx): string {
  const candidates = c.facts.files.filter((f) => f.role !== 'install' && f.role !== 'manifest' && f.role !== 'server-key');
  return c.pathOf('server-cert') ?? candidates[0]?.path ?? BUNDLE_PATHS.installEn;
}

export function regQueryCommands(value: string): string[] {
  return [`reg query "HKLM\\SOFTWARE\\GNU\\XMail" /v ${value}`, `reg query "HKLM\\SOFTWARE\\Wow6432Node\\GNU\\XMail" /v ${value}`];
}

export function restartCommands(os: TargetOs): string[] {
  return os === 'windows' ? ['net stop XMail', 'net start XMail'] : ['/etc/init.d/xmail restart'];
}

const isIpv6 = (host: string) => host.includes(':') && /^[0-9a-f:.]+$/i.test(host);

export function verifyCommands(c: Ctx): string[] {
  const caPem = c.pathOf('ca-pem') ?? c.pathOf('self-signed-pem');
  const ca = caPem ? ` -CAfile ${c.q(c.local(caPem))}` : '';
  // host:port, with an IPv6 address in brackets; SNI carries host names only (RFC 6066 section 3).
  const ipv6 = isIpv6(c.host);
  const connect = (port: number) => c.q(ipv6 ? `[${c.host}]:${port}` : `${c.host}:${port}`);
  const sni = /^[0-9.]+$/.test(c.host) || ipv6 ? '' : ` -servername ${c.q(c.host)}`;
  return [
    `openssl s_client -connect ${connect(465)}${sni}${ca}`,
    `openssl s_client -connect ${connect(25)} -starttls smtp${sni}${ca}`,
    `openssl s_client -connect ${connect(995)}${ca}`,
  ];
}

/**
 * The check without openssl on Windows (issue 17 item 8): Test-NetConnection (PowerShell 4+,
 * Windows Server 2012 R2 and later) for the port, and .NET's SslStream for the certificate the
 * server sends (the callback, cast to its delegate type explicitly, accepts any
 * certificate: the point is to see which one the server sends).
 * Only for a host that is a plain DNS name or address: the value sits in a PowerShell string, and
 * shell-quote.ts quotes for cmd, not PowerShell.
 */
export function powershellCommands(c: Ctx): string[] | undefined {
  if (!/^[A-Za-z0-9.:-]+$/.test(c.host)) return undefined;
  return [
    `Test-NetConnection ${c.host} -Port 995`,
    `$c = New-Object Net.Sockets.TcpClient('${c.host}', 995); $s = New-Object Net.Security.SslStream($c.GetStream(), $false, ({$true} -as [Net.Security.RemoteCertificateValidationCallback])); $s.AuthenticateAsClient('${c.host}'); $s.RemoteCertificate | Format-List Subject, Issuer; $c.Close()`,
  ];
}
