/**
 * Messages of 秘密鍵が流出した場合の対応 (issue 17 item 7): the seed's procedure for any server
 * certificate, in the seed's words where it had them, with XMailCFG's menu names for
 * administrators who still have XMailCFG installed.
 */
export const jaLeakedKey = {
  'leak.entry': '秘密鍵が流出した場合の対応 (保管庫にない証明書も)',
  'leak.cert.title': 'どの証明書の秘密鍵が流出しましたか',
  'leak.cert.hint':
    'MailRoot の server.cert、または認証局から受け取った証明書ファイル (.crt / .cer / .pem / .p7b) を選ぶか、PEM を貼り付けてください。省略しても手順は読めます。秘密鍵のファイルは選ばないでください。',
  'leak.cert.file': '証明書ファイル',
  'leak.cert.paste': '証明書 (PEM) を貼り付け',
  'leak.cert.read': 'この証明書で手順を表示',
  'leak.cert.clear': '証明書を外す',
  'leak.cert.subject': 'サーバー証明書',
  'leak.cert.names': '名前',
  'leak.cert.serial': 'シリアル番号',
  'leak.cert.issuer': '発行者',
  'leak.cert.notAfter': '有効期限',
  'leak.cert.selfSigned': '自己署名 (発行者なし)',
  'leak.steps.title': '手順 (万一のため、関係するファイルのバックアップは残しておいてください)',
  'leak.step.backup': 'MailRoot の server.key と server.cert を、別の場所 (アクセスを限ったフォルダー) にバックアップします。',
  'leak.step.delete-key': '運用中の秘密鍵は MailRoot/server.key です。まずこれを削除します。',
  'leak.step.delete-cert':
    '運用中の秘密鍵に対応するサーバー証明書は MailRoot/server.cert に入っています。秘密鍵を削除すれば意味のないものなので、これも削除します。',
  'leak.step.delete-cert.named': '運用中の秘密鍵に対応するサーバー証明書 ({names}、シリアル番号 {serial}) は MailRoot/server.cert に入っています。秘密鍵を削除すれば意味のないものなので、これも削除します。',
  'leak.step.revoke.generic':
    '証明書を無効にします。認証局が発行した証明書なら、その認証局に「秘密鍵の流出」を理由とする失効を依頼します。自己署名の証明書は失効できないので、メーラーなどに信頼させていたなら、その設定を外します。',
  'leak.step.revoke.ca':
    '発行者 {issuer} に、シリアル番号 {serial} の証明書の失効を「秘密鍵の流出」(認証局の画面では「鍵の危殆化」や Key Compromise) を理由に依頼します。公的な認証局なら、証明書を申し込んだ窓口 (管理画面やサポート) から依頼できます。',
  'leak.step.revoke.self-signed':
    'この証明書は自己署名なので失効できません。メーラーなどにこの証明書を信頼させていたなら、その設定を外します。',
  'leak.step.new-key-and-cert.generic':
    '新しい秘密鍵で、同じ名前のサーバー証明書を作り直します。新しい秘密鍵は、このページの各メニュー ([公的運用] [私的運用] [私的認証局]) を実行すれば作成されます。公的な認証局の場合は、中間 CA 証明書も入手しなければならないことがあります。',
  'leak.step.new-key-and-cert.ca':
    '新しい秘密鍵で、同じ名前 ({names}) のサーバー証明書を作り直します。公的な認証局なら [公的運用] で新しい秘密鍵と CSR を作って申し込みます (中間 CA 証明書も入手してください)。私的認証局なら [私的認証局] で発行し直します。',
  'leak.step.new-key-and-cert.self-signed': '新しい秘密鍵で、同じ名前 ({names}) の自己署名証明書を [私的運用] で作り直します。',
  // No restart needed: XMail loads server.cert/server.key into a fresh SSL_CTX for every TLS
  // connection (SSLBind.cpp BSslBindServer -> BSslSetupVerify; SMTPSvr.cpp SMTPHandleCmd_STARTTLS).
  'leak.step.install':
    '新しい秘密鍵とサーバー証明書 (各メニューの zip の MailRoot/ の中身) を MailRoot にコピーします。XMail は接続のたびに server.key と server.cert を読み込むので、再起動しなくても次の接続から新しい鍵が使われます。すでに開いている接続は、閉じるまで前の鍵で始めた暗号化のまま続きます。それもすぐに切りたい場合だけ、XMail を再起動してください (Windows ではサービスの再起動)。',
  'leak.vault.title': 'この証明書が保管庫にあるとき',
  'leak.vault.body':
    '[証明書の管理] で証明書の「詳細」を開き、「秘密鍵が流出した場合の対応」を使うと、失効と新しい鍵での作り直しを一度に行えます (私的認証局の証明書は発行し直し、外部の認証局の証明書には再発行を依頼する文面と CSR を用意します)。',
  'leak.vault.link': '証明書の管理を開く',
  'leak.stop.title': '新しい証明書が届くまで SSL/TLS を止めるには',
  'leak.stop.body':
    'server.key と server.cert を削除すると、XMail の SSL/TLS の接続は失敗します。新しい証明書が届くまで SSL/TLS を止めておく場合は、次のようにします。',
  'leak.stop.ssl': 'SSL (専用ポート) を止める: XMail の起動オプションに -B- -W- -X- を加えます。XMailCFG では [基本セットアップ]-[レジストリの登録] で起動オプションに加えて、レジストリに登録します。',
  'leak.stop.tls':
    'TLS (STARTTLS) を止める: server.tab の EnableCTRL-TLS、EnablePOP3-TLS、EnableSMTP-TLS を 0 にします。XMailCFG では [環境設定]-[XMail 環境設定]-[SSL/TLS 関連の設定] で「CTRL TLS をサポートする」「POP3 TLS をサポートする」「SMTP TLS をサポートする」を "無効" にします。',
  'leak.stop.modes': '[TLS モード] でも、今の server.tab と起動オプションから変更を作れます。',
  'leak.link.public-ca': '公的運用を開く',
  'leak.link.self-signed': '私的運用を開く',
  'leak.link.private-ca': '私的認証局を開く',
  'leak.link.tls-modes': 'TLS モードを開く',
} as const;

