/**
 * server.tab codec: parse any real server.tab into a list of lines that serializes back byte for
 * byte, change variables the way XMail will read them, and describe a change as a unified diff.
 *
 * XMail's reading rules (XMail 1.27 SvrUtils.cpp/StrUtils.cpp, summarised in
 * ../shared/reference/xmail-tls.md):
 * - a line whose first character is `#` is a comment; no inline comments;
 * - fields are split on TAB (`StrTokenize(line, "\t")`: runs of TABs are one separator, leading and
 *   trailing TABs vanish); a line with fewer than two fields is ignored;
 * - `StrDeQuote`: a field starting with `"` ends at the next `"` not preceded by `\`; `\"` is a quote;
 *   any other backslash is literal; text after the closing quote is dropped;
 * - names are case-sensitive and the FIRST occurrence of a name wins;
 * - lines are read with `fgets(szProfileLine, 2047, f)` (SvrUtils.cpp SvrReadConfig through
 *   MiscUtils.cpp MscGetConfigLine/MscGetString): at most 2046 bytes at a time, so a longer
 *   physical line is SPLIT: XMail reads its first 2046 bytes as one line and the rest, 2046 bytes
 *   at a time, as further lines (each with trailing CR/LF removed, skipped when empty or starting
 *   with `#`). A line keeps its first piece's reading; the further pieces are in `tail`
 *   (`readPieces` models the loop).
 *
 * Invariants: `serializeServerTab(parseServerTab(text)) === text` for every text that parses (each
 * line keeps its own line ending, the last line keeps the absence of one); the model is immutable:
 * `setVariable`/`removeVariable` return a new model and leave unchanged lines untouched.
 *
 * Size (over 300 lines): the byte-exact codec (parse, serialize, set/remove with
 * first-occurrence-wins) and its bounded Myers diff share the line model; splitting them would
 * export that model only for each other.
 */
import { MAX_XMAIL_INPUT_BYTES, XmailError } from './errors.ts';

export type LineEnding = '\n' | '\r\n';

/** Why XMail reads a line differently than its author probably meant. */
export const LINE_ISSUE_CODES = [
  'UNQUOTED',
  'UNTERMINATED_QUOTE',
  'TEXT_AFTER_QUOTE',
  'EXTRA_FIELDS',
  'SPACE_SEPARATOR',
  'NO_VALUE',
  'LINE_SPLIT',
  'CONTROL_CHARACTER',
  'BOM',
] as const;
export type LineIssueCode = (typeof LINE_ISSUE_CODES)[number];

interface LineBase {
  /** The line as in the file, without its line ending. */
  raw: string;
  /** The line's own ending; '' only for a last line without one. */
  eol: LineEnding | '';
  /**
   * Only for a line longer than XMail reads at once (SERVER_TAB_MAX_LINE_BYTES): what XMail reads
   * from the rest of it, piece by piece. The line's own kind/name/value are its first piece.
   */
  tail?: LinePiece[];
}
/** One further piece of a split line, as XMail reads it: a setting, a comment, or nothing. */
export type LinePiece =
  | { kind: 'entry'; text: string; name: string; value: string; issues: LineIssueCode[] }
  | { kind: 'comment'; text: string }
  | { kind: 'blank'; text: string }
  | { kind: 'unparsable'; text: string; issues: LineIssueCode[] };
export interface EntryLine extends LineBase {
  kind: 'entry';
  /** Name and value as XMail reads them (dequoted). */
  name: string;
  value: string;
  issues: LineIssueCode[];
}
export interface CommentLine extends LineBase {
  kind: 'comment';
}
export interface BlankLine extends LineBase {
  kind: 'blank';
}
/** A line XMail ignores although it is not a comment (one field, a BOM, spaces instead of a TAB). */
export interface UnparsableLine extends LineBase {
  kind: 'unparsable';
  issues: LineIssueCode[];
}
export type ServerTabLine = EntryLine | CommentLine | BlankLine | UnparsableLine;

export interface ServerTab {
  lines: readonly ServerTabLine[];
  /** Ending for lines we add: the file's dominant one (LF for an empty file unless told). */
  eol: LineEnding;
  /** How bytes were decoded; `encodeServerTab` writes them back the same way. */
  encoding: 'utf-8' | 'latin1';
}

export interface ParseServerTabOptions {
  /** Line ending for an input that has none (an empty or one-line file). Default LF. */
  defaultEol?: LineEnding;
}

