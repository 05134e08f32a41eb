/**
 * The one place error codes of the core become words. Each src/lib module has one error class
 * with a discriminated `code` (PkiError, BundleError, StoreError, XmailError); the
 * tables below are typed Record<Code, ...>, so a code added to a union without text here is a type
 * error, and error-messages.test.ts checks every code found in src/lib/<module>/errors.ts.
 */
import type { BundleErrorCode } from '../../lib/bundle/index.ts';
import type { PkiErrorCode } from '../../lib/pki/index.ts';
import type { StoreErrorCode } from '../../lib/store/index.ts';
import type { XmailErrorCode } from '../../lib/xmail/index.ts';
import { translate, type Lang } from '../../i18n/translate.ts';

export type ErrorText = Readonly<Record<Lang, string>>;

export const pkiErrorText: Readonly<Record<PkiErrorCode, ErrorText>> = {
  PEM_NO_BLOCK: { ja: 'PEM 形式のデータ (-----BEGIN ...-----) が見つかりません。', en: 'No PEM block (-----BEGIN ...-----) was found.' },
  PEM_BAD_BASE64: { ja: 'PEM の中身が正しい Base64 ではありません。', en: 'The PEM body is not valid Base64.' },
  PEM_WRONG_LABEL: { ja: 'PEM の種類が違います (例: 証明書の代わりに鍵)。', en: 'The PEM block is of the wrong kind (e.g. a key where a certificate was expected).' },
  PEM_UNTERMINATED: { ja: 'PEM の END 行がありません。ファイルが途中で切れていないか確認してください。', en: 'The PEM block has no END line. Check that the file is complete.' },
  DER_MALFORMED: { ja: 'データの構造 (DER) が壊れています。', en: 'The data structure (DER) is malformed.' },
  DER_TOO_COMPLEX: { ja: 'データの構造 (DER) の要素が多すぎます。証明書や鍵にしては不自然なため、読み込みを中止しました。', en: 'The data structure (DER) has too many elements for a certificate or key, so it was not read.' },
  TOO_MANY_CERTIFICATES: { ja: '1 つのファイルに含まれる証明書が多すぎます (上限 200 個)。必要な証明書だけのファイルにしてください。', en: 'The file holds too many certificates (at most 200). Keep only the certificates you need in it.' },
  DER_WRONG_TYPE: { ja: '期待した種類のデータではありません。', en: 'The data is not of the expected kind.' },
  INPUT_TOO_LARGE: { ja: '入力が大きすぎます。', en: 'The input is too large.' },
  KEY_UNSUPPORTED: { ja: 'この種類の鍵には対応していません。', en: 'This kind of key is not supported.' },
  KEY_PASSWORD_REQUIRED: { ja: 'この鍵は暗号化されています。パスワードを入力してください。', en: 'This key is encrypted. Enter its password.' },
  KEY_BAD_PASSWORD: { ja: '鍵のパスワードが違います。', en: 'The key password is wrong.' },
  KEY_MISMATCH: { ja: '秘密鍵と証明書が対になっていません。', en: 'The private key does not match the certificate.' },
  NAME_INVALID: { ja: '名前 (コモンネームなど) が正しくありません。', en: 'The name (common name or other field) is not valid.' },
  SAN_INVALID: { ja: 'ホスト名または IP アドレスが正しくありません。', en: 'A host name or IP address is not valid.' },
  PROFILE_INVALID: { ja: '証明書の設定 (有効期間・用途など) が正しくありません。', en: 'The certificate settings (validity, usage, ...) are not valid.' },
  SIGNATURE_INVALID: { ja: '署名を検証できません。', en: 'The signature does not verify.' },
  CHAIN_INCOMPLETE: { ja: '証明書チェーンが不完全です (中間 CA 証明書が不足しています)。', en: 'The certificate chain is incomplete (an intermediate CA certificate is missing).' },
  PKCS12_BAD_PASSWORD: { ja: 'PKCS#12 ファイルのパスワードが違います。', en: 'The PKCS#12 file password is wrong.' },
  PKCS12_EMPTY_PASSWORD: { ja: 'PKCS#12 ファイルにはパスワードが必要です。', en: 'A PKCS#12 file needs a password.' },
  PKCS12_UNSUPPORTED: { ja: 'この PKCS#12 ファイルの形式には対応していません。', en: 'This PKCS#12 file uses a format that is not supported.' },
  PKCS12_MALFORMED: { ja: 'PKCS#12 ファイルが壊れています。', en: 'The PKCS#12 file is malformed.' },
  PKCS12_NO_KEY: {
    ja: 'この .pfx / .p12 には秘密鍵が入っていません。Windows の証明書のエクスポートで「はい、秘密キーをエクスポートします」を選んで、もう一度エクスポートしてください。',
    en: "This .pfx/.p12 holds no private key. Export it again and choose 'Yes, export the private key' in the Windows certificate export wizard.",
  },
  PKCS12_PASSWORD_REQUIRED: {
    ja: 'この .pfx / .p12 はパスワードで保護されています。エクスポートしたときに決めたパスワードを入力してください。',
    en: 'This .pfx/.p12 is protected by a password. Enter the password chosen when it was exported.',
  },
  PKCS7_MALFORMED: {
    ja: 'この .p7b / .p7c (PKCS#7) は証明書チェーンとして読めません。認証局から受け取ったファイルをもう一度ダウンロードするか、PEM 形式の証明書を使ってください。',
    en: 'This .p7b/.p7c (PKCS#7) cannot be read as a certificate chain. Download it again from the CA, or use the certificates in PEM form.',
  },
  PKCS7_NO_CERTIFICATES: {
    ja: 'この .p7b / .p7c (PKCS#7) には証明書が入っていません。証明書チェーンを含めてエクスポートし直してください。',
    en: 'This .p7b/.p7c (PKCS#7) holds no certificate. Export it again with the certificate chain included.',
  },
  FILE_UNRECOGNIZED: {
    ja: '証明書・秘密鍵・.pfx・.p7b のどれでもないファイルです。ファイルを取り違えていないか確認してください。',
    en: 'This file is not a certificate, private key, .pfx or .p7b. Check that it is the right file.',
  },
  FILE_NOT_CERTIFICATE: {
    ja: 'これは証明書ではありません (証明書署名要求 (CSR)、失効リスト、公開鍵など)。認証局から届いた証明書のファイルを選んでください。',
    en: 'This is not a certificate (a signing request, a revocation list or a public key). Choose the certificate file the CA sent.',
  },
  CRYPTO_FAILED: { ja: 'ブラウザーの暗号処理に失敗しました。', en: "The browser's cryptography failed." },
};

