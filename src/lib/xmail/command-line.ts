/**
 * XMail's startup options: split a command line the way XMail does, read and change the listener
 * switches, and write the result back for Windows (the MAIL_CMD_LINE string value; the .reg file is
 * the bundle's job) and Unix (the init script's `XMAIL_CMD_LINE="..."` line).
 *
 * Splitting follows StrCmdLineToken (XMail 1.27 StrUtils.cpp): blanks are space and TAB; a token
 * that starts with `"` runs to the next `"` that is not doubled (`""` inside quotes is one `"`);
 * a quote anywhere else is an ordinary character; tokens are read into a 1024-byte buffer.
 *
 * Listener switches (xmail-tls.md, "Command line"): for a service letter L, `-L-` turns the
 * listener off, `-Lp port` sets its port, `-LI ip[:port]` binds an interface (repeatable), `-L6`
 * listens on IPv6. Invariant: `setTlsListeners` changes only the switches it is asked to change and
 * keeps every other token, in order.
 */
import { MAX_XMAIL_INPUT_BYTES, XmailError } from './errors.ts';

export type ServiceLetter = 'S' | 'P' | 'C' | 'F' | 'X' | 'B' | 'W';
export type ServiceName = 'SMTP' | 'POP3' | 'CTRL' | 'FINGER' | 'SMTPS' | 'POP3S' | 'CTRLS';

export interface ServiceInfo {
  letter: ServiceLetter;
  name: ServiceName;
  defaultPort: number;
  /** implicit: TLS from the first byte; starttls: plain, upgraded if the Enable*-TLS variable is on. */
  tls: 'implicit' | 'starttls' | 'none';
  /** The server.tab variable that offers STARTTLS on this plain listener. */
  starttlsVariable?: 'EnableSMTP-TLS' | 'EnablePOP3-TLS' | 'EnableCTRL-TLS';
}

export const SERVICES: readonly ServiceInfo[] = [
  { letter: 'S', name: 'SMTP', defaultPort: 25, tls: 'starttls', starttlsVariable: 'EnableSMTP-TLS' },
  { letter: 'P', name: 'POP3', defaultPort: 110, tls: 'starttls', starttlsVariable: 'EnablePOP3-TLS' },
  { letter: 'C', name: 'CTRL', defaultPort: 6017, tls: 'starttls', starttlsVariable: 'EnableCTRL-TLS' },
  { letter: 'F', name: 'FINGER', defaultPort: 79, tls: 'none' },
  { letter: 'X', name: 'SMTPS', defaultPort: 465, tls: 'implicit' },
  { letter: 'B', name: 'POP3S', defaultPort: 995, tls: 'implicit' },
  { letter: 'W', name: 'CTRLS', defaultPort: 6018, tls: 'implicit' },
];

export type CommandLineIssueCode = 'UNTERMINATED_QUOTE' | 'SWITCH_ARGUMENT_MISSING';

export interface CommandLine {
  /** The options as XMail receives them, one string per token (quotes removed). */
  tokens: string[];
  /** Where the text came from, as `parseCommandLine` recognised it. */
  source: 'plain' | 'unix' | 'windows-reg';
  issues: Array<{ code: CommandLineIssueCode; token: string }>;
}

/** XMail's token buffer is `char szToken[1024]`. */
export const MAX_TOKEN_BYTES = 1024;

const SWITCH_RE = /^-([SPCFXBW])(-|6|p|I)$/;

// ---------------------------------------------------------------------------------------------
// Parsing

/**
 * Accepts a plain command line, an init-script line `XMAIL_CMD_LINE="..."` (optionally with
 * `export`), a `MAIL_CMD_LINE=...` line, or a .reg line `"MAIL_CMD_LINE"="..."`. Line breaks in a
 * plain paste count as blanks.
 */
export function parseCommandLine(text: string): CommandLine {
  if (text.length > MAX_XMAIL_INPUT_BYTES) {
    throw new XmailError('INPUT_TOO_LARGE', `command line: expected at most ${MAX_XMAIL_INPUT_BYTES} characters, found ${text.length}`);
  }
  const reg = /^[ \t]*"MAIL_CMD_LINE"[ \t]*=[ \t]*"((?:[^"\\]|\\.)*)"[ \t]*\r?$/m.exec(text);
  if (reg) return tokenize(reg[1]!.replace(/\\(.)/g, '$1'), 'windows-reg');
  const shell = /^[ \t]*(?:export[ \t]+|set[ \t]+)?(?:XMAIL_CMD_LINE|MAIL_CMD_LINE)=(.*)$/m.exec(text);
  if (shell) return tokenize(shellValue(shell[1]!.replace(/\r$/, '')), 'unix');
  return tokenize(text.replace(/\r?\n/g, ' '), 'plain');
}