/**
 * The most bytes of a line XMail reads at once: `char szProfileLine[2048]` passed as 2047 to fgets,
 * which keeps one byte for the NUL (SvrUtils.cpp SvrReadConfig, MiscUtils.cpp MscGetString). A line
 * of up to this many bytes (its CR/LF not counted) is read whole.
 */
export const SERVER_TAB_MAX_LINE_BYTES = 2046;
/**
 * Most lines we read (the stock file has about 100). With the 1 MiB byte bound (errors.ts) this
 * keeps parsing, planning and diffing a hostile file well under a second (issue 12: a 1 MB file
 * of 500,000 `#` lines cost seconds per step).
 */
export const SERVER_TAB_MAX_LINES = 20_000;

/** The note written above a duplicate that `setVariable` comments out. */
export function duplicateNote(name: string): string {
  return `# xmail-tls: duplicate, XMail uses the first "${name}" above`;
}

// ---------------------------------------------------------------------------------------------
// Parsing

export function parseServerTab(input: string | Uint8Array, options: ParseServerTabOptions = {}): ServerTab {
  const { text, encoding } = decodeInput(input);
  assertText(text);
  assertLineCount(text);
  const lines: ServerTabLine[] = [];
  let crlf = 0;
  let lf = 0;
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    let content: string;
    let eol: LineEnding | '';
    if (nl < 0) {
      content = text.slice(pos);
      eol = '';
      pos = text.length;
    } else if (nl > pos && text[nl - 1] === '\r') {
      content = text.slice(pos, nl - 1);
      eol = '\r\n';
      crlf++;
      pos = nl + 1;
    } else {
      content = text.slice(pos, nl);
      eol = '\n';
      lf++;
      pos = nl + 1;
    }
    lines.push(classifyLine(content, eol, lines.length === 0, encoding));
  }
  const eol: LineEnding = crlf > lf ? '\r\n' : lf > 0 ? '\n' : (options.defaultEol ?? '\n');
  const entries = lines.filter((l) => l.kind === 'entry').length;
  const unparsable = lines.filter((l) => l.kind === 'unparsable').length;
  if (entries === 0 && unparsable > 0) {
    throw new XmailError(
      'SERVER_TAB_NOT_A_SERVER_TAB',
      `server.tab: expected "Name"<TAB>"Value" lines, found ${unparsable} line(s) XMail cannot read and none it can`,
    );
  }
  return { lines, eol, encoding };
}

function decodeInput(input: string | Uint8Array): { text: string; encoding: ServerTab['encoding'] } {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > MAX_XMAIL_INPUT_BYTES) {
    throw new XmailError('INPUT_TOO_LARGE', `server.tab: expected at most ${MAX_XMAIL_INPUT_BYTES} bytes, found ${size}`);
  }
  if (typeof input === 'string') return { text: input, encoding: 'utf-8' };
  if (input.length >= 2 && ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff))) {
    throw new XmailError('SERVER_TAB_UTF16', 'server.tab: expected bytes in an 8-bit encoding, found a UTF-16 byte order mark');
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input), encoding: 'utf-8' };
  } catch {
    // Not UTF-8 (Shift_JIS or Latin-1 messages): one char per byte keeps every byte.
    let text = '';
    for (let i = 0; i < input.length; i += 8192) text += String.fromCharCode(...input.subarray(i, i + 8192));
    return { text, encoding: 'latin1' };
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
// eslint-disable-next-line no-control-regex
const HAS_CONTROL_RE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

function assertText(text: string): void {
  if (text.includes('\u0000')) {
    const pairs = /^(?:[^\0]\0){2}|^(?:\0[^\0]){2}/.test(text);
    throw new XmailError(
      pairs ? 'SERVER_TAB_UTF16' : 'SERVER_TAB_BINARY',
      pairs
        ? 'server.tab: expected an 8-bit text file, found UTF-16 (NUL every other byte)'
        : 'server.tab: expected a text file, found NUL bytes (a binary file?)',
    );
  }
  const controls = text.match(CONTROL_RE)?.length ?? 0;
  if (controls > 0 && controls * 20 > text.length) {
    throw new XmailError('SERVER_TAB_BINARY', `server.tab: expected a text file, found ${controls} control bytes in ${text.length}`);
  }
}

function assertLineCount(text: string): void {
  let lines = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
    if (++lines >= SERVER_TAB_MAX_LINES && nl + 1 < text.length) {
      throw new XmailError('SERVER_TAB_TOO_MANY_LINES', `server.tab: expected at most ${SERVER_TAB_MAX_LINES} lines, found more`);
    }
  }
}

