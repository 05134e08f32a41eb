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

/**
 * Where INSTALL asks the administrator to unzip the bundle, so every relative path in it works.
 * Windows: inside the administrator's own profile, never directly under C:\ (a folder made there
 * inherits Users:(RX) and Authenticated Users:(M): any local user could read server.key in it, or
 * swap server.key/server.cert, server.tab or a startup .reg that the administrator then runs with
 * `reg import` elevated, between unzip and the commands). %USERPROFILE% opens only to that user,
 * Administrators and SYSTEM.
 */
export const UNZIP_DIR: Record<TargetOs, string> = { windows: '%USERPROFILE%\\xmail-bundle', unix: '~/xmail-bundle' };
/**
 * The unzipped folder as every command that READS the bundle names it (reviewer: run from another
 * folder, a new prompt, `sudo -i`, "Open in Terminal", a relative `MailRoot\\certs.pem` was not
 * found: the merge appended nothing and installed an empty certs.pem, which XMail then hands to
 * SSL_CTX_load_verify_locations (SSLBind.cpp BSslSetupVerify) and every verified handshake fails;
 * the rotation's delete loop emptied certs\\). Absolute, so the working folder never matters; on
 * Unix `$HOME` inside double quotes (a `~` there would stay a literal `~`).
 */
const BUNDLE_ABS: Record<TargetOs, string> = { windows: UNZIP_DIR.windows, unix: '$HOME/xmail-bundle' };
/** A bundle file (layout path, a fixed name of ours) as one absolute, double-quoted argument. */
export function bundleArg(os: TargetOs, path: string): string {
  if (!/^[A-Za-z0-9._/-]+$/.test(path)) throw new Error(`unexpected bundle path ${path}`);
  return os === 'windows' ? `"${BUNDLE_ABS.windows}\\${path.replace(/\//g, '\\')}"` : `"${BUNDLE_ABS.unix}/${path}"`;
}

/** Removes the unzipped bundle (it holds the unencrypted key) when the work is done. */
export function deleteBundleCommand(os: TargetOs): string {
  // Windows: step 1 made it the prompt's current folder, which rmdir cannot remove: cd out first.
  return os === 'windows' ? `cd /d "%USERPROFILE%" && rmdir /s /q "${UNZIP_DIR.windows}"` : `rm -rf ${UNZIP_DIR.unix}`;
}
/** Where the backup folders go: the same private place (the backup may hold a copy of the key). */
export const BACKUP_PARENT: Record<TargetOs, string> = { windows: '%USERPROFILE%\\', unix: '~/' };

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
  /**
   * A path as one argument, ALWAYS quoted (reviewer: `C:\\MailRoot` left bare became two words
   * once an administrator put their own `C:\\Program Files\\XMail\\MailRoot` in its place, as the
   * intro tells them to: `move` / `del` / `rm` on a split path). Windows: double quotes (cmd.exe,
   * wildcards still work inside them); Unix: single quotes, inside which sh reads every character
   * literally, so a path pasted over /var/MailRoot stays one word.
   */
  p: (path: string) => string;
  /** A bundle file as one absolute argument (bundleArg). */
  b: (path: string) => string;
}

function alwaysQuoted(os: TargetOs, path: string): string {
  const q = quoteArg(os, path);
  if (q !== path) return q;
  return os === 'windows' ? `"${path}"` : `'${path}'`;
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
    p: (v) => alwaysQuoted(facts.os, v),
    b: (v) => bundleArg(facts.os, v),
  };
}