/** The value of a POSIX shell assignment's right-hand side ("...", '...' or a bare word). */
function shellValue(rhs: string): string {
  let out = '';
  let i = 0;
  while (i < rhs.length && !/[ \t;#]/.test(rhs[i]!)) {
    const c = rhs[i]!;
    if (c === '"') {
      i++;
      while (i < rhs.length && rhs[i] !== '"') {
        if (rhs[i] === '\\' && i + 1 < rhs.length && '"\\$`'.includes(rhs[i + 1]!)) i++;
        out += rhs[i++];
      }
      i++;
    } else if (c === "'") {
      const end = rhs.indexOf("'", i + 1);
      out += rhs.slice(i + 1, end < 0 ? rhs.length : end);
      i = end < 0 ? rhs.length : end + 1;
    } else if (c === '\\' && i + 1 < rhs.length) {
      out += rhs[i + 1];
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** XMail's StrCmdLineToken over the whole line. */
export function splitCommandLine(text: string): { tokens: string[]; unterminated: string[] } {
  const tokens: string[] = [];
  const unterminated: string[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (i >= text.length) break;
    let token = '';
    if (text[i] === '"') {
      i++;
      let closed = false;
      while (i < text.length) {
        if (text[i] === '"') {
          i++;
          if (text[i] !== '"') {
            closed = true;
            break;
          }
          token += text[i++];
        } else {
          token += text[i++];
        }
      }
      if (!closed) unterminated.push(token);
    } else {
      while (i < text.length && text[i] !== ' ' && text[i] !== '\t') token += text[i++];
    }
    if (new TextEncoder().encode(token).length >= MAX_TOKEN_BYTES) {
      throw new XmailError('COMMAND_LINE_TOKEN_TOO_LONG', `command line: expected tokens under ${MAX_TOKEN_BYTES} bytes (XMail's buffer), found one of ${token.length}`);
    }
    tokens.push(token);
  }
  return { tokens, unterminated };
}

function tokenize(text: string, source: CommandLine['source']): CommandLine {
  const { tokens, unterminated } = splitCommandLine(text);
  const issues: CommandLine['issues'] = unterminated.map((token) => ({ code: 'UNTERMINATED_QUOTE', token }));
  tokens.forEach((t, i) => {
    const m = SWITCH_RE.exec(t);
    if (m && (m[2] === 'p' || m[2] === 'I') && i + 1 >= tokens.length) issues.push({ code: 'SWITCH_ARGUMENT_MISSING', token: t });
  });
  return { tokens, source, issues };
}

// ---------------------------------------------------------------------------------------------
// Serializing

/** One token as XMail reads it back: quoted (with `""` for a quote) only when it must be. */
export function quoteToken(token: string): string {
  if (token !== '' && !/[ \t]/.test(token) && !token.startsWith('"')) return token;
  return `"${token.replace(/"/g, '""')}"`;
}

export function serializeCommandLine(cmd: CommandLine): string {
  return cmd.tokens.map(quoteToken).join(' ');
}

export interface StartupOutputs {
  /** The options as typed after `XMail` on a command prompt. */
  plain: string;
  /** The init script's line (Debian/RPM scripts export it as MAIL_CMD_LINE). */
  unixLine: string;
  /** The MAIL_CMD_LINE string value for HKLM\SOFTWARE\GNU\XMail (unescaped; the .reg writer escapes). */
  windowsValue: string;
}

export function startupOutputs(cmd: CommandLine): StartupOutputs {
  const plain = serializeCommandLine(cmd);
  // Inside shell double quotes only \ " $ ` are special.
  const unixLine = `XMAIL_CMD_LINE="${plain.replace(/[\\"$`]/g, '\\$&')}"`;
  return { plain, unixLine, windowsValue: plain };
}

// ---------------------------------------------------------------------------------------------
// Listener state

export interface ListenerSwitches {
  off: boolean;
  /** From the last `-Lp`; undefined when not given. */
  port?: number;
  interfaces: string[];
  ipv6: boolean;
}

export function listenerSwitches(cmd: CommandLine, letter: ServiceLetter): ListenerSwitches {
  const out: ListenerSwitches = { off: false, interfaces: [], ipv6: false };
  const t = cmd.tokens;
  for (let i = 0; i < t.length; i++) {
    const m = SWITCH_RE.exec(t[i]!);
    if (!m) continue;
    if (m[2] === 'p' || m[2] === 'I') {
      const arg = t[i + 1];
      i++;
      if (m[1] !== letter || arg === undefined) continue;
      if (m[2] === 'p') {
        const port = Number(arg);
        if (Number.isInteger(port) && port > 0 && port < 65536) out.port = port;
      } else {
        out.interfaces.push(arg);
      }
    } else if (m[1] === letter) {
      if (m[2] === '-') out.off = true;
      else out.ipv6 = true;
    }
  }
  return out;
}

export interface EffectiveListener {
  service: ServiceName;
  letter: ServiceLetter;
  enabled: boolean;
  /** Ports it listens on: from `-LI ip:port` when given, else `-Lp`, else the default. */
  ports: number[];
  interfaces: string[];
  ipv6: boolean;
  tls: ServiceInfo['tls'];
}

/**
 * What XMail will listen on. `-L-` disables a listener wherever it stands on the line [infer: XMail
 * clears the service's enable flag and nothing sets it back]; the last `-Lp` wins; `-LI` accumulate.
 */
export function effectiveListeners(cmd: CommandLine): EffectiveListener[] {
  return SERVICES.map((s) => {
    const sw = listenerSwitches(cmd, s.letter);
    const port = sw.port ?? s.defaultPort;
    const ifacePorts = sw.interfaces.map((iface) => interfacePort(iface) ?? port);
    return {
      service: s.name,
      letter: s.letter,
      enabled: !sw.off,
      ports: sw.off ? [] : [...new Set(sw.interfaces.length > 0 ? ifacePorts : [port])],
      interfaces: sw.interfaces,
      ipv6: sw.ipv6,
      tls: s.tls,
    };
  });
}

/** The port in `ip:port` / `[v6]:port`, if any. A bare IPv6 address has no port. */
function interfacePort(iface: string): number | undefined {
  const m = /^\[[^\]]*\]:(\d+)$/.exec(iface) ?? (/^[^:]*:(\d+)$/.exec(iface));
  return m ? Number(m[1]) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Changing the TLS listeners

export type ListenerChange = 'on' | 'off' | { port?: number; interfaces?: string[]; ipv6?: boolean };

export interface TlsListenerChanges {
  /** Implicit TLS listeners: SMTPS -X (465), POP3S -B (995), CTRLS -W (6018). */
  smtps?: ListenerChange;
  pop3s?: ListenerChange;
  ctrls?: ListenerChange;
  /** Plain POP3 -P / CTRL -C: 'off' (`-P-`, `-C-`) is how XMail "requires TLS" for them. */
  pop3?: 'on' | 'off';
  ctrl?: 'on' | 'off';
}

/**
 * Changes only the listed listener switches; every other token keeps its text and order. New
 * switches go where that service's first switch stood, else at the end (in the order B, W, X,
 * P, C, so "TLS off" reads `-B- -W- -X-` as in the seed's recipe).
 */
export function setTlsListeners(cmd: CommandLine, changes: TlsListenerChanges): CommandLine {
  let tokens = [...cmd.tokens];
  const plan: Array<[ServiceLetter, ListenerChange | undefined]> = [
    ['B', changes.pop3s],
    ['W', changes.ctrls],
    ['X', changes.smtps],
    ['P', changes.pop3],
    ['C', changes.ctrl],
  ];
  for (const [letter, change] of plan) {
    if (change !== undefined) tokens = applyListenerChange(tokens, letter, change);
  }
  return { tokens, source: cmd.source, issues: cmd.issues };
}

function applyListenerChange(tokens: string[], letter: ServiceLetter, change: ListenerChange): string[] {
  const spec = typeof change === 'object' ? change : undefined;
  if (spec?.port !== undefined && !(Number.isInteger(spec.port) && spec.port > 0 && spec.port < 65536)) {
    throw new XmailError('COMMAND_LINE_PORT_INVALID', `command line -${letter}p: expected a port 1-65535, found ${spec.port}`);
  }
  for (const iface of spec?.interfaces ?? []) {
    if (!/^(?:\[[0-9A-Fa-f:.]+\](?::\d{1,5})?|[0-9A-Fa-f:.]+|[0-9.]+:\d{1,5})$/.test(iface)) {
      throw new XmailError('COMMAND_LINE_INTERFACE_INVALID', `command line -${letter}I: expected ip[:port], found ${JSON.stringify(iface)}`);
    }
  }
  // Which existing switch kinds this change replaces.
  const replaces = new Set<string>(['-']);
  if (spec?.port !== undefined) replaces.add('p');
  if (spec?.interfaces !== undefined) replaces.add('I');
  if (spec?.ipv6 !== undefined) replaces.add('6');

  const out: string[] = [];
  let insertAt = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const m = SWITCH_RE.exec(t);
    const takesArg = m !== null && (m[2] === 'p' || m[2] === 'I');
    if (m && m[1] === letter && replaces.has(m[2]!)) {
      if (insertAt < 0) insertAt = out.length;
      if (takesArg) i++;
      continue;
    }
    if (m && m[1] === letter && insertAt < 0) insertAt = out.length;
    out.push(t);
    if (takesArg && i + 1 < tokens.length) out.push(tokens[++i]!);
  }
  const added: string[] = [];
  if (change === 'off') added.push(`-${letter}-`);
  if (spec?.port !== undefined) added.push(`-${letter}p`, String(spec.port));
  for (const iface of spec?.interfaces ?? []) added.push(`-${letter}I`, iface);
  if (spec?.ipv6) added.push(`-${letter}6`);
  if (insertAt < 0) insertAt = out.length;
  out.splice(insertAt, 0, ...added);
  return out;
}
