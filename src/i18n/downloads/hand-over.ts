/**
 * The client-certificate passwords file and kit facts (src/lib/bundle/client-kit.ts: its title and
 * the send-it-apart warning are in downloads/client-kits.ts),
 * the letter to an outside CA after a key leak, and the expiry calendar's event text
 * (src/lib/store/operations/compromise.ts, expiry-calendar.ts). Values are data: names, serials,
 * file names, dates.
 */
export const jaHandOver = {
  'sheet.ca': '発行した CA: {name}',
  'sheet.profile': 'PKCS#12 の形式: {profile}',
  'sheet.profile.compatible': '互換 (3DES。Windows 7 以降・macOS・iOS・Android・Thunderbird で読めます)',
  'sheet.profile.modern': '新方式 (AES-256。Windows 10 1709 以降・Thunderbird などが必要です)',
  'sheet.user': '利用者: {name}',
  'sheet.email': 'メールアドレス: {email}',
  'sheet.file': 'ファイル: {file}',
  'sheet.password': 'パスワード: {password}',
  'sheet.fingerprint': 'SHA-256 フィンガープリント: {fingerprint}',
  'sheet.expires': '有効期限: {date}',

  'letter.title': '証明書の再発行と失効のお願い',
  'letter.names': '対象の名前: {names}',
  'letter.serial': '現在の証明書のシリアル番号: {serial}',
  'letter.issuer': '発行者: {issuer}',
  'letter.body': 'この証明書の秘密鍵が流出しました。上記の証明書を失効させてください (失効理由: 鍵の危殆化 / keyCompromise)。\nあわせて、下記の証明書署名要求 (CSR) で同じ名前の証明書を再発行してください。',

  'calendar.summary.certificate': '証明書の期限: {name}',
  'calendar.summary.ca': '証明書の期限: CA {name}',
  'calendar.description.certificate': '{profile} {subject}\nシリアル番号 {serial}\n発行者 {issuer}',
  'calendar.profile.server': 'サーバー証明書',
  'calendar.profile.client': 'クライアント証明書',
} as const;

export const enHandOver: Record<keyof typeof jaHandOver, string> = {
  'sheet.ca': 'Issuing CA: {name}',
  'sheet.profile': 'PKCS#12 format: {profile}',
  'sheet.profile.compatible': 'Compatible (3DES; opens on Windows 7+, macOS, iOS, Android, Thunderbird)',
  'sheet.profile.modern': 'Modern (AES-256; needs Windows 10 1709+, Thunderbird, ...)',
  'sheet.user': 'User: {name}',
  'sheet.email': 'Email: {email}',
  'sheet.file': 'File: {file}',
  'sheet.password': 'Password: {password}',
  'sheet.fingerprint': 'Fingerprint (SHA-256): {fingerprint}',
  'sheet.expires': 'Expires: {date}',

  'letter.title': 'Request: re-issue and revocation of a certificate',
  'letter.names': 'Names: {names}',
  'letter.serial': 'Serial number of the current certificate: {serial}',
  'letter.issuer': 'Issuer: {issuer}',
  'letter.body': 'The private key of this certificate has been compromised. Please revoke the certificate\nabove (reason: keyCompromise) and issue a certificate for the same names from this CSR.',

  'calendar.summary.certificate': 'Certificate expires: {name}',
  'calendar.summary.ca': 'Certificate expires: CA {name}',
  'calendar.description.certificate': '{profile} {subject}\nserial {serial}\n{issuer}',
  'calendar.profile.server': 'server',
  'calendar.profile.client': 'client',
};
