/**
 * Japanese messages: the reference catalog. Its keys are the message key set (MessageKey);
 * en.ts must have exactly the same keys (TypeScript and i18n.test.ts enforce it). Labels reuse the
 * words of the XMailCFG SSL/TLS page the product replaces, which users already know; glossary.ts
 * fixes one word per concept (catalog-style.test.ts).
 * Placeholders are written {name} and filled by translate().
 */
import { jaServerCommon } from './flows/server-common.ts';
import { jaSelfSigned } from './flows/self-signed.ts';
import { jaPrivateCa } from './flows/private-ca.ts';
import { jaPublicCa } from './flows/public-ca.ts';
import { jaOwnCertificate } from './flows/own-certificate.ts';
import { jaLeakedKey } from './flows/leaked-key.ts';
import { jaWalk } from './flows/walk.ts';
import { jaVault } from './flows/vault.ts';
import { jaCurrent } from './flows/current.ts';
import { jaTlsModes } from './flows/tls-modes.ts';
import { jaSettings } from './flows/settings.ts';
import { jaCaForClients } from './flows/ca-for-clients.ts';
import { jaClientCerts } from './flows/client-certs.ts';
import { jaClientKits } from './downloads/client-kits.ts';
import { jaManage } from './flows/manage.ts';
import { jaRenewal } from './flows/renewal.ts';
import { jaErrors } from './errors.ts';
import { jaPage } from './flows/page.ts';
import { jaInstall } from './downloads/install.ts';
import { jaMailroot } from './downloads/mailroot.ts';
import { jaHandOver } from './downloads/hand-over.ts';

export const ja = {
  'app.title': 'XMail TLS ワークショップ',
  'app.tagline': 'XMail の SSL/TLS 設定を、ブラウザーの中だけで。',
  'app.skipToContent': '本文へ移動',
  'app.offlineNote': 'このページはネットワークを使いません。鍵はこのブラウザーの外に出ません。',
  'nav.label': '運用環境別 SSL/TLS セットアップ',
  'lang.label': '表示言語',
  'lang.ja': '日本語',
  'lang.en': 'English',

  // Menu names and intros keep the XMailCFG page's own words (issue 17: what users already know).
  'flow.current.title': '現在の環境',
  'flow.current.intro':
    'XMail の server.tab と起動オプションから、現在の SSL/TLS 環境を表示します。XMail の動作不具合など、セットアップがうまく行かない場合に参考にしてください。',
  'flow.public-ca.title': '公的運用',
  'flow.public-ca.intro':
    '公式の認証機関 (CA) からサーバー証明書を取得して公的サービスをセットアップする手順を説明し、フォームから秘密鍵と証明書署名要求 (CSR) を作成します。証明書の取得はほとんどの認証機関で有料です。',
  'flow.own-certificate.title': '手持ちの証明書を使う',
  'flow.own-certificate.intro':
    'すでに持っているサーバー証明書 (.pfx / .p12、.p7b、.crt / .cer / .pem と秘密鍵) から、XMail の MailRoot にそのまま置ける server.key と server.cert を作ります。ファイルはこのブラウザーの外に出ません。',
  'flow.self-signed.title': '私的運用',
  'flow.self-signed.intro':
    '証明書署名要求 (CSR) への署名を自分で行い、私的なサーバー証明書を作成します。メーラーなどが証明書を検証するとエラーになりますが、検証しない設定にすれば暗号化通信は利用できます。',
  'flow.private-ca.title': '私的認証局',
  'flow.private-ca.intro':
    '認証局を私的に構築し、私的なサーバー証明書を発行します。認証局の証明書 (CA 証明書) をメーラーにインストールすれば、メーラーが証明書を検証してもエラーになりません。',
  'flow.ca-for-clients.title': 'CA証明書',
  'flow.ca-for-clients.intro':
    'XMail でクライアント証明書を検証するには CA 証明書が必要です。XMail は Windows の証明書ストアを使わないため、自分で用意します。なお XMail は既定ではクライアント証明書を検証しません。',
  'flow.client-certs.title': 'クライアント証明書',
  'flow.client-certs.intro':
    'クライアント認証を使えるようにします。SSL/TLS セッションでメーラーが提示したクライアント証明書をサーバー側で検証します。セキュリティをとくに重視するサービスにおすすめです。',
  'flow.manage.title': '証明書の管理',
  'flow.manage.intro': 'このページで作成した証明書を管理します。発行済み証明書の失効処理もできます。',
  'flow.leaked-key.title': '秘密鍵が流出した場合の対応',
  'flow.leaked-key.intro':
    '秘密鍵の内容は決して外部に知られてはならない情報です。もし秘密鍵が第三者の手に渡ってしまったら、直ちに (1) その秘密鍵を無効にし、(2) その秘密鍵と対になったサーバー証明書を削除し、(3) 新しい秘密鍵を作成し、(4) 同じコモンネームでサーバー証明書を作り直してください。保管庫にない証明書 (公的な認証局から受け取ったものなど) でも同じ手順です。',
  'flow.tls-modes.title': 'TLS モード',
  'flow.tls-modes.intro':
    'SSL/TLS を完全に停止する、SSL (専用ポート) だけを使う、STARTTLS を必須にするなど、XMail の TLS の使い方を選び、server.tab と起動オプションの変更点を示します。',
  'flow.settings.title': '設定',
  'flow.settings.intro': 'このページの表示言語と、ブラウザー内に保管したデータ (暗号化された鍵など) の扱いを設定します。',

  'file.label': 'ファイル',
  'file.hint': 'ここにファイルをドロップするか、ボタンで選択してください (最大 {max})。',
  'file.selected': '選択したファイル: {name} ({size})',
  'file.tooLarge': '{name} は大きすぎます ({size})。{max} までのファイルを選んでください。',
  'file.readFailed': '{name} を読み込めませんでした。',
  'file.size.bytes': '{n} バイト',
  'file.size.kib': '{n} KB',
  'file.size.mib': '{n} MB',

  'download.ready': '{name} をダウンロード',
  'progress.working': '処理中…',
  'notice.dismiss': '閉じる',
  'field.required': '(必須)',
  /** Between the items of a list in running text (lists of names, files, ports). */
  'list.separator': '、',

  'error.unknown': '予期しないエラーが発生しました。',
  'error.detail': '詳細 (サポート用)',
  ...jaServerCommon,
  ...jaSelfSigned,
  ...jaPrivateCa,
  ...jaPublicCa,
  ...jaOwnCertificate,
  ...jaLeakedKey,
  ...jaWalk,
  ...jaVault,
  ...jaCurrent,
  ...jaTlsModes,
  ...jaSettings,
  ...jaCaForClients,
  ...jaClientCerts,
  ...jaClientKits,
  ...jaManage,
  ...jaRenewal,
  ...jaErrors,
  ...jaPage,
  ...jaInstall,
  ...jaMailroot,
  ...jaHandOver,
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof ja;
