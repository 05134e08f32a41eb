/** A dropped MailRoot folder: which of its files XMail reads for TLS. */
import type { XmailTarget } from '../targets.ts';
import type { DiagnoseInput } from './input.ts';

export interface MailRootFiles {
  serverTab?: Uint8Array;
  serverKey?: Uint8Array;
  serverCert?: Uint8Array;
  certsPem?: Uint8Array;
  certsDir: Array<{ name: string; bytes: Uint8Array }>;
  /** The files taken, by the path they were given with, and what XMail reads each as; the rest are not read. */
  roles: Array<{ path: string; role: MailRootRole }>;
}

type RootFile = 'server.tab' | 'server.key' | 'server.cert' | 'certs.pem';
/** What XMail reads a MailRoot file as (a file of certs/ is one of the hashed-directory entries). */
export type MailRootRole = RootFile | 'certs-dir';

/**
 * Picks XMail's TLS files out of a dropped folder: paths may carry any leading folders
 * (`MailRoot/server.tab`, `backup/MailRoot/server.tab`, Windows `\`). The MailRoot is the
 * shallowest folder holding one of server.tab, server.key, server.cert.
 */
export function pickMailRootFiles(files: ReadonlyArray<{ path: string; bytes: Uint8Array }>): MailRootFiles {
  const norm = files.map((f) => ({ path: f.path.replace(/\\/g, '/').replace(/^\/+/, ''), given: f.path, bytes: f.bytes }));
  const candidates = norm
    .filter((f) => (['server.tab', 'server.key', 'server.cert'] as const).some((n) => f.path === n || f.path.endsWith(`/${n}`)))
    .map((f) => f.path.slice(0, f.path.lastIndexOf('/') + 1))
    .sort((a, b) => a.split('/').length - b.split('/').length || a.length - b.length);
  const root = candidates[0] ?? '';
  const roles: MailRootFiles['roles'] = [];
  const get = (name: RootFile) => {
    const file = norm.find((f) => f.path === root + name);
    if (file) roles.push({ path: file.given, role: name });
    return file?.bytes;
  };
  const inCertsDir = norm.filter((f) => f.path.startsWith(`${root}certs/`) && !f.path.slice(root.length + 6).includes('/') && f.path.length > root.length + 6);
  const certsDir = inCertsDir.map((f) => ({ name: f.path.slice(root.length + 6), bytes: f.bytes }));
  const out: MailRootFiles = { certsDir, roles };
  const tab = get('server.tab');
  const key = get('server.key');
  const cert = get('server.cert');
  const pem = get('certs.pem');
  if (tab) out.serverTab = tab;
  if (key) out.serverKey = key;
  if (cert) out.serverCert = cert;
  if (pem) out.certsPem = pem;
  roles.push(...inCertsDir.map((f) => ({ path: f.given, role: 'certs-dir' as const })));
  return out;
}

/** The diagnose input for the files picked from a dropped MailRoot folder: a complete MailRoot (absent files are missing). */
export function mailRootInput(picked: MailRootFiles, options: { target: XmailTarget; commandLine?: string; now?: Date }): DiagnoseInput {
  return {
    target: options.target,
    complete: true,
    ...(picked.serverTab ? { serverTab: picked.serverTab } : {}),
    ...(picked.serverKey ? { serverKey: picked.serverKey } : {}),
    ...(picked.serverCert ? { serverCert: picked.serverCert } : {}),
    ...(picked.certsPem ? { certsPem: picked.certsPem } : {}),
    certsDir: picked.certsDir,
    ...(options.commandLine !== undefined ? { commandLine: options.commandLine } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
}
