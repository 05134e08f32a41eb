/**
 * INSTALL.ja.txt / INSTALL.en.txt: numbered steps for exactly the bundle they ship in.
 *
 * `createInstallDocument` decides WHAT to say from the bundle's facts (which files are in it, the
 * user's OS, the trust model), once for every language: each sentence is a catalog key
 * (src/i18n/downloads/install.ts) filled with data (paths, switches, counts), and the commands
 * come from install-commands.ts. `serializeInstallText` renders the document. Line ends follow
 * the user's OS: CRLF for Windows (Notepad before Windows 10 1809 shows LF files as one line), LF
 * for Unix.
 *
 * Facts behind the steps (../shared/reference/xmail-tls.md): XMail reads server.key/server.cert
 * on every handshake and server.tab on every use, so neither needs a restart; the command line is
 * read only at startup, so a changed MAIL_CMD_LINE does.
 *
 * Invariant (issue 12 item 2): every value placed in a command goes through shell-quote.ts for the
 * target OS, and every line passes plain-text.ts's inertLine, so a host name read from a foreign
 * certificate can neither run as a command nor add a line of its own.
 *
 * Size (over 300 lines): one function per install step, all deciding from the same InstallFacts;
 * the commands live in install-commands.ts and the words in the catalog, so what is left is the
 * order and the conditions, read best in one place.
 */
import { translate, type Lang, type MessageKey, type MessageParams } from '../../i18n/translate.ts';
import { BUNDLE_PATHS, type BundleFileRole } from './layout.ts';
import { inertLine } from '../plain-text.ts';
import {
  BACKUP_PARENT,
  backupCommands,
  backupNames,
  checksumSample,
  context,
  copyCommands,
  deleteBundleCommand,
  powershellCommands,
  regQueryCommands,
  restartCommands,
  serverTabCopyCommands,
  serverTabRenameCommands,
  undoCommands,
  unzipCommands,
  UNZIP_DIR,
  verifyCommands,
  type Ctx,
} from './install-commands.ts';

export type TargetOs = 'windows' | 'unix';
export type TrustModel = 'private-ca' | 'self-signed' | 'public';

export interface InstallFacts {
  os: TargetOs;
  /** Host names the server certificate is for; the first one is used in the check commands. */
  hostNames: readonly string[];
  files: ReadonlyArray<{ path: string; role: BundleFileRole }>;
  trust: TrustModel;
  caName?: string;
  /**
   * The command-line change, when the bundle needs one: `merged` (the user's line with only the TLS
   * switches changed, shipped as startup files) or `switches` (the user's line is unknown: INSTALL
   * lists what to add and remove). Absent: the command line stays as it is, and no restart.
   */
  startup?: InstallStartup;
  /**
   * certs.pem is merged into the live one, CA by CA (install-commands.ts mergeCertsPem): for each
   * CA, a bundle file holding only it (PEM) and a piece of its base64 no other certificate has
   * (mailroot.ts pemMarker).
   */
  certsPemParts?: ReadonlyArray<{ path: string; marker?: string }>;
  /**
   * The CAs a rotation of the client CA retires (mailroot.ts): each a bundle file (its PEM as we
   * write it), its marker (pemMarker), its PEM's first base64 line, and its certs/ hash names.
   * INSTALL removes from certs.pem and certs/ only what equals one (install-commands.ts).
   */
  certsRetired?: ReadonlyArray<{ path: string; marker: string; firstLine: string; stems: readonly string[] }>;
  /** The bundle builds on server.key / server.cert already in MailRoot. */
  needsServerCert?: boolean;
  /** How clients reach each TLS-capable listener before and after (given only when known from the user's files). */
  services?: ReadonlyArray<InstallServiceChange>;
}

export type ServiceAccess = 'off' | 'plain' | 'starttls' | 'tls';
export interface InstallServiceChange {
  service: string;
  before: { access: ServiceAccess; ports: readonly number[] };
  after: { access: ServiceAccess; ports: readonly number[] };
  /** Whether a TLS handshake asks for a client certificate (the CA-for-clients bundle). */
  clientCert?: { before: ClientCertAsk; after: ClientCertAsk };
}
type ClientCertAsk = 'none' | 'asked' | 'required';

export type InstallStartup =
  | { kind: 'merged'; before: string; after: string; added: readonly string[]; removed: readonly string[] }
  | { kind: 'switches'; add: readonly string[]; remove: readonly string[] };

