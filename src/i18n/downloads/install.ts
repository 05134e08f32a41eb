/**
 * INSTALL.ja.txt / INSTALL.en.txt: every sentence of the installation steps
 * (src/lib/bundle/install-steps.ts decides which ones a bundle needs and fills the placeholders:
 * file names, paths, switches, host names, counts; never words).
 * Facts behind the texts: XMail loads server.key / server.cert / certs.pem / certs/ per connection
 * (SSLBind.cpp BSslSetupVerify), re-reads server.tab on use, and reads its command line only at
 * startup (MailSvr.cpp).
 */
export const jaInstall = {
  'install.title': 'XMail SSL/TLS 設定一式 インストール手順',
  'install.intro.hosts': '対象ホスト: {hosts}',
  'install.intro.os': '対象 OS: {os}',
  'install.intro.mailRoot': '以下の「MailRoot」は XMail の MailRoot フォルダー(既定: {mailRoot})を指します。異なる場所に置いている場合は読み替えてください。',
  'install.intro.mailRootQuoted': 'コマンドの中の {mailRoot} を書き換えるときは、前後の引用符を残したまま、その中だけを書き換えてください(空白を含むパスでもそのまま動きます)。',
  'install.intro.services': 'この変更の前と後(メーラーからの見え方):',
  'install.intro.needsServerCert':
    '前提: この一式は、MailRoot にすでにある秘密鍵とサーバー証明書(server.key と server.cert)を使います。まだない場合は、先にサーバー証明書の一式(自己署名・私的 CA・公的 CA のいずれかで作成)を入れてください。',
  'install.access.off': '停止',
  'install.access.plain': '暗号化なし',
  'install.access.starttls': 'STARTTLS',
  'install.access.tls': 'SSL(最初から暗号化)',
  'install.clientCert.heading': 'クライアント証明書',
  'install.clientCert.none': '求めない',
  'install.clientCert.asked': '求める(任意)',
  'install.clientCert.required': '必須',

  'install.contents.heading': 'この一式に含まれるファイル',
  'install.file.serverKey': '秘密鍵(暗号化なし)。XMail はパスフレーズ付きの鍵を読めません。第三者に渡さないでください。',
  'install.file.serverCert': 'サーバー証明書(このサーバーの証明書、続いて中間 CA 証明書の順に格納)。',
  'install.file.certsPem': 'クライアント証明書の検証に使う CA 証明書(SSLUseCertsFile="1" のとき使用)。',
  'install.file.certsDir': 'クライアント証明書の検証に使う CA 証明書のハッシュ名ディレクトリ({n} ファイル。新旧両方の OpenSSL 形式の名前。SSLUseCertsDir="1" のとき使用)。',
  'install.file.serverTab': 'あなたの server.tab に変更を反映したもの。',
  'install.file.serverTabPatch.review': 'server.tab の変更行だけを抜き出したもの(確認用)。',
  'install.file.serverTabPatch.stock': 'server.tab の変更行だけを抜き出したもの(XMail 1.27 標準の server.tab との差分)。',
  'install.file.commandLine': 'XMail の起動オプション(コマンドライン)そのもの。',
  'install.file.initScriptLine': 'Unix の起動スクリプト用 XMAIL_CMD_LINE="..." の行。',
  'install.file.regNative': 'レジストリ登録ファイル(HKLM\\SOFTWARE\\GNU\\XMail)。64 ビット版 XMail、または 32 ビット版 Windows 用。',
  'install.file.regWow64': 'レジストリ登録ファイル(HKLM\\SOFTWARE\\Wow6432Node\\GNU\\XMail)。64 ビット版 Windows 上の 32 ビット版 XMail 用。',
  'install.file.retiredCa': '廃止した CA 証明書。certs.pem と certs フォルダーから、これと同じ証明書を削除するために使います(MailRoot にはコピーしません)。',
  'install.file.caDer': 'CA 証明書(DER 形式)。Windows / Outlook / Android のメーラー側にインストールします。',
  'install.file.caPem': 'CA 証明書(PEM 形式)。Thunderbird や openssl での確認に使います。',
  'install.file.mobileconfig': 'iPhone / iPad / Mac 用の構成プロファイル(CA 証明書を信頼させます。署名なし)。',
  'install.file.selfSignedDer': '自己署名のサーバー証明書(DER 形式)。メーラー側で信頼させたい場合に使います。',
  'install.file.selfSignedPem': '自己署名のサーバー証明書(PEM 形式)。openssl での確認用。',
  'install.file.pkcs12': 'クライアント証明書と秘密鍵(PKCS#12、パスワード付き)。メーラーにインストールします。',
  'install.file.extra': '付属ファイル。',
  'install.file.installThis': 'この手順書。',
  'install.file.installOther': 'この手順書の英語版。',
  'install.file.manifest': '全ファイルの SHA-256 チェックサム。',

  'install.steps.heading': '手順',
  'install.unzip.title': 'zip を展開して、そのフォルダーに移動する',
  'install.unzip.windows':
    'コマンドを実行する管理者のアカウントでサインインして作業します。ダウンロードした zip を右クリックして「すべて展開」を選び、展開先に、自分のユーザーフォルダーの中の空のフォルダー C:\\Users\\<ユーザー名>\\xmail-bundle(コマンドでは %USERPROFILE%\\xmail-bundle)を指定します(前に使ったフォルダーが残っていれば、先に削除します)。C:\\ の直下には展開しないでください。C:\\ の直下に作ったフォルダーは、ほかのユーザーも中のファイルを読んだり差し替えたりできます。コマンドプロンプトを「管理者として実行」で開き、下のコマンドでそのフォルダーに移動します。以降のコマンドは、このフォルダーで実行します。コマンドはすべてコマンドプロンプト(cmd.exe)用で、PowerShell では動きません(途中まで実行されて、中途半端な状態になります)。Windows 11 の「ターミナル(管理者)」や、フォルダーの右クリックの「ターミナルで開く」は PowerShell で開きます。プロンプトが PS で始まっている場合は、先に cmd と入力して Enter キーを押してください。',
  'install.unzip.unix':
    'ダウンロードした zip を空のフォルダー ~/xmail-bundle に展開し(例: unzip ファイル名.zip -d ~/xmail-bundle)、下のコマンドでそのフォルダーに移動します。以降のコマンドは、このフォルダーで sh または bash から実行します(root のシェルが csh や tcsh の場合は、先に sh を起動します)。',
  'install.backup.title': '現在のファイルをバックアップする',
  'install.backup.files':
    'MailRoot の {files} を、今回のための新しいフォルダーにコピーしておきます(フォルダー名に日時が入るため、前回までのバックアップは上書きされません)。存在しないファイルは飛ばして構いません。',
  'install.backup.filesWithKey':
    'MailRoot の {files} を、今回のための新しいフォルダーにコピーしておきます(server.key は秘密鍵、server.cert はサーバー証明書です。フォルダー名に日時が入るため、前回までのバックアップは上書きされません)。存在しないファイルは飛ばして構いません。',
  'install.backup.acl':
    'バックアップのフォルダーは自分のユーザーフォルダーの中に作り、さらに管理者(Administrators)と SYSTEM だけが開けるようにしてからコピーします(秘密鍵のコピーが入ることがあるため)。mkdir でエラーが表示されたら、その後の行は実行せず、この手順を最初からやり直してください。',
  'install.backup.folder': '最後のコマンドで、作ったバックアップのフォルダー名が表示されます。元に戻すときに使うので控えておいてください。',
  'install.backup.certsFolder': 'certs フォルダー',
  'install.backup.startup.windows':
    '現在の起動オプションも、レジストリのエクスポートで保存します。2 つの reg export のうち 1 つは「エラー: 指定されたレジストリ キーまたは値が見つかりませんでした。」と表示されますが、XMail が使っていないほうのキーなので問題ありません。',
  'install.backup.startup.unix': '現在の起動オプションも、起動スクリプトごと保存します。',
  'install.copy.title': 'MailRoot フォルダーの中身をコピーする',
  'install.copy.intro':
    'XMail は止めずに作業できます。下のコマンドは、この一式の MailRoot フォルダーのファイルをいったん一時的な名前(末尾が .new)で XMail の MailRoot にコピーし、最後に 1 ファイルずつ続けて名前を変えて元のファイルと置き換えます。書きかけのファイルを XMail が読むことはありません。',
  'install.copy.pairWindow':
    '名前の変更は 1 ファイルずつ行われ、全体が一度に切り替わるわけではありません。秘密鍵とサーバー証明書の名前を変えるあいだのごく短い時間に始まった接続は、新旧の組み合わせが合わずハンドシェイクに失敗します(メーラーではエラーが 1 回出ることがあり、送信元のサーバーは後で送り直します)。',
  'install.copy.moveInUse':
    'move で「アクセスが拒否されました」や「別のプロセスが使用中」と表示された場合は、その瞬間に XMail がそのファイルを読んでいました。同じ move をもう一度実行してください。',
  'install.copy.leftover.windows':
    '名前を変えた後の dir の行は、名前の変更が済んでいない .new ファイルが残っていないかを確かめます。「ファイルが見つかりません」と表示されれば、すべて置き換わっています。.new のファイルが表示された場合は、そのファイルの move をもう一度実行してください。',
  'install.copy.leftover.unix':
    '名前を変えた後の ls の行は、名前の変更が済んでいない .new ファイルが残っていないかを確かめます。「No such file」で始まるメッセージ(日本語の環境では「そのようなファイルやディレクトリはありません」)が表示されれば、すべて置き換わっています。.new のファイルが表示された場合は、そのファイルの mv をもう一度実行してください。',
  'install.copy.certsMerge':
    '追加によって、すでに信頼している CA 証明書が外れることはありません。下のコマンドは、この一式の CA 証明書を certs.pem の末尾に追加し(すでに入っている CA は二重に追加しません)、certs フォルダーでは追加の際に既存のファイルを上書きせず、同じ HASH の空いている次の番号(HASH.0, HASH.1, ...)で置きます(同じ内容のファイルがすでにあれば何もしません)。',
  'install.copy.certsPemGuard':
    'certs.pem.new は、この一式の CA が入っている場合だけ certs.pem と置き換えます。最後に certs.pem.new が表示された場合は、一式が {folder} に見つからなかったということです。そこに展開してこの手順をもう一度実行してください(certs.pem.new の名前を手で変えないでください)。',
  'install.copy.certsPemLink':
    'certs.pem がシンボリックリンクの場合も置き換えません(certs.pem.new が残ります)。certs.pem.new をリンク先のファイルにコピーしてください。',
  'install.copy.keyLink': 'server.key か server.cert がシンボリックリンクの場合は、どちらも置き換えません(.new が残ります)。.new をそれぞれリンク先のファイルにコピーしてください。',
  'install.copy.certsRetire':
    'この一式はクライアント証明書の CA の切り替えです。certs.pem と certs フォルダーからは、廃止した CA(retired-ca フォルダーの証明書と同じもの)だけを削除します。自分で追加した CA など、ほかの証明書はそのまま残ります。廃止した CA が発行したクライアント証明書は、この後は受け付けられません。certs フォルダーで途中の番号が空いた場合は、番号が欠けないよう、同じ HASH の最後の番号のファイルをその番号に名前を変えて移します。',
  'install.copy.certsRetireWrap':
    'certs.pem の中で 64 文字以外の幅で折り返された廃止 CA は削除されません。最後の findstr の行で表示されるので、手で削除してください。',
  'install.copy.certsRetiredCheck':
    '最後の {command} の行は、廃止した CA がまだ残っているファイルを表示します(削除が拒否された場合など)。何も表示されなければ、どこにも残っていません。表示されたファイルがあれば、そこから廃止した CA を削除してください。',
  'install.copy.certsCleanup':
    'certs フォルダーに以前の CA 証明書が残っていて不要なものがあれば、置き換えの後で削除します。HASH.0, HASH.1 ... の番号は欠けずに続いている必要があるため、途中の番号を削除したときは、同じ HASH の最後の番号のファイルをその番号に名前を変えます。certs.pem に残っている不要な CA も、certs.pem のコピーからその CA の BEGIN から END までの行を削除し、名前を変えて置き換えます。',
  'install.copy.keyOwner': 'コマンドは XMail を実行するユーザー(通常 root)で実行します。秘密鍵は、一時的なコピーの段階から所有者だけが読める状態(600)で作られます。',
  'install.copy.keyAcl':
    '秘密鍵の一時的なコピー(server.key.new)は、名前を変える前に icacls で管理者(Administrators)と SYSTEM だけが読めるようにします。XMail のサービスを LocalSystem 以外のアカウントで動かしている場合(services.msc で XMail のプロパティを開き、「ログオン」タブで確認できます)は、icacls の行の次、move の行より前に icacls {key} /grant <アカウント名>:R を実行して、そのアカウントにも読み取りを許可してください。前回の server.key.new が残っていれば、コピーの前に削除します(ほかのユーザーが先に作ったファイルに秘密鍵を書き込まないためです)。del の行で「アクセスが拒否されました」と表示された場合は、その後の行は実行せず、誰がそのファイルを作ったかを確認してください。',
  'install.copy.perConnection.keyCert': '秘密鍵とサーバー証明書は接続のたびに読み込まれるため、名前を変えて置き換えた時点から使われます。',
  'install.copy.perConnection.cert': 'サーバー証明書は接続のたびに読み込まれるため、名前を変えて置き換えた時点から使われます。',
  'install.copy.perConnection.certs': 'certs.pem と certs フォルダーは接続のたびに読み込まれるため、名前を変えて置き換えた時点から使われます。',
  'install.serverTab.title': 'server.tab を更新する',
  'install.serverTab.merged.replaced': '前の手順のコピーで MailRoot の server.tab は置き換わっています。変更された行は server.tab.patch で確認できます。',
  'install.serverTab.merged.noRestart': 'server.tab は使われるたびに読み直されるため、再起動は不要です。',
  'install.serverTab.edit.title': 'server.tab のコピーを作って編集する',
  'install.serverTab.edit.copy':
    'XMail は server.tab を使うたびに読み直すため、直接編集すると保存途中のファイルを読むことがあります。下のコマンドでコピー(server.tab.new)を作り、そちらを編集します。',
  'install.serverTab.patch.apply': 'server.tab.patch に書かれた行(+ で始まる行が追加・変更、- で始まる行が削除)を、テキストエディタで MailRoot の server.tab.new に反映して保存します。',
  'install.serverTab.edit.notepad': '2 行目のコマンドで server.tab.new がメモ帳で開きます(管理者のコマンドプロンプトから開くので、そのまま上書き保存できます)。',
  'install.serverTab.replace.title': '編集したコピーで server.tab を置き換える',
  'install.serverTab.replace.run': 'server.tab.new を保存してエディタを閉じてから、下のコマンドで server.tab と置き換えます。',
  'install.serverTab.patch.stock':
    '差分は XMail 1.27 標準の server.tab に対するものです。あなたの server.tab が異なる場合は、書かれている変数だけを変更してください。同じ名前の変数が 2 回あると XMail は最初のものを使います。',
  'install.serverTab.patch.format': '名前と値の間はタブ 1 つ、値は "..." で囲みます。server.tab は使われるたびに読み直されるため、再起動は不要です。',
  'install.switches.title': '起動オプションのスイッチを変更する',
  'install.switches.add': '現在の起動オプションに、次のスイッチを追加してください(ほかのオプションはそのまま残します): {switches}',
  'install.switches.remove': '現在の起動オプションに次のスイッチがあれば、削除してください: {switches}',
  'install.switches.where.windows':
    '起動オプションは、レジストリの HKLM\\SOFTWARE\\GNU\\XMail(64 ビット版 Windows 上の 32 ビット版 XMail では HKLM\\SOFTWARE\\Wow6432Node\\GNU\\XMail)にある MAIL_CMD_LINE の値です。下の reg query で現在の値を確かめ、regedit で編集します。',
  'install.switches.where.unix': '起動オプションは、起動スクリプト(例: /etc/init.d/xmail)の XMAIL_CMD_LINE="..." の行です。テキストエディタで編集します。',
  'install.switches.hint': 'この一式を作るときに現在の起動オプションを入力すると、スイッチだけを変えた行が一式に入ります。',
  'install.merged.change': '変更するのは TLS のスイッチだけで(追加: {added}、削除: {removed})、ほかのオプションはそのまま残ります。',
  'install.merged.noSwitch': 'なし',
  'install.merged.before': '変更前: {line}',
  'install.merged.after': '変更後: {line}',
  'install.merged.noOptions': '(オプションなし)',
  'install.reg.title': '起動オプションをレジストリに登録する',
  'install.reg.holds': '{reg} には、入力された現在の起動オプション(MAIL_CMD_LINE)を変更したものが入っています。{change}',
  'install.reg.which': '64 ビット版 XMail(または 32 ビット版 Windows)の場合は {native} を、64 ビット版 Windows 上の 32 ビット版 XMail の場合は {wow64} を使います。',
  'install.reg.unsure': '迷ったら下の reg query で、MAIL_ROOT の値がすでに登録されているほうのキーを選んでください。',
  'install.reg.import': '選んだ .reg ファイルをダブルクリックするか、管理者のコマンドプロンプトで reg import を実行します。',
  'install.init.title': '起動スクリプトの起動オプションを変更する',
  'install.init.replace': '起動スクリプト(例: /etc/init.d/xmail)の XMAIL_CMD_LINE="..." の行を、{file} の行で置き換えます。この行は、入力された現在の起動オプションを変更したものです。{change}',
  'install.init.bare': 'コマンドライン自体は {file} にあります。',
  'install.restart.title': 'XMail を再起動する',
  'install.restart.ifRemoved': '起動オプションは起動時にしか読まれないため、前の手順でスイッチを削除した場合は再起動が必要です(何も変えなかった場合は不要です)。',
  'install.restart.requiredWithKey': '起動オプションは起動時にしか読まれないため、再起動が必要です(秘密鍵・サーバー証明書・server.tab は再起動しなくても読み直されます)。',
  'install.restart.required': '起動オプションは起動時にしか読まれないため、再起動が必要です(server.tab は再起動しなくても読み直されます)。',
  'install.verify.title': '動作を確認する',
  'install.verify.openssl': 'openssl で接続し、表示されるサーバー証明書の subject と issuer が今回のものであることを確認します(終了は Ctrl+C)。',
  'install.verify.opensslWindows':
    'Windows には openssl が標準では入っていません。Git for Windows を入れていれば C:\\Program Files\\Git\\usr\\bin\\openssl.exe が使えます。openssl がなければ、次の手順の PowerShell で確認します。',
  'install.verify.caFile': '-CAfile を付けると、最後に「Verify return code: 0 (ok)」と表示されれば検証も成功しています。',
  'install.verify.essl': 'STARTTLS の直後に接続が切れる場合(SMTP ログに SMTP=ESSL)は、秘密鍵とサーバー証明書の組み合わせ違いか、秘密鍵が暗号化されていることが原因です。',
  'install.verify.ports': '465 / 995 番は SSL(暗号化接続)専用ポート、25 番は STARTTLS です。無効にしているポートは確認不要です。',
  'install.powershell.title': 'openssl がない場合: PowerShell で確認する',
  'install.powershell.intro':
    'PowerShell を開き、下の 1 行目でポートが開いているか(TcpTestSucceeded : True)を確かめます。2 行目は 995 番に SSL で接続し、サーバー証明書の Subject と Issuer を表示します。今回のサーバー証明書のものであることを確認してください(465 番は、995 を 465 に変えて確認します)。',
  'install.clients.title': 'メーラー(クライアント)側の設定',
  'install.clients.privateCa.warning': 'CA 証明書をメーラー側で信頼させるまでは、メーラーに「証明書を信頼できない」という警告が出ます。',
  'install.clients.privateCa.windows': 'Windows / Outlook: ca.cer をダブルクリックし「信頼されたルート証明機関」にインストールします。',
  'install.clients.privateCa.apple':
    'iPhone / iPad / Mac: .mobileconfig を開いてプロファイルをインストールし、iPhone / iPad では「設定」>「一般」>「情報」>「証明書信頼設定」で完全な信頼をオンにします。',
  'install.clients.privateCa.thunderbird':
    'Thunderbird: 設定 >「プライバシーとセキュリティ」>「証明書を管理」>「認証局証明書」で ca.pem を読み込み、「この認証局によるウェブサイトの識別を信頼する」にチェックします。',
  'install.clients.privateCa.android': 'Android: 「設定」>「セキュリティ」>「証明書のインストール」で ca.cer を入れます(ユーザー追加の CA を無視するアプリもあります)。',
  'install.clients.selfSigned.warning': '自己署名証明書なので、メーラーには「証明書を信頼できない」という警告が出ます。通信は暗号化されています。',
  'install.clients.selfSigned.avoid': '警告を出さないようにするには、{file} を CA 証明書と同じ手順でメーラー側に信頼させるか、メーラーで例外として承認します。',
  'install.clients.public': '公的な認証局が発行したサーバー証明書であれば、メーラーに警告は出ません(中間 CA 証明書が server.cert に含まれている必要があります)。',
  'install.clients.clientCerts': 'クライアント証明書の検証を有効にした場合、メーラーには各ユーザーのクライアント証明書(.p12)をインストールしてください。ログインは従来どおりパスワードで行います。',
  'install.notes.heading': '補足',
  'install.notes.checksum.windows': 'ファイルが壊れていないかは certutil -hashfile {file} SHA256 の結果を {manifest} の値と比べて確認できます。',
  'install.notes.checksum.unix': 'ファイルが壊れていないかは、展開したフォルダーで sha256sum -c {manifest} を実行して確認できます。',
  'install.notes.deleteBundle.windows':
    '作業が終わったら、展開したフォルダー {dir} と、ダウンロードした zip ファイルを削除します(どちらにも暗号化されていない秘密鍵が入っているため)。フォルダーは {command} で削除できます。エクスプローラーで削除した場合は、ごみ箱も空にしてください。',
  'install.notes.deleteBundle.unix':
    '作業が終わったら、展開したフォルダー {dir} と、ダウンロードした zip ファイルを削除します(どちらにも暗号化されていない秘密鍵が入っているため)。フォルダーは {command} で削除できます。',
  'install.undo.heading': '元に戻す手順',
  'install.undo.b.windows':
    '元に戻すときは、手順 {step} で作ったバックアップのフォルダー({dir}xmail-backup-日時)を使います。手順 {step} を実行したコマンドプロンプトでは、変数 B にそのフォルダー名が入ったままです。新しく開いたコマンドプロンプトでは、先に set "B=フォルダー名"(手順 {step} の最後に表示されたもの)を実行してから、下のコマンドを実行します。',
  'install.undo.b.unix':
    '元に戻すときは、手順 {step} で作ったバックアップのフォルダー({dir}xmail-backup-日時)を使います。手順 {step} を実行したシェルでは、変数 B にそのフォルダー名が入ったままです。新しく開いたシェルでは、先に B=フォルダー名(手順 {step} の最後に表示されたもの)を実行してから、下のコマンドを sh または bash で実行します。',
  'install.undo.what':
    '各ファイルは、バックアップにあればインストールと同じように一時的な名前でコピーしてから名前を変えて戻します。バックアップになく、手順 2 の時点で MailRoot になかったファイル(バックアップの absent.txt に名前があるもの。このインストールで追加されたファイルなので)は削除します。バックアップのコピーに失敗しただけのファイルは削除しません。server.tab は削除しません。certs フォルダーでは、バックアップに certs フォルダーがある場合(または手順 2 の時点で certs フォルダーがなかった場合)だけ、バックアップにない名前のファイルを削除します。手順 2 の時点でなかった certs フォルダーは、空になれば削除します。バックアップのフォルダーに xmail-backup.txt がない場合(B が別のフォルダーを指している場合など)は、どのコマンドも何も削除せず、何も戻しません。',
  'install.undo.keyAcl':
    '戻した秘密鍵も、名前を変える前に icacls で管理者(Administrators)と SYSTEM だけが読めるようにします。XMail のサービスを LocalSystem 以外のアカウントで動かしている場合は、インストールのときと同じように、move の前にそのアカウントにも読み取りを許可してください。',
  'install.undo.startup.windows': '起動オプションは、バックアップしたレジストリ(xmail.reg と xmail-wow64.reg のうち、あるほう)を reg import で戻し、XMail を再起動します。',
  'install.undo.startup.unix': '起動オプションは、バックアップした起動スクリプトを戻し、XMail を再起動します。',
  'install.undo.noRestart': '再起動は不要です。',
  'install.undo.link': 'MailRoot 直下のファイルがシンボリックリンクの場合は、置き換えも削除もしません。必要なら、バックアップのファイルをリンク先のファイルにコピーしてください。',
} as const;

