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
 * listens on IPv6. XMail reads them by their 2nd and 3rd characters only, each service on its own
 * pass over the tokens (MailSvr.cpp; see `readSwitches`), and `effectiveListeners` /
 * `listenerConflicts` / `commandLineReadings` follow that reading. Invariant: `setTlsListeners`
 * changes only the switches it is asked to change and keeps every other token, in order.
 *
 * Size (over 300 lines): splitting, reading, changing and writing back a command line follow
 * XMail's own tokenizer and option table (MailSvr.cpp); one module keeps the round trip (split ->
 * change -> join) provably lossless in one test file.
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
  for (const letter of Object.keys(OPTION_SUBSWITCHES) as OptionLetter[]) {
    for (const r of readSwitches(tokens, letter)) {
      if (OPTION_SUBSWITCHES[letter].withArgument.includes(r.sub) && r.sub !== '' && r.argIndex === undefined) {
        issues.push({ code: 'SWITCH_ARGUMENT_MISSING', token: tokens[r.index]! });
      }
    }
  }
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
// How XMail reads the options: MailSvr.cpp (XMail 1.27), SvrSetup and SvrSetupCTRL, SvrSetupCTRLS,
// SvrSetupPOP3, SvrSetupPOP3S, SvrSetupSMTP, SvrSetupSMTPS, SvrSetupFING, SvrSetupSMAIL,
// SvrSetupPSYNC, SvrSetupLMAIL. Each of those functions walks the WHOLE token list on its own:
//
//   for (i = 0; i < iArgCount; i++) {
//     if (pszArgs[i][0] != '-' || pszArgs[i][1] != LETTER) continue;
//     switch (pszArgs[i][2]) { case 'p': if (++i < iArgCount) iPort = atoi(pszArgs[i]); break; ... }
//   }
//
// So only the 2nd and 3rd characters of a token count (`-X-anything` is `-X-`, `-Xp22466` is `-Xp`
// and takes the NEXT token as its port); a token one service takes as its argument is still read as
// a switch by every other service; the port is `atoi` (a word is 0: the system picks a random port);
// an unknown sub-switch is ignored; the last `-Lp` wins and `-LI` addresses accumulate.

/** XMail's option letters (MailSvr.cpp): the seven listeners plus -M (SvrSetup), -Q, -Y, -L. */
export type OptionLetter = ServiceLetter | 'M' | 'Q' | 'Y' | 'L';

/**
 * For each letter, the sub-switches its setup function knows: those that take the next token as an
 * argument, and those that do not (MailSvr.cpp, the `switch (pszArgs[i][2])` of each SvrSetup*).
 */
export const OPTION_SUBSWITCHES: Readonly<Record<OptionLetter, { withArgument: string; flags: string }>> = {
  C: { withArgument: 'ptIX', flags: 'l-6' }, // SvrSetupCTRL
  W: { withArgument: 'pI', flags: '-6' }, // SvrSetupCTRLS
  P: { withArgument: 'ptwIX', flags: 'lh-6' }, // SvrSetupPOP3
  B: { withArgument: 'pI', flags: '-6' }, // SvrSetupPOP3S
  S: { withArgument: 'ptIXre', flags: 'l-6' }, // SvrSetupSMTP
  X: { withArgument: 'pI', flags: '-6' }, // SvrSetupSMTPS
  F: { withArgument: 'pI', flags: 'l-6' }, // SvrSetupFING
  M: { withArgument: 'srxRSD', flags: 'dMm4657' }, // SvrSetup
  Q: { withArgument: 'ntirT', flags: 'lg' }, // SvrSetupSMAIL
  Y: { withArgument: 'itT', flags: 'l-' }, // SvrSetupPSYNC
  L: { withArgument: 'nt', flags: 'l' }, // SvrSetupLMAIL
};
const OPTION_LETTERS = Object.keys(OPTION_SUBSWITCHES) as OptionLetter[];

/**
 * The order in which SvrMain sets the services up (MailSvr.cpp SvrMain): when two listeners want
 * one address and port, the later one fails to bind and XMail stops.
 */
