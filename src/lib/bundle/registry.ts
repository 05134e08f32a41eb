/**
 * Windows registry files (.reg) that set XMail's command line.
 *
 * Format: what regedit writes on export, "Windows Registry Editor Version 5.00": UTF-16LE with a
 * byte order mark, CRLF line ends, a `[KEY]` line, then `"name"="value"` lines in which `\` and
 * `"` are escaped with a backslash; `;` starts a comment line. REG_SZ values in this syntax cannot
 * hold a line break, so such a value is refused rather than silently cut.
 *
 * XMail reads MAIL_CMD_LINE under HKLM\SOFTWARE\GNU\XMail; a 32-bit XMail on 64-bit Windows is
 * redirected to HKLM\SOFTWARE\Wow6432Node\GNU\XMail (WOW64 registry redirection), so both files
 * are offered and INSTALL explains which one applies.
 */
import { BundleError } from './errors.ts';

export const XMAIL_REG_KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\GNU\\XMail';
export const XMAIL_REG_KEY_WOW64 = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node\\GNU\\XMail';
export const XMAIL_REG_VALUE_NAME = 'MAIL_CMD_LINE';

export interface RegFile {
  /** Full key path, e.g. XMAIL_REG_KEY. */
  key: string;
  /** REG_SZ values to set under the key. */
  values: ReadonlyArray<{ name: string; value: string }>;
  /** Comment lines written before the key (each becomes `; text`). */
  comments?: readonly string[];
}

const REG_HEADER = 'Windows Registry Editor Version 5.00';

/** Escapes a REG_SZ name or value for a .reg file; throws BUNDLE_REG_VALUE_INVALID on CR, LF or NUL. */
export function escapeRegString(s: string): string {
  // eslint-disable-next-line no-control-regex -- the characters a .reg string line cannot carry
  const bad = /[\r\n\u0000]/.exec(s);
  if (bad) {
    throw new BundleError('BUNDLE_REG_VALUE_INVALID', `.reg value: expected a single line without NUL, found ${JSON.stringify(bad[0])} at offset ${bad.index}`);
  }
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** The .reg file as text with CRLF line ends (before UTF-16 encoding). */
export function serializeRegFile(reg: RegFile): string {
  if (!/^HKEY_[A-Z_]+(\\[^\\\]\r\n]+)+$/.test(reg.key)) {
    throw new BundleError('BUNDLE_REG_VALUE_INVALID', `.reg key: expected "HKEY_...\\\\path", found ${JSON.stringify(reg.key)}`);
  }
  const lines = [REG_HEADER, ''];
  for (const c of reg.comments ?? []) lines.push(`; ${escapeCommentLine(c)}`);
  lines.push(`[${reg.key}]`);
  for (const v of reg.values) lines.push(`"${escapeRegString(v.name)}"="${escapeRegString(v.value)}"`);
  // regedit's own exports end with an empty line after the last value.
  lines.push('', '');
  return lines.join('\r\n');
}

function escapeCommentLine(c: string): string {
  return c.replace(/[\r\n]+/g, ' ');
}

/** UTF-16LE with the FF FE byte order mark, as regedit writes and reads version 5.00 files. */
export function encodeUtf16LeWithBom(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  // JS strings are UTF-16 code units already; surrogate pairs pass through unchanged.
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    out[2 + i * 2] = u & 0xff;
    out[3 + i * 2] = u >> 8;
  }
  return out;
}

export function encodeRegFile(reg: RegFile): Uint8Array {
  return encodeUtf16LeWithBom(serializeRegFile(reg));
}