export const enInstall: Record<keyof typeof jaInstall, string> = {
  'install.title': 'XMail SSL/TLS bundle: installation steps',
  'install.intro.hosts': 'Host names: {hosts}',
  'install.intro.os': 'Target OS: {os}',
  'install.intro.mailRoot': '"MailRoot" below means XMail\'s MailRoot folder (default: {mailRoot}); use your own path if it differs.',
  'install.intro.mailRootQuoted': 'When you change {mailRoot} in the commands, keep the quotes around it and change only what is inside them (a path with blanks then works as it is).',
  'install.intro.services': 'Before and after this change (as mail programs see it):',
  'install.intro.needsServerCert':
    'Builds on: the private key and server certificate already in MailRoot (server.key and server.cert). If they are not there yet, install a server-certificate bundle (self-signed, private CA or public CA) first.',
  'install.access.off': 'off',
  'install.access.plain': 'plain (no encryption)',
  'install.access.starttls': 'STARTTLS',
  'install.access.tls': 'implicit TLS',
  'install.clientCert.heading': 'client certificate',
  'install.clientCert.none': 'not asked',
  'install.clientCert.asked': 'asked (optional)',
  'install.clientCert.required': 'required',

  'install.contents.heading': 'What is in this bundle',
  'install.file.serverKey': 'Private key, unencrypted: XMail cannot read a key with a passphrase. Never share it.',
  'install.file.serverCert': 'Server certificate, followed by the intermediate CA certificates.',
  'install.file.certsPem': 'CA certificates used to verify client certificates (used when SSLUseCertsFile is "1").',
  'install.file.certsDir': 'Hashed directory of the CA certificates used to verify client certificates ({n|file|files}, named for both old and new OpenSSL; used when SSLUseCertsDir is "1").',
  'install.file.serverTab': 'Your server.tab with the changes applied.',
  'install.file.serverTabPatch.review': 'Only the changed lines of server.tab (for review).',
  'install.file.serverTabPatch.stock': 'Only the changed lines of server.tab, against the stock XMail 1.27 server.tab.',
  'install.file.commandLine': 'The XMail command line (startup options) itself.',
  'install.file.initScriptLine': 'The XMAIL_CMD_LINE="..." line for the Unix init script.',
  'install.file.regNative': 'Registry file for HKLM\\SOFTWARE\\GNU\\XMail: 64-bit XMail, or any XMail on 32-bit Windows.',
  'install.file.regWow64': 'Registry file for HKLM\\SOFTWARE\\Wow6432Node\\GNU\\XMail: 32-bit XMail on 64-bit Windows.',
  'install.file.retiredCa': 'The retired CA certificate: the steps remove what equals it from certs.pem and the certs folder (it is not copied into MailRoot).',
  'install.file.caDer': 'CA certificate, DER: install it on Windows / Outlook / Android clients.',
  'install.file.caPem': 'CA certificate, PEM: for Thunderbird and for checking with openssl.',
  'install.file.mobileconfig': 'Configuration profile for iPhone / iPad / Mac that trusts the CA certificate (unsigned).',
  'install.file.selfSignedDer': 'The self-signed server certificate, DER: install it on clients that should trust it.',
  'install.file.selfSignedPem': 'The self-signed server certificate, PEM: for checking with openssl.',
  'install.file.pkcs12': 'Client certificate and key (PKCS#12, password-protected): install it in the mail program.',
  'install.file.extra': 'Additional file.',
  'install.file.installThis': 'These instructions.',
  'install.file.installOther': 'These instructions in Japanese.',
  'install.file.manifest': 'SHA-256 checksums of every file.',

  'install.steps.heading': 'Steps',
  'install.unzip.title': 'Unzip the bundle and go to its folder',
  'install.unzip.windows':
    'Sign in as the administrator who will run the commands. Right-click the downloaded zip, choose "Extract All..." and extract it into the empty folder xmail-bundle in your own user folder, C:\\Users\\<your user name>\\xmail-bundle (%USERPROFILE%\\xmail-bundle in commands; delete that folder first if an earlier bundle is in it). Do not extract it directly under C:\\: other users can read and replace the files in a folder made there. Open a command prompt with "Run as administrator" and go to the folder with the command below; run every later command there. Every command is for the Command Prompt (cmd.exe), not PowerShell (there they fail halfway and leave a half-done change). Windows 11\'s "Terminal (Admin)" and a folder\'s "Open in Terminal" open PowerShell. If the prompt starts with PS, type cmd and press Enter first.',
  'install.unzip.unix':
    'Unzip the downloaded zip into the empty folder ~/xmail-bundle (for example: unzip FILE.zip -d ~/xmail-bundle) and go to that folder with the command below; run every later command there, in sh or bash (if root\'s shell is csh or tcsh, start sh first).',
  'install.backup.title': 'Back up the current files',
  'install.backup.files':
    'Copy {files} from MailRoot into a new folder for this run (its name carries the date and time, so earlier backups are never overwritten). Skip files that do not exist.',
  'install.backup.filesWithKey':
    'Copy {files} from MailRoot into a new folder for this run (server.key is the private key, server.cert the server certificate; the folder name carries the date and time, so earlier backups are never overwritten). Skip files that do not exist.',
  'install.backup.acl':
    'The backup folder is made in your own user folder and closed to everyone but Administrators and SYSTEM before anything is copied into it (it may hold a copy of the private key). If mkdir shows an error, do not run the lines after it: start this step again.',
  'install.backup.folder': 'The last command shows the name of the backup folder it made: note it, you need it to undo.',
  'install.backup.certsFolder': 'the certs folder',
  'install.backup.startup.windows':
    'Save the current command line too, by exporting the registry key. One of the two reg export lines prints "ERROR: The system was unable to find the specified registry key or value.": that is the key your XMail does not use, and is expected.',
  'install.backup.startup.unix': 'Save the current command line too, by copying the init script.',
  'install.copy.title': 'Copy the contents of the MailRoot folder',
  'install.copy.intro':
    "XMail can keep running. The commands below first copy each file of this bundle's MailRoot folder into XMail's MailRoot under a temporary name (ending in .new), then rename them over the old files one after another at the end, so XMail never reads a half-copied file.",
  'install.copy.pairWindow':
    'The renames happen one file at a time, not as one atomic step: a connection that starts in the instant between renaming the key and the certificate sees a mismatched pair and fails its handshake (a mail program may show one error; a sending server retries later).',
  'install.copy.moveInUse': 'If move says access is denied or the file is being used by another process, XMail was reading it at that moment: run the same move again.',
  'install.copy.leftover.windows':
    'The dir lines after the renames list any .new file left over: "File Not Found" means every rename happened; if a .new file is listed, run its move again.',
  'install.copy.leftover.unix':
    'The ls lines after the renames list any .new file left over: "No such file or directory" means every rename happened; if a .new file is listed, run its mv again.',
  'install.copy.certsMerge':
    "Adding takes away no trust you already have: the commands below add this bundle's CA certificates to the end of certs.pem (a CA already in it is not added twice) and, in the certs folder, overwrite no file when adding: each goes under the next free number of its HASH (HASH.0, HASH.1, ...), or nowhere when a file with the same content is already there.",
  'install.copy.certsPemGuard':
    "certs.pem.new replaces certs.pem only when it holds this bundle's CA: if certs.pem.new is listed at the end, the bundle was not found at {folder}; unzip it there and run this step again (do not rename certs.pem.new by hand).",
  'install.copy.certsPemLink': 'A certs.pem that is a symbolic link is not replaced either (certs.pem.new stays): copy certs.pem.new over the file it points to.',
  'install.copy.keyLink': 'If server.key or server.cert is a symbolic link, neither is replaced (the .new files stay): copy each .new over the file its link points to.',
  'install.copy.certsRetire':
    'This bundle rotates the client CA: only the retired CA (what equals the certificate in the retired-ca folder) is removed from certs.pem and the certs folder; every other certificate, your own CAs included, stays. Client certificates from the retired CA are refused from then on. In the certs folder, a number freed in the middle is filled by renaming the last-numbered file of the same HASH over it, so the numbers keep no gap.',
  'install.copy.certsRetireWrap':
    'A copy of the retired CA in certs.pem wrapped at other than 64 columns is not removed: the last findstr line lists it; remove it by hand.',
  'install.copy.certsRetiredCheck':
    'The last {command} line lists any file that still holds the retired CA (a refused delete, for example): nothing listed means it is gone; remove it from any file listed.',
  'install.copy.certsCleanup':
    'If the certs folder holds CA certificates you no longer trust, delete them after the renames. The numbers HASH.0, HASH.1, ... must continue without gaps: when you delete one in the middle, rename the last-numbered file of the same HASH to its number. Do the same in certs.pem, too: remove a CA you no longer trust (its lines from BEGIN to END) from a copy of certs.pem, then rename the copy over it.',
  'install.copy.keyOwner': 'Run the commands as the user XMail runs as (usually root): the private key is created readable only by its owner (mode 600), its temporary copy included.',
  'install.copy.keyAcl':
    "The private key's temporary copy (server.key.new) is made readable only by Administrators and SYSTEM (icacls) before it is renamed. If the XMail service runs as an account other than LocalSystem (services.msc, XMail's properties, Log On tab), grant that account read access too: run icacls {key} /grant <account>:R after the icacls line and before the move lines. A server.key.new left from before is deleted before the copy (so the key is never written into a file someone else made). If the del line shows \"Access is denied\", do not run the lines after it; find out who made that file.",
  'install.copy.perConnection.keyCert': 'XMail reads the key and certificate on every connection, so they are used as soon as they are renamed into place.',
  'install.copy.perConnection.cert': 'XMail reads the server certificate on every connection, so it is used as soon as it is renamed into place.',
  'install.copy.perConnection.certs': 'XMail reads certs.pem and the certs folder on every connection, so they are used as soon as they are renamed into place.',
  'install.serverTab.title': 'Update server.tab',
  'install.serverTab.merged.replaced': 'The copy in the previous step replaced server.tab in MailRoot; server.tab.patch lists the lines that changed.',
  'install.serverTab.merged.noRestart': 'XMail re-reads server.tab each time it uses it: no restart is needed.',
  'install.serverTab.edit.title': 'Edit a copy of server.tab',
  'install.serverTab.edit.copy':
    'XMail re-reads server.tab each time it uses it and could read a half-saved file, so do not edit it in place: make a copy (server.tab.new) with the command below and edit the copy.',
  'install.serverTab.patch.apply': 'Apply the lines in server.tab.patch (lines starting with + are added or changed, - removed) to server.tab.new in MailRoot with a text editor and save it.',
  'install.serverTab.edit.notepad': 'The second command opens server.tab.new in Notepad (started from the administrator prompt, so it can save the file).',
  'install.serverTab.replace.title': 'Replace server.tab with the edited copy',
  'install.serverTab.replace.run': 'After saving server.tab.new and closing the editor, replace server.tab with it using the command below.',
  'install.serverTab.patch.stock': 'The patch is against the stock XMail 1.27 server.tab. If yours differs, change only the variables it names. If a name appears twice, XMail uses the first one.',
  'install.serverTab.patch.format': 'Separate name and value with one TAB and quote the value ("..."). XMail re-reads server.tab each time it uses it: no restart is needed.',
  'install.switches.title': 'Change the switches in the command line',
  'install.switches.add': 'Add these switches to your command line, keeping every other option: {switches}',
  'install.switches.remove': 'Remove these switches if your command line has them: {switches}',
  'install.switches.where.windows':
    'The command line is the MAIL_CMD_LINE value under HKLM\\SOFTWARE\\GNU\\XMail (HKLM\\SOFTWARE\\Wow6432Node\\GNU\\XMail for a 32-bit XMail on 64-bit Windows). Check the current value with reg query below and edit it with regedit.',
  'install.switches.where.unix': 'The command line is the XMAIL_CMD_LINE="..." line of the init script (e.g. /etc/init.d/xmail). Edit it with a text editor.',
  'install.switches.hint': 'If you enter your current command line when making this bundle, the bundle carries your line with only these switches changed.',
  'install.merged.change': 'Only the TLS switches change (added: {added}; removed: {removed}); every other option stays as it is.',
  'install.merged.noSwitch': 'none',
  'install.merged.before': 'Before: {line}',
  'install.merged.after': 'After: {line}',
  'install.merged.noOptions': '(no options)',
  'install.reg.title': 'Register the command line in the registry',
  'install.reg.holds': '{reg} holds the current command line (MAIL_CMD_LINE) you entered, changed. {change}',
  'install.reg.which': 'Use {native} for a 64-bit XMail (or on 32-bit Windows), {wow64} for a 32-bit XMail on 64-bit Windows.',
  'install.reg.unsure': 'If unsure, run the reg query commands below and pick the key that already holds MAIL_ROOT.',
  'install.reg.import': 'Double-click the chosen .reg file, or run reg import from an administrator command prompt.',
  'install.init.title': 'Change the command line in the init script',
  'install.init.replace': 'In the init script (e.g. /etc/init.d/xmail), replace the XMAIL_CMD_LINE="..." line with the line in {file}: it is the current command line you entered, changed. {change}',
  'install.init.bare': 'The bare command line is in {file}.',
  'install.restart.title': 'Restart XMail',
  'install.restart.ifRemoved': 'XMail reads its command line only at startup: restart if you removed a switch in the previous step (not needed if nothing changed).',
  'install.restart.requiredWithKey': 'XMail reads its command line only at startup, so a restart is required (key, certificate and server.tab are re-read without one).',
  'install.restart.required': 'XMail reads its command line only at startup, so a restart is required (server.tab is re-read without one).',
  'install.verify.title': 'Check that it works',
  'install.verify.openssl': 'Connect with openssl and check that the subject and issuer shown are those of the new server certificate (Ctrl+C to quit).',
  'install.verify.opensslWindows':
    'Windows does not come with openssl. With Git for Windows installed, C:\\Program Files\\Git\\usr\\bin\\openssl.exe works; without openssl, check with PowerShell as the next step shows.',
  'install.verify.caFile': 'With -CAfile, "Verify return code: 0 (ok)" at the end means verification succeeded too.',
  'install.verify.essl': 'If the connection drops right after STARTTLS (SMTP log: SMTP=ESSL), the key does not match the certificate or the key is encrypted.',
  'install.verify.ports': 'Ports 465 and 995 are implicit TLS, port 25 is STARTTLS. Skip the ports you have turned off.',
  'install.powershell.title': 'Without openssl: check with PowerShell',
  'install.powershell.intro':
    'Open PowerShell. The first line below checks that the port is open (TcpTestSucceeded : True); the second connects to port 995 over TLS and shows the Subject and Issuer of the server certificate: they should be those of the new one (for port 465, change 995 to 465).',
  'install.clients.title': 'Set up the mail programs',
  'install.clients.privateCa.warning': 'Until clients trust the CA certificate, mail programs warn that the certificate is not trusted.',
  'install.clients.privateCa.windows': 'Windows / Outlook: double-click ca.cer and install it into "Trusted Root Certification Authorities".',
  'install.clients.privateCa.apple': 'iPhone / iPad / Mac: open the .mobileconfig and install the profile; on iPhone / iPad then turn on full trust in Settings > General > About > Certificate Trust Settings.',
  'install.clients.privateCa.thunderbird': 'Thunderbird: Settings > Privacy & Security > Manage Certificates > Authorities, import ca.pem and tick "Trust this CA to identify websites".',
  'install.clients.privateCa.android': 'Android: Settings > Security > Install a certificate, choose ca.cer (some apps ignore user-added CAs).',
  'install.clients.selfSigned.warning': 'The certificate is self-signed, so mail programs warn that it is not trusted; the connection is still encrypted.',
  'install.clients.selfSigned.avoid': 'To avoid the warning, have clients trust {file} the same way as a CA certificate, or accept a permanent exception in the mail program.',
  'install.clients.public': 'A certificate from a public CA shows no warning in mail programs, provided server.cert includes the intermediate CA certificates.',
  'install.clients.clientCerts': "With client-certificate verification on, install each user's client certificate (.p12) in their mail program. Users still log in with their passwords.",
  'install.notes.heading': 'Notes',
  'install.notes.checksum.windows': 'To check a file is intact, compare the output of certutil -hashfile {file} SHA256 with its line in {manifest}.',
  'install.notes.checksum.unix': 'To check the files are intact, run sha256sum -c {manifest} in the unzipped folder.',
  'install.notes.deleteBundle.windows':
    'When you are done, delete the unzipped folder {dir} and the downloaded zip: both hold the unencrypted private key. The folder goes with {command}; if you delete either in Explorer, empty the Recycle Bin too.',
  'install.notes.deleteBundle.unix':
    'When you are done, delete the unzipped folder {dir} and the downloaded zip: both hold the unencrypted private key. The folder goes with {command}.',
  'install.undo.heading': 'To undo',
  'install.undo.b.windows':
    'To undo, use the backup folder made in step {step} ({dir}xmail-backup-DATE-TIME). In the command prompt where you ran step {step}, B still holds its name; in a new one, first run set "B=FOLDER" (the name step {step} showed last), then the commands below.',
  'install.undo.b.unix':
    'To undo, use the backup folder made in step {step} ({dir}xmail-backup-DATE-TIME). In the shell where you ran step {step}, B still holds its name; in a new one, first run B=FOLDER (the name step {step} showed last), then the commands below, in sh or bash.',
  'install.undo.what':
    'Each file goes back the way it came in (copied under a temporary name, then renamed) when the backup holds it, and is deleted only when step 2 found it missing from MailRoot (its name is in absent.txt in the backup: this install added it); a file whose backup copy merely failed is never deleted, nor is server.tab; in the certs folder, every file whose name the backup lacks is deleted, but only when the backup holds a certs folder (or step 2 found none in MailRoot); a certs folder step 2 found missing is removed once empty. When the backup folder has no xmail-backup.txt (for example, when B names another folder), no command deletes or puts back anything.',
  'install.undo.keyAcl':
    'The restored key, too, is made readable only by Administrators and SYSTEM (icacls) before its rename. If the XMail service runs as an account other than LocalSystem, grant that account read access before the move, as during the install.',
  'install.undo.startup.windows': 'The command line comes back by importing the saved registry key (whichever of xmail.reg and xmail-wow64.reg exists), then XMail restarts.',
  'install.undo.startup.unix': 'The command line comes back with the saved init script, then XMail restarts.',
  'install.undo.noRestart': 'No restart is needed.',
  'install.undo.link': 'A file directly in MailRoot that is a symbolic link is neither replaced nor deleted; if needed, copy the backup file over the file it points to.',
};