export const SETUP_ORDER: readonly ServiceLetter[] = ['C', 'W', 'P', 'B', 'S', 'X', 'F'];

/** One switch as one service's setup loop reads it. */
export interface SwitchReading {
  letter: OptionLetter;
  /** Index of the switch token. */
  index: number;
  /** `pszArgs[i][2]`: '' when the token is only `-L`. */
  sub: string;
  known: boolean;
  /** The token it takes as its argument (index), when the sub-switch takes one and one follows. */
  argIndex?: number;
}

/** MailSvr.cpp: one SvrSetup* loop over every token, for one letter. */
export function readSwitches(tokens: readonly string[], letter: OptionLetter): SwitchReading[] {
  const subs = OPTION_SUBSWITCHES[letter];
  const out: SwitchReading[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t[0] !== '-' || t[1] !== letter) continue;
    const sub = t[2] ?? '';
    const takesArg = sub !== '' && subs.withArgument.includes(sub);
    const reading: SwitchReading = { letter, index: i, sub, known: takesArg || (sub !== '' && subs.flags.includes(sub)) };
    if (takesArg && ++i < tokens.length) reading.argIndex = i;
    out.push(reading);
    // SvrSetupCTRLS/POP3S/SMTPS `case '-': return 0;` stop reading at the first off switch.
    if (sub === '-' && (letter === 'W' || letter === 'B' || letter === 'X')) break;
  }
  return out;
}

/** C `atoi` (leading blanks, a sign, digits; anything else stops it, so a word is 0). */
function atoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  return m ? Number.parseInt(m[1]!, 10) : 0;
}

/** The port a socket gets from `atoi(text)`: the address structure holds 16 bits (htons). */
export function xmailPort(text: string): number {
  return ((atoi(text) % 65536) + 65536) % 65536;
}

/** MiscUtils.cpp MscSplitAddressPort: `[v6]:port`, else the text after the last `|`, `:` or `;`. */
export function splitListenAddress(spec: string): { address: string; port?: number } {
  let address = spec;
  let portText: string | undefined;
  if (spec.startsWith('[')) {
    const end = spec.indexOf(']');
    if (end < 0) return { address: spec };
    address = spec.slice(1, end);
    const rest = spec.slice(end + 1);
    const at = Math.max(rest.lastIndexOf('|'), rest.lastIndexOf(':'), rest.lastIndexOf(';'));
    if (at >= 0) portText = rest.slice(at + 1);
  } else {
    const at = [spec.lastIndexOf('|'), spec.lastIndexOf(':'), spec.lastIndexOf(';')].find((x) => x >= 0);
    if (at !== undefined) {
      address = spec.slice(0, at);
      portText = spec.slice(at + 1);
    }
  }
  const port = portText === undefined ? 0 : xmailPort(portText);
  return port === 0 ? { address } : { address, port };
}

export interface ListenerSwitches {
  off: boolean;
  /** From the last `-Lp` (as XMail converts it); undefined when not given. */
  port?: number;
  interfaces: string[];
  ipv6: boolean;
}

/** The listener switches of one service, read the way its SvrSetup* function reads them. */
export function listenerSwitches(cmd: CommandLine, letter: ServiceLetter): ListenerSwitches {
  const out: ListenerSwitches = { off: false, interfaces: [], ipv6: false };
  for (const r of readSwitches(cmd.tokens, letter)) {
    const arg = r.argIndex === undefined ? undefined : cmd.tokens[r.argIndex]!;
    if (r.sub === '-') out.off = true;
    else if (r.sub === '6') out.ipv6 = true;
    else if (r.sub === 'p' && arg !== undefined) out.port = xmailPort(arg);
    else if (r.sub === 'I' && arg !== undefined) out.interfaces.push(arg);
  }
  return out;
}

/** One socket XMail binds: `address` is '' for the wildcard (INADDR_ANY / in6addr_any). */
export interface ListenerBind {
  address: string;
  family: 'ipv4' | 'ipv6' | 'name';
  /** 0: the system picks a free port. */
  port: number;
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
  /** The server.tab variable that offers STARTTLS on it (SERVICES), for the plain listeners. */
  starttlsVariable?: ServiceInfo['starttlsVariable'];
  /** The sockets MiscUtils.cpp MscCreateServerSockets binds for it (none when off). */
  binds: ListenerBind[];
}