function classifyLine(content: string, eol: LineEnding | '', first: boolean, encoding: ServerTab['encoding']): ServerTabLine {
  const pieces = readPieces(content, eol, encoding);
  const head = classifyPiece(pieces[0] ?? '', first);
  const tail = pieces.slice(1).map((p) => classifyPiece(p, false));
  const line = { raw: content, eol, ...(tail.length > 0 ? { tail } : {}) };
  if (head.kind === 'comment') return { kind: 'comment', ...line };
  if (head.kind === 'blank') return { kind: 'blank', ...line };
  const issues: LineIssueCode[] = [...(tail.length > 0 ? (['LINE_SPLIT'] as const) : []), ...head.issues];
  if (head.kind === 'unparsable') return { kind: 'unparsable', ...line, issues };
  return { kind: 'entry', ...line, name: head.name, value: head.value, issues };
}

/** How XMail reads one line as it comes out of fgets (StrGetTabLineStrings, StrDeQuote). */
function classifyPiece(text: string, first: boolean): LinePiece {
  const lineIssues: LineIssueCode[] = [];
  if (first && text.startsWith('\uFEFF')) lineIssues.push('BOM');
  if (HAS_CONTROL_RE.test(text)) lineIssues.push('CONTROL_CHARACTER');
  if (/^[\t ]*$/.test(text)) return { kind: 'blank', text };
  if (text[0] === '#') return { kind: 'comment', text };
  const fields = text.split('\t').filter((f) => f !== '');
  if (fields.length < 2) {
    const space = /^"[^"]*"[ ]+"/.test(text.replace(/^\uFEFF/, ''));
    return { kind: 'unparsable', text, issues: [...lineIssues, space ? 'SPACE_SEPARATOR' : 'NO_VALUE'] };
  }
  const name = dequote(fields[0]!);
  const value = dequote(fields[1]!);
  const issues = [...lineIssues, ...name.issues, ...value.issues];
  if (fields.length > 2) issues.push('EXTRA_FIELDS');
  return { kind: 'entry', text, name: name.text, value: value.text, issues: [...new Set(issues)] };
}

/**
 * The pieces XMail's read loop makes of one physical line (MiscUtils.cpp MscGetString:
 * `fgets(buf, 2047, f)`, then every trailing CR and LF removed): at most SERVER_TAB_MAX_LINE_BYTES
 * bytes each, counted over the line with its ending. Reading in text mode on Windows (CRLF read as
 * LF) gives the same pieces: the CR is the last byte and is removed either way. A piece may end in
 * the middle of a UTF-8 character; it is decoded with U+FFFD for the broken bytes, as XMail sees
 * bytes it cannot match.
 */
export function readPieces(content: string, eol: LineEnding | '', encoding: ServerTab['encoding']): string[] {
  const strip = (t: string) => t.replace(/[\r\n]+$/, '');
  if (content.length + eol.length <= SERVER_TAB_MAX_LINE_BYTES && (encoding === 'latin1' || lineByteLength(content, encoding) + eol.length <= SERVER_TAB_MAX_LINE_BYTES)) {
    return [strip(content)];
  }
  const bytes = encoding === 'latin1' ? Uint8Array.from(content + eol, (c) => c.charCodeAt(0) & 0xff) : new TextEncoder().encode(content + eol);
  const decode = (b: Uint8Array) => (encoding === 'latin1' ? String.fromCharCode(...b) : new TextDecoder('utf-8').decode(b));
  const out: string[] = [];
  for (let pos = 0; pos < bytes.length; pos += SERVER_TAB_MAX_LINE_BYTES) {
    out.push(strip(decode(bytes.subarray(pos, pos + SERVER_TAB_MAX_LINE_BYTES))));
  }
  // The last piece may be only the line ending (a line of exactly 2046 bytes): XMail skips it.
  while (out.length > 1 && out[out.length - 1] === '') out.pop();
  return out;
}

