/**
 * Layered bundles (issue 10): the client-CA bundle and every TLS-mode bundle but "off" use the
 * server.key / server.cert already in MailRoot, so when the administrator showed us their MailRoot
 * folder (現在の環境) the page checks that those two files are there before the download.
 *
 * Only a folder pick counts: single files picked one by one say nothing about the files not
 * picked. The names are fixed and live in MailRoot itself (xmail-tls.md: XMail has no path
 * setting; SSLBind.cpp BSslSetupVerify loads them per connection), so the base name decides.
 */
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