export interface InstallStep {
  title: string;
  lines: string[];
  /** Shell commands, shown indented on their own lines. */
  commands?: string[];
}

export interface InstallDocument {
  title: string;
  intro: string[];
  contentsHeading: string;
  contents: Array<{ path: string; description: string }>;
  stepsHeading: string;
  steps: InstallStep[];
  notesHeading: string;
  notes: string[];
  /** How to undo: after the notes, with commands (install-commands.ts undoCommands). */
  undo: { heading: string; lines: string[]; commands: string[] };
}

/** The catalog lookup in the document's language. */
type Tr = (key: MessageKey, params?: MessageParams) => string;

/** This INSTALL file, per language (the other one is "the other language's version"). */
const INSTALL_PATH: Record<Lang, string> = { ja: BUNDLE_PATHS.installJa, en: BUNDLE_PATHS.installEn };

const FILE_TEXT: Partial<Record<BundleFileRole, MessageKey>> = {
  'server-key': 'install.file.serverKey',
  'server-cert': 'install.file.serverCert',
  'certs-pem': 'install.file.certsPem',
  'server-tab': 'install.file.serverTab',
  'command-line': 'install.file.commandLine',
  'init-script-line': 'install.file.initScriptLine',
  'reg-native': 'install.file.regNative',
  'reg-wow64': 'install.file.regWow64',
  'ca-der': 'install.file.caDer',
  'retired-ca': 'install.file.retiredCa',
  'ca-pem': 'install.file.caPem',
  mobileconfig: 'install.file.mobileconfig',
  'self-signed-der': 'install.file.selfSignedDer',
  'self-signed-pem': 'install.file.selfSignedPem',
  manifest: 'install.file.manifest',
};

function describeFile(role: BundleFileRole, c: Ctx, path: string, lang: Lang, tr: Tr): string {
  if (role === 'certs-hash') return '';
  if (role === 'server-tab-patch') return tr(c.has('server-tab') ? 'install.file.serverTabPatch.review' : 'install.file.serverTabPatch.stock');
  if (role === 'extra') return tr(/\.(p12|pfx)$/i.test(path) ? 'install.file.pkcs12' : 'install.file.extra');
  if (role === 'install') return tr(path === INSTALL_PATH[lang] ? 'install.file.installThis' : 'install.file.installOther');
  const key = FILE_TEXT[role];
  return key ? tr(key) : '';
}

function serviceLines(c: Ctx, tr: Tr): string[] {
  const text = (a: InstallServiceChange['before']) => (a.access === 'off' ? tr('install.access.off') : `${tr(`install.access.${a.access}`)} (${a.ports.join(', ')})`);
  const certText = (s: InstallServiceChange) =>
    s.clientCert ? `; ${tr('install.clientCert.heading')}: ${tr(`install.clientCert.${s.clientCert.before}`)} -> ${tr(`install.clientCert.${s.clientCert.after}`)}` : '';
  return (c.facts.services ?? []).map((s) => `  ${s.service}: ${text(s.before)} -> ${text(s.after)}${certText(s)}`);
}

function intro(c: Ctx, tr: Tr): string[] {
  return [
    ...(c.facts.hostNames.length ? [tr('install.intro.hosts', { hosts: c.facts.hostNames.join(', ') })] : []),
    tr('install.intro.os', { os: c.facts.os === 'windows' ? 'Windows' : 'Unix / Linux' }),
    tr('install.intro.mailRoot', { mailRoot: c.mailRoot }),
    tr('install.intro.mailRootQuoted', { mailRoot: c.mailRoot }),
    ...(c.facts.services?.length ? [tr('install.intro.services'), ...serviceLines(c, tr)] : []),
    ...(c.facts.needsServerCert ? [tr('install.intro.needsServerCert')] : []),
  ];
}

function unzipStep(c: Ctx, tr: Tr): InstallStep {
  return { title: tr('install.unzip.title'), lines: [tr(`install.unzip.${c.facts.os}`)], commands: unzipCommands(c) };
}

function backupStep(c: Ctx, tr: Tr): InstallStep {
  const files = [...backupNames(c), ...(c.has('certs-hash') ? [tr('install.backup.certsFolder')] : [])].join(tr('list.separator'));
  return {
    title: tr('install.backup.title'),
    lines: [
      tr(c.has('server-key') ? 'install.backup.filesWithKey' : 'install.backup.files', { files }),
      ...(c.facts.startup ? [tr(`install.backup.startup.${c.facts.os}`)] : []),
      ...(c.facts.os === 'windows' ? [tr('install.backup.acl')] : []),
      tr('install.backup.folder'),
    ],
    commands: backupCommands(c),
  };
}

