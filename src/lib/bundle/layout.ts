/**
 * Where every file of a MailRoot bundle goes: one layout for every flow. The unzipped bundle has
 * a `MailRoot/` folder whose contents are copied over the server's MailRoot as they are, so only
 * files XMail reads live there (fixed names, lower case: XMail has no path settings). Everything
 * the administrator reads or applies by hand (patch, startup options, client files) stays outside
 * it, so copying MailRoot/ never drops stray files into the live folder.
 */
export const BUNDLE_PATHS = {
  mailRootDir: 'MailRoot',
  serverKey: 'MailRoot/server.key',
  serverCert: 'MailRoot/server.cert',
  certsPem: 'MailRoot/certs.pem',
  certsDir: 'MailRoot/certs',
  /** The client CA(s) a rotation retires: never copied, only compared with (install-commands.ts retireCommands). */
  retiredDir: 'retired-ca',
  serverTab: 'MailRoot/server.tab',
  serverTabPatch: 'server.tab.patch',
  commandLine: 'startup/xmail-cmdline.txt',
  initScriptLine: 'startup/xmail-init-script-line.txt',
  /** HKLM\SOFTWARE\GNU\XMail: 64-bit XMail on 64-bit Windows, or any XMail on 32-bit Windows. */
  regNative: 'startup/xmail-registry.reg',
  /** HKLM\SOFTWARE\Wow6432Node\GNU\XMail: 32-bit XMail on 64-bit Windows. */
  regWow64: 'startup/xmail-registry-32bit-xmail-on-64bit-windows.reg',
  clientsDir: 'clients',
  mobileconfig: 'clients/trust-ca.mobileconfig',
  selfSignedDer: 'clients/server-selfsigned.cer',
  selfSignedPem: 'clients/server-selfsigned.pem',
  installJa: 'INSTALL.ja.txt',
  installEn: 'INSTALL.en.txt',
  manifest: 'MANIFEST.sha256',
} as const;

/** `clients/ca.cer` / `clients/ca.pem` for one CA; `ca-1`, `ca-2`, ... when there are several. */
export function caFileBase(index: number, count: number): string {
  return count === 1 ? `${BUNDLE_PATHS.clientsDir}/ca` : `${BUNDLE_PATHS.clientsDir}/ca-${index + 1}`;
}

/** What a file in the bundle is for; INSTALL describes files by role. */
export type BundleFileRole =
  | 'server-key'
  | 'server-cert'
  | 'certs-pem'
  | 'certs-hash'
  | 'retired-ca'
  | 'server-tab'
  | 'server-tab-patch'
  | 'command-line'
  | 'init-script-line'
  | 'reg-native'
  | 'reg-wow64'
  | 'ca-der'
  | 'ca-pem'
  | 'mobileconfig'
  | 'self-signed-der'
  | 'self-signed-pem'
  | 'extra'
  | 'install'
  | 'manifest';