export const bundleErrorText: Readonly<Record<BundleErrorCode, ErrorText>> = {
  BUNDLE_PATH_INVALID: { ja: 'ダウンロードに含めるファイル名が正しくありません。', en: 'A file name in the download is not valid.' },
  BUNDLE_PATH_DUPLICATE: { ja: 'ダウンロードに同じ名前のファイルが 2 つあります。', en: 'The download has two files with the same name.' },
  BUNDLE_INPUT_INVALID: { ja: 'ダウンロードを作るための入力が不足しているか正しくありません。', en: 'An input needed for the download is missing or not valid.' },
  BUNDLE_REG_VALUE_INVALID: { ja: 'レジストリに書けない文字 (改行など) が含まれています。', en: 'A value contains a character the registry file cannot hold (a line break, ...).' },
  BUNDLE_COMMAND_VALUE_INVALID: { ja: '手順書のコマンドに安全に書けない文字 (改行・制御文字・% ! $ など) を含む値があります。', en: 'A value for a command in the instructions holds characters that cannot be written there safely (a line break, a control character, %, !, $, ...).' },
  BUNDLE_ZIP_FAILED: { ja: 'zip ファイルを作成できませんでした。', en: 'The zip file could not be created.' },
};

export const storeErrorText: Readonly<Record<StoreErrorCode, ErrorText>> = {
  DB_UNAVAILABLE: { ja: 'ブラウザー内の保管領域 (IndexedDB) を使えません。プライベートモードなどを確認してください。', en: "The browser's storage (IndexedDB) is not available. Check for private browsing or similar settings." },
  DB_TRANSACTION_FAILED: { ja: '保管領域への書き込みに失敗しました。', en: 'Writing to the browser storage failed.' },
  DB_CONFLICT: { ja: '別のタブで同じデータが変更されました。ページを読み込み直してください。', en: 'Another tab changed the same data. Reload the page.' },
  SERIAL_COLLISION: { ja: 'シリアル番号が重複しました。もう一度実行してください。', en: 'A serial number collided. Try again.' },
  VAULT_NOT_INITIALIZED: { ja: '保管庫がまだ作られていません。', en: 'The vault has not been set up yet.' },
  VAULT_ALREADY_INITIALIZED: { ja: '保管庫はすでに作られています。', en: 'The vault is already set up.' },
  VAULT_LOCKED: { ja: '保管庫がロックされています。パスフレーズで解錠してください。', en: 'The vault is locked. Unlock it with the passphrase.' },
  VAULT_BAD_PASSPHRASE: { ja: 'パスフレーズが違います。', en: 'The passphrase is wrong.' },
  VAULT_CHANGED: {
    ja: '別のタブで保管庫が変更されました (パスフレーズの変更など)。何も保存していません。もう一度解錠してからやり直してください。',
    en: 'The vault was changed in another tab (for example, its passphrase). Nothing was saved; unlock it again and retry.',
  },
  VAULT_WEAK_PASSPHRASE: { ja: 'パスフレーズが短すぎるか単純すぎます。', en: 'The passphrase is too short or too simple.' },
  NOT_FOUND: { ja: '指定したデータが見つかりません。', en: 'The requested item was not found.' },
  CA_RETIRED: { ja: 'この認証局は使用を終了しています。', en: 'This CA has been retired.' },
  CA_KEY_MISMATCH: { ja: '認証局の証明書と鍵が対になっていません。', en: "The CA certificate does not match the CA key." },
  CA_NOT_A_CA: { ja: 'この証明書は認証局の証明書ではありません。', en: 'This certificate is not a CA certificate.' },
  CERT_ALREADY_REVOKED: { ja: 'この証明書はすでに失効しています。', en: 'This certificate is already revoked.' },
  CERT_NO_KEY: { ja: 'この証明書の秘密鍵は保管されていません。', en: 'The private key of this certificate is not stored.' },
  CERT_NOT_RENEWABLE: { ja: 'この証明書は更新できません。', en: 'This certificate cannot be renewed.' },
  CERT_KEY_MISMATCH: {
    ja: '認証局から届いた証明書は、選んだ申請（CSR）の鍵のものではありません。別の申請を選んでください。',
    en: 'The certificate from the CA is not for the key of the chosen request (CSR). Pick another request.',
  },
  WRONG_PURPOSE: { ja: '用途の違う証明書です。', en: 'The certificate is for a different purpose.' },
  BACKUP_FOREIGN: { ja: 'このページのバックアップファイルではありません。', en: 'This is not a backup file of this page.' },
  BACKUP_CORRUPT: { ja: 'バックアップファイルが壊れています。', en: 'The backup file is corrupt.' },
  BACKUP_UNSUPPORTED_VERSION: { ja: 'このバックアップファイルの版には対応していません。', en: 'This backup file version is not supported.' },
  BACKUP_PASSPHRASE_REQUIRED: { ja: 'バックアップファイルのパスフレーズを入力してください。', en: 'Enter the passphrase of the backup file.' },
  BACKUP_TAMPERED: {
    ja: 'バックアップファイルが作成後に書き換えられています (改ざん検出用の MAC が一致しません)。何も復元していません。',
    en: 'The backup file was changed after it was made (its MAC does not match). Nothing was restored.',
  },
  RECORD_TAMPERED: {
    ja: '保管庫の CA の記録が、このページの外で書き換えられています (改ざん検出用の MAC が一致しません)。この CA は使いません。信頼できるバックアップから復元してください。',
    en: "A CA's record in the vault was changed outside this page (its MAC does not match), so it is not used. Restore from a backup you trust.",
  },
  BACKUP_UNAUTHENTICATED: {
    ja: 'このバックアップには改ざん検出用の MAC がありません (古い版で作成されたか、取り除かれています)。内容が書き換えられていないことを確かめられません。自分で作ったファイルだと確かな場合だけ、確認のうえ復元してください。',
    en: 'This backup has no MAC (made by an older version, or removed), so it cannot be checked for changes. Restore it only if you are sure it is the file you made, by confirming below.',
  },
  STORE_NOT_EMPTY: { ja: '保管領域が空ではありません。', en: 'The storage is not empty.' },
  SETTINGS_INVALID: {
    ja: '設定の値が許される範囲を外れています (自動ロックは 1〜480 分、有効期間は 1〜3650 日)。',
    en: 'A setting is outside its allowed range (automatic lock: 1 to 480 minutes; validity: 1 to 3650 days).',
  },
  INVALID_ARGUMENT: { ja: '入力が正しくありません。', en: 'An input is not valid.' },
};

