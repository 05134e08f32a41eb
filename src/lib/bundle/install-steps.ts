/**
 * INSTALL.ja.txt / INSTALL.en.txt: numbered steps for exactly the bundle they ship in.
 *
 * The text is built in two stages: `createInstallDocument` decides WHAT to say from the bundle's
 * facts (which files are in it, the user's OS, the trust model) as structured data, and
 * `serializeInstallText` renders that data. Line ends follow the user's OS: CRLF for Windows
 * (Notepad before Windows 10 1809 shows LF files as one line), LF for Unix.
 *
 * Facts behind the steps (../shared/reference/xmail-tls.md): XMail reads server.key/server.cert
 * on every handshake and server.tab on every use, so neither needs a restart; the command line is
 * read only at startup, so a changed MAIL_CMD_LINE does.
 *
 * Invariant (issue 12 item 2): every value placed in a command goes through shell-quote.ts for the
 * target OS, and every line passes plain-text.ts's inertLine, so a host name read from a foreign
 * certificate can neither run as a command nor add a line of its own.
 */
import { BUNDLE_PATHS, type BundleFileRole } from './layout.ts';
import { inertLine } from '../plain-text.ts';
import { quoteArg } from './shell-quote.ts';

export type BundleLang = 'ja' | 'en';
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

function serviceLines(c: Ctx, label: Record<ServiceAccess, string>, cert?: { heading: string } & Record<ClientCertAsk, string>): string[] {
  const text = (a: InstallServiceChange['before']) => (a.access === 'off' ? label.off : `${label[a.access]} (${a.ports.join(', ')})`);
  const certText = (s: InstallServiceChange) => (cert && s.clientCert ? `; ${cert.heading}: ${cert[s.clientCert.before]} -> ${cert[s.clientCert.after]}` : '');
  return (c.facts.services ?? []).map((s) => `  ${s.service}: ${text(s.before)} -> ${text(s.after)}${certText(s)}`);
}

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
}

/** Default MailRoot locations of XMail's own installers and init script (adjustable by the admin). */
const MAILROOT_DIR: Record<TargetOs, string> = { windows: 'C:\\MailRoot', unix: '/var/MailRoot' };

type Has = (role: BundleFileRole) => boolean;

interface Ctx {
  facts: InstallFacts;
  has: Has;
  pathOf: (role: BundleFileRole) => string | undefined;
  host: string;
  mailRoot: string;
  /** A bundle path as the user types it on their OS (backslashes on Windows). */
  local: (path: string) => string;
  /** One value as a literal argument for the target OS's shell. */
  q: (value: string) => string;
}

