/**
 * Messages of the renewal CSR of an outside CA's certificate (issue 11 item 1): made in
 * 証明書の管理 (certificate details), brought back in 公的運用's waiting-request step.
 */
export const jaRenewal = {
  'renewal.open': '更新用の CSR を作る',
  'renewal.title': '更新用の CSR (証明書署名要求)',
  'renewal.intro':
    'この証明書は外部の認証局が署名したものです。同じ名前 ({names}) で CSR を作り、保管庫に保存します。CSR を認証局に送り、届いた証明書を取り込むと、この証明書は新しい証明書に置き換わります。',
  'renewal.key.legend': '秘密鍵',
  'renewal.key.new': '新しい鍵を作る ({spec}。今の鍵と同じ種類)',
  'renewal.key.new.why': '多くの公的認証局は、更新のたびに新しい鍵を使うよう求めています。万一いまの鍵が気づかないうちに漏れていても、影響をいまの証明書までにとどめられます。',
  'renewal.key.reuse': '保管庫にあるいまの鍵をそのまま使う',
  'renewal.key.reuse.why': 'DANE (TLSA レコード) や鍵のピン留めで公開鍵を登録している場合は、同じ鍵を使えば登録を変えずに済みます。',
  'renewal.key.reuse.no-key': '選べません: この証明書の秘密鍵は保管庫にありません (取り込んだときに保管庫に保存しなかったため)。',
  'renewal.key.reuse.key-compromised': '選べません: この鍵は「流出した」と記録されています。流出した鍵を使い続けることはできません。',
  'renewal.recommended': '(おすすめ)',
  'renewal.make': 'CSR を作って保管庫に保存する',
  'renewal.working': 'CSR を作っています…',
  'renewal.made': '更新用の CSR を作り、保管庫に保存しました。',
  'renewal.waiting': 'この証明書の更新用の CSR が、認証局の回答を待っています ({date} 作成)。',
  'renewal.download': 'CSR をダウンロード (.csr)',
  'renewal.next':
    'CSR を認証局に送ってください。証明書が届いたら「公的運用」の手順 2 で保管庫にある申請 (更新用) を選び、届いたファイルを取り込みます。MailRoot 用の zip ができ、この証明書は「置き換え済み」になります。',
  'renewal.next.link': '「公的運用」を開く',
  'renewal.discard': 'この CSR を破棄する',
  'renewal.discard.warning':
    '認証局に送らなかった、または断られた CSR だけを破棄してください。破棄すると、この CSR のために作った新しい鍵も削除され、元に戻せません (この鍵に対して発行された証明書が後で届いても、使えなくなります)。いまの証明書の鍵はそのまま残ります。',
  'renewal.discard.check': '破棄すると元に戻せないことを確認しました',
  'renewal.pick.option': '{label} ({date} 作成、更新用)',
  'renewal.recorded': '更新前の証明書は「置き換え済み」にしました。',
  'renewal.details.renewedFrom': '更新前の証明書',
  'renewal.details.renewedFrom.value': 'シリアル番号 {serial} ({date} まで有効、置き換え済み)',
} as const;

export const enRenewal: Record<keyof typeof jaRenewal, string> = {
  'renewal.open': 'Make a CSR for renewal',
  'renewal.title': 'CSR for renewal (certificate signing request)',
  'renewal.intro':
    'An outside CA signed this certificate. The page makes a CSR with the same names ({names}) and keeps it in the vault. Send the CSR to the CA; when the CA returns the new certificate, bring it in through "Public CA" and it replaces this one.',
  'renewal.key.legend': 'Private key',
  'renewal.key.new': 'Make a new key ({spec}, the same kind as the current key)',
  'renewal.key.new.why': 'Many public CAs ask for a new key at every renewal, and should the current key have leaked unnoticed, the damage stops with the current certificate.',
  'renewal.key.reuse': 'Keep using the current key from the vault',
  'renewal.key.reuse.why': 'If you published the public key in DANE (TLSA records) or pinned it, the same key keeps those working without changes.',
  'renewal.key.reuse.no-key': 'Not available: the vault does not hold the private key of this certificate (it was not kept when the certificate was brought in).',
  'renewal.key.reuse.key-compromised': 'Not available: this key is recorded as leaked, and a leaked key must not be used again.',
  'renewal.recommended': '(recommended)',
  'renewal.make': 'Make the CSR and keep it in the vault',
  'renewal.working': 'Making the CSR…',
  'renewal.made': 'The CSR for renewal is made and kept in the vault.',
  'renewal.waiting': 'A CSR for renewing this certificate is waiting for the answer of the CA (made {date}).',
  'renewal.download': 'Download the CSR (.csr)',
  'renewal.next':
    'Send the CSR to the CA. When the certificate arrives, pick the request (renewal) kept in the vault at step 2 of "Public CA" and bring the files in: you get the MailRoot zip, and this certificate is marked as superseded.',
  'renewal.next.link': 'Open "Public CA"',
  'renewal.discard': 'Discard this CSR',
  'renewal.discard.warning':
    'Discard only a CSR you did not send, or one the CA turned down. Discarding also deletes the new key made for it, and cannot be undone (a certificate issued for that key could not be used). The key of the current certificate stays.',
  'renewal.discard.check': 'I understand that discarding cannot be undone',
  'renewal.pick.option': '{label} (made {date}, renewal)',
  'renewal.recorded': 'The previous certificate is now marked as superseded.',
  'renewal.details.renewedFrom': 'Renewed from',
  'renewal.details.renewedFrom.value': 'serial {serial} (valid until {date}, superseded)',
};
