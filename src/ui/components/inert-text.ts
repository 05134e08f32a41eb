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

export type LineEnds = 'CRLF' | 'LF' | 'CR' | 'mixed';

/** The line ends of a text as editors name them, to be said in words (issue 17 item 4: not ⟨U+000D⟩ on every line). */
export function lineEndsOf(text: string): LineEnds | undefined {
  const kinds = (
    [
      ['CRLF', /\r\n/],
      ['LF', /(?<!\r)\n/],
      ['CR', /\r(?!\n)/],
    ] as const
  ).filter(([, re]) => re.test(text));
  if (kinds.length === 0) return undefined;
  return kinds.length > 1 ? 'mixed' : kinds[0]![0];
}

/** Multi-line text whose CRLF line ends are named apart (lineEndsOf): CRLF shows as a plain line break; a lone CR stays visible. */
export function formatUntrustedLines(text: string): string {
  return formatUntrustedText(text.replace(/\r\n/g, '\n'));
}