export const xmailErrorText: Readonly<Record<XmailErrorCode, ErrorText>> = {
  INPUT_TOO_LARGE: { ja: 'ファイルが大きすぎます。server.tab や起動オプションは通常数 KB です。', en: 'The file is too large. A server.tab or command line is normally a few KB.' },
  SERVER_TAB_BINARY: { ja: 'テキストファイルではありません。server.tab を選んでください。', en: 'This is not a text file. Choose a server.tab.' },
  SERVER_TAB_UTF16: { ja: 'UTF-16 で保存されています。XMail は読めません。ANSI または UTF-8 で保存し直してください。', en: 'The file is saved as UTF-16, which XMail cannot read. Save it as ANSI or UTF-8.' },
  SERVER_TAB_NOT_A_SERVER_TAB: { ja: 'server.tab の形式 ("名前"<TAB>"値") ではありません。', en: 'This is not in server.tab form ("Name"<TAB>"Value").' },
  SERVER_TAB_NAME_INVALID: { ja: 'server.tab の変数名が正しくありません。', en: 'A server.tab variable name is not valid.' },
  SERVER_TAB_VALUE_TAB: { ja: '値にタブ文字は使えません。', en: 'A value cannot contain a TAB character.' },
  SERVER_TAB_VALUE_NEWLINE: { ja: '値に改行は使えません。', en: 'A value cannot contain a line break.' },
  SERVER_TAB_VALUE_CONTROL: { ja: '値に制御文字は使えません。', en: 'A value cannot contain control characters.' },
  SERVER_TAB_VALUE_TRAILING_BACKSLASH: { ja: '値の末尾にバックスラッシュは使えません (XMail が引用符と誤解します)。', en: 'A value cannot end with a backslash (XMail would read it as an escaped quote).' },
  SERVER_TAB_LINE_TOO_LONG: { ja: 'server.tab の 1 行が長すぎます (XMail の上限は 2048 バイト)。', en: 'A server.tab line is too long (XMail reads at most 2048 bytes).' },
  SERVER_TAB_TOO_MANY_LINES: { ja: 'server.tab の行数が多すぎます (上限 20,000 行)。通常は数百行です。選んだファイルが server.tab か確認してください。', en: 'The server.tab has too many lines (at most 20,000). A real one has a few hundred; check that this is the right file.' },
  COMMAND_LINE_UNTERMINATED_QUOTE: { ja: '起動オプションの引用符 (") が閉じられていません。', en: 'A quote (") in the startup options is not closed.' },
  COMMAND_LINE_TOKEN_TOO_LONG: { ja: '起動オプションに長すぎる項目があります。', en: 'A startup option is too long.' },
  COMMAND_LINE_SWITCH_ARGUMENT_MISSING: { ja: '起動オプションの値が不足しています (例: -Xp の後のポート番号)。', en: 'A startup option is missing its value (e.g. the port after -Xp).' },
  COMMAND_LINE_PORT_INVALID: { ja: 'ポート番号が正しくありません (1〜65535)。', en: 'A port number is not valid (1 to 65535).' },
  COMMAND_LINE_INTERFACE_INVALID: { ja: '待ち受けアドレスが正しくありません。', en: 'A listening address is not valid.' },
  COMMAND_LINE_EMPTY: { ja: '起動オプションが空です。', en: 'The startup options are empty.' },
  COMMAND_LINE_NOT_FOUND: { ja: 'このファイルには MAIL_CMD_LINE / XMAIL_CMD_LINE の行がありません。起動スクリプトか、reg export で保存したファイルを選んでください。', en: 'This file has no MAIL_CMD_LINE / XMAIL_CMD_LINE line. Choose the init script or a file saved with reg export.' },
  MODE_ADDRESS_INVALID: { ja: 'IP アドレスが正しくありません。', en: 'An IP address is not valid.' },
  MODE_OPTIONS_INVALID: { ja: 'TLS モードの選択が正しくありません。', en: 'The TLS mode choices are not valid.' },
};

/** Error class name (Error.name) to its code table. */
export const errorTextByClass: Readonly<Record<string, Readonly<Record<string, ErrorText>>>> = {
  PkiError: pkiErrorText,
  BundleError: bundleErrorText,
  StoreError: storeErrorText,
  XmailError: xmailErrorText,
};

export interface DescribedError {
  /** The user-facing sentence. */
  readonly text: string;
  /** The core's technical message (English, names the step), for a details line. */
  readonly detail?: string;
}

/** Any thrown value to display text. Classes are matched by name so src/ui needs no runtime import. */
export function describeError(lang: Lang, error: unknown): DescribedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const table = errorTextByClass[error.name];
    const entry = table && typeof code === 'string' && Object.hasOwn(table, code) ? table[code] : undefined;
    if (entry) return { text: entry[lang], detail: error.message };
  }
  return { text: translate(lang, 'error.unknown') };
}
