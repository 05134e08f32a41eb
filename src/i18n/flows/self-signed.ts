/** Messages of the 私的運用 / self-signed flow. */
export const jaSelfSigned = {
  'self-signed.clientsWarn.title': 'メーラーには警告が表示されます',
  'self-signed.clientsWarn.body': '自己署名の証明書は、どの認証局も保証していません。そのため、メーラーは最初の接続時に「証明書を確認できません」などの警告を表示します。表示された証明書のフィンガープリントが下の値と同じなら、受け入れて問題ありません。',
  'self-signed.clientsWarn.thunderbird': 'Thunderbird: 警告の画面で「次回以降にもこの例外を有効にする」にチェックが入っていることを確かめて、「セキュリティ例外を承認」を押します。',
  'self-signed.clientsWarn.outlook': 'Outlook (Windows): zip の clients/server-selfsigned.cer をダブルクリックし、「証明書のインストール」で「信頼されたルート証明機関」に入れます。',
  'self-signed.clientsWarn.apple': 'Apple Mail (Mac): 警告で「証明書を表示」を開き、「常に信頼」を選びます。iPhone は clients/server-selfsigned.cer をメールなどで送って開き、「設定」→「一般」→「情報」→「証明書信頼設定」で有効にします。',
  'self-signed.noVault': '自己署名の証明書はブラウザーに保管しません。鍵は zip にだけ入ります。',
} as const;

export const enSelfSigned: Record<keyof typeof jaSelfSigned, string> = {
  'self-signed.clientsWarn.title': 'Mail programs will show a warning',
  'self-signed.clientsWarn.body': 'No certificate authority vouches for a self-signed certificate. On the first connection, mail programs warn that the certificate cannot be verified. If the fingerprint they show equals the one below, it is safe to accept it.',
  'self-signed.clientsWarn.thunderbird': 'Thunderbird: on the warning, press "Confirm Security Exception" (keep "Permanently store this exception" ticked).',
  'self-signed.clientsWarn.outlook': 'Outlook (Windows): double-click clients/server-selfsigned.cer from the zip, choose "Install Certificate" and put it in "Trusted Root Certification Authorities".',
  'self-signed.clientsWarn.apple': 'Apple Mail (Mac): on the warning, open "Show Certificate" and choose "Always Trust". On an iPhone, open clients/server-selfsigned.cer (sent by mail, for example) and enable it in Settings → General → About → Certificate Trust Settings.',
  'self-signed.noVault': 'A self-signed certificate is not kept in the browser: the key is only in the zip.',
};