function familyOf(address: string): ListenerBind['family'] {
  if (address.includes(':')) return 'ipv6';
  return /^[0-9.]+$/.test(address) ? 'ipv4' : 'name';
}

/**
 * What XMail will listen on: MscCreateServerSockets binds the wildcard address on the port when
 * no `-LI` is given, else each `-LI` address on its own port or, without one, the `-Lp` port.
 */
export function effectiveListeners(cmd: CommandLine): EffectiveListener[] {
  return SERVICES.map((s) => {
    const sw = listenerSwitches(cmd, s.letter);
    const port = sw.port ?? s.defaultPort;
    const binds: ListenerBind[] = sw.off
      ? []
      : sw.interfaces.length === 0
        ? [{ address: '', family: sw.ipv6 ? 'ipv6' : 'ipv4', port }]
        : sw.interfaces.map((iface) => {
            const a = splitListenAddress(iface);
            return { address: a.address, family: familyOf(a.address), port: a.port ?? port };
          });
    return {
      service: s.name,
      letter: s.letter,
      enabled: !sw.off,
      ports: [...new Set(binds.map((b) => b.port))],
      interfaces: sw.interfaces,
      ipv6: sw.ipv6,
      tls: s.tls,
      ...(s.starttlsVariable ? { starttlsVariable: s.starttlsVariable } : {}),
      binds,
    };
  });
}

/** Two listeners on one address and port: the later one in SETUP_ORDER cannot bind, XMail stops. */
export interface ListenerConflict {
  /** The address as written ('' for "every address"). */
  address: string;
  port: number;
  /** The listener that binds first, and the one whose bind fails. */
  first: ServiceName;
  second: ServiceName;
  /** exact: same address; overlap: one is the wildcard of the same family (Linux refuses, Windows may allow). */
  kind: 'exact' | 'overlap';
}

/** Every pair of binds XMail cannot make both (port 0 never clashes: each gets a free port). */
export function listenerConflicts(listeners: readonly EffectiveListener[]): ListenerConflict[] {
  const ordered = SETUP_ORDER.flatMap((letter) => listeners.filter((l) => l.letter === letter));
  const bound: Array<{ bind: ListenerBind; service: ServiceName }> = [];
  const out: ListenerConflict[] = [];
  for (const l of ordered) {
    for (const bind of l.binds) {
      if (bind.port === 0) continue;
      const clash = bound.find((b) => b.bind.port === bind.port && sameAddress(b.bind, bind) !== undefined);
      if (clash) {
        out.push({ address: bind.address || clash.bind.address, port: bind.port, first: clash.service, second: l.service, kind: sameAddress(clash.bind, bind)! });
      }
      bound.push({ bind, service: l.service });
    }
  }
  return out;
}

function sameAddress(a: ListenerBind, b: ListenerBind): 'exact' | 'overlap' | undefined {
  if (a.address.toLowerCase() === b.address.toLowerCase() && (a.address !== '' || a.family === b.family)) return 'exact';
  // A wildcard bind covers every address of its family; an IPv6 wildcard also takes IPv4 where the
  // system maps IPv4 into IPv6 (Linux by default).
  if (a.address === '' || b.address === '') return 'overlap';
  return undefined;
}

/** Why XMail reads a token differently than its author probably meant. */
export type CommandLineReadingCode =
  | 'SWITCH_TAIL_IGNORED'
  | 'SWITCH_UNKNOWN'
  | 'NOT_AN_OPTION'
  | 'ARGUMENT_IS_SWITCH'
  | 'PORT_RANDOM'
  | 'PORT_MISREAD';

export interface CommandLineReading {
  code: CommandLineReadingCode;
  token: string;
  /** SWITCH_TAIL_IGNORED: what XMail reads (`-X-`); ARGUMENT_IS_SWITCH / PORT_*: the argument. */
  readAs?: string;
  arg?: string;
  port?: number;
}