/** XMail's StrDeQuote (1.27): the reading of one field. */
export function dequote(field: string): { text: string; issues: LineIssueCode[] } {
  if (field[0] !== '"') return { text: field, issues: ['UNQUOTED'] };
  let text = '';
  for (let i = 1; i < field.length; i++) {
    const c = field[i]!;
    if (c === '\\' && field[i + 1] === '"') {
      text += '"';
      i++;
    } else if (c === '"') {
      return { text, issues: i + 1 < field.length ? ['TEXT_AFTER_QUOTE'] : [] };
    } else {
      text += c;
    }
  }
  return { text, issues: ['UNTERMINATED_QUOTE'] };
}

/** A line's length in bytes as the file holds it (XMail's fgets counts bytes, SvrUtils.cpp SvrReadConfig). */
export function lineByteLength(text: string, encoding: ServerTab['encoding']): number {
  return encoding === 'latin1' ? text.length : utf8Length(text);
}

/**
 * The length of `text` in UTF-8, as TextEncoder writes it (a lone surrogate becomes U+FFFD, 3
 * bytes), counted without encoding: reading a 1 MB server.tab encoded every line only to count it,
 * ~80 % of parseServerTab's time (issue 15 item 3, a trace of the TLS-modes drop).
 */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Serializing

export function serializeServerTab(model: ServerTab): string {
  let out = '';
  for (const line of model.lines) out += line.raw + line.eol;
  return out;
}

/**
 * The same file without a leading UTF-8 BOM. XMail reads server.tab as bytes (SvrUtils.cpp
 * SvrReadConfig), so a BOM becomes part of the first line's name and that setting is lost
 * (SERVER_TAB_BOM); a file we write back must not keep it (issue 17 item 8). Only the first line is
 * read again.
 */
export function withoutBom(model: ServerTab): ServerTab {
  const first = model.lines[0];
  if (!first || !first.raw.startsWith('\uFEFF')) return model;
  return { ...model, lines: [classifyLine(first.raw.slice(1), first.eol, true, model.encoding), ...model.lines.slice(1)] };
}

/** The file's bytes, in the encoding it was read with. */
export function encodeServerTab(model: ServerTab): Uint8Array {
  return encodeServerTabText(serializeServerTab(model), model.encoding);
}

/**
 * Text made of a server.tab's lines (the file, or a patch of it) as bytes in the encoding the file
 * was read with. A file that is not UTF-8 (Shift_JIS or CP1252 comments, normal on Japanese and
 * European Windows) was read one character per byte, so each character goes back to its byte and
 * every line we do not change keeps its bytes: the bundle once wrote the UTF-8 of that reading
 * (Shift_JIS `83 65` came out as `c2 83 65`). A character above U+00FF cannot be such a byte.
 */
export function encodeServerTabText(text: string, encoding: ServerTab['encoding']): Uint8Array {
  if (encoding === 'utf-8') return new TextEncoder().encode(text);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) {
      throw new XmailError('SERVER_TAB_ADDED_NOT_ASCII', `server.tab: expected one byte per character in a file that is not UTF-8, found U+${c.toString(16).toUpperCase().padStart(4, '0')}`);
    }
    out[i] = c;
  }
  return out;
}

/** `"Name"<TAB>"Value"` with `"` written as `\"`; refuses what XMail could not read back. */
export function serializeEntry(name: string, value: string, encoding: ServerTab['encoding'] = 'utf-8'): string {
  assertName(name);
  assertValue(name, value);
  const raw = `"${name}"\t"${value.replace(/"/g, '\\"')}"`;
  // A file that is not UTF-8 is in an encoding we can only guess (Shift_JIS, CP1252): only ASCII
  // reads the same in all of them, and every line we write (names, "0"/"1", SmtpConfig flags) is.
  if (encoding === 'latin1' && /[\u0080-\uffff]/.test(raw)) {
    throw new XmailError(
      'SERVER_TAB_ADDED_NOT_ASCII',
      `server.tab "${name}": expected an ASCII line to add to a file that is not UTF-8 (Shift_JIS?), found ${JSON.stringify(raw)}`,
    );
  }
  const bytes = lineByteLength(raw, encoding);
  if (bytes > SERVER_TAB_MAX_LINE_BYTES) {
    throw new XmailError(
      'SERVER_TAB_LINE_TOO_LONG',
      `server.tab "${name}": expected a line of at most ${SERVER_TAB_MAX_LINE_BYTES} bytes (XMail reads longer lines in pieces), found ${bytes}`,
    );
  }
  return raw;
}