function copyStep(c: Ctx, tr: Tr): InstallStep {
  // SSLBind.cpp BSslSetupVerify loads the key, certificate and verify locations per connection:
  // say so only for what this bundle carries (issue 17 item 8).
  const perConnection: MessageKey | undefined = c.has('server-key')
    ? 'install.copy.perConnection.keyCert'
    : c.has('server-cert')
      ? 'install.copy.perConnection.cert'
      : c.has('certs-pem') || c.has('certs-hash') ? 'install.copy.perConnection.certs' : undefined;
  return {
    title: tr('install.copy.title'),
    lines: [
      tr('install.copy.intro'),
      ...(c.has('certs-pem') || c.has('certs-hash') ? [tr('install.copy.certsMerge')] : []),
      ...(c.has('certs-pem') && c.facts.certsPemParts?.some((p) => p.marker) ? [tr('install.copy.certsPemGuard', { folder: UNZIP_DIR[c.facts.os] })] : []),
      ...(c.has('certs-pem') && c.facts.os === 'unix' ? [tr('install.copy.certsPemLink')] : []),
      ...((c.has('server-key') || c.has('server-cert')) && c.facts.os === 'unix' ? [tr('install.copy.keyLink')] : []),
      ...(c.facts.certsRetired ? [tr('install.copy.certsRetire'), ...(c.facts.os === 'windows' ? [tr('install.copy.certsRetireWrap')] : []), tr('install.copy.certsRetiredCheck', { command: c.facts.os === 'windows' ? 'findstr' : 'grep' })] : []),
      ...(!c.facts.certsRetired && c.has('certs-hash') ? [tr('install.copy.certsCleanup')] : []),
      ...(c.facts.os === 'unix' && c.has('server-key') ? [tr('install.copy.keyOwner')] : []),
      ...(c.facts.os === 'windows' && c.has('server-key') ? [tr('install.copy.keyAcl', { key: c.p(`${c.mailRoot}\\server.key.new`) })] : []),
      ...(perConnection ? [tr(perConnection)] : []),
      // Two renames are two steps, not one: say what a connection in between sees (never claim atomicity).
      ...(c.has('server-key') && c.has('server-cert') ? [tr('install.copy.pairWindow')] : []),
      ...(c.facts.os === 'windows' ? [tr('install.copy.moveInUse')] : []),
      tr(`install.copy.leftover.${c.facts.os}`),
    ],
    commands: copyCommands(c),
  };
}

/**
 * A merged server.tab came in with the copy; a patch is applied by hand to a COPY that is then
 * renamed over server.tab (SvrUtils.cpp SvrReadConfig opens it afresh on every use, so an editor
 * saving in place could be read half-written). Two steps: the rename must wait for the editor.
 */
function serverTabSteps(c: Ctx, tr: Tr): InstallStep[] {
  if (c.has('server-tab')) {
    return [{ title: tr('install.serverTab.title'), lines: [tr('install.serverTab.merged.replaced'), tr('install.serverTab.merged.noRestart')] }];
  }
  return [
    {
      title: tr('install.serverTab.edit.title'),
      lines: [
        tr('install.serverTab.edit.copy'),
        tr('install.serverTab.patch.apply'),
        ...(c.facts.os === 'windows' ? [tr('install.serverTab.edit.notepad')] : []),
        tr('install.serverTab.patch.stock'),
        tr('install.serverTab.patch.format'),
      ],
      commands: serverTabCopyCommands(c),
    },
    {
      title: tr('install.serverTab.replace.title'),
      lines: [tr('install.serverTab.replace.run'), ...(c.facts.os === 'windows' ? [tr('install.copy.moveInUse')] : []), tr(`install.copy.leftover.${c.facts.os}`)],
      commands: serverTabRenameCommands(c),
    },
  ];
}

