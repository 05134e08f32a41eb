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
} as const;
