/**
 * Error codes of the core as sentences: `error.<module>.<CODE>` for every code of PkiError,
 * BundleError, StoreError and XmailError (the module is in the key because PKI and XMail both have
 * INPUT_TOO_LARGE, with different advice). src/ui/i18n/error-messages.ts turns a thrown error into
 * one of these keys; a code without a key here is a type error there (`npm run check`).
 */
export const jaErrors = {
  // pki
  'error.pki.PEM_NO_BLOCK': 'PEM 形式のデータ (-----BEGIN ...-----) が見つかりません。',
  'error.pki.PEM_BAD_BASE64': 'PEM の中身が正しい Base64 ではありません。',
  'error.pki.PEM_WRONG_LABEL': 'PEM の種類が違います (例: 証明書の代わりに鍵)。',
  'error.pki.PEM_UNTERMINATED': 'PEM の END 行がありません。ファイルが途中で切れていないか確認してください。',
  'error.pki.DER_MALFORMED': 'ファイルの中身 (DER 形式のデータ) が壊れています。途中で切れていないか確かめ、元のファイルをもう一度入手してください。',
  'error.pki.DER_TOO_COMPLEX': 'データの構造 (DER) の要素が多すぎます。証明書や鍵にしては不自然なため、読み込みを中止しました。',
  'error.pki.TOO_MANY_CERTIFICATES': '1 つのファイルに含まれる証明書が多すぎます (上限 200 個)。必要な証明書だけのファイルにしてください。',
  'error.pki.DER_WRONG_TYPE': '想定している種類のデータではありません。',
  'error.pki.INPUT_TOO_LARGE': '入力が大きすぎます。',
  'error.pki.KEY_UNSUPPORTED': 'この種類の鍵には対応していません。使えるのは RSA (2048・3072・4096 ビット) と ECDSA (P-256・P-384) の鍵です。これらの鍵で証明書を取り直してください。',
  'error.pki.KEY_PASSWORD_REQUIRED': 'この鍵は暗号化されています。パスワードを入力してください。',
  'error.pki.KEY_BAD_PASSWORD': '秘密鍵のパスワードが違います。鍵を書き出したときに決めたパスワードを入力し直してください。',
  'error.pki.KEY_MISMATCH': '秘密鍵と証明書が対になっていません。',
  'error.pki.NAME_INVALID': '名前 (コモンネームなど) が正しくありません。',
  'error.pki.SAN_INVALID': 'ホスト名または IP アドレスが正しくありません。',
  'error.pki.PROFILE_INVALID': '証明書の設定 (有効期間・用途など) が正しくありません。',
  'error.pki.SIGNATURE_INVALID': '署名の検証に失敗しました。',
  'error.pki.CHAIN_INCOMPLETE': '証明書チェーンが不完全です (中間 CA 証明書が不足しています)。',
  'error.pki.PKCS12_BAD_PASSWORD': 'この .pfx / .p12 のパスワードが違います。エクスポートしたときに決めたパスワードを、大文字と小文字の違いにも注意して入力し直してください。',
  'error.pki.PKCS12_EMPTY_PASSWORD': 'PKCS#12 ファイルにはパスワードが必要です。',
  'error.pki.PKCS12_UNSUPPORTED': 'この .pfx / .p12 の暗号化方式には対応していません。Windows の証明書のエクスポートで暗号化に「TripleDES-SHA1」を選んでエクスポートし直すか、openssl pkcs12 -export で作り直してください。',
  'error.pki.PKCS12_PBMAC1_UNSUPPORTED':
    'この .pfx / .p12 は新しい改ざん検出方式 PBMAC1 (RFC 9579) で作られていて、まだ読み込めません。作成元で従来の方式で書き出し直してください (openssl なら pkcs12 -export に -pbmac1_pbkdf2 を付けずに実行)。',
  'error.pki.PKCS12_MALFORMED': 'この .pfx / .p12 は壊れているか、パスワードが違います。パスワードを確かめ、それでも読めない場合は、もう一度エクスポートしてください。',
  'error.pki.PKCS12_NO_KEY': 'この .pfx / .p12 には秘密鍵が入っていません。Windows の証明書のエクスポートで「はい、秘密キーをエクスポートします」を選んで、もう一度エクスポートしてください。',
  'error.pki.PKCS12_PASSWORD_REQUIRED': 'この .pfx / .p12 はパスワードで保護されています。エクスポートしたときに決めたパスワードを入力してください。',
  'error.pki.PKCS7_MALFORMED': 'この .p7b / .p7c (PKCS#7) は証明書チェーンとして読めません。認証局から受け取ったファイルをもう一度ダウンロードするか、PEM 形式の証明書を使ってください。',
  'error.pki.PKCS7_NO_CERTIFICATES': 'この .p7b / .p7c (PKCS#7) には証明書が入っていません。証明書チェーンを含めてエクスポートし直してください。',
  'error.pki.FILE_UNRECOGNIZED': '証明書・秘密鍵・.pfx・.p7b のどれでもないファイルです。ファイルを取り違えていないか確認してください。',
  'error.pki.FILE_NOT_CERTIFICATE': 'これは証明書ではありません (証明書署名要求 (CSR)、失効リスト、公開鍵など)。認証局から届いた証明書のファイルを選んでください。',
  'error.pki.CRYPTO_FAILED': 'ブラウザーの暗号処理に失敗しました。',
  // bundle
  'error.bundle.BUNDLE_PATH_INVALID': 'ダウンロードに含めるファイル名が正しくありません。',
  'error.bundle.BUNDLE_PATH_DUPLICATE': 'ダウンロードに同じ名前のファイルが 2 つあります。',
  'error.bundle.BUNDLE_INPUT_INVALID': 'ダウンロードを作るための入力が不足しているか正しくありません。',
  'error.bundle.BUNDLE_REG_VALUE_INVALID': 'レジストリに書けない文字 (改行など) が含まれています。',
  'error.bundle.BUNDLE_COMMAND_VALUE_INVALID': '手順書のコマンドに安全に書けない文字 (改行・制御文字・% ! $ など) を含む値があります。',
  'error.bundle.BUNDLE_ZIP_FAILED': 'zip ファイルを作成できませんでした。',
  // store
  'error.store.DB_UNAVAILABLE': 'ブラウザー内の保管領域 (IndexedDB) を使えません。プライベートモード (Edge の InPrivate、Chrome のシークレット モードなど) になっていないか確認してください。',
  'error.store.DB_BLOCKED': 'このページを別のタブでも開いているため、保管庫を開けません。ほかのタブを閉じてから、このページを再読み込みしてください。',
  'error.store.DB_NEWER_VERSION':
    'このブラウザーの保管庫は、このページより新しい版のページですでに使われているため、この版では開けません。新しい版のページ (または公開されているページ) を開いてください。保管庫の中身は何も変更していません。',
  'error.store.DB_MIGRATION_FAILED':
    'このブラウザーの保管庫を、この版のページに合わせて更新できなかったため、開けません。保管されているデータは何も変更していません (保管庫は前の版のままです)。保管庫を最後に使った版のページで開いて、バックアップファイルを作ってください。バックアップファイルは、このページの保管庫がまだないブラウザー (またはプロファイル) で復元できます。',
  'error.store.DB_TRANSACTION_FAILED': '保管領域への書き込みに失敗しました。',
  'error.store.DB_CONFLICT': '別のタブで同じデータが変更されました。ページを読み込み直してください。',
  'error.store.SERIAL_COLLISION': 'シリアル番号が重複しました。もう一度実行してください。',
  'error.store.VAULT_NOT_INITIALIZED': '保管庫がまだ作られていません。',
  'error.store.VAULT_ALREADY_INITIALIZED': '保管庫はすでに作られています。',
  'error.store.VAULT_LOCKED': '保管庫がロックされています。パスフレーズを入力してロックを解除してください。',
  'error.store.VAULT_BAD_PASSPHRASE': 'パスフレーズが違います。',
  'error.store.VAULT_CHANGED': '別のタブで保管庫が変更されました (パスフレーズの変更など)。何も保存していません。もう一度ロックを解除してからやり直してください。',
  'error.store.VAULT_WEAK_PASSPHRASE': 'パスフレーズが短すぎるか単純すぎます。',
  'error.store.NOT_FOUND': '指定したデータが見つかりません。',
  'error.store.CA_RETIRED': 'この認証局は使用を終了しています。',
  'error.store.CA_KEY_MISMATCH': '認証局の証明書と鍵が対になっていません。',
  'error.store.CA_NOT_A_CA': 'この証明書は認証局の証明書ではありません。',
  'error.store.CERT_ALREADY_REVOKED': 'この証明書はすでに失効しています。',
  'error.store.CERT_NO_KEY': 'この証明書の秘密鍵は保管されていません。',
  'error.store.CERT_NOT_RENEWABLE': 'この証明書は更新できません (すでに更新済みか、更新の対象外の証明書です)。一覧で新しい証明書を選んでください。',
  'error.store.CERT_OUTSIDE_CA':
    'この証明書は外部の認証局が署名したため、このページでは署名し直せません。証明書の詳細にある「更新用の CSR を作る」で CSR を作り、認証局に送ってください。',
  'error.store.KEY_COMPROMISED': 'この秘密鍵は「流出した」と記録されています。流出した鍵で証明書を取り直すことはできません。新しい鍵で CSR を作ってください。',
  'error.store.RENEWAL_ANSWER_MISMATCH':
    '取り込んだ証明書は、この更新の回答ではありません (更新前の証明書そのもの、それより前に発行された証明書、または CSR のホスト名を含まない証明書です)。認証局から新しく届いた証明書のファイルを選んでください。',
  'error.store.RENEWAL_PENDING':
    'この証明書の更新用の CSR は、すでに保管庫で認証局の回答を待っています。その CSR をもう一度ダウンロードして送るか、「公的運用」の手順 2 で回答を取り込んでください。送らなかった CSR なら、証明書の詳細で破棄してから作り直せます。',
  'error.store.CERT_KEY_MISMATCH': '認証局から届いた証明書は、選んだ申請 (CSR) の鍵に対応していません。別の申請を選んでください。',
  'error.store.WRONG_PURPOSE': '用途の違う証明書です。',
  'error.store.BACKUP_FOREIGN': 'このページのバックアップファイルではありません。',
  'error.store.BACKUP_CORRUPT': 'バックアップファイルが壊れています。',
  'error.store.BACKUP_UNSUPPORTED_VERSION': 'このバックアップファイルの版には対応していません。',
  'error.store.BACKUP_PASSPHRASE_REQUIRED': 'バックアップファイルのパスフレーズを入力してください。',
  'error.store.BACKUP_TAMPERED': 'バックアップファイルが作成後に書き換えられています (改ざん検出用の MAC が一致しません)。何も復元していません。',
  'error.store.RECORD_TAMPERED': '保管庫の CA の記録が、このページの外で書き換えられています (改ざん検出用の MAC が一致しません)。この CA は使いません。信頼できるバックアップから復元してください。',
  'error.store.BACKUP_UNAUTHENTICATED':
    'このバックアップには改ざん検出用の MAC がありません (古い版で作成されたか、取り除かれています)。内容が書き換えられていないことを確かめられません。自分で作ったファイルだと確かな場合だけ、確認のうえ復元してください。',
  'error.store.STORE_NOT_EMPTY': '保管領域が空ではありません。',
  'error.store.SETTINGS_INVALID': '設定の値が許される範囲を外れています (自動ロックは 1〜480 分、有効期間は 1〜3650 日)。',
  'error.store.INVALID_ARGUMENT': '入力が正しくありません。',
  // xmail
  'error.xmail.INPUT_TOO_LARGE': 'ファイルが大きすぎます。server.tab や起動オプションは、通常は数 KB です。',
  'error.xmail.SERVER_TAB_BINARY': 'テキストファイルではありません。server.tab を選んでください。',
  'error.xmail.SERVER_TAB_UTF16': 'UTF-16 で保存されているため、XMail は読めません。ANSI または UTF-8 で保存し直してください。',
  'error.xmail.SERVER_TAB_NOT_A_SERVER_TAB': 'server.tab の形式 ("名前"<TAB>"値") ではありません。',
  'error.xmail.SERVER_TAB_NAME_INVALID': 'server.tab の変数名が正しくありません。',
  'error.xmail.SERVER_TAB_VALUE_TAB': '値にタブ文字は使えません。',
  'error.xmail.SERVER_TAB_VALUE_NEWLINE': '値に改行は使えません。',
  'error.xmail.SERVER_TAB_VALUE_CONTROL': '値に制御文字は使えません。',
  'error.xmail.SERVER_TAB_VALUE_TRAILING_BACKSLASH': '値の末尾にバックスラッシュは使えません (XMail は閉じの引用符をエスケープされた文字として読みます)。',
  'error.xmail.SERVER_TAB_LINE_TOO_LONG': 'server.tab の 1 行が長すぎます (XMail の上限は 2048 バイト)。',
  'error.xmail.SERVER_TAB_ADDED_NOT_ASCII': 'この server.tab は UTF-8 ではない (Shift_JIS など) ため、半角英数字以外の値は書き加えられません。変更する変数の値を半角英数字に直してください。',
  'error.xmail.SERVER_TAB_TOO_MANY_LINES': 'server.tab の行数が多すぎます (上限 20,000 行)。通常は数百行です。選んだファイルが server.tab か確認してください。',
  'error.xmail.COMMAND_LINE_TOKEN_TOO_LONG': '起動オプションに長すぎる項目があります。',
  'error.xmail.COMMAND_LINE_PORT_INVALID': 'ポート番号が正しくありません (1〜65535)。',
  'error.xmail.COMMAND_LINE_INTERFACE_INVALID': '待ち受けアドレスが正しくありません。',
  'error.xmail.COMMAND_LINE_NOT_UTF8': '起動オプションの行に UTF-8 ではない文字 (EUC-JP や Shift_JIS) があり、そのまま書き戻せません。ファイルではなく、行を貼り付けてください。',
  'error.xmail.COMMAND_LINE_NOT_FOUND':
    'このファイルには MAIL_CMD_LINE / XMAIL_CMD_LINE の行がありません。起動スクリプトか、reg export で保存したファイルを選んでください。',
  'error.xmail.MODE_ADDRESS_INVALID': 'IP アドレスが正しくありません。',
  'error.xmail.MODE_OPTIONS_INVALID': 'TLS モードの選択が正しくありません。',
} as const;