/**
 * Every token XMail reads differently than its author probably meant, in line order: a switch
 * with more characters than XMail looks at, an unknown sub-switch, a token no setup loop reads,
 * an argument that looks like a switch (it is taken as the argument AND read as a switch by the
 * other services), and a port `atoi` turns into something else.
 */
export function commandLineReadings(cmd: CommandLine): CommandLineReading[] {
  const t = cmd.tokens;
  const out: Array<CommandLineReading & { at: number }> = [];
  const used = new Set<number>();
  for (const letter of OPTION_LETTERS) {
    for (const r of readSwitches(t, letter)) {
      used.add(r.index);
      const token = t[r.index]!;
      if (!r.known) out.push({ at: r.index, code: 'SWITCH_UNKNOWN', token });
      else if (token.length > 3) out.push({ at: r.index, code: 'SWITCH_TAIL_IGNORED', token, readAs: token.slice(0, 3) });
      if (r.argIndex === undefined) continue;
      used.add(r.argIndex);
      const arg = t[r.argIndex]!;
      if (arg.startsWith('-') && !/^-\d+$/.test(arg)) out.push({ at: r.argIndex, code: 'ARGUMENT_IS_SWITCH', token, arg });
      if (r.sub === 'p' && (SERVICES as readonly ServiceInfo[]).some((s) => s.letter === letter)) {
        const port = xmailPort(arg);
        if (port === 0) out.push({ at: r.argIndex, code: 'PORT_RANDOM', token, arg, port });
        else if (String(port) !== arg) out.push({ at: r.argIndex, code: 'PORT_MISREAD', token, arg, port });
      }
    }
  }
  t.forEach((token, i) => {
    if (!used.has(i)) out.push({ at: i, code: 'NOT_AN_OPTION', token });
  });
  return out.sort((a, b) => a.at - b.at).map(({ at: _at, ...r }) => r);
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

  // Remove what XMail reads as those switches of this service (readSwitches: `-X-anything` is
  // `-X-`, and a `-X-` taken as the argument of `-Xp` is not one), with their argument, one at a
  // time: SvrSetupSMTPS & co. stop at the first `-L-`, so a later one counts once it is gone.
  // Already off: leave the line exactly as it is.
  if (change === 'off' && readSwitches(tokens, letter).some((r) => r.sub === '-')) return tokens;
  const out = [...tokens];
  let insertAt = -1;
  for (;;) {
    const r = readSwitches(out, letter).find((x) => replaces.has(x.sub));
    if (!r) break;
    if (insertAt < 0 || r.index < insertAt) insertAt = r.index;
    out.splice(r.index, r.argIndex === undefined ? 1 : 2);
  }
  const added: string[] = [];
  if (change === 'off') added.push(`-${letter}-`);
  if (spec?.port !== undefined) added.push(`-${letter}p`, String(spec.port));
  for (const iface of spec?.interfaces ?? []) added.push(`-${letter}I`, iface);
  if (spec?.ipv6) added.push(`-${letter}6`);
  if (added.length === 0) return out;
  // New switches go where the service's first listener switch stands, else at the end; but never right
  // after a switch still waiting for its argument (`-Pw` at the end): XMail would take the new
  // switch as that argument. The front of the line is always safe.
  if (insertAt < 0) insertAt = readSwitches(out, letter).find((r) => r.sub !== '' && '-pI6'.includes(r.sub))?.index ?? out.length;
  if (swallowedAt(out, insertAt, added)) insertAt = 0;
  out.splice(insertAt, 0, ...added);
  return out;
}

/** True when a switch before `at` would take `added[0]` as its argument (any service's reading). */
function swallowedAt(tokens: readonly string[], at: number, added: readonly string[]): boolean {
  const candidate = [...tokens.slice(0, at), ...added, ...tokens.slice(at)];
  return (Object.keys(OPTION_SUBSWITCHES) as OptionLetter[]).some((l) => readSwitches(candidate, l).some((r) => r.argIndex === at));
}