function context(facts: InstallFacts): Ctx {
  const has: Has = (role) => facts.files.some((f) => f.role === role);
  return {
    facts,
    has,
    pathOf: (role) => facts.files.find((f) => f.role === role)?.path,
    // A wildcard is no host to connect to: the check commands use the first concrete name.
    host: facts.hostNames.find((h) => !h.startsWith('*.')) ?? facts.hostNames[0] ?? 'mail.example.com',
    mailRoot: MAILROOT_DIR[facts.os],
    local: (p) => (facts.os === 'windows' ? p.replace(/\//g, '\\') : p),
    q: (v) => quoteArg(facts.os, v),
  };
}

/** Language-specific wording; every function receives the same context and returns plain text. */
interface Wording {
  title: string;
  intro: (c: Ctx) => string[];
  contentsHeading: string;
  describe: (role: BundleFileRole, c: Ctx, path: string) => string;
  certsDir: (n: number) => string;
  stepsHeading: string;
  backup: (c: Ctx) => InstallStep;
  copy: (c: Ctx) => InstallStep;
  serverTab: (c: Ctx) => InstallStep;
  startup: (c: Ctx, startup: InstallStartup) => InstallStep;
  restart: (c: Ctx) => InstallStep;
  verify: (c: Ctx) => InstallStep;
  clients: (c: Ctx) => InstallStep;
  notesHeading: string;
  notes: (c: Ctx) => string[];
}

/** MailRoot files to save before copying: only those the bundle replaces or changes. */
function backupNames(c: Ctx): string[] {
  const names: string[] = [];
  if (c.has('server-key')) names.push('server.key');
  if (c.has('server-cert')) names.push('server.cert');
  if (c.has('server-tab') || c.has('server-tab-patch')) names.push('server.tab');
  if (c.has('certs-pem')) names.push('certs.pem');
  return names;
}

function backupCommands(c: Ctx): string[] {
  const names = backupNames(c);
  if (c.facts.os === 'windows') {
    const cmds = ['mkdir C:\\xmail-backup'];
    for (const n of names) cmds.push(`copy ${c.q(`${c.mailRoot}\\${n}`)} C:\\xmail-backup\\`);
    if (c.has('certs-hash')) cmds.push(`xcopy /E /I ${c.q(`${c.mailRoot}\\certs`)} C:\\xmail-backup\\certs`);
    if (c.facts.startup) {
      cmds.push('reg export "HKLM\\SOFTWARE\\GNU\\XMail" C:\\xmail-backup\\xmail.reg');
      cmds.push('reg export "HKLM\\SOFTWARE\\Wow6432Node\\GNU\\XMail" C:\\xmail-backup\\xmail-wow64.reg');
    }
    return cmds;
  }
  const cmds = ['mkdir -p ~/xmail-backup'];
  const files = names.map((n) => c.q(`${c.mailRoot}/${n}`)).join(' ');
  if (files) cmds.push(`cp -p ${files} ~/xmail-backup/`);
  if (c.has('certs-hash')) cmds.push(`cp -pr ${c.q(`${c.mailRoot}/certs`)} ~/xmail-backup/`);
  if (c.facts.startup) cmds.push('cp -p /etc/init.d/xmail ~/xmail-backup/');
  return cmds;
}

function copyCommands(c: Ctx): string[] {
  if (c.facts.os === 'windows') {
    // xcopy keeps the folder structure (certs\) and /Y overwrites without asking.
    return [`xcopy /E /Y MailRoot ${c.q(`${c.mailRoot}\\`)}`];
  }
  const cmds = [`cp -r MailRoot/. ${c.q(`${c.mailRoot}/`)}`];
  if (c.has('server-key')) cmds.push(`chmod 600 ${c.q(`${c.mailRoot}/server.key`)}`);
  return cmds;
}

/** A file of this bundle to show the certutil check on: the key when there is one, else the first file. */
function checksumSample(c: Ctx): string {
  return c.pathOf('server-key') ?? c.facts.files.find((f) => f.role !== 'install' && f.role !== 'manifest')?.path ?? BUNDLE_PATHS.installEn;
}

function regQueryCommands(value: string): string[] {
  return [`reg query "HKLM\\SOFTWARE\\GNU\\XMail" /v ${value}`, `reg query "HKLM\\SOFTWARE\\Wow6432Node\\GNU\\XMail" /v ${value}`];
}

function restartCommands(os: TargetOs): string[] {
  return os === 'windows' ? ['net stop XMail', 'net start XMail'] : ['/etc/init.d/xmail restart'];
}

function verifyCommands(c: Ctx): string[] {
  const caPem = c.pathOf('ca-pem') ?? c.pathOf('self-signed-pem');
  const ca = caPem ? ` -CAfile ${c.q(c.local(caPem))}` : '';
  // host:port, with an IPv6 address in brackets; SNI carries host names only (RFC 6066 section 3).
  const ipv6 = c.host.includes(':') && /^[0-9a-f:.]+$/i.test(c.host);
  const connect = (port: number) => c.q(ipv6 ? `[${c.host}]:${port}` : `${c.host}:${port}`);
  const sni = /^[0-9.]+$/.test(c.host) || ipv6 ? '' : ` -servername ${c.q(c.host)}`;
  return [
    `openssl s_client -connect ${connect(465)}${sni}${ca}`,
    `openssl s_client -connect ${connect(25)} -starttls smtp${sni}${ca}`,
    `openssl s_client -connect ${connect(995)}${ca}`,
  ];
}

const JA: Wording = {
  title: 'XMail SSL/TLS 設定一式 インストール手順',
  intro: (c) => [
    ...(c.facts.hostNames.length ? [`対象ホスト: ${c.facts.hostNames.join(', ')}`] : []),
    `対象 OS: ${c.facts.os === 'windows' ? 'Windows' : 'Unix / Linux'}`,
    `以下の「MailRoot」は XMail の MailRoot フォルダ(既定: ${c.mailRoot})を指します。異なる場所に置いている場合は読み替えてください。`,
    ...(c.facts.services?.length
      ? ['この変更の前と後(メーラからの見え方):', ...serviceLines(c, { off: '停止', plain: '暗号化なし', starttls: 'STARTTLS', tls: 'SSL(最初から暗号化)' }, { heading: 'クライアント証明書', none: '求めない', asked: '求める(任意)', required: '必須' })]
      : []),
    ...(c.facts.needsServerCert
      ? ['前提: この一式は、MailRoot にすでにある秘密鍵とサーバー証明書(server.key と server.cert)を使います。まだない場合は、先にサーバー証明書の一式(自己署名・私的 CA・公的 CA のいずれかで作成)を入れてください。']
      : []),
  ],
  contentsHeading: 'この一式に含まれるファイル',
  describe: (role, c, path) => {
    switch (role) {
      case 'server-key': return '秘密鍵(暗号化なし)。XMail はパスフレーズ付きの鍵を読めません。第三者に渡さないでください。';
      case 'server-cert': return 'サーバー証明書(このサーバーの証明書、続いて中間 CA 証明書の順に格納)。';
      case 'certs-pem': return 'クライアント証明書の検証に使う CA 証明書(SSLUseCertsFile="1" のとき使用)。';
      case 'certs-hash': return '';
      case 'server-tab': return 'あなたの server.tab に変更を反映したもの。';
      case 'server-tab-patch': return c.has('server-tab')
        ? 'server.tab の変更行だけを抜き出したもの(確認用)。'
        : 'server.tab の変更行だけを抜き出したもの(XMail 1.27 標準の server.tab との差分)。';
      case 'command-line': return 'XMail の起動オプション(コマンドライン)そのもの。';
      case 'init-script-line': return 'Unix の起動スクリプト用 XMAIL_CMD_LINE="..." の行。';
      case 'reg-native': return 'レジストリ登録ファイル(HKLM\\SOFTWARE\\GNU\\XMail)。64 ビット版 XMail、または 32 ビット版 Windows 用。';
      case 'reg-wow64': return 'レジストリ登録ファイル(HKLM\\SOFTWARE\\Wow6432Node\\GNU\\XMail)。64 ビット版 Windows 上の 32 ビット版 XMail 用。';
      case 'ca-der': return 'CA 証明書(DER 形式)。Windows / Outlook / Android のメーラ側にインストールします。';
      case 'ca-pem': return 'CA 証明書(PEM 形式)。Thunderbird や openssl での確認に使います。';
      case 'mobileconfig': return 'iPhone / iPad / Mac 用の構成プロファイル(CA 証明書を信頼させます。署名なし)。';
      case 'self-signed-der': return '自己署名のサーバー証明書(DER 形式)。メーラ側で信頼させたい場合に使います。';
      case 'self-signed-pem': return '自己署名のサーバー証明書(PEM 形式)。openssl での確認用。';
      case 'extra': return isPkcs12(path) ? 'クライアント証明書と秘密鍵(PKCS#12、パスワード付き)。メーラにインストールします。' : '付属ファイル。';
      case 'install': return path === BUNDLE_PATHS.installJa ? 'この手順書。' : 'この手順書の英語版。';
      case 'manifest': return '全ファイルの SHA-256 チェックサム。';
    }
  },
  certsDir: (n) => `クライアント証明書の検証に使う CA 証明書のハッシュ名ディレクトリ(${n} ファイル。新旧両方の OpenSSL 形式の名前。SSLUseCertsDir="1" のとき使用)。`,
  stepsHeading: '手順',
  backup: (c) => ({
    title: '現在のファイルをバックアップする',
    lines: [
      `MailRoot の ${[...backupNames(c), ...(c.has('certs-hash') ? ['certs フォルダ'] : [])].join('、')} を別の場所にコピーしておきます${c.has('server-key') ? '(server.key は秘密鍵、server.cert はサーバー証明書です)' : ''}。存在しないファイルは飛ばして構いません。`,
      ...(c.facts.startup ? [c.facts.os === 'windows' ? '現在の起動オプションも、レジストリのエクスポートで保存します。' : '現在の起動オプションも、起動スクリプトごと保存します。'] : []),
    ],
    commands: backupCommands(c),
  }),
  copy: (c) => ({
    title: 'MailRoot フォルダの中身をコピーする',
    lines: [
      'この一式の MailRoot フォルダの中身を、XMail の MailRoot に上書きコピーします。',
      ...(c.has('certs-hash')
        ? ['certs フォルダに以前の CA 証明書が残っている場合、不要になったものは削除してください(HASH.0, HASH.1 ... の番号は欠けずに続いている必要があります)。']
        : []),
      ...(c.facts.os === 'unix' && c.has('server-key') ? ['秘密鍵は XMail を実行するユーザー(通常 root)だけが読めるようにします。'] : []),
      // SSLBind.cpp BSslSetupVerify loads the key, certificate and verify locations per connection.
      ...(c.has('server-key') || c.has('server-cert')
        ? ['秘密鍵とサーバー証明書は接続のたびに読み込まれるため、コピーした時点から使われます。']
        : c.has('certs-pem') || c.has('certs-hash') ? ['certs.pem と certs フォルダは接続のたびに読み込まれるため、コピーした時点から使われます。'] : []),
    ],
    commands: copyCommands(c),
  }),
  serverTab: (c) => ({
    title: 'server.tab を更新する',
    lines: c.has('server-tab')
      ? [
          '前の手順のコピーで MailRoot の server.tab は置き換わっています。変更された行は server.tab.patch で確認できます。',
          'server.tab は使われるたびに読み直されるため、再起動は不要です。',
        ]
      : [
          'server.tab.patch に書かれた行(+ で始まる行が追加・変更、- で始まる行が削除)を、テキストエディタで MailRoot の server.tab に反映します。',
          '差分は XMail 1.27 標準の server.tab に対するものです。あなたの server.tab が異なる場合は、書かれている変数だけを変更してください。同じ名前の変数が 2 回あると XMail は最初のものを使います。',
          '名前と値の間はタブ 1 つ、値は "..." で囲みます。server.tab は使われるたびに読み直されるため、再起動は不要です。',
        ],
  }),
  startup: (c, st) => {
    if (st.kind === 'switches') {
      return {
        title: '起動オプションのスイッチを変更する',
        lines: [
          ...(st.add.length ? [`現在の起動オプションに、次のスイッチを追加してください(ほかのオプションはそのまま残します): ${st.add.join(' ')}`] : []),
          ...(st.remove.length ? [`現在の起動オプションに次のスイッチがあれば、削除してください: ${st.remove.join(' ')}`] : []),
          c.facts.os === 'windows'
            ? '起動オプションは、レジストリの HKLM\\SOFTWARE\\GNU\\XMail(64 ビット版 Windows 上の 32 ビット版 XMail では HKLM\\SOFTWARE\\Wow6432Node\\GNU\\XMail)にある MAIL_CMD_LINE の値です。下の reg query で現在の値を確かめ、regedit で編集します。'
            : '起動オプションは、起動スクリプト(例: /etc/init.d/xmail)の XMAIL_CMD_LINE="..." の行です。テキストエディタで編集します。',
          'この一式を作るときに現在の起動オプションを入力すると、スイッチだけを変えた行が一式に入ります。',
        ],
        ...(c.facts.os === 'windows' ? { commands: regQueryCommands('MAIL_CMD_LINE') } : {}),
      };
    }
    const change = `変更するのは TLS のスイッチだけで(追加: ${st.added.join(' ') || 'なし'}、削除: ${st.removed.join(' ') || 'なし'})、ほかのオプションはそのまま残ります。`;
    const beforeAfter = [`変更前: ${st.before || '(オプションなし)'}`, `変更後: ${st.after || '(オプションなし)'}`];
    return c.facts.os === 'windows'
      ? {
          title: '起動オプションをレジストリに登録する',
          lines: [
            `${c.local(BUNDLE_PATHS.regNative)} には、入力された現在の起動オプション(MAIL_CMD_LINE)を変更したものが入っています。${change}`,
            ...beforeAfter,
            `64 ビット版 XMail(または 32 ビット版 Windows)の場合は ${c.local(BUNDLE_PATHS.regNative)} を、64 ビット版 Windows 上の 32 ビット版 XMail の場合は ${c.local(BUNDLE_PATHS.regWow64)} を使います。`,
            '迷ったら下の reg query で、MAIL_ROOT の値がすでに登録されているほうのキーを選んでください。',
            '選んだ .reg ファイルをダブルクリックするか、管理者のコマンドプロンプトで reg import を実行します。',
          ],
          commands: [...regQueryCommands('MAIL_ROOT'), `reg import ${c.q(c.local(BUNDLE_PATHS.regNative))}`],
        }
      : {
          title: '起動スクリプトの起動オプションを変更する',
          lines: [
            `起動スクリプト(例: /etc/init.d/xmail)の XMAIL_CMD_LINE="..." の行を、${BUNDLE_PATHS.initScriptLine} の行で置き換えます。この行は、入力された現在の起動オプションを変更したものです。${change}`,
            ...beforeAfter,
            `コマンドライン自体は ${BUNDLE_PATHS.commandLine} にあります。`,
          ],
        };
  },
  restart: (c) => ({
    title: 'XMail を再起動する',
    lines: c.facts.startup?.kind === 'switches' && c.facts.startup.add.length === 0
      ? ['起動オプションは起動時にしか読まれないため、前の手順でスイッチを削除した場合は再起動が必要です(何も変えなかった場合は不要です)。']
      : ['起動オプションは起動時にしか読まれないため、再起動が必要です(秘密鍵・サーバー証明書・server.tab は再起動しなくても読み直されます)。'],
    commands: restartCommands(c.facts.os),
  }),
  verify: (c) => ({
    title: '動作を確認する',
    lines: [
      'openssl で接続し、表示されるサーバー証明書の subject と issuer が今回のものであることを確認します(終了は Ctrl+C)。',
      ...(c.has('ca-pem') || c.has('self-signed-pem') ? ['-CAfile を付けると、最後に「Verify return code: 0 (ok)」と表示されれば検証も成功しています。'] : []),
      'STARTTLS の直後に接続が切れる場合(SMTP ログに SMTP=ESSL)は、秘密鍵とサーバー証明書の組み合わせ違いか、秘密鍵が暗号化されていることが原因です。',
      '465 / 995 番は SSL(暗号化接続)専用ポート、25 番は STARTTLS です。無効にしているポートは確認不要です。',
    ],
    commands: verifyCommands(c),
  }),
  clients: (c) => {
    const lines: string[] = [];
    if (c.facts.trust === 'private-ca') {
      lines.push(
        'CA 証明書をメーラ側で信頼させるまでは、メーラに「証明書を信頼できない」という警告が出ます。',
        'Windows / Outlook: ca.cer をダブルクリックし「信頼されたルート証明機関」にインストールします。',
        'iPhone / iPad / Mac: .mobileconfig を開いてプロファイルをインストールし、iPhone / iPad では「設定」>「一般」>「情報」>「証明書信頼設定」で完全な信頼をオンにします。',
        'Thunderbird: 設定 >「プライバシーとセキュリティ」>「証明書を管理」>「認証局証明書」で ca.pem を読み込み、「この認証局によるウェブサイトの識別を信頼する」にチェックします。',
        'Android: 「設定」>「セキュリティ」>「証明書のインストール」で ca.cer を入れます(ユーザー追加の CA を無視するアプリもあります)。',
      );
    } else if (c.facts.trust === 'self-signed') {
      lines.push(
        '自己署名証明書なので、メーラには「証明書を信頼できない」という警告が出ます。通信は暗号化されています。',
        '警告を出さないようにするには、clients/server-selfsigned.cer を CA 証明書と同じ手順でメーラ側に信頼させるか、メーラで例外として承認します。',
      );
    } else {
      lines.push('公的な認証局が発行したサーバー証明書であれば、メーラに警告は出ません(中間 CA 証明書が server.cert に含まれている必要があります)。');
    }
    if (c.has('certs-pem') || c.has('certs-hash')) {
      lines.push('クライアント証明書の検証を有効にした場合、メーラには各ユーザーのクライアント証明書(.p12)をインストールしてください。ログインは従来どおりパスワードで行います。');
    }
    return { title: 'メーラ(クライアント)側の設定', lines };
  },
  notesHeading: '補足',
  notes: (c) => [
    c.facts.os === 'windows'
      ? `ファイルが壊れていないかは certutil -hashfile ${c.q(c.local(checksumSample(c)))} SHA256 の結果を ${BUNDLE_PATHS.manifest} の値と比べて確認できます。`
      : `ファイルが壊れていないかは、展開したフォルダで sha256sum -c ${c.q(BUNDLE_PATHS.manifest)} を実行して確認できます。`,
    c.facts.startup
      ? `元に戻すときは、手順 1 でバックアップしたファイルと${c.facts.os === 'windows' ? 'レジストリ' : '起動スクリプト'}を戻して XMail を再起動します。`
      : '元に戻すときは、手順 1 でバックアップしたファイルを戻します(再起動は不要です)。',
  ],
};

const EN: Wording = {
  title: 'XMail SSL/TLS bundle: installation steps',
  intro: (c) => [
    ...(c.facts.hostNames.length ? [`Host names: ${c.facts.hostNames.join(', ')}`] : []),
    `Target OS: ${c.facts.os === 'windows' ? 'Windows' : 'Unix / Linux'}`,
    `"MailRoot" below means XMail's MailRoot folder (default: ${c.mailRoot}); use your own path if it differs.`,
    ...(c.facts.services?.length
      ? ['Before and after this change (as mail clients see it):', ...serviceLines(c, { off: 'off', plain: 'plain (no encryption)', starttls: 'STARTTLS', tls: 'implicit TLS' }, { heading: 'client certificate', none: 'not asked', asked: 'asked (optional)', required: 'required' })]
      : []),
    ...(c.facts.needsServerCert
      ? ['Builds on: the private key and server certificate already in MailRoot (server.key and server.cert). If they are not there yet, install a server-certificate bundle (self-signed, private CA or public CA) first.']
      : []),
  ],
  contentsHeading: 'What is in this bundle',
  describe: (role, c, path) => {
    switch (role) {
      case 'server-key': return 'Private key, unencrypted: XMail cannot read a key with a passphrase. Never share it.';
      case 'server-cert': return 'Server certificate, followed by the intermediate CA certificates.';
      case 'certs-pem': return 'CA certificates used to verify client certificates (used when SSLUseCertsFile is "1").';
      case 'certs-hash': return '';
      case 'server-tab': return 'Your server.tab with the changes applied.';
      case 'server-tab-patch': return c.has('server-tab')
        ? 'Only the changed lines of server.tab (for review).'
        : 'Only the changed lines of server.tab, against the stock XMail 1.27 server.tab.';
      case 'command-line': return 'The XMail command line (startup options) itself.';
      case 'init-script-line': return 'The XMAIL_CMD_LINE="..." line for the Unix init script.';
      case 'reg-native': return 'Registry file for HKLM\\SOFTWARE\\GNU\\XMail: 64-bit XMail, or any XMail on 32-bit Windows.';
      case 'reg-wow64': return 'Registry file for HKLM\\SOFTWARE\\Wow6432Node\\GNU\\XMail: 32-bit XMail on 64-bit Windows.';
      case 'ca-der': return 'CA certificate, DER: install it on Windows / Outlook / Android clients.';
      case 'ca-pem': return 'CA certificate, PEM: for Thunderbird and for checking with openssl.';
      case 'mobileconfig': return 'Configuration profile for iPhone / iPad / Mac that trusts the CA certificate (unsigned).';
      case 'self-signed-der': return 'The self-signed server certificate, DER: install it on clients that should trust it.';
      case 'self-signed-pem': return 'The self-signed server certificate, PEM: for checking with openssl.';
      case 'extra': return isPkcs12(path) ? 'Client certificate and key (PKCS#12, password-protected): install it in the mail program.' : 'Additional file.';
      case 'install': return path === BUNDLE_PATHS.installEn ? 'These instructions.' : 'These instructions in Japanese.';
      case 'manifest': return 'SHA-256 checksums of every file.';
    }
  },
  certsDir: (n) => `Hashed directory of the CA certificates used to verify client certificates (${n} files, named for both old and new OpenSSL; used when SSLUseCertsDir is "1").`,
  stepsHeading: 'Steps',
  backup: (c) => ({
    title: 'Back up the current files',
    lines: [
      `Copy ${[...backupNames(c), ...(c.has('certs-hash') ? ['the certs folder'] : [])].join(', ')} from MailRoot to a safe place${c.has('server-key') ? ' (server.key is the private key, server.cert the server certificate)' : ''}. Skip files that do not exist.`,
      ...(c.facts.startup ? [c.facts.os === 'windows' ? 'Save the current command line too, by exporting the registry key.' : 'Save the current command line too, by copying the init script.'] : []),
    ],
    commands: backupCommands(c),
  }),
  copy: (c) => ({
    title: 'Copy the contents of the MailRoot folder',
    lines: [
      "Copy everything inside this bundle's MailRoot folder into XMail's MailRoot, replacing the files there.",
      ...(c.has('certs-hash')
        ? ['If the certs folder holds CA certificates you no longer trust, delete them; the numbers HASH.0, HASH.1, ... must continue without gaps.']
        : []),
      ...(c.facts.os === 'unix' && c.has('server-key') ? ['Make the private key readable only by the user XMail runs as (usually root).'] : []),
      ...(c.has('server-key') || c.has('server-cert')
        ? ['XMail reads the key and certificate on every connection, so they are used as soon as they are copied.']
        : c.has('certs-pem') || c.has('certs-hash') ? ['XMail reads certs.pem and the certs folder on every connection, so they are used as soon as they are copied.'] : []),
    ],
    commands: copyCommands(c),
  }),
  serverTab: (c) => ({
    title: 'Update server.tab',
    lines: c.has('server-tab')
      ? [
          'The copy in the previous step replaced MailRoot/server.tab; server.tab.patch lists the lines that changed.',
          'XMail re-reads server.tab each time it uses it: no restart is needed.',
        ]
      : [
          "Apply the lines in server.tab.patch (lines starting with + are added or changed, - removed) to MailRoot's server.tab with a text editor.",
          'The patch is against the stock XMail 1.27 server.tab. If yours differs, change only the variables it names. If a name appears twice, XMail uses the first one.',
          'Separate name and value with one TAB and quote the value ("..."). XMail re-reads server.tab each time it uses it: no restart is needed.',
        ],
  }),
  startup: (c, st) => {
    if (st.kind === 'switches') {
      return {
        title: 'Change the switches in the command line',
        lines: [
          ...(st.add.length ? [`Add these switches to your command line, keeping every other option: ${st.add.join(' ')}`] : []),
          ...(st.remove.length ? [`Remove these switches if your command line has them: ${st.remove.join(' ')}`] : []),
          c.facts.os === 'windows'
            ? 'The command line is the MAIL_CMD_LINE value under HKLM\\SOFTWARE\\GNU\\XMail (HKLM\\SOFTWARE\\Wow6432Node\\GNU\\XMail for a 32-bit XMail on 64-bit Windows). Check the current value with reg query below and edit it with regedit.'
            : 'The command line is the XMAIL_CMD_LINE="..." line of the init script (e.g. /etc/init.d/xmail). Edit it with a text editor.',
          'If you enter your current command line when making this bundle, the bundle carries your line with only these switches changed.',
        ],
        ...(c.facts.os === 'windows' ? { commands: regQueryCommands('MAIL_CMD_LINE') } : {}),
      };
    }
    const change = `Only the TLS switches change (added: ${st.added.join(' ') || 'none'}; removed: ${st.removed.join(' ') || 'none'}); every other option stays as it is.`;
    const beforeAfter = [`Before: ${st.before || '(no options)'}`, `After: ${st.after || '(no options)'}`];
    return c.facts.os === 'windows'
      ? {
          title: 'Register the command line in the registry',
          lines: [
            `${c.local(BUNDLE_PATHS.regNative)} holds the current command line (MAIL_CMD_LINE) you entered, changed. ${change}`,
            ...beforeAfter,
            `Use ${c.local(BUNDLE_PATHS.regNative)} for a 64-bit XMail (or on 32-bit Windows), ${c.local(BUNDLE_PATHS.regWow64)} for a 32-bit XMail on 64-bit Windows.`,
            'If unsure, run the reg query commands below and pick the key that already holds MAIL_ROOT.',
            'Double-click the chosen .reg file, or run reg import from an administrator command prompt.',
          ],
          commands: [...regQueryCommands('MAIL_ROOT'), `reg import ${c.q(c.local(BUNDLE_PATHS.regNative))}`],
        }
      : {
          title: 'Change the command line in the init script',
          lines: [
            `In the init script (e.g. /etc/init.d/xmail), replace the XMAIL_CMD_LINE="..." line with the line in ${BUNDLE_PATHS.initScriptLine}: it is the current command line you entered, changed. ${change}`,
            ...beforeAfter,
            `The bare command line is in ${BUNDLE_PATHS.commandLine}.`,
          ],
        };
  },
  restart: (c) => ({
    title: 'Restart XMail',
    lines: c.facts.startup?.kind === 'switches' && c.facts.startup.add.length === 0
      ? ['XMail reads its command line only at startup: restart if you removed a switch in the previous step (not needed if nothing changed).']
      : ['XMail reads its command line only at startup, so a restart is required (key, certificate and server.tab are re-read without one).'],
    commands: restartCommands(c.facts.os),
  }),
  verify: (c) => ({
    title: 'Check that it works',
    lines: [
      'Connect with openssl and check that the subject and issuer shown are those of the new server certificate (Ctrl+C to quit).',
      ...(c.has('ca-pem') || c.has('self-signed-pem') ? ['With -CAfile, "Verify return code: 0 (ok)" at the end means verification succeeded too.'] : []),
      'If the connection drops right after STARTTLS (SMTP log: SMTP=ESSL), the key does not match the certificate or the key is encrypted.',
      'Ports 465 and 995 are implicit TLS, port 25 is STARTTLS. Skip the ports you have turned off.',
    ],
    commands: verifyCommands(c),
  }),
  clients: (c) => {
    const lines: string[] = [];
    if (c.facts.trust === 'private-ca') {
      lines.push(
        'Until clients trust the CA certificate, mail programs warn that the certificate is not trusted.',
        'Windows / Outlook: double-click ca.cer and install it into "Trusted Root Certification Authorities".',
        'iPhone / iPad / Mac: open the .mobileconfig and install the profile; on iPhone / iPad then turn on full trust in Settings > General > About > Certificate Trust Settings.',
        'Thunderbird: Settings > Privacy & Security > Manage Certificates > Authorities, import ca.pem and tick "Trust this CA to identify websites".',
        'Android: Settings > Security > Install a certificate, choose ca.cer (some apps ignore user-added CAs).',
      );
    } else if (c.facts.trust === 'self-signed') {
      lines.push(
        'The certificate is self-signed, so mail programs warn that it is not trusted; the connection is still encrypted.',
        'To avoid the warning, have clients trust clients/server-selfsigned.cer the same way as a CA certificate, or accept a permanent exception in the mail program.',
      );
    } else {
      lines.push('A certificate from a public CA shows no warning in mail programs, provided server.cert includes the intermediate CA certificates.');
    }
    if (c.has('certs-pem') || c.has('certs-hash')) {
      lines.push('With client-certificate verification on, install each user\'s client certificate (.p12) in their mail program. Users still log in with their passwords.');
    }
    return { title: 'Set up the mail clients', lines };
  },
  notesHeading: 'Notes',
  notes: (c) => [
    c.facts.os === 'windows'
      ? `To check a file is intact, compare the output of certutil -hashfile ${c.q(c.local(checksumSample(c)))} SHA256 with its line in ${BUNDLE_PATHS.manifest}.`
      : `To check the files are intact, run sha256sum -c ${c.q(BUNDLE_PATHS.manifest)} in the unzipped folder.`,
    c.facts.startup
      ? `To undo, restore the files and the ${c.facts.os === 'windows' ? 'registry key' : 'init script'} saved in step 1 and restart XMail.`
      : 'To undo, restore the files saved in step 1 (no restart needed).',
  ],
};

function isPkcs12(path: string): boolean {
  return /\.(p12|pfx)$/i.test(path);
}

const WORDING: Record<BundleLang, Wording> = { ja: JA, en: EN };

/** Decides which steps this bundle needs, in the user's language. */
export function createInstallDocument(facts: InstallFacts, lang: BundleLang): InstallDocument {
  const w = WORDING[lang];
  const c = context(facts);
  const contents: InstallDocument['contents'] = [];
  const hashFiles = facts.files.filter((f) => f.role === 'certs-hash');
  for (const f of facts.files) {
    if (f.role === 'certs-hash') {
      if (f === hashFiles[0]) contents.push({ path: `${c.local(BUNDLE_PATHS.certsDir)}${c.local('/')}`, description: w.certsDir(hashFiles.length) });
      continue;
    }
    contents.push({ path: c.local(f.path), description: w.describe(f.role, c, f.path) });
  }
  const steps: InstallStep[] = [w.backup(c)];
  if (facts.files.some((f) => f.path.startsWith(`${BUNDLE_PATHS.mailRootDir}/`))) steps.push(w.copy(c));
  if (c.has('server-tab') || c.has('server-tab-patch')) steps.push(w.serverTab(c));
  // The command line is read only at start (MailSvr.cpp); key, certificate and server.tab are
  // re-read on use, so a restart step appears only with a command-line change.
  if (facts.startup) steps.push(w.startup(c, facts.startup), w.restart(c));
  // Nothing new to check over TLS unless the bundle carries a certificate.
  if (c.has('server-cert')) steps.push(w.verify(c));
  if (c.has('server-cert') || c.has('ca-der') || c.has('extra')) steps.push(w.clients(c));
  return {
    title: w.title,
    intro: w.intro(c),
    contentsHeading: w.contentsHeading,
    contents,
    stepsHeading: w.stepsHeading,
    steps,
    notesHeading: w.notesHeading,
    notes: w.notes(c),
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
  out.push('');
  return out.map(inertLine).join(os === 'windows' ? '\r\n' : '\n');
}

/** Width in terminal columns: East Asian wide characters count two. */
function displayWidth(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return n;
}
