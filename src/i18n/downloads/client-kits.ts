/**
 * Text of the client-certificate hand-over downloads (issue 14): the passwords file sent apart
 * from the certificate files, the INSTALL text of the files zip and of each user's kit.
 * lib/bundle writes these with translate(); nothing here is shown on screen by itself.
 */
export const jaClientKits = {
  'client-kits.passwords.title': 'クライアント証明書のパスワード',
  'client-kits.passwords.separately':
    'このファイルには証明書ファイル (.p12) を開くパスワードが書かれています。証明書ファイルとは別の経路 (手渡し・電話・別のメッセージなど) で、利用者本人にだけ伝えてください。証明書ファイルと同じメールや同じフォルダーに入れないでください。',
  'client-kits.install.title': 'クライアント証明書のファイル',
  'client-kits.install.noPasswords':
    'この zip にはパスワードは入っていません。各ファイルのパスワードは、管理者が印刷した受け渡し表など、このファイルとは別の経路で届きます。',
  'client-kits.install.perUser': '利用者ごとのフォルダーに、その人の証明書ファイルと手順が入っています。フォルダーごとに、その利用者本人にだけ渡してください。',
  'client-kits.install.user.title': '{name} さんのクライアント証明書',
  'client-kits.install.user.intro': 'メールサーバーへの接続に使う、あなた専用の証明書です。ほかの人に渡さないでください。',
  'client-kits.program.thunderbird': 'Thunderbird (Windows・Mac・Linux)',
  'client-kits.program.windows': 'Windows / Outlook',
  'client-kits.program.apple': 'iPhone・iPad・Mac',
  'client-kits.program.android': 'Android',
  'client-kits.section': '■ {program}',
  'client-kits.files': 'このフォルダーのファイル:',
  'client-kits.file.p12': '  {file}  あなたの証明書と秘密鍵 (パスワードで保護されています)',
  'client-kits.file.caPem': '  ca.pem  メールサーバーの証明書を発行した CA (Thunderbird 用)',
  'client-kits.file.caCer': '  ca.cer  メールサーバーの証明書を発行した CA (Windows・Android 用)',
  'client-kits.file.ps1': '  install.ps1  Windows で CA と証明書をまとめて取り込む PowerShell スクリプト',
  'client-kits.file.mobileconfig': '  {file}  iPhone・iPad・Mac 用の構成プロファイル',
  'client-kits.modern': '注意: この証明書ファイルは新方式 (AES-256) です。Windows 10 (1709) より前、iOS 16〜17、macOS 12〜14、Android 13 以前では読み込めません。読み込めないときは管理者に互換形式での再発行を頼んでください。',
  'client-kits.server.title': '■ メールサーバーの設定',
  'client-kits.server.pop3': '受信 (POP3): サーバー {host}、ポート {port}、接続の保護 {security}、ユーザー名 {user}',
  'client-kits.server.smtp': '送信 (SMTP): サーバー {host}、ポート {port}、接続の保護 {security}、ユーザー名 {user}、認証あり',
  'client-kits.server.pop3.none': '受信 (POP3): このサーバーは暗号化した POP3 を受け付けていません。管理者に確認してください。',
  'client-kits.server.smtp.none': '送信 (SMTP): このサーバーは暗号化した SMTP を受け付けていません。管理者に確認してください。',
  'client-kits.server.unknown': 'サーバー名とポートは管理者から聞いてください (このキットには入っていません)。',
  'client-kits.server.auth': 'パスワードはメールボックスのパスワードです (証明書のパスワードとは別です)。',
  'client-kits.security.ssl': 'SSL/TLS',
  'client-kits.security.starttls': 'STARTTLS',
  // Thunderbird menu names checked (issue 14 item 4) against Thunderbird's own localization, which is
  // what the user sees: https://github.com/thunderbird/thunderbird-l10n/blob/main/ja/mail/messenger/preferences/preferences.ftl
  // (pane-privacy-title, privacy-certificates-title, certificate-button, certificate-description,
  // certificate-auto; en-US: comm-central mail/locales/en-US/messenger/preferences/preferences.ftl),
  // and the certificate manager Thunderbird shares with Firefox:
  // https://github.com/mozilla-l10n/firefox-l10n/blob/main/ja/security/manager/security/certificates/certManager.ftl
  // (certmgr-tab-mine, certmgr-tab-ca, certmgr-restore) and .../security/pippki/pippki.ftl (download-cert-trust-ssl).
  // support.mozilla.org/kb/configuring-certificates has the same option names but an older layout (Advanced panel).
  'client-kits.tb.1': '1. Thunderbird の ≡ メニュー → 設定 → プライバシーとセキュリティ を開き、「証明書」の「証明書を管理...」を押します。',
  'client-kits.tb.2': '2. 「認証局証明書」タブ → 「インポート...」で ca.pem を選び、「この認証局によるウェブサイトの識別を信頼する」にチェックを入れて OK を押します。',
  'client-kits.tb.3': '3. 「あなたの証明書」タブ → 「インポート...」で {file} を選び、受け渡し表のパスワードを入力します。',
  'client-kits.tb.4': '4. 同じ「証明書」の欄で「サーバーが個人証明書を要求したとき」を「自動的に選択する」にします。',
  'client-kits.tb.5': '5. ≡ メニュー → アカウント設定 → (あなたのアカウント) → サーバー設定 で、上の「メールサーバーの設定」の受信サーバー・ポート・接続の保護を入れ、認証方式は「通常のパスワード認証」にします。',
  'client-kits.tb.6': '6. アカウント設定 → 送信 (SMTP) サーバー → 編集... で、送信サーバー・ポート・接続の保護を入れ、認証方式は「通常のパスワード認証」にします。',
  // Windows: the certificate import wizard's names were not found on a Microsoft page in the search
  // corpora (not verified). Outlook's POP dialog (Change > More Settings > Advanced, the encrypted
  // connection type) follows Microsoft's "Change or update email account settings", as quoted at
  // https://mindluster.com/lesson/description/352278 (from support.microsoft.com).
  'client-kits.win.script': 'まとめて取り込む: install.ps1 を右クリック →「PowerShell で実行」。証明書のパスワードを聞かれたら、受け渡し表のパスワードを入力します (スクリプトにパスワードは書かれていません)。CA を「信頼されたルート証明機関」に入れるときに Windows が確認を求めるので「はい」を押します。スクリプトを使わない場合は次の手順でも同じことができます。',
  'client-kits.win.1': '1. ca.cer をダブルクリック → 「証明書のインストール...」→ 保存場所「現在のユーザー」→「証明書をすべて次のストアに配置する」→「参照...」→「信頼されたルート証明機関」→ 完了。警告が出たら「はい」を押します。',
  'client-kits.win.2': '2. {file} をダブルクリック → 保存場所「現在のユーザー」→ 次へ → 受け渡し表のパスワードを入力 →「証明書の種類に基づいて、自動的に証明書ストアを選択する」→ 完了。',
  'client-kits.win.3': '3. Outlook: ファイル → アカウント設定 → アカウント設定... → (あなたのアカウント) → 変更 → 詳細設定 →「詳細設定」タブで、上の「メールサーバーの設定」の受信ポートと送信ポートを入れ、暗号化の種類を選びます (SSL/TLS または STARTTLS)。',
  'client-kits.win.4': '4. Outlook は Windows の「個人」ストアにある証明書を、サーバーに求められたときに使います。',
  // Apple: "Profile Downloaded" and Certificate Trust Settings are Apple's support wording (support.apple.com
  // 102390, "Trust manually installed certificate profiles"), not found in the search corpora: not verified here.
  // The Mac's place for profiles moved between macOS 13 and 15, so the step says to search System Settings.
  'client-kits.apple.1': '1. {file} を AirDrop かメールでこの iPhone・iPad に送り、開きます (Mac ではダブルクリック)。',
  'client-kits.apple.2': '2. iPhone・iPad: 設定 →「ダウンロード済みのプロファイル」→ インストール。Mac: システム設定 (macOS 12 以前は システム環境設定) の検索欄に「プロファイル」と入力し、出てきた画面でこのプロファイルをインストールします (場所は macOS のバージョンで変わります)。',
  'client-kits.apple.3': '3. 証明書のパスワードを聞かれたら、受け渡し表のパスワードを入力します (プロファイルにパスワードは入っていません)。',
  'client-kits.apple.4': '4. iPhone・iPad: 設定 → 一般 → 情報 → 証明書信頼設定 で、{ca} をオンにします。',
  'client-kits.apple.5': '5. プロファイルにメールアカウントが入っている場合は、メールボックスのパスワードを聞かれます。入っていない場合は、上の「メールサーバーの設定」で POP アカウントを追加します。',
  'client-kits.apple.unverified': '確認済みのこと: プロファイルの構造 (CA・証明書・メールアカウントの各ペイロード、パスワードを含まないこと) は自動テストで確認しています。確認していないこと: iPhone・iPad・Mac の「メール」が、クライアント証明書を必須にした POP3・SMTP サーバーにこの証明書を提示するかどうか。つながらない場合は管理者に知らせてください。',
  // Android: the screens "Install a certificate" > "CA certificate" / "VPN & app user certificate" are AOSP
  // Settings' own (https://android.googlesource.com/platform/packages/apps/Settings/+/d7149d676e/res/xml/install_certificate_from_storage.xml:
  // credentials_install > ca_certificate, user_certificate); the path to them differs by maker and version,
  // so the step names the usual ones and the Settings search.
  'client-kits.android.1': '1. ca.cer と {file} を端末に保存します。',
  'client-kits.android.2': '2. 設定 → セキュリティ (機種により「セキュリティとプライバシー」→「その他のセキュリティ設定」など) → 暗号化と認証情報 → 証明書のインストール →「CA 証明書」で ca.cer を選びます。見つからないときは、設定の検索欄に「証明書」と入力します。',
  'client-kits.android.3': '3. 同じ画面の「VPN とアプリのユーザー証明書」で {file} を選び、受け渡し表のパスワードを入力します。',
  'client-kits.android.4': '4. クライアント証明書を使えるメールアプリ (Android 版 Thunderbird / K-9 Mail など) で、上の「メールサーバーの設定」を入れ、クライアント証明書にこの証明書を選びます。Gmail アプリなど、クライアント証明書に対応しないアプリでは接続できません。',
  'client-kits.ps1.header': 'install.ps1: {name} さんの証明書を Windows に取り込みます (現在のユーザーのみ、管理者権限は不要)。',
  'client-kits.ps1.run': '実行方法: このファイルを右クリック →「PowerShell で実行」。Windows 8 / Server 2012 以降 (PKI モジュール) が必要です。',
  'client-kits.ps1.noPassword': 'このスクリプトにパスワードは書かれていません。証明書のパスワードは実行中に入力します。',
  'client-kits.ps1.step1': '1. CA を「信頼されたルート証明機関」(Cert:\\CurrentUser\\Root) に入れます。Windows が確認を求めるので「はい」を押します。',
  'client-kits.ps1.step2': '2. 証明書と秘密鍵を「個人」(Cert:\\CurrentUser\\My) に入れます。秘密鍵はエクスポートできない設定で入ります。',
  'client-kits.ps1.prompt': '証明書のパスワード (受け渡し表に書かれています)',
  'client-kits.ps1.done': '完了しました。',
  'client-kits.ps1.unverified': 'このスクリプトの内容 (コマンドと、パスワードを含まないこと) はテストで確認していますが、作成した環境では PowerShell で実行していません。',
  'client-kits.mobileconfig.name': '{name} さんのメール用証明書',
  'client-kits.mobileconfig.description': 'メールサーバーに接続するための CA と、あなたのクライアント証明書です。',
  'client-kits.mobileconfig.account': '{email} (POP)',
  // The printed hand-over sheet, one page per user (HandOverSheet.svelte via handOverSheetLines):
  // the same menu paths as the kit's steps above, shortened to one line per program.
  'client-kits.sheet.contents': 'キットのフォルダー ({folder}) の中身',
  'client-kits.sheet.thunderbird': 'Thunderbird: 設定 → プライバシーとセキュリティ →「証明書を管理...」で、「認証局証明書」タブに ca.pem を読み込み (「この認証局によるウェブサイトの識別を信頼する」にチェック)、「あなたの証明書」タブに {file} を読み込んで、この紙のパスワードを入力します。',
  'client-kits.sheet.windows': 'Windows / Outlook: install.ps1 を右クリック →「PowerShell で実行」し、証明書のパスワードを聞かれたらこの紙のパスワードを入力します。スクリプトを使わないときは、ca.cer、{file} の順にダブルクリックして取り込みます。',
  'client-kits.sheet.apple': 'iPhone・iPad・Mac: {profile} を開いてプロファイルをインストールし、証明書のパスワードを聞かれたらこの紙のパスワードを入力します (.p12 を直接開く必要はありません)。iPhone・iPad では、そのあと 設定 → 一般 → 情報 → 証明書信頼設定 で「{ca}」をオンにします。',
  'client-kits.sheet.android': 'Android: 設定 →「暗号化と認証情報」→「証明書のインストール」で、ca.cer を「CA 証明書」として、{file} を「VPN とアプリのユーザー証明書」としてインストールし、この紙のパスワードを入力します。メールは、クライアント証明書に対応したアプリ (Android 版 Thunderbird など) で設定します。',
  'client-kits.sheet.details': '詳しい手順とメールサーバーの設定は、キットの {install} に書かれています。',
} as const;

