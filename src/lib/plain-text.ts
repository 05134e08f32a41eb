/**
 * Text we write into a file (INSTALL.ja/en.txt and its commands, the passwords sheet, the expiry
 * calendar) must not carry characters that
 * change what a reader sees or what a pasted line does: C0/C1 control characters (CR and LF would
 * start a new line or a new command: issue 12 item 2), the Unicode line/paragraph separators, and
 * the bidirectional marks, embeddings, overrides and isolates that reorder text on screen
 * (Unicode TR#36 section 2.1, CVE-2021-42574).
 *
 * Invariant: `inertLine` output contains none of these; each becomes the visible `<U+XXXX>`.
 * Shared by bundle, recipes and store (like coded-error.ts), so it lives at the root of src/lib.
 * On screen, the UI does the same with src/ui/components/inert-text.ts.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** Whether `text` holds a character that must never reach a text file as is. */
export function hasUnsafeCharacters(text: string): boolean {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text);
}

/** One line of a text file: every unsafe character shown as <U+XXXX> instead. */
export function inertLine(text: string): string {
  return text.replace(UNSAFE, (ch) => `<U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);
}