export const enLeakedKey: Record<keyof typeof jaLeakedKey, string> = {
  'leak.entry': 'If the private key leaks (also for certificates not in the vault)',
  'leak.cert.title': 'Which certificate’s private key leaked?',
  'leak.cert.hint':
    'Choose MailRoot’s server.cert or the certificate file the CA sent (.crt / .cer / .pem / .p7b), or paste the PEM. You can read the steps without it. Do not choose the private key file.',
  'leak.cert.file': 'Certificate file',
  'leak.cert.paste': 'Paste the certificate (PEM)',
  'leak.cert.read': 'Show the steps for this certificate',
  'leak.cert.clear': 'Remove the certificate',
  'leak.cert.subject': 'Server certificate',
  'leak.cert.names': 'Names',
  'leak.cert.serial': 'Serial number',
  'leak.cert.issuer': 'Issuer',
  'leak.cert.notAfter': 'Expires',
  'leak.cert.selfSigned': 'Self-signed (no issuer)',
  'leak.steps.title': 'Steps (keep backups of the files involved, just in case)',
  'leak.step.backup': 'Back up server.key and server.cert from MailRoot to another place (a folder with restricted access).',
  'leak.step.delete-key': 'The key in use is MailRoot/server.key. Delete it first.',
  'leak.step.delete-cert': 'The server certificate for that key is in MailRoot/server.cert. It is meaningless without the key, so delete it too.',
  'leak.step.delete-cert.named':
    'The server certificate for that key ({names}, serial number {serial}) is in MailRoot/server.cert. It is meaningless without the key, so delete it too.',
  'leak.step.revoke.generic':
    'Invalidate the certificate. If a CA issued it, ask that CA to revoke it with the reason "key compromise". A self-signed certificate cannot be revoked: if mail programs were told to trust it, remove that trust.',
  'leak.step.revoke.ca':
    'Ask the issuer {issuer} to revoke the certificate with serial number {serial}, reason "key compromise" (keyCompromise). A public CA takes the request where you ordered the certificate (its control panel or support).',
  'leak.step.revoke.self-signed': 'This certificate is self-signed and cannot be revoked. If mail programs were told to trust it, remove that trust.',
  'leak.step.new-key-and-cert.generic':
    'Re-create the server certificate for the same names with a new private key. Each menu of this page ([Public CA], [Self-signed], [Private CA]) makes a new key. A public CA may also require you to obtain its intermediate CA certificate.',
  'leak.step.new-key-and-cert.ca':
    'Re-create the server certificate for the same names ({names}) with a new private key. For a public CA, make a new key and CSR in [Public CA] and order again (get the intermediate CA certificate too). For a private CA, issue it again in [Private CA].',
  'leak.step.new-key-and-cert.self-signed': 'Make a new self-signed certificate for the same names ({names}) with a new private key in [Self-signed].',
  'leak.step.install':
    'Copy the new private key and server certificate (the contents of MailRoot/ in the menu’s zip) into MailRoot. XMail loads server.key and server.cert for every connection, so the next connection uses the new key without a restart. Connections already open keep the encryption they began with the old key until they close; restart XMail (on Windows, the service) only if you want to cut those at once too.',
  'leak.vault.title': 'If this certificate is in the vault',
  'leak.vault.body':
    'In [Certificate management], open the certificate’s "Details" and use "If the private key has leaked": it revokes and re-creates with a new key in one go (certificates of a private CA are issued again; for an outside CA, a request text and CSR are prepared).',
  'leak.vault.link': 'Open certificate management',
  'leak.stop.title': 'To stop SSL/TLS until the new certificate arrives',
  'leak.stop.body':
    'Once server.key and server.cert are deleted, XMail’s SSL/TLS connections fail. To keep SSL/TLS off until the new certificate arrives:',
  'leak.stop.ssl':
    'Stop SSL (the dedicated ports): add -B- -W- -X- to XMail’s startup options. In XMailCFG: add them under [基本セットアップ]-[レジストリの登録] (Basic setup - Registry) and register them in the registry.',
  'leak.stop.tls':
    'Stop TLS (STARTTLS): set EnableCTRL-TLS, EnablePOP3-TLS and EnableSMTP-TLS to 0 in server.tab. In XMailCFG: under [環境設定]-[XMail 環境設定]-[SSL/TLS 関連の設定] (Settings - XMail settings - SSL/TLS), set the three "TLS をサポートする" items to "無効" (disabled).',
  'leak.stop.modes': '[TLS modes] can also make the change from your current server.tab and startup options.',
  'leak.link.public-ca': 'Open Public CA',
  'leak.link.self-signed': 'Open Self-signed',
  'leak.link.private-ca': 'Open Private CA',
  'leak.link.tls-modes': 'Open TLS modes',
};