function assertName(name: string): void {
  // eslint-disable-next-line no-control-regex
  if (name === '' || /["\t\r\n\\\x00-\x1f\x7f]/.test(name) || name.startsWith('#')) {
    throw new XmailError('SERVER_TAB_NAME_INVALID', `server.tab: expected a variable name without quotes, TABs, backslashes or control characters, found ${JSON.stringify(name)}`);
  }
}

function assertValue(name: string, value: string): void {
  if (value.includes('\t')) {
    throw new XmailError('SERVER_TAB_VALUE_TAB', `server.tab "${name}": a TAB separates fields, so a value cannot hold one`);
  }
  if (/[\r\n]/.test(value)) {
    throw new XmailError('SERVER_TAB_VALUE_NEWLINE', `server.tab "${name}": a value is one line, found a line break`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(value)) {
    throw new XmailError('SERVER_TAB_VALUE_CONTROL', `server.tab "${name}": expected printable text, found a control character`);
  }
  // `abc\` would be written "abc\" and XMail would read the closing quote as an escaped one.
  if (value.endsWith('\\')) {
    throw new XmailError('SERVER_TAB_VALUE_TRAILING_BACKSLASH', `server.tab "${name}": a value cannot end with a backslash (it would escape the closing quote)`);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading and changing variables

/** The value XMail uses: the first entry with this exact name (a split line's pieces included). */
export function getVariable(model: ServerTab, name: string): { value: string; lineNumber: number } | undefined {
  const e = entries(model).find((x) => x.name === name);
  return e ? { value: e.value, lineNumber: e.lineNumber } : undefined;
}

/** A setting as XMail reads it, with its 1-based line number; `piece` > 0: from the rest of a split line. */
export interface ServerTabEntry {
  name: string;
  value: string;
  issues: LineIssueCode[];
  lineNumber: number;
  piece: number;
}

/** Every setting XMail reads, in the order it reads them (a split line's pieces after its head). */
export function entries(model: ServerTab): ServerTabEntry[] {
  const out: ServerTabEntry[] = [];
  model.lines.forEach((l, i) => {
    if (l.kind === 'entry') out.push({ name: l.name, value: l.value, issues: l.issues, lineNumber: i + 1, piece: 0 });
    l.tail?.forEach((p, k) => {
      if (p.kind === 'entry') out.push({ name: p.name, value: p.value, issues: p.issues, lineNumber: i + 1, piece: k + 1 });
    });
  });
  return out;
}

export interface ServerTabIssue {
  lineNumber: number;
  code: LineIssueCode | 'DUPLICATE';
  name?: string;
  /** For DUPLICATE: the line XMail uses. */
  firstLineNumber?: number;
  /** Set when the issue is in a further piece of a split line (1 = the first piece after the head). */
  piece?: number;
}

/** Every line XMail reads differently than its author probably meant, and every duplicate name. */
export function serverTabIssues(model: ServerTab): ServerTabIssue[] {
  const out: ServerTabIssue[] = [];
  const first = new Map<string, number>();
  const entry = (lineNumber: number, name: string, piece: number) => {
    const f = first.get(name);
    if (f === undefined) first.set(name, lineNumber);
    else out.push({ lineNumber, code: 'DUPLICATE', name, firstLineNumber: f, ...(piece > 0 ? { piece } : {}) });
  };
  model.lines.forEach((l, i) => {
    const lineNumber = i + 1;
    if (l.kind === 'entry' || l.kind === 'unparsable') {
      for (const code of l.issues) out.push({ lineNumber, code, ...(l.kind === 'entry' ? { name: l.name } : {}) });
    } else if (l.tail) {
      out.push({ lineNumber, code: 'LINE_SPLIT' });
    }
    if (l.kind === 'entry') entry(lineNumber, l.name, 0);
    l.tail?.forEach((p, k) => {
      if (p.kind === 'entry' || p.kind === 'unparsable') {
        for (const code of p.issues) out.push({ lineNumber, code, piece: k + 1, ...(p.kind === 'entry' ? { name: p.name } : {}) });
      }
      if (p.kind === 'entry') entry(lineNumber, p.name, k + 1);
    });
  });
  return out;
}

/**
 * Sets `name` to `value` where XMail will read it: the first occurrence is rewritten in place (left
 * byte-identical if it already holds exactly this value); later duplicates are commented out under
 * a note; an absent name goes right after its commented-out template line (`#"Name"<TAB>...`, as
 * the stock file has them) or at the end of the file.
 */
export function setVariable(model: ServerTab, name: string, value: string): ServerTab {
  const raw = serializeEntry(name, value, model.encoding);
  model = splitLinesDefining(model, name);
  const lines = [...model.lines];
  const hits = lines.flatMap((l, i) => (l.kind === 'entry' && l.name === name ? [i] : []));
  if (hits.length > 0) {
    const firstIndex = hits[0]!;
    const first = lines[firstIndex] as EntryLine;
    if (first.value !== value || first.issues.length > 0) {
      lines[firstIndex] = { kind: 'entry', raw, eol: first.eol, name, value, issues: [] };
    }
    // Walk backwards so inserted note lines do not shift the indexes still to visit.
    for (const i of hits.slice(1).reverse()) {
      const dup = lines[i] as EntryLine;
      const note: CommentLine = { kind: 'comment', raw: duplicateNote(name), eol: model.eol };
      lines.splice(i, 1, note, { kind: 'comment', raw: `#${dup.raw}`, eol: dup.eol });
    }
    return { ...model, lines };
  }
  const template = new RegExp(`^#[\\t ]*"${escapeRegExp(name)}"(?:\\t|$)`);
  let at = -1;
  lines.forEach((l, i) => {
    if (at < 0 && l.kind === 'comment' && template.test(l.raw)) at = i;
  });
  const insertAt = at >= 0 ? at + 1 : lines.length;
  const prev = lines[insertAt - 1];
  let eol: LineEnding | '' = model.eol;
  if (prev && prev.eol === '') {
    // The file had no final newline: the new last line keeps that absence.
    lines[insertAt - 1] = { ...prev, eol: model.eol };
    eol = '';
  }
  lines.splice(insertAt, 0, { kind: 'entry', raw, eol, name, value, issues: [] });
  return { ...model, lines };
}

/** Removes every entry of `name` (removing only the first would promote a duplicate). */
export function removeVariable(model: ServerTab, name: string): ServerTab {
  model = splitLinesDefining(model, name);
  const lines: ServerTabLine[] = [];
  for (const l of model.lines) {
    if (l.kind === 'entry' && l.name === name) {
      if (l.eol === '' && lines.length > 0) lines[lines.length - 1] = { ...lines[lines.length - 1]!, eol: '' };
      continue;
    }
    lines.push(l);
  }
  return { ...model, lines };
}

/**
 * A long line whose further pieces set `name` (XMail reads them as lines of their own) becomes one
 * physical line per piece, each read by XMail exactly as before, so that the usual rules (first
 * occurrence rewritten, later ones commented out) reach the hidden setting too.
 */
function splitLinesDefining(model: ServerTab, name: string): ServerTab {
  if (!model.lines.some((l) => l.tail?.some((p) => p.kind === 'entry' && p.name === name))) return model;
  const lines = model.lines.flatMap((l, i): ServerTabLine[] => {
    if (!l.tail?.some((p) => p.kind === 'entry' && p.name === name)) return [l];
    const pieces = readPieces(l.raw, l.eol, model.encoding);
    return pieces.map((text, k) => classifyLine(text, k === pieces.length - 1 ? l.eol || '' : model.eol, i === 0 && k === 0, model.encoding));
  });
  return { ...model, lines };
}

/** Applies a list of changes (`null` removes the variable) in order. */
export function applyChanges(model: ServerTab, changes: ReadonlyArray<{ name: string; value: string | null }>): ServerTab {
  return changes.reduce((m, c) => (c.value === null ? removeVariable(m, c.name) : setVariable(m, c.name, c.value)), model);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// Unified diff

const DIFF_CONTEXT = 3;

/**
 * A unified diff (as `diff -u` writes it) from `before` to `after` that `patch` applies to the
 * original file: only changed lines plus three lines of context. Each line keeps its own ending, so
 * a CRLF file gets CRLF hunk lines; a missing final newline is marked `\ No newline at end of file`.
 * Returns '' when nothing changed.
 */
export function diffServerTab(before: string, after: string, path = 'server.tab'): string {
  const a = splitKeepingEol(before);
  const b = splitKeepingEol(after);
  const ops = diffLines(a, b);
  if (ops.every((o) => o.op === ' ')) return '';
  let out = `--- ${path}\n+++ ${path}\n`;
  // Group the edit script into hunks separated by more than 2*context unchanged lines.
  const changed = ops.flatMap((o, i) => (o.op === ' ' ? [] : [i]));
  let start = 0;
  while (start < changed.length) {
    let end = start;
    while (end + 1 < changed.length && changed[end + 1]! - changed[end]! <= 2 * DIFF_CONTEXT + 1) end++;
    const from = Math.max(0, changed[start]! - DIFF_CONTEXT);
    const to = Math.min(ops.length - 1, changed[end]! + DIFF_CONTEXT);
    const hunk = ops.slice(from, to + 1);
    const aStart = ops[from]!.aIndex;
    const bStart = ops[from]!.bIndex;
    const aCount = hunk.filter((o) => o.op !== '+').length;
    const bCount = hunk.filter((o) => o.op !== '-').length;
    out += `@@ -${range(aStart, aCount)} +${range(bStart, bCount)} @@\n`;
    for (const o of hunk) {
      const line = o.op === '+' ? b[o.bIndex]! : a[o.aIndex]!;
      out += o.op + line;
      if (!line.endsWith('\n')) out += '\n\\ No newline at end of file\n';
    }
    start = end + 1;
  }
  return out;
}

function range(start0: number, count: number): string {
  // diff -u: an empty range names the line before it.
  const start = count === 0 ? start0 : start0 + 1;
  return count === 1 ? `${start}` : `${start},${count}`;
}

/** Lines with their own "\n" (the last one may lack it); a loop of indexOf, ~4x less than the regex it replaced on 1 MB. */
export function splitKeepingEol(text: string): string[] {
  const out: string[] = [];
  let pos = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', pos)) {
    out.push(text.slice(pos, nl + 1));
    pos = nl + 1;
  }
  if (pos < text.length) out.push(text.slice(pos));
  return out;
}

interface DiffOp {
  op: ' ' | '-' | '+';
  /** Index in `a` of this line (for '+': of the next `a` line). */
  aIndex: number;
  bIndex: number;
}

/**
 * Edits past this many lines are not searched for a shortest script: the changed middle becomes one
 * delete-all/insert-all run instead (still a patch `patch` applies, only longer). Our own changes
 * touch a handful of lines; the bound keeps a hostile file from costing more than
 * O((N+M) x MAX_DIFF_EDITS) time and O(MAX_DIFF_EDITS^2) memory (issue 12: the earlier LCS table was
 * (N+1) x (M+1) and froze the page on a 16 KB file).
 */
export const MAX_DIFF_EDITS = 500;

/** Shortest edit script (Myers 1986, "An O(ND) Difference Algorithm"); common prefix and suffix are trimmed first. */
function diffLines(a: string[], b: string[]): DiffOp[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const ops: DiffOp[] = [];
  for (let k = 0; k < pre; k++) ops.push({ op: ' ', aIndex: k, bIndex: k });
  const middle = myers(am, bm, MAX_DIFF_EDITS) ?? [
    ...am.map((_, i): DiffOp => ({ op: '-', aIndex: i, bIndex: 0 })),
    ...bm.map((_, j): DiffOp => ({ op: '+', aIndex: am.length, bIndex: j })),
  ];
  for (const o of middle) ops.push({ op: o.op, aIndex: pre + o.aIndex, bIndex: pre + o.bIndex });
  for (let k = 0; k < suf; k++) ops.push({ op: ' ', aIndex: a.length - suf + k, bIndex: b.length - suf + k });
  return ops;
}

/**
 * Myers' greedy forward search, keeping the furthest-reaching x of each diagonal k = x - y per edit
 * count d (only 2d+1 values each, so memory is O(d^2)); undefined when more than `maxEdits` edits
 * are needed. Deletions come before insertions at the same place, as `diff -u` writes them.
 */
function myers(a: readonly string[], b: readonly string[], maxEdits: number): DiffOp[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
  }
  return undefined;
}

function backtrack(trace: readonly Int32Array[], n: number, m: number): DiffOp[] {
  const ops: DiffOp[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const v = trace[d]!; // the furthest x per diagonal after d-1 edits, index k + d
    const k = x - y;
    const prevK = k === -d || (k !== d && v[k - 1 + d]! < v[k + 1 + d]!) ? k + 1 : k - 1;
    const prevX = v[prevK + d]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) ops.push({ op: ' ', aIndex: --x, bIndex: --y });
    if (x === prevX) ops.push({ op: '+', aIndex: x, bIndex: --y });
    else ops.push({ op: '-', aIndex: --x, bIndex: y });
  }
  while (x > 0 && y > 0) ops.push({ op: ' ', aIndex: --x, bIndex: --y });
  return ops.reverse();
}