function startupStep(c: Ctx, st: InstallStartup, tr: Tr): InstallStep {
  const windows = c.facts.os === 'windows';
  if (st.kind === 'switches') {
    return {
      title: tr('install.switches.title'),
      lines: [
        ...(st.add.length ? [tr('install.switches.add', { switches: st.add.join(' ') })] : []),
        ...(st.remove.length ? [tr('install.switches.remove', { switches: st.remove.join(' ') })] : []),
        tr(`install.switches.where.${c.facts.os}`),
        tr('install.switches.hint'),
      ],
      ...(windows ? { commands: regQueryCommands('MAIL_CMD_LINE') } : {}),
    };
  }
  const none = tr('install.merged.noSwitch');
  const change = tr('install.merged.change', { added: st.added.join(' ') || none, removed: st.removed.join(' ') || none });
  const noOptions = tr('install.merged.noOptions');
  const beforeAfter = [tr('install.merged.before', { line: st.before || noOptions }), tr('install.merged.after', { line: st.after || noOptions })];
  if (windows) {
    return {
      title: tr('install.reg.title'),
      lines: [
        tr('install.reg.holds', { reg: c.local(BUNDLE_PATHS.regNative), change }),
        ...beforeAfter,
        tr('install.reg.which', { native: c.local(BUNDLE_PATHS.regNative), wow64: c.local(BUNDLE_PATHS.regWow64) }),
        tr('install.reg.unsure'),
        tr('install.reg.import'),
      ],
      commands: [...regQueryCommands('MAIL_ROOT'), `reg import ${c.b(BUNDLE_PATHS.regNative)}`],
    };
  }
  return {
    title: tr('install.init.title'),
    lines: [tr('install.init.replace', { file: BUNDLE_PATHS.initScriptLine, change }), ...beforeAfter, tr('install.init.bare', { file: BUNDLE_PATHS.commandLine })],
  };
}

function restartStep(c: Ctx, tr: Tr): InstallStep {
  const onlyRemoved = c.facts.startup?.kind === 'switches' && c.facts.startup.add.length === 0;
  // Name only what this bundle carries as re-read without a restart (issue 17 item 8).
  const required = c.has('server-key') || c.has('server-cert') ? 'install.restart.requiredWithKey' : 'install.restart.required';
  return {
    title: tr('install.restart.title'),
    lines: [tr(onlyRemoved ? 'install.restart.ifRemoved' : required)],
    commands: restartCommands(c.facts.os),
  };
}

function verifySteps(c: Ctx, tr: Tr): InstallStep[] {
  const windows = c.facts.os === 'windows';
  const verify: InstallStep = {
    title: tr('install.verify.title'),
    lines: [
      tr('install.verify.openssl'),
      // Windows has no openssl of its own (issue 17 item 8): say where one comes from, and give the PowerShell way.
      ...(windows ? [tr('install.verify.opensslWindows')] : []),
      ...(c.has('ca-pem') || c.has('self-signed-pem') ? [tr('install.verify.caFile')] : []),
      tr('install.verify.essl'),
      tr('install.verify.ports'),
    ],
    commands: verifyCommands(c),
  };
  const powershell = windows ? powershellCommands(c) : undefined;
  return powershell ? [verify, { title: tr('install.powershell.title'), lines: [tr('install.powershell.intro')], commands: powershell }] : [verify];
}

function clientsStep(c: Ctx, tr: Tr): InstallStep {
  const keys: MessageKey[] =
    c.facts.trust === 'private-ca'
      ? ['install.clients.privateCa.warning', 'install.clients.privateCa.windows', 'install.clients.privateCa.apple', 'install.clients.privateCa.thunderbird', 'install.clients.privateCa.android']
      : c.facts.trust === 'self-signed'
        ? ['install.clients.selfSigned.warning', 'install.clients.selfSigned.avoid']
        : ['install.clients.public'];
  if (c.has('certs-pem') || c.has('certs-hash')) keys.push('install.clients.clientCerts');
  return { title: tr('install.clients.title'), lines: keys.map((k) => tr(k, { file: c.local(BUNDLE_PATHS.selfSignedDer) })) };
}

function notes(c: Ctx, tr: Tr): string[] {
  return [
    c.facts.os === 'windows'
      ? tr('install.notes.checksum.windows', { file: c.q(c.local(checksumSample(c))), manifest: BUNDLE_PATHS.manifest })
      : tr('install.notes.checksum.unix', { manifest: c.q(BUNDLE_PATHS.manifest) }),
    // The unzipped folder keeps a plaintext copy of the key.
    // The downloaded zip holds the same key: it goes too (and out of the Recycle Bin on Windows).
    ...(c.has('server-key') ? [tr(`install.notes.deleteBundle.${c.facts.os}`, { dir: UNZIP_DIR[c.facts.os], command: deleteBundleCommand(c.facts.os) })] : []),
  ];
}

