/**
 * Display formatting for untrusted text (file names, certificate fields, server.tab values).
 * Svelte's {text} interpolation already makes markup inert; this also makes invisible characters
 * visible: C0/C1 control characters and the bidirectional controls that can disguise a name
 * (U+202E turns "gpj.exe" into what reads as "exe.jpg": Unicode TR#36 section 2.1, CVE-2021-42574).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- as above
const INVISIBLE_WITH_LINES = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function codePointLabel(ch: string): string {
  return `⟨U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** Multi-line text: keeps tab and line feed, shows every other control character as ⟨U+XXXX⟩. */
export function formatUntrustedText(text: string): string {
  return text.replace(INVISIBLE, codePointLabel);
}

/** One-line text (a file name): every control character, line breaks included, becomes ⟨U+XXXX⟩. */
export function formatUntrustedName(name: string): string {
  return name.replace(INVISIBLE_WITH_LINES, codePointLabel);
}
