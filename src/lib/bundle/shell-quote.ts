/**
 * Quoting a value for a command line in INSTALL.ja/en.txt, so that a value we did not choose (a
 * host name read from a certificate, a path) stays one literal argument when the administrator
 * pastes the line (issue 12 item 2: a dNSName "mail.example.com;curl …|sh;echo" ran as a command).
 *
 * - POSIX sh (Unix steps): words made only of characters no shell treats specially stay bare (so
 *   the usual `openssl s_client -connect mail.example.com:465` reads as before); anything else is
 *   put in single quotes, inside which sh treats every character literally except `'` itself,
 *   written as '\'' (POSIX.1-2017 XCU 2.2.2).
 * - Windows (cmd.exe steps, which an administrator may just as well paste into PowerShell, the
 *   default of Windows Terminal): double quotes. Inside them cmd.exe still expands %VAR% and, with
 *   delayed expansion, !VAR!, and PowerShell expands $var and treats ` as an escape and the
 *   typographic quotes “ ” „ as quotes; none of these can be made literal in both shells, so a
 *   value holding one is refused (BUNDLE_COMMAND_VALUE_INVALID) rather than emitted. Trailing
 *   backslashes are doubled: the MSVC runtime reads \" as a literal quote (Microsoft, "Parsing C++
 *   command-line arguments").
 * - PowerShell alone: single quotes, with every single-quote character (' and ‘ ’ ‚ ‛, all of
 *   which PowerShell accepts as one) doubled (about_Quoting_Rules).
 *
 * Invariant: a value with a control character (CR, LF, any C0/C1) or a bidi control is refused on
 * every shell: a quoted line break would still split the line on screen and in a paste.
 */
import { BundleError } from './errors.ts';
import { hasUnsafeCharacters } from '../plain-text.ts';
import type { TargetOs } from './install-steps.ts';

/** Characters no POSIX shell treats specially anywhere in a word (as Python's shlex.quote). */
const POSIX_BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** The same for cmd.exe and PowerShell: no + (copy's concatenation), =, ',' or ';' (cmd delimiters), no @ (PowerShell splatting). */
const WINDOWS_BARE = /^[A-Za-z0-9_.:/\\-]+$/;
/** Characters with a meaning inside double quotes in cmd.exe (%, !, ") or PowerShell ($, `, and its quote characters). */
const WINDOWS_UNQUOTABLE = /["%!$`\u201c\u201d\u201e]/u;
const POWERSHELL_SINGLE_QUOTES = /['\u2018\u2019\u201a\u201b]/gu;

function refuseUnsafe(value: string, shell: string): void {
  if (typeof value !== 'string') throw new BundleError('BUNDLE_COMMAND_VALUE_INVALID', `${shell} argument: expected a string, found ${typeof value}`);
  if (hasUnsafeCharacters(value)) {
    throw new BundleError('BUNDLE_COMMAND_VALUE_INVALID', `${shell} argument ${JSON.stringify(value)}: expected no control or bidi characters, found one`);
  }
}

/** One literal word for POSIX sh. */
export function quotePosix(value: string): string {
  refuseUnsafe(value, 'sh');
  if (POSIX_BARE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** One literal argument for cmd.exe that PowerShell reads the same way. */
export function quoteWindows(value: string): string {
  refuseUnsafe(value, 'cmd.exe');
  if (WINDOWS_BARE.test(value)) return value;
  if (WINDOWS_UNQUOTABLE.test(value)) {
    throw new BundleError('BUNDLE_COMMAND_VALUE_INVALID', `cmd.exe argument ${JSON.stringify(value)}: expected no ", %, !, $ or \`, found one`);
  }
  return `"${value.replace(/(\\+)$/, '$1$1')}"`;
}

/** One literal argument for PowerShell alone. */
export function quotePowerShell(value: string): string {
  refuseUnsafe(value, 'PowerShell');
  if (WINDOWS_BARE.test(value)) return value;
  return `'${value.replace(POWERSHELL_SINGLE_QUOTES, (q) => q + q)}'`;
}

/** The quoting of the shell the INSTALL steps for `os` are written for. */
export function quoteArg(os: TargetOs, value: string): string {
  return os === 'windows' ? quoteWindows(value) : quotePosix(value);
}