function undoSection(c: Ctx, step: number, tr: Tr): InstallDocument['undo'] {
  const os = c.facts.os;
  return {
    heading: tr('install.undo.heading'),
    lines: [
      tr(`install.undo.b.${os}`, { step, dir: BACKUP_PARENT[os] }),
      tr('install.undo.what'),
      ...(os === 'unix' ? [tr('install.undo.link')] : []),
      ...(os === 'windows' && c.has('server-key') ? [tr('install.undo.keyAcl')] : []),
      tr(c.facts.startup ? `install.undo.startup.${os}` : 'install.undo.noRestart'),
      tr(`install.copy.leftover.${os}`),
    ],
    commands: undoCommands(c),
  };
}

/** Decides which steps this bundle needs (once, for every language) and words them in `lang`. */
export function createInstallDocument(facts: InstallFacts, lang: Lang): InstallDocument {
  const tr: Tr = (key, params) => translate(lang, key, params);
  const c = context(facts);
  const contents: InstallDocument['contents'] = [];
  const hashFiles = facts.files.filter((f) => f.role === 'certs-hash');
  for (const f of facts.files) {
    if (f.role === 'certs-hash') {
      if (f === hashFiles[0]) contents.push({ path: `${c.local(BUNDLE_PATHS.certsDir)}${c.local('/')}`, description: tr('install.file.certsDir', { n: hashFiles.length }) });
      continue;
    }
    contents.push({ path: c.local(f.path), description: describeFile(f.role, c, f.path, lang, tr) });
  }
  // Commands after the first use relative bundle paths (MailRoot, startup\, clients\): they run in the unzipped folder.
  const steps: InstallStep[] = [unzipStep(c, tr), backupStep(c, tr)];
  const backupStepNumber = steps.length;
  if (facts.files.some((f) => f.path.startsWith(`${BUNDLE_PATHS.mailRootDir}/`))) steps.push(copyStep(c, tr));
  if (c.has('server-tab') || c.has('server-tab-patch')) steps.push(...serverTabSteps(c, tr));
  // The command line is read only at start (MailSvr.cpp); key, certificate and server.tab are
  // re-read on use, so a restart step appears only with a command-line change.
  if (facts.startup) steps.push(startupStep(c, facts.startup, tr), restartStep(c, tr));
  // Nothing new to check over TLS unless the bundle carries a certificate.
  if (c.has('server-cert')) steps.push(...verifySteps(c, tr));
  if (c.has('server-cert') || c.has('ca-der') || c.has('extra')) steps.push(clientsStep(c, tr));
  return {
    title: tr('install.title'),
    intro: intro(c, tr),
    contentsHeading: tr('install.contents.heading'),
    contents,
    stepsHeading: tr('install.steps.heading'),
    steps,
    notesHeading: tr('install.notes.heading'),
    notes: notes(c, tr),
    undo: undoSection(c, backupStepNumber, tr),
  };
}

/** Renders the document as plain text; CRLF for Windows, LF for Unix; ends with a line end. */
export function serializeInstallText(doc: InstallDocument, os: TargetOs): string {
  const out: string[] = [doc.title, '='.repeat(Math.min(72, displayWidth(doc.title))), '', ...doc.intro, ''];
  out.push(`■ ${doc.contentsHeading}`, '');
  for (const item of doc.contents) {
    out.push(`  ${item.path}`);
    if (item.description) out.push(`      ${item.description}`);
  }
  out.push('', `■ ${doc.stepsHeading}`, '');
  doc.steps.forEach((step, i) => {
    out.push(`${i + 1}. ${step.title}`);
    for (const line of step.lines) out.push(`   ${line}`);
    if (step.commands?.length) {
      out.push('');
      for (const cmd of step.commands) out.push(`     ${cmd}`);
    }
    out.push('');
  });
  out.push(`■ ${doc.notesHeading}`, '');
  for (const note of doc.notes) out.push(`  - ${note}`);
  out.push('', `■ ${doc.undo.heading}`, '');
  for (const line of doc.undo.lines) out.push(`  ${line}`);
  out.push('');
  for (const cmd of doc.undo.commands) out.push(`     ${cmd}`);
  out.push('');
  return out.map(inertLine).join(os === 'windows' ? '\r\n' : '\n');
}

/** Width in terminal columns: East Asian wide characters count two. */
function displayWidth(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return n;
}