export const enClientKits: Record<keyof typeof jaClientKits, string> = {
  'client-kits.passwords.title': 'Client certificate passwords',
  'client-kits.passwords.separately':
    'This file holds the passwords that open the certificate files (.p12). Give each one to its user only, by another channel than the certificate file (in person, by phone, in a separate message); never in the same mail or folder as the certificate files.',
  'client-kits.install.title': 'Client certificate files',
  'client-kits.install.noPasswords':
    'This zip holds no passwords. The password of each file comes by another channel than this file, such as the hand-over sheet your administrator printed.',
  'client-kits.install.perUser': 'Each user has a folder with their certificate file and the steps. Give each folder to its own user only.',
  'client-kits.install.user.title': 'Client certificate for {name}',
  'client-kits.install.user.intro': 'This certificate is yours alone and lets your mail program connect to the mail server. Do not pass it on.',
  'client-kits.program.thunderbird': 'Thunderbird (Windows, Mac, Linux)',
  'client-kits.program.windows': 'Windows / Outlook',
  'client-kits.program.apple': 'iPhone, iPad, Mac',
  'client-kits.program.android': 'Android',
  'client-kits.section': '== {program}',
  'client-kits.files': 'Files in this folder:',
  'client-kits.file.p12': '  {file}  your certificate and private key (protected by the password)',
  'client-kits.file.caPem': '  ca.pem  the CA that issued the mail server\'s certificate (for Thunderbird)',
  'client-kits.file.caCer': '  ca.cer  the CA that issued the mail server\'s certificate (for Windows and Android)',
  'client-kits.file.ps1': '  install.ps1  a PowerShell script that imports the CA and the certificate on Windows',
  'client-kits.file.mobileconfig': '  {file}  the configuration profile for iPhone, iPad and Mac',
  'client-kits.modern': 'Note: this certificate file uses the modern format (AES-256). Windows before 10 (1709), iOS 16 and 17, macOS 12 to 14 and Android 13 and older cannot open it. If yours cannot, ask your administrator to issue it again in the compatible format.',
  'client-kits.server.title': '== Mail server settings',
  'client-kits.server.pop3': 'Incoming (POP3): server {host}, port {port}, connection security {security}, user name {user}',
  'client-kits.server.smtp': 'Outgoing (SMTP): server {host}, port {port}, connection security {security}, user name {user}, authentication on',
  'client-kits.server.pop3.none': 'Incoming (POP3): this server accepts no encrypted POP3. Ask your administrator.',
  'client-kits.server.smtp.none': 'Outgoing (SMTP): this server accepts no encrypted SMTP. Ask your administrator.',
  'client-kits.server.unknown': 'Ask your administrator for the server name and ports (this kit does not carry them).',
  'client-kits.server.auth': 'The password is your mailbox password (not the certificate password).',
  'client-kits.security.ssl': 'SSL/TLS',
  'client-kits.security.starttls': 'STARTTLS',
  // Sources: see the same keys in jaClientKits.
  'client-kits.tb.1': '1. In Thunderbird open ≡ menu > Settings > Privacy & Security and, under "Certificates", click "Manage Certificates...".',
  'client-kits.tb.2': '2. On the "Authorities" tab click "Import...", choose ca.pem, tick "Trust this CA to identify websites." and click OK.',
  'client-kits.tb.3': '3. On the "Your Certificates" tab click "Import...", choose {file} and enter the password from your hand-over sheet.',
  'client-kits.tb.4': '4. Under the same "Certificates" heading set "When a server requests my personal certificate" to "Select one automatically".',
  'client-kits.tb.5': '5. ≡ menu > Account Settings > (your account) > Server Settings: enter the incoming server, port and connection security from "Mail server settings" above; Authentication method "Normal password".',
  'client-kits.tb.6': '6. Account Settings > Outgoing Server (SMTP) > Edit...: enter the outgoing server, port and connection security; Authentication method "Normal password".',
  // Sources: see the same keys in jaClientKits.
  'client-kits.win.script': 'All at once: right-click install.ps1 > "Run with PowerShell". When asked for the certificate password, enter the one on your hand-over sheet (the script does not contain it). Windows asks before adding the CA to "Trusted Root Certification Authorities": click "Yes". Without the script, the steps below do the same.',
  'client-kits.win.1': '1. Double-click ca.cer > "Install Certificate..." > Store Location "Current User" > "Place all certificates in the following store" > "Browse..." > "Trusted Root Certification Authorities" > Finish. Answer the warning with "Yes".',
  'client-kits.win.2': '2. Double-click {file} > Store Location "Current User" > Next > enter the password from your hand-over sheet > "Automatically select the certificate store based on the type of certificate" > Finish.',
  'client-kits.win.3': '3. Outlook: File > Account Settings > Account Settings... > (your account) > Change > More Settings > "Advanced" tab: enter the incoming and outgoing ports from "Mail server settings" above and choose the encryption (SSL/TLS or STARTTLS).',
  'client-kits.win.4': '4. Outlook uses the certificate in the Windows "Personal" store when the server asks for one.',
  // Sources: see the same keys in jaClientKits.
  'client-kits.apple.1': '1. Send {file} to the iPhone or iPad by AirDrop or mail and open it (on a Mac, double-click it).',
  'client-kits.apple.2': '2. iPhone, iPad: Settings > "Profile Downloaded" > Install. Mac: type "Profiles" in the search field of System Settings (macOS 12 and older: System Preferences) and install this profile there (where it sits changes between macOS versions).',
  'client-kits.apple.3': '3. When asked for the certificate password, enter the one on your hand-over sheet (the profile does not contain it).',
  'client-kits.apple.4': '4. iPhone, iPad: Settings > General > About > Certificate Trust Settings: turn on {ca}.',
  'client-kits.apple.5': '5. If the profile holds a mail account, you are asked for your mailbox password. If not, add a POP account with "Mail server settings" above.',
  'client-kits.apple.unverified': 'Verified: the profile\'s structure (the CA, certificate and mail account payloads, and that no password is inside) is checked by automated tests. Not verified: whether Mail on iPhone, iPad or Mac presents this certificate to a POP3/SMTP server that requires a client certificate. If it does not connect, tell your administrator.',
  // Sources: see the same keys in jaClientKits.
  'client-kits.android.1': '1. Save ca.cer and {file} on the device.',
  'client-kits.android.2': '2. Settings > Security (on some models "Security & privacy" > "More security settings" or similar) > Encryption & credentials > Install a certificate > "CA certificate": choose ca.cer. If you cannot find it, type "certificate" in the search field of Settings.',
  'client-kits.android.3': '3. On the same screen, "VPN & app user certificate": choose {file} and enter the password from your hand-over sheet.',
  'client-kits.android.4': '4. In a mail app that supports client certificates (Thunderbird for Android / K-9 Mail, ...) enter "Mail server settings" above and choose this certificate as the client certificate. Apps without client-certificate support (such as the Gmail app) cannot connect.',
  'client-kits.ps1.header': 'install.ps1: imports the certificate of {name} into Windows (current user only, no administrator rights needed).',
  'client-kits.ps1.run': 'To run: right-click this file > "Run with PowerShell". Needs Windows 8 / Server 2012 or later (PKI module).',
  'client-kits.ps1.noPassword': 'This script contains no password. You type the certificate password while it runs.',
  'client-kits.ps1.step1': '1. The CA goes into "Trusted Root Certification Authorities" (Cert:\\CurrentUser\\Root). Windows asks to confirm: click "Yes".',
  'client-kits.ps1.step2': '2. The certificate and its private key go into "Personal" (Cert:\\CurrentUser\\My); the key is imported as not exportable.',
  'client-kits.ps1.prompt': 'Certificate password (on your hand-over sheet)',
  'client-kits.ps1.done': 'Done.',
  'client-kits.ps1.unverified': 'Tests check this script\'s content (the commands, and that no password is in it); it has not been run in PowerShell where it was made.',
  'client-kits.mobileconfig.name': 'Mail certificate for {name}',
  'client-kits.mobileconfig.description': 'The CA and your client certificate for connecting to the mail server.',
  'client-kits.mobileconfig.account': '{email} (POP)',
  'client-kits.sheet.contents': 'The kit folder ({folder}) holds',
  'client-kits.sheet.thunderbird': 'Thunderbird: Settings > Privacy & Security > "Manage Certificates...": import ca.pem on the "Authorities" tab (tick "Trust this CA to identify websites.") and {file} on the "Your Certificates" tab, entering the password on this sheet.',
  'client-kits.sheet.windows': 'Windows / Outlook: right-click install.ps1 > "Run with PowerShell" and, when asked for the certificate password, enter the one on this sheet. Without the script, double-click ca.cer, then {file}, to import them.',
  'client-kits.sheet.apple': 'iPhone, iPad, Mac: open {profile} and install the profile; when asked for the certificate password, enter the one on this sheet (no need to open the .p12 itself). On iPhone and iPad, then turn on "{ca}" in Settings > General > About > Certificate Trust Settings.',
  'client-kits.sheet.android': 'Android: Settings > "Encryption & credentials" > "Install a certificate": install ca.cer as "CA certificate" and {file} as "VPN & app user certificate", entering the password on this sheet. Set up the mail account in an app that supports client certificates (such as Thunderbird for Android).',
  'client-kits.sheet.details': 'The full steps and the mail server settings are in the kit\'s {install}.',
} as const;
