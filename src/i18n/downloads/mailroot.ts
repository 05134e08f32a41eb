/**
 * Text inside the MailRoot bundle's files other than INSTALL (src/lib/bundle/mailroot.ts): the
 * Apple configuration profile's names, and the comments of the startup files. The .reg comments
 * and the init-script line's comments are written in English (and Japanese for the init script)
 * whatever the page's language, as the files always were.
 */
export const jaMailroot = {
  'mailroot.profile.defaultCaName': 'XMail 用の私的 CA',
  'mailroot.profile.displayName': 'CA 証明書: {caName}',
  'mailroot.profile.description': 'メールサーバーの証明書を信頼するための CA 証明書です。',
  'mailroot.profile.descriptionHosts': 'メールサーバー {hosts} の証明書を信頼するための CA 証明書です。',
  'mailroot.reg.native': 'XMail の起動オプション (64 ビット版 XMail 用、または 32 ビット版 Windows 上の XMail 用)。',
  'mailroot.reg.wow64': 'XMail の起動オプション (64 ビット版 Windows 上の 32 ビット版 XMail 用、WOW64 のレジストリ)。',
  'mailroot.initScript.comment': '起動スクリプト (/etc/init.d/xmail など) の XMAIL_CMD_LINE="..." の行を、下の行で置き換えてください。',
} as const;

export const enMailroot: Record<keyof typeof jaMailroot, string> = {
  'mailroot.profile.defaultCaName': 'Private CA for XMail',
  'mailroot.profile.displayName': 'CA certificate: {caName}',
  'mailroot.profile.description': 'Trusts the CA that issued the certificate of the mail server.',
  'mailroot.profile.descriptionHosts': 'Trusts the CA that issued the certificate of the mail server {hosts}.',
  'mailroot.reg.native': 'XMail command line: 64-bit XMail, or any XMail on 32-bit Windows.',
  'mailroot.reg.wow64': 'XMail command line: 32-bit XMail on 64-bit Windows (WOW64 registry view).',
  'mailroot.initScript.comment': '/etc/init.d/xmail (or your XMail init script): replace the XMAIL_CMD_LINE="..." line with the line below.',
};