export const enErrors: Record<keyof typeof jaErrors, string> = {
  // pki
  'error.pki.PEM_NO_BLOCK': 'No PEM block (-----BEGIN ...-----) was found.',
  'error.pki.PEM_BAD_BASE64': 'The PEM body is not valid Base64.',
  'error.pki.PEM_WRONG_LABEL': 'The PEM block is of the wrong kind (e.g. a key where a certificate was expected).',
  'error.pki.PEM_UNTERMINATED': 'The PEM block has no END line. Check that the file is complete.',
  'error.pki.DER_MALFORMED': "The file's contents (DER data) are damaged. Check that the file is not cut short, and get the original file again.",
  'error.pki.DER_TOO_COMPLEX': 'The data structure (DER) has too many elements for a certificate or key, so it was not read.',
  'error.pki.TOO_MANY_CERTIFICATES':
    'The file holds too many certificates (at most 200). Keep only the certificates you need in it.',
  'error.pki.DER_WRONG_TYPE': 'The data is not of the expected kind.',
  'error.pki.INPUT_TOO_LARGE': 'The input is too large.',
  'error.pki.KEY_UNSUPPORTED': 'This kind of key is not supported. Keys that work are RSA (2048, 3072 or 4096 bits) and ECDSA (P-256, P-384): get the certificate again with such a key.',
  'error.pki.KEY_PASSWORD_REQUIRED': 'This key is encrypted. Enter its password.',
  'error.pki.KEY_BAD_PASSWORD': 'The password of the private key is wrong. Enter the password chosen when the key was saved.',
  'error.pki.KEY_MISMATCH': 'The private key does not match the certificate.',
  'error.pki.NAME_INVALID': 'The name (common name or other field) is not valid.',
  'error.pki.SAN_INVALID': 'A host name or IP address is not valid.',
  'error.pki.PROFILE_INVALID': 'The certificate settings (validity, usage, ...) are not valid.',
  'error.pki.SIGNATURE_INVALID': 'The signature does not verify.',
  'error.pki.CHAIN_INCOMPLETE': 'The certificate chain is incomplete (an intermediate CA certificate is missing).',
  'error.pki.PKCS12_BAD_PASSWORD': 'The password of this .pfx/.p12 is wrong. Enter the password chosen when it was exported (upper and lower case differ).',
  'error.pki.PKCS12_EMPTY_PASSWORD': 'A PKCS#12 file needs a password.',
  'error.pki.PKCS12_UNSUPPORTED': "This .pfx/.p12 is encrypted in a way that is not supported. Export it again choosing 'TripleDES-SHA1' encryption in the Windows certificate export wizard, or make it again with openssl pkcs12 -export.",
  'error.pki.PKCS12_PBMAC1_UNSUPPORTED':
    'This .pfx / .p12 is protected by the newer PBMAC1 integrity check (RFC 9579), which is not read yet. Export it again the classic way (with openssl: pkcs12 -export without -pbmac1_pbkdf2).',
  'error.pki.PKCS12_MALFORMED': 'This .pfx/.p12 is damaged or its password is wrong. Check the password; if it still cannot be read, export it again.',
  'error.pki.PKCS12_NO_KEY':
    "This .pfx/.p12 holds no private key. Export it again and choose 'Yes, export the private key' in the Windows certificate export wizard.",
  'error.pki.PKCS12_PASSWORD_REQUIRED':
    'This .pfx/.p12 is protected by a password. Enter the password chosen when it was exported.',
  'error.pki.PKCS7_MALFORMED':
    'This .p7b/.p7c (PKCS#7) cannot be read as a certificate chain. Download it again from the CA, or use the certificates in PEM form.',
  'error.pki.PKCS7_NO_CERTIFICATES':
    'This .p7b/.p7c (PKCS#7) holds no certificate. Export it again with the certificate chain included.',
  'error.pki.FILE_UNRECOGNIZED': 'This file is not a certificate, private key, .pfx or .p7b. Check that it is the right file.',
  'error.pki.FILE_NOT_CERTIFICATE':
    'This is not a certificate (a signing request, a revocation list or a public key). Choose the certificate file the CA sent.',
  'error.pki.CRYPTO_FAILED': "The browser's cryptography failed.",
  // bundle
  'error.bundle.BUNDLE_PATH_INVALID': 'A file name in the download is not valid.',
  'error.bundle.BUNDLE_PATH_DUPLICATE': 'The download has two files with the same name.',
  'error.bundle.BUNDLE_INPUT_INVALID': 'An input needed for the download is missing or not valid.',
  'error.bundle.BUNDLE_REG_VALUE_INVALID': 'A value contains a character the registry file cannot hold (a line break, ...).',
  'error.bundle.BUNDLE_COMMAND_VALUE_INVALID':
    'A value for a command in the instructions holds characters that cannot be written there safely (a line break, a control character, %, !, $, ...).',
  'error.bundle.BUNDLE_ZIP_FAILED': 'The zip file could not be created.',
  // store
  'error.store.DB_UNAVAILABLE':
    "The browser's storage (IndexedDB) is not available. Check for private browsing or similar settings.",
  'error.store.DB_BLOCKED': 'The vault cannot open while this page is also open in another tab. Close the other tabs, then reload this page.',
  'error.store.DB_NEWER_VERSION':
    "A newer version of this page has already used this browser's storage, so this older copy cannot open the vault. Open the newer page (or the published one) instead. Nothing was changed.",
  'error.store.DB_MIGRATION_FAILED':
    "The vault in this browser's storage could not be updated for this version of the page, so this page cannot open it. The stored data is intact: the vault stays as the previous version of the page left it. Open it with the version of the page that last used it and make a backup file there; a backup file can be restored in a browser (or profile) where this page has no vault yet.",
  'error.store.DB_TRANSACTION_FAILED': 'Writing to the browser storage failed.',
  'error.store.DB_CONFLICT': 'Another tab changed the same data. Reload the page.',
  'error.store.SERIAL_COLLISION': 'A serial number collided. Try again.',
  'error.store.VAULT_NOT_INITIALIZED': 'The vault has not been set up yet.',
  'error.store.VAULT_ALREADY_INITIALIZED': 'The vault is already set up.',
  'error.store.VAULT_LOCKED': 'The vault is locked. Unlock it with the passphrase.',
  'error.store.VAULT_BAD_PASSPHRASE': 'The passphrase is wrong.',
  'error.store.VAULT_CHANGED':
    'The vault was changed in another tab (for example, its passphrase). Nothing was saved; unlock it again and retry.',
  'error.store.VAULT_WEAK_PASSPHRASE': 'The passphrase is too short or too simple.',
  'error.store.NOT_FOUND': 'The requested item was not found.',
  'error.store.CA_RETIRED': 'This CA has been retired.',
  'error.store.CA_KEY_MISMATCH': 'The CA certificate does not match the CA key.',
  'error.store.CA_NOT_A_CA': 'This certificate is not a CA certificate.',
  'error.store.CERT_ALREADY_REVOKED': 'This certificate is already revoked.',
  'error.store.CERT_NO_KEY': 'The private key of this certificate is not stored.',
  'error.store.CERT_NOT_RENEWABLE': 'This certificate cannot be renewed (it was renewed already, or it is not one that can be). Pick the newer certificate in the list.',
  'error.store.CERT_OUTSIDE_CA':
    'An outside CA signed this certificate, so this page cannot sign it again. Use "Make a CSR for renewal" in its details and send that CSR to the CA.',
  'error.store.KEY_COMPROMISED': 'This private key is recorded as leaked. A certificate cannot be renewed with a leaked key: make the CSR with a new key.',
  'error.store.RENEWAL_ANSWER_MISMATCH':
    'The certificate given is not the answer to this renewal (it is the certificate being renewed, one issued before it, or one without all the host names of the CSR). Choose the file of the new certificate the CA sent.',
  'error.store.RENEWAL_PENDING':
    'A renewal CSR for this certificate is already waiting in the vault for the answer of the CA. Download that CSR again and send it, or bring the answer in at step 2 of "Public CA". A CSR you did not send can be discarded in the certificate details, and made again.',
  'error.store.CERT_KEY_MISMATCH':
    'The certificate from the CA is not for the key of the chosen request (CSR). Pick another request.',
  'error.store.WRONG_PURPOSE': 'The certificate is for a different purpose.',
  'error.store.BACKUP_FOREIGN': 'This is not a backup file of this page.',
  'error.store.BACKUP_CORRUPT': 'The backup file is corrupt.',
  'error.store.BACKUP_UNSUPPORTED_VERSION': 'This backup file version is not supported.',
  'error.store.BACKUP_PASSPHRASE_REQUIRED': 'Enter the passphrase of the backup file.',
  'error.store.BACKUP_TAMPERED': 'The backup file was changed after it was made (its MAC does not match). Nothing was restored.',
  'error.store.RECORD_TAMPERED':
    "A CA's record in the vault was changed outside this page (its MAC does not match), so it is not used. Restore from a backup you trust.",
  'error.store.BACKUP_UNAUTHENTICATED':
    'This backup has no MAC (made by an older version, or removed), so it cannot be checked for changes. Restore it only if you are sure it is the file you made, by confirming below.',
  'error.store.STORE_NOT_EMPTY': 'The storage is not empty.',
  'error.store.SETTINGS_INVALID':
    'A setting is outside its allowed range (automatic lock: 1 to 480 minutes; validity: 1 to 3650 days).',
  'error.store.INVALID_ARGUMENT': 'An input is not valid.',
  // xmail
  'error.xmail.INPUT_TOO_LARGE': 'The file is too large. A server.tab or command line is normally a few KB.',
  'error.xmail.SERVER_TAB_BINARY': 'This is not a text file. Choose a server.tab.',
  'error.xmail.SERVER_TAB_UTF16': 'The file is saved as UTF-16, which XMail cannot read. Save it as ANSI or UTF-8.',
  'error.xmail.SERVER_TAB_NOT_A_SERVER_TAB': 'This is not in server.tab form ("Name"<TAB>"Value").',
  'error.xmail.SERVER_TAB_NAME_INVALID': 'A server.tab variable name is not valid.',
  'error.xmail.SERVER_TAB_VALUE_TAB': 'A value cannot contain a TAB character.',
  'error.xmail.SERVER_TAB_VALUE_NEWLINE': 'A value cannot contain a line break.',
  'error.xmail.SERVER_TAB_VALUE_CONTROL': 'A value cannot contain control characters.',
  'error.xmail.SERVER_TAB_VALUE_TRAILING_BACKSLASH':
    'A value cannot end with a backslash (XMail would read it as an escaped quote).',
  'error.xmail.SERVER_TAB_LINE_TOO_LONG': 'A server.tab line is too long (XMail reads at most 2048 bytes).',
  'error.xmail.SERVER_TAB_ADDED_NOT_ASCII': 'This server.tab is not UTF-8 (Shift_JIS or similar), so only ASCII values can be added to it. Make the changed variable\'s value ASCII.',
  'error.xmail.SERVER_TAB_TOO_MANY_LINES':
    'The server.tab has too many lines (at most 20,000). A real one has a few hundred; check that this is the right file.',
  'error.xmail.COMMAND_LINE_TOKEN_TOO_LONG': 'A startup option is too long.',
  'error.xmail.COMMAND_LINE_PORT_INVALID': 'A port number is not valid (1 to 65535).',
  'error.xmail.COMMAND_LINE_INTERFACE_INVALID': 'A listening address is not valid.',
  'error.xmail.COMMAND_LINE_NOT_UTF8': 'The startup options hold characters that are not UTF-8 (EUC-JP or Shift_JIS) and cannot be written back as they are. Paste the line instead of the file.',
  'error.xmail.COMMAND_LINE_NOT_FOUND':
    'This file has no MAIL_CMD_LINE / XMAIL_CMD_LINE line. Choose the init script or a file saved with reg export.',
  'error.xmail.MODE_ADDRESS_INVALID': 'An IP address is not valid.',
  'error.xmail.MODE_OPTIONS_INVALID': 'The TLS mode choices are not valid.',
};