export function unzipCommands(c: Ctx): string[] {
  // The quotes: a profile path may hold a blank (C:\Users\Taro Yamada).
  return [c.facts.os === 'windows' ? `cd /d "${UNZIP_DIR.windows}"` : `cd ${UNZIP_DIR.unix}`];
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

/**
 * The backup goes into a NEW folder on every run (a renewal next year, or the steps run twice),
 * so an earlier backup of the original files is never overwritten.
 * - Unix: `mktemp -d` makes a folder that did not exist, mode 700 (the backup holds the private
 *   key), named with the date and time plus a unique suffix; `${B:?}` stops a copy if B is empty
 *   (it would otherwise copy into `/`).
 * - Windows cmd has no locale-independent clock: %date% and %time% with `/`, `:` removed and blanks
 *   made 0 (ja-JP: %USERPROFILE%\xmail-backup-20261202-090503.12; other locales give other, still
 *   valid names). The folder is in the administrator's profile (never directly under C:\, whose
 *   default ACL lets Authenticated Users modify what is made there, or pre-create the folder), and
 *   is also closed to all but Administrators and SYSTEM (icacls with SIDs: every Windows language),
 *   chained to `mkdir` so it runs only on the folder this run made; INSTALL says to stop if mkdir
 *   fails. Each copy names its destination file in full, so no F/D question and no trailing
 *   backslash inside quotes; "%B%" is quoted, a profile path may hold a blank.
 * The last command shows the folder's name: the undo note points to it.
 */
const BACKUP_MKDIR = 'mkdir "%B%" && icacls "%B%" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F';

export function backupCommands(c: Ctx): string[] {
  const names = backupNames(c);
  if (c.facts.os === 'windows') {
    // `set "B=..."`: the quotes keep a trailing blank out of B and an & in a profile path inside it.
    const cmds = ['set "B=%date:/=%-%time::=%"', `set "B=${BACKUP_PARENT.windows}xmail-backup-%B: =0%"`, BACKUP_MKDIR];
    for (const n of names) cmds.push(`copy ${c.p(`${c.mailRoot}\\${n}`)} "%B%\\${n}"`);
    for (const n of absentNames(c)) cmds.push(`if not exist ${c.p(`${c.mailRoot}\\${n}`)} echo ${n}>>"%B%\\${BACKUP_ABSENT}"`);
    if (c.has('certs-hash')) {
      cmds.push(`xcopy /E /I ${c.p(`${c.mailRoot}\\certs`)} "%B%\\certs"`);
      cmds.push(`if not exist ${c.p(`${c.mailRoot}\\certs\\`)} echo certs>>"%B%\\${BACKUP_ABSENT}"`);
    }
    if (c.facts.startup) {
      cmds.push('reg export "HKLM\\SOFTWARE\\GNU\\XMail" "%B%\\xmail.reg"');
      cmds.push('reg export "HKLM\\SOFTWARE\\Wow6432Node\\GNU\\XMail" "%B%\\xmail-wow64.reg"');
    }
    cmds.push(`type nul > "%B%\\${BACKUP_MARKER}"`, 'echo %B%');
    return cmds;
  }
  const cmds = [`B=$(mktemp -d ${BACKUP_PARENT.unix}xmail-backup-$(date +%Y%m%d-%H%M%S)-XXXXXX)`];
  const files = names.map((n) => c.p(`${c.mailRoot}/${n}`)).join(' ');
  if (files) cmds.push(`cp -p ${files} "\${B:?}"/`);
  for (const n of absentNames(c)) cmds.push(`[ -e ${c.p(`${c.mailRoot}/${n}`)} ] || echo ${n} >> "\${B:?}"/${BACKUP_ABSENT}`);
  if (c.has('certs-hash')) {
    // -P: a c_rehash-style HASH.0 -> ca.pem link is saved as the link it is. `certs/.`: the folder's
    // files even when certs is itself a link (reviewer: only the link was saved, and the undo then
    // took nothing away). Into certs.part, renamed once complete: a failed copy leaves no certs
    // folder in the backup, so the undo deletes nothing there.
    const part = '"${B:?}"/certs.part';
    cmds.push(`[ ! -d ${c.p(`${c.mailRoot}/certs`)} ] || { mkdir ${part} && cp -pPR ${c.p(`${c.mailRoot}/certs/.`)} ${part}/ && mv ${part} "\${B:?}"/certs; }`);
    cmds.push(`[ -e ${c.p(`${c.mailRoot}/certs`)} ] || echo certs >> "\${B:?}"/${BACKUP_ABSENT}`);
  }
  if (c.facts.startup) cmds.push(`cp -p ${c.p('/etc/init.d/xmail')} "\${B:?}"/`);
  cmds.push(`touch "\${B:?}"/${BACKUP_MARKER}`, 'echo "$B"');
  return cmds;
}

/**
 * The names of the files this bundle writes that were NOT in MailRoot at backup time, one a line,
 * recorded by the backup step from the live MailRoot itself (reviewer: the undo read a file missing
 * from the backup as "not there before", so a copy that merely FAILED made the undo delete the live
 * server.key, server.cert or certs.pem). The undo deletes a live file only when its name is here.
 * server.tab is never listed: no bundle adds one, and XMail cannot run without it (SvrUtils.cpp
 * SvrGetConfigHandle), so the undo only ever puts a saved server.tab back.
 */
export const BACKUP_ABSENT = 'absent.txt';
function absentNames(c: Ctx): string[] {
  return backupNames(c).filter((n) => n !== 'server.tab');
}

/**
 * Written last into the backup folder: it marks a backup folder of step 2 (INSTALL names it). The
 * undo no longer deletes on its word (a copy that failed before it looked like an absent file):
 * deletions hang on BACKUP_ABSENT, and for certs/ on the backup's own certs folder.
 */
export const BACKUP_MARKER = 'xmail-backup.txt';

/**
 * Undo (reviewer: the note only put back the saved files, leaving in place the ones this install
 * ADDED, e.g. server.key/server.cert on a first install, the certs/ files, a new certs.pem; and a
 * key restored on Windows kept MailRoot's inherited ACL). For each file the bundle writes into
 * MailRoot: the saved copy goes back the same way it came in (temporary name, rename; on Unix
 * under umask 077 with cp -p keeping the saved mode; on Windows the key closed again with the
 * same icacls as the install before its move), or, when step 2 recorded the file as absent
 * (BACKUP_ABSENT), the file is deleted; server.tab is never deleted. certs/: every file whose name the backup's certs folder lacks is
 * one this install added, and every saved file goes back (copy, rename: the ones a trust-set
 * replacement deleted; when adding, addToHashDir changed none, so these are the same bytes). Then the startup files
 * and a restart when the bundle changed them, and the same closing check for a .new left over.
 */
export function undoCommands(c: Ctx): string[] {
  const windows = c.facts.os === 'windows';
  const names = backupNames(c);
  const live = (n: string) => c.p(windows ? `${c.mailRoot}\\${n}` : `${c.mailRoot}/${n}`);
  // Reviewer: INSTALL promised that nothing happens without step 2's marker, yet no line checked
  // it (B naming the unzipped bundle's MailRoot deleted their certs/ files, replaced certs.pem).
  // Every line that writes or deletes now starts with the marker's test.
  const guard = windows ? `if exist "%B%\\${BACKUP_MARKER}" ` : `[ -e "$B/${BACKUP_MARKER}" ] && `;
  const cmds: string[] = [];
  if (windows) {
    if (c.has('certs-hash')) {
      const certs = `${c.mailRoot}\\certs`;
      const at = (suffix: string) => c.p(certs).replace(/"$/, `\\${suffix}"`);
      // Only with the backup's certs folder, or certs recorded absent (a failed xcopy deletes nothing).
      cmds.push(`${guard}if exist "%B%\\certs\\" for %c in (${c.p(`${certs}\\*`)}) do @if not exist "%B%\\certs\\%~nxc" del "%~fc"`);
      cmds.push(`${guard}findstr /l /i /x /c:certs "%B%\\${BACKUP_ABSENT}" >nul && for %c in (${c.p(`${certs}\\*`)}) do @del "%~fc"`);
      cmds.push(`${guard}if exist "%B%\\certs\\*" for %c in ("%B%\\certs\\*") do @copy /Y "%~fc" ${at('%~nxc.new')} >nul && move /Y ${at('%~nxc.new')} ${at('%~nxc')} >nul`);
      // A certs folder this install made (step 2 recorded it absent) goes too; rmdir removes only an empty one.
      cmds.push(`${guard}findstr /l /i /x /c:certs "%B%\\${BACKUP_ABSENT}" >nul && rmdir ${c.p(certs)}`);
    }
    for (const n of names) {
      const temp = live(`${n}.new`);
      const [del, copy] = n === 'server.key' ? keyCopyWindows(`"%B%\\${n}"`, temp) : ['', `copy /Y "%B%\\${n}" ${temp}`];
      const restore = `${guard}if exist "%B%\\${n}" (${del ? `(${del}) & ` : ''}${copy} && move /Y ${temp} ${live(n)})`;
      cmds.push(n === 'server.tab' ? restore : `${restore} else (findstr /l /i /x /c:${n} "%B%\\${BACKUP_ABSENT}" >nul && del ${live(n)})`);
    }
    if (c.facts.startup) {
      for (const reg of ['xmail.reg', 'xmail-wow64.reg']) cmds.push(`${guard}if exist "%B%\\${reg}" reg import "%B%\\${reg}"`);
      cmds.push(...restartCommands('windows'));
    }
    cmds.push(...leftoverChecks(c));
    return cmds;
  }
  if (c.has('certs-hash')) {
    const certs = c.p(`${c.mailRoot}/certs`);
    // Only with the backup's certs folder, or certs recorded absent (a failed cp deletes nothing).
    // -L too: a saved link whose target is not in the backup still names a file to keep.
    cmds.push(`${guard}{ [ -d "$B/certs" ] || grep -qsxF certs "$B/${BACKUP_ABSENT}"; } && for f in ${certs}/*; do [ -e "$B/certs/\${f##*/}" ] || [ -L "$B/certs/\${f##*/}" ] || rm -f "$f"; done`);
    // cp -P: a saved link goes back as a link, not as a copy of what it points to (reviewer).
    cmds.push(`${guard}[ -d "$B/certs" ] && for f in "$B"/certs/*; do cp -pP "$f" ${certs}/"\${f##*/}.new" && mv -f ${certs}/"\${f##*/}.new" ${certs}/"\${f##*/}"; done`);
    // A certs folder this install made goes too; rmdir removes only an empty one (reviewer: it stayed).
    cmds.push(`${guard}grep -qsxF certs "$B/${BACKUP_ABSENT}" && rmdir ${certs}`);
  }
  // A live file that is a symbolic link is left as it is (reviewer: it came back a regular file).
  cmds.push(`undo1() { if [ ! -e "$B/${BACKUP_MARKER}" ] || [ -L "$2" ]; then :; elif [ -e "$B/$1" ]; then rm -f "$2.new" && (umask 077; cp -p "$B/$1" "$2.new") && mv -f "$2.new" "$2"; elif [ "$1" != server.tab ] && grep -qsxF "$1" "$B/${BACKUP_ABSENT}"; then rm -f "$2"; fi; }`);
  for (const n of names) cmds.push(`undo1 ${n} ${live(n)}`);
  if (c.facts.startup) cmds.push(`${guard}[ -e "$B/xmail" ] && cp -p "$B/xmail" ${c.p('/etc/init.d/xmail')}`, ...restartCommands('unix'));
  cmds.push(...leftoverChecks(c));
  return cmds;
}

/** A bundle file's path in the live MailRoot, and the temporary name it is first copied to. */
function liveTarget(c: Ctx, bundlePath: string): string {
  const rest = bundlePath.slice(BUNDLE_PATHS.mailRootDir.length);
  return c.facts.os === 'windows' ? `${c.mailRoot}${rest.replace(/\//g, '\\')}` : `${c.mailRoot}${rest}`;
}
const TEMP_SUFFIX = '.new';

/** The order the renames run in: certs.pem, then the key and certificate side by side, server.tab last. */
const RENAME_ORDER: readonly BundleFileRole[] = ['certs-hash', 'certs-pem', 'server-key', 'server-cert', 'server-tab'];

function renameCommand(c: Ctx, live: string): string {
  const from = c.p(`${live}${TEMP_SUFFIX}`);
  return c.facts.os === 'windows' ? `move /Y ${from} ${c.p(live)}` : `mv -f ${from} ${c.p(live)}`;
}

/**
 * Files go into the LIVE MailRoot while XMail runs. XMail opens server.key and server.cert for
 * every new TLS connection (SSLBind.cpp BSslBindServer -> BSslSetupVerify: a new SSL_CTX, then
 * SSL_CTX_use_certificate_chain_file, SSL_CTX_use_PrivateKey_file, SSL_CTX_check_private_key),
 * certs.pem and certs/ in the same place (SSL_CTX_load_verify_locations), and server.tab whenever
 * it needs a variable (SvrUtils.cpp SvrGetConfigHandle -> SvrReadConfig, a fresh fopen). A copy in
 * place lets a connection read a half-written file. So every file is first copied to a temporary
 * name in MailRoot (same volume), then renamed over the old one (`mv -f` is rename(2); `move /Y`
 * on one NTFS volume is a rename that replaces), all renames adjacent at the end. Two renames are
 * still two steps: a connection starting between the key's and the certificate's sees a
 * mismatched pair and fails its handshake (INSTALL says so). On Windows, a rename fails while
 * XMail has the file open (the C runtime's fopen does not share delete): INSTALL says to repeat it.
 * Unix: the key's temporary copy is created under umask 077 (after removing any leftover), so it
 * is never group/other-readable, and chmod 600 runs before its rename.
 * Windows: `copy /Y` gives server.key.new MailRoot's inherited ACL (often Users:RX) and `move /Y`
 * keeps it, so before its rename the key's copy is closed to all but Administrators and SYSTEM
 * (SIDs: every Windows language; XMail's service runs as LocalSystem by default); INSTALL says how
 * to add the service account when it is another one.
 * Windows, every other file (reviewer's question, decided: no change): server.cert, certs.pem,
 * certs\ and server.tab get MailRoot's inherited ACL the same way, and that is right. None is
 * secret (a certificate is sent to every client; server.tab holds switches and host names, the
 * passwords live in other .tab files); XMail reads them as LocalSystem, and may also write
 * server.tab (CTRL `cfgfileset`), so they need exactly what every other MailRoot file has, which
 * is also what stops a non-administrator from replacing them. A custom ACL the administrator put
 * on the old file is not carried over (a rename keeps the new file's own ACL), as with any editor
 * that saves by rename.
 */
export const KEY_ACL_WINDOWS = '/inheritance:r /grant:r *S-1-5-32-544:F *S-1-5-18:F';

/**
 * The key's temporary copy on Windows (reviewer, security): a server.key.new left over, or made in
 * advance by a local user who can write to MailRoot, keeps its owner and ACL when `copy /Y` writes
 * onto it, and `icacls /grant:r` only replaces the entries of the SIDs it names (the others stay),
 * so that user could read the new key. So: the old one is deleted (`del /f`: read-only too), and
 * the copy runs only when it is really gone (`if not exist` holds the whole && chain: cmd takes
 * the rest of the line as the if's command); INSTALL says to stop when del shows "Access is denied".
 * Then the owner becomes Administrators (`/setowner`: an owner can always rewrite the ACL), `/reset`
 * drops every explicit entry (back to inherited only), and KEY_ACL_WINDOWS removes the inherited
 * ones and grants only Administrators and SYSTEM (SIDs: every Windows language).
 */
function keyCopyWindows(src: string, temp: string): [string, string] {
  return [
    `if exist ${temp} del /f /q ${temp}`,
    `if not exist ${temp} copy /Y ${src} ${temp} && icacls ${temp} /setowner *S-1-5-32-544 && icacls ${temp} /reset && icacls ${temp} ${KEY_ACL_WINDOWS}`,
  ];
}

export function copyCommands(c: Ctx): string[] {
  const windows = c.facts.os === 'windows';
  const all = c.facts.files.filter((f) => f.path.startsWith(`${BUNDLE_PATHS.mailRootDir}/`));
  // certs/ files never replace anything (addToHashDir); the others are copied, then renamed.
  const files = all.filter((f) => f.role !== 'certs-hash');
  const copies: string[] = [];
  if (c.has('certs-hash')) {
    const certs = c.p(liveTarget(c, BUNDLE_PATHS.certsDir));
    copies.push(windows ? `if not exist ${certs} mkdir ${certs}` : `mkdir -p ${certs}`);
    // A rotation: the retired CA's files go first, so the new CA takes the first free number.
    copies.push(...retireFromHashDir(c), ...addToHashDir(c, all.filter((f) => f.role === 'certs-hash')));
  }
  for (const f of files) {
    const temp = c.p(`${liveTarget(c, f.path)}${TEMP_SUFFIX}`);
    if (f.role === 'certs-pem') copies.push(...mergeCertsPem(c, f.path));
    else if (windows) {
      if (f.role === 'server-key') copies.push(...keyCopyWindows(c.b(f.path), temp));
      else copies.push(`copy /Y ${c.b(f.path)} ${temp}`);
    }
    else if (f.role === 'server-key') copies.push(`rm -f ${temp}`, `(umask 077; cp ${c.b(f.path)} ${temp})`, `chmod 600 ${temp}`);
    else copies.push(`cp ${c.b(f.path)} ${temp}`);
  }
  const rank = (role: BundleFileRole) => (RENAME_ORDER.includes(role) ? RENAME_ORDER.indexOf(role) : RENAME_ORDER.length);
  const guard = (f: { role: BundleFileRole; path: string }) =>
    f.role === 'certs-pem' ? certsPemHas(c, f.path) : f.role === 'server-key' || f.role === 'server-cert' ? keyPairNoLink(c) : '';
  const renames = [...files].sort((a, b) => rank(a.role) - rank(b.role)).map((f) => guard(f) + renameCommand(c, liveTarget(c, f.path)));
  return [...copies, ...renames, ...leftoverChecks(c), ...retiredChecks(c)];
}

/**
 * A rotation of the client CA (reviewer: the step deleted every certs/ file not in the bundle,
 * the administrator's own CAs too, which XMail also uses to verify outbound servers with
 * SSLWantVerify: SSLBind.cpp BSslBindClient -> BSslSetupVerify). Only a file whose bytes equal a
 * retired CA's (as we wrote it: retired-ca/ca-N.pem) goes. OpenSSL's by_dir (XMail's
 * SSL_CTX_load_verify_locations, SSLBind.cpp BSslSetupVerify) stops at the first missing HASH.N,
 * so a HASH.N freed in the middle takes the last file of its HASH (the rule certsCleanup states).
 * - Unix: a function over every file (`cmp -s`); the last one moves over it with `mv -f`.
 * - Windows: per hash name of the retired CA, `for /L` finds its number N (`fc /b`) and the last
 *   number L before a gap (`if not defined`, read at run time, as addToHashDir); the next lines,
 *   parsed after it ran, copy L over N (copy to .new, move) and delete L, or delete N when it is
 *   the last. Two passes per hash name (reviewer: the retired CA twice under one HASH left a
 *   gap). Then any other file equal to it (`for %c`, `fc /b`) is deleted, but no file of its hash
 *   names: a third copy there stays, and the closing findstr lists it (never a silent gap).
 */
function retireFromHashDir(c: Ctx): string[] {
  const retired = c.facts.certsRetired ?? [];
  const live = liveTarget(c, BUNDLE_PATHS.certsDir);
  if (!retired.length) return [];
  if (c.facts.os === 'unix') {
    return [
      'retire() { for f in "$2"/*; do cmp -s "$1" "$f" || continue; l=; case ${f##*/} in *.[0-9]|*.[0-9][0-9]) s=${f%.*}; n=${f##*.}; l=$n; while [ -e "$s.$((l+1))" ]; do l=$((l+1)); done;; esac; if [ -n "$l" ] && [ "$l" != "$n" ]; then mv -f "$s.$l" "$f"; else rm -f "$f"; fi; done; }',
      ...retired.map((r) => `retire ${c.b(r.path)} ${c.p(live)}`),
    ];
  }
  return retired.flatMap((r) => [
    ...r.stems.flatMap((stem) => [stem, stem]).flatMap((stem) => {
      const at = (n: string) => c.p(`${live}\\${stem}`).replace(/"$/, `.${n}"`);
      return [
        'set N=& set L=& set G=',
        `for /L %i in (0,1,99) do @if not defined G if exist ${at('%i')} (set L=%i& if not defined N fc /b ${c.b(r.path)} ${at('%i')} >nul && set N=%i) else set G=-`,
        `if defined N if not "%N%"=="%L%" copy /Y ${at('%L%')} ${at('%N%.new')} && move /Y ${at('%N%.new')} ${at('%N%')} && del ${at('%L%')}`,
        `if defined N if "%N%"=="%L%" del ${at('%N%')}`,
      ];
    }),
    `for %c in (${c.p(`${live}\\*`)}) do @${r.stems.map((stem) => `if /i not "%~nc"=="${stem}" `).join('')}fc /b ${c.b(r.path)} "%~fc" >nul && del "%~fc"`,
  ]);
}

/**
 * The rotation's closing check (reviewer: a refused del/rm in the loop went unnoticed): lists every
 * file that still holds a retired CA, found by its marker (pemMarker) in certs.pem and certs/.
 * Nothing listed (grep/findstr exit 1) means it is gone.
 */
function retiredChecks(c: Ctx): string[] {
  const pem = c.p(liveTarget(c, BUNDLE_PATHS.certsPem));
  const certs = liveTarget(c, BUNDLE_PATHS.certsDir);
  return (c.facts.certsRetired ?? []).map((r) =>
    c.facts.os === 'windows' ? `findstr /m /l /c:${c.p(r.marker)} ${pem} ${c.p(`${certs}\\*`)}` : `grep -lsF ${c.p(r.marker)} ${pem} ${c.p(certs)}/*`,
  );
}

/**
 * certs.pem without the retired CAs, into certs.pem.new (reviewer: the rotation replaced certs.pem,
 * the administrator's own CAs with it).
 * - Unix: awk keeps every line outside a BEGIN..END block, and each block unless it holds a retired
 *   CA's marker once blanks and line ends are removed (any wrapping).
 * - Windows (cmd has no awk): `for /f` over the lines; a BEGIN CERTIFICATE line is held (H) until
 *   the next line shows whether it starts a retired CA (its first base64 line as we wrote it),
 *   whose lines up to END are then dropped (D). `if defined` is read at run time. Another wrapping
 *   stays, and the closing findstr lists it. Reviewer: an END line with trailing blanks (OpenSSL
 *   accepts it) never equalled END and the rest of the file, their CAs too, was dropped: END is
 *   the line's first token (`for /f "tokens=1"`, blanks trimmed; only base64 lines get there), and
 *   a BEGIN ends the drop. `eol=|`: the default `;` dropped lines starting with it (blank lines
 *   are still skipped: PEM needs none).
 */
function certsPemWithoutRetired(c: Ctx, live: string, temp: string): string[] {
  const retired = c.facts.certsRetired ?? [];
  if (c.facts.os === 'unix') {
    const prog = String.raw`BEGIN{n=split(m,k," ")} /-----BEGIN/{b="";i=1} i{b=b $0 "\n"; if(/-----END/){t=b; gsub(/[ \t\r\n]/,"",t); d=0; for(j=1;j<=n;j++) if(index(t,k[j])) d=1; if(!d) printf "%s", b; i=0}; next} {print} END{if(i) printf "%s", b}`;
    return [`[ ! -e ${c.p(live)} ] || { cp -p ${c.p(live)} ${temp} && awk -v m=${c.p(retired.map((r) => r.marker).join(' '))} '${prog}' ${c.p(live)} > ${temp}; }`];
  }
  const begin = '-----BEGIN CERTIFICATE-----';
  const first = retired.map((r) => `if "%l"=="${r.firstLine}" (set D=-) else `).join('');
  return [
    'set D=& set H=',
    `if exist ${c.p(live)} (for /f "usebackq eol=| delims=" %l in (${c.p(live)}) do @if defined D (if "%l"=="${begin}" (set D=& set H=-) else for /f "tokens=1" %e in ("%l") do @if "%e"=="-----END CERTIFICATE-----" set D=) else if defined H (set H=& ${first}(echo ${begin}& echo(%l)) else if "%l"=="${begin}" (set H=-) else echo(%l) > ${temp}`,
  ];
}

/**
 * certs.pem.new goes live only when it holds every CA of this bundle (reviewer: with the bundle
 * not at the absolute path, e.g. unzipped as a user and run under `sudo -i`, nothing was appended
 * while the rotation's awk had dropped the retired CA, and the rename left no CA a client could
 * chain to). Otherwise certs.pem stays and the closing check lists certs.pem.new.
 */
function certsPemHas(c: Ctx, bundlePath: string): string {
  const parts = c.facts.certsPemParts?.length ? c.facts.certsPemParts : [{ path: bundlePath }];
  const temp = c.p(`${liveTarget(c, bundlePath)}${TEMP_SUFFIX}`);
  // Unix: never over a link (reviewer: a linked certs.pem became a regular file); the admin copies
  // certs.pem.new over the file it points to (INSTALL says so).
  const link = c.facts.os === 'unix' ? `[ ! -L ${c.p(liveTarget(c, bundlePath))} ] && ` : '';
  return link + parts
    .filter((part) => part.marker)
    .map((part) => (c.facts.os === 'windows' ? `findstr /L /C:${c.p(part.marker!)} ${temp} >nul && ` : `grep -qsF ${c.p(part.marker!)} ${temp} && `))
    .join('');
}

/**
 * Unix: server.key and server.cert are never renamed over a symbolic link (reviewer: many servers
 * point them into /etc/letsencrypt/live/<host>/ or a shared /etc/ssl path; the `mv -f` put regular
 * files in their place, so renewals no longer reached XMail, and the undo, finding regular files,
 * put back regular copies: the links were gone for good). Neither is renamed when either of the
 * bundle's pair is a link (a new certificate beside the old key fails every handshake:
 * SSL_CTX_check_private_key in SSLBind.cpp BSslSetupVerify); both .new files stay, the closing
 * `ls` lists them and INSTALL says what to do, as for a linked certs.pem (certsPemHas).
 */
function keyPairNoLink(c: Ctx): string {
  if (c.facts.os !== 'unix') return '';
  const pair = c.facts.files.filter((f) => f.role === 'server-key' || f.role === 'server-cert');
  return pair.map((f) => `[ ! -L ${c.p(liveTarget(c, f.path))} ] && `).join('');
}

/**
 * certs.pem is MERGED, never replaced (reviewer: the administrator's own CAs in it were lost, and
 * with them every client whose certificate they issued). XMail hands MailRoot/certs.pem to
 * SSL_CTX_load_verify_locations as the CA file (SSLBind.cpp BSslSetupVerify; the path and the
 * SSLUseCertsFile flag come from SvrUtils.cpp), which loads EVERY certificate in it, so the
 * union is what the administrator trusts after the change: their file, copied to certs.pem.new,
 * then each of this bundle's CAs appended unless its marker (mailroot.ts pemMarker: found however
 * the CA is wrapped, 64 or 76 columns or one line, LF or CRLF) is already there (a second run adds
 * nothing; a CA twice in one file is refused by some OpenSSL versions' X509_STORE_add_cert), each
 * after a line break (a file saved by Notepad often ends without one, and PEM needs BEGIN on a
 * line of its own). Only then the usual rename. A file of one CA comes from certs/ in the bundle.
 */
function mergeCertsPem(c: Ctx, bundlePath: string): string[] {
  const live = liveTarget(c, bundlePath);
  const temp = c.p(`${live}${TEMP_SUFFIX}`);
  const parts = c.facts.certsPemParts?.length ? c.facts.certsPemParts : [{ path: bundlePath }];
  if (c.facts.os === 'windows') {
    return [
      `type nul > ${temp}`,
      ...(c.facts.certsRetired ? certsPemWithoutRetired(c, live, temp) : [`if exist ${c.p(live)} copy /Y ${c.p(live)} ${temp}`]),
      ...parts.map((part) => {
        const add = `if exist ${c.b(part.path)} (echo.&type ${c.b(part.path)}) >> ${temp}`;
        return part.marker ? `findstr /L /C:${c.p(part.marker)} ${temp} >nul || ${add}` : add;
      }),
    ];
  }
  return [
    `rm -f ${temp}`,
    ...(c.facts.certsRetired ? certsPemWithoutRetired(c, live, temp) : [`[ ! -e ${c.p(live)} ] || cp -p ${c.p(live)} ${temp}`]),
    ...parts.map((part) => {
      const add = `[ ! -e ${c.b(part.path)} ] || { echo; cat ${c.b(part.path)}; } >> ${temp}`;
      return part.marker ? `grep -qsF ${c.p(part.marker)} ${temp} || ${add}` : add;
    }),
  ];
}

/**
 * certs/ keeps every file already there (reviewer: our HASH.0 replaced the administrator's HASH.0,
 * a different CA with the same subject name, e.g. the CA this bundle rotates out). XMail hands
 * MailRoot/certs/ to SSL_CTX_load_verify_locations as the CA path (SSLBind.cpp BSslSetupVerify):
 * OpenSSL's by_dir lookup tries HASH.0, HASH.1, ... up to the first missing number and trusts
 * every one it finds (hash-dir.ts). So each bundle file goes to the first number that is free, or
 * nowhere when a file with the same bytes is already there (a second run adds nothing). A new
 * name replaces nothing, so its copy-and-rename runs at once, file after file (the next file of
 * the same HASH then sees it and takes the next number).
 * - Unix: a shell function, then one call per file.
 * - Windows: `for /L` at the prompt (single %i), `if not defined` is read at run time, so the
 *   first free number (or `-` for "already there", from `fc /b`) sticks; %N% is read by the next
 *   line, parsed after the loop ran.
 */
function addToHashDir(c: Ctx, hashFiles: ReadonlyArray<{ path: string }>): string[] {
  const stem = (path: string) => path.replace(/\.\d+$/, '');
  if (c.facts.os === 'windows') {
    return hashFiles.flatMap((f) => {
      const src = c.b(f.path);
      const live = liveTarget(c, stem(f.path));
      // The number is a cmd variable: quoteWindows refuses % in a value, so it goes inside the checked quotes.
      const at = (suffix: string) => c.p(live).replace(/"$/, `.${suffix}"`);
      return [
        'set N=',
        `for /L %i in (0,1,99) do @if not defined N if exist ${at('%i')} (fc /b ${src} ${at('%i')} >nul && set N=-) else set N=%i`,
        `if not "%N%"=="-" copy /Y ${src} ${at('%N%.new')} && move /Y ${at('%N%.new')} ${at('%N%')}`,
      ];
    });
  }
  return [
    'addca() { n=0; while [ -e "$2.$n" ] && ! cmp -s "$1" "$2.$n"; do n=$((n+1)); done; [ -e "$2.$n" ] || { cp "$1" "$2.$n.new" && mv -f "$2.$n.new" "$2.$n"; }; }',
    ...hashFiles.map((f) => `addca ${c.b(f.path)} ${c.p(liveTarget(c, stem(f.path)))}`),
  ];
}

/**
 * Pasted as a block, a refused `move` does not stop the next one (a new certificate could go live
 * with the old key): the step ends by listing any .new left in MailRoot (and certs/). No match
 * ("File Not Found", "No such file or directory") means every rename happened.
 */
function leftoverChecks(c: Ctx): string[] {
  const windows = c.facts.os === 'windows';
  const dirs = [liveTarget(c, BUNDLE_PATHS.mailRootDir), ...(c.has('certs-hash') ? [liveTarget(c, BUNDLE_PATHS.certsDir)] : [])];
  return dirs.map((d) => (windows ? `dir /b ${c.p(`${d}\\*${TEMP_SUFFIX}`)}` : `ls ${c.p(d)}/*${TEMP_SUFFIX}`));
}

/** server.tab edited by hand: never in place (XMail may read it mid-save): a copy is edited, then renamed. */
export function serverTabCopyCommands(c: Ctx): string[] {
  const tab = liveTarget(c, BUNDLE_PATHS.serverTab);
  const copy = c.p(`${tab}${TEMP_SUFFIX}`);
  // Windows: Notepad started from the administrator prompt runs elevated, so it can save into MailRoot.
  return c.facts.os === 'windows' ? [`copy /Y ${c.p(tab)} ${copy}`, `notepad ${copy}`] : [`cp -p ${c.p(tab)} ${copy}`];
}

/**
 * The rename of the hand-edited copy, then the same closing `dir /b` / `ls` of any .new left in
 * MailRoot as the copy step (reviewer: this path renamed without the check the other one has; a
 * refused `move` here leaves the old server.tab live and server.tab.new behind, silently).
 */
export function serverTabRenameCommands(c: Ctx): string[] {
  return [renameCommand(c, liveTarget(c, BUNDLE_PATHS.serverTab)), ...leftoverChecks(c).slice(0, 1)];
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
