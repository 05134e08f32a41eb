/**
 * Startup options as a CHANGE to the administrator's command line, never a replacement (issue 10).
 *
 * A bundle that needs a listener switch (TLS off, require TLS, implicit-TLS listeners on or off)
 * either carries the user's own command line with only those switches changed (`merged`), or,
 * when the user did not give their line, the list of switches to add and to remove (`switches`),
 * so no bundle ever carries a made-up line such as `XMAIL_CMD_LINE=""` that would wipe the
 * options the server runs with. A change that needs no switch is `none`: no startup file, no
 * restart.
 *
 * Why a certificate needs no restart: XMail builds a fresh SSL_CTX for each accepted TLS
 * connection and loads server.cert and server.key into it there (SSLBind.cpp, BSslBindServer ->
 * BSslSetupVerify: SSL_CTX_use_certificate_chain_file, SSL_CTX_use_PrivateKey_file), while the
 * command line is read once at start (MailSvr.cpp). The merge itself is `setTlsListeners`
 * (command-line.ts); this module decides whether and how it is shipped.
 *
 * Invariant: in `merged`, every token of the user's line other than the `-L-` switches of the
 * listeners asked to change keeps its text and order (property test in startup-change.test.ts).
 */
import { parseCommandLine, serializeCommandLine, setTlsListeners, startupOutputs, type CommandLine, type ServiceLetter, type StartupOutputs, type TlsListenerChanges } from './command-line.ts';
import { XmailError } from './errors.ts';

export type StartupChange =
  | { kind: 'none' }
  | {
      kind: 'merged';
      /** The user's line as XMail tokenises it, re-serialized. */
      before: string;
      outputs: StartupOutputs;
      /** Switches that were added to / removed from the user's line, e.g. `-P-`. */
      added: string[];
      removed: string[];
    }
  | {
      kind: 'switches';
      /** Switches the administrator adds to their line (listeners to turn off). */
      add: string[];
      /** Switches the administrator removes if their line has them (listeners to turn on). */
      remove: string[];
    };

/** The letters in the order setTlsListeners applies them. */
const CHANGE_LETTERS: ReadonlyArray<[keyof TlsListenerChanges, ServiceLetter]> = [
  ['pop3s', 'B'],
  ['ctrls', 'W'],
  ['smtps', 'X'],
  ['pop3', 'P'],
  ['ctrl', 'C'],
];

/** The `-L-` switches an on/off change adds and removes. Port/interface changes are not used by any bundle. */
export function listenerSwitchDelta(changes: TlsListenerChanges): { add: string[]; remove: string[] } {
  const add: string[] = [];
  const remove: string[] = [];
  for (const [key, letter] of CHANGE_LETTERS) {
    const c = changes[key];
    if (c === 'off') add.push(`-${letter}-`);
    else if (c === 'on') remove.push(`-${letter}-`);
  }
  return { add, remove };
}

/**
 * What the bundle does with the startup options. `current` undefined: the user did not give their
 * line, so only the switches are named. Given: their line with only the listener switches changed.
 */
export function planStartupChange(changes: TlsListenerChanges, current: CommandLine | undefined): StartupChange {
  const delta = listenerSwitchDelta(changes);
  if (current === undefined) {
    return delta.add.length === 0 && delta.remove.length === 0 ? { kind: 'none' } : { kind: 'switches', ...delta };
  }
  const after = setTlsListeners(current, changes);
  const before = serializeCommandLine(current);
  const outputs = startupOutputs(after);
  if (outputs.plain === before) return { kind: 'none' };
  return {
    kind: 'merged',
    before,
    outputs,
    added: delta.add.filter((s) => !current.tokens.includes(s)),
    removed: delta.remove.filter((s) => current.tokens.includes(s)),
  };
}

/**
 * A dropped init script or `reg export` file: UTF-16LE with a BOM (what regedit writes) or UTF-8.
 * Only a file that holds a MAIL_CMD_LINE / XMAIL_CMD_LINE line is accepted; anything else would be
 * read as a command line made of the whole file.
 */
export function parseCommandLineFile(bytes: Uint8Array): CommandLine {
  const { text, lossy } = decodeText(bytes);
  const cmd = parseCommandLine(text);
  if (cmd.source === 'plain') {
    throw new XmailError('COMMAND_LINE_NOT_FOUND', 'command-line file: expected a MAIL_CMD_LINE or XMAIL_CMD_LINE line, found none');
  }
  // The bundle writes this line back (UTF-8): bytes of another encoding read as U+FFFD (an EUC-JP or
  // Shift_JIS path in an old init script) would come back as other bytes, and XMail would not find
  // that folder after the restart. Bytes elsewhere in the file (comments) are never written back.
  if (lossy && cmd.tokens.some((t) => t.includes('\uFFFD'))) {
    throw new XmailError('COMMAND_LINE_NOT_UTF8', 'command-line file: expected the command line in UTF-8, found bytes that are not (EUC-JP or Shift_JIS?)');
  }
  return cmd;
}

/** The file's text; `lossy`: bytes that are not UTF-8 were read as U+FFFD. */
function decodeText(bytes: Uint8Array): { text: string; lossy: boolean } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), lossy: false };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), lossy: false };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), lossy: false };
  } catch {
    return { text: new TextDecoder('utf-8').decode(bytes), lossy: true };
  }
}
