/**
 * One word per concept (issue 17 item 6). Our readers are Japanese XMail administrators on Windows:
 * the long-vowel forms follow Microsoft's Japanese style guide (サーバー, フォルダー, ブラウザー,
 * ユーザー, メーラー), the fingerprint is named as Thunderbird's and Firefox's Japanese certificate
 * viewers name it, and the XMail build is named as the 設定 screen names it.
 * catalog-style.test.ts fails when a catalog string uses an avoided form; add a row when two
 * spellings of one term turn up.
 */
export interface GlossaryTerm {
  /** The form to write. */
  readonly use: string;
  /** Why this form, when it is not the style guide's. */
  readonly note?: string;
  /** Forms that mean the same and must not appear. */
  readonly avoid: RegExp;
}

export const JA_GLOSSARY: readonly GlossaryTerm[] = [
  { use: 'SHA-256 フィンガープリント', avoid: /指紋|拇印/ },
  { use: 'メーラー', avoid: /メーラ(?!ー)/ },
  { use: 'フォルダー', avoid: /フォルダ(?!ー)/ },
  { use: 'ブラウザー', avoid: /ブラウザ(?!ー)/ },
  { use: 'サーバー', avoid: /サーバ(?!ー)/ },
  { use: 'ユーザー', avoid: /ユーザ(?!ー)/ },
  { use: 'お使いの XMail', avoid: /使っている XMail|ご利用の XMail|この XMail \(/ },
  { use: 'XMail 1.27 公式 Windows 版', avoid: /公式の XMail 1\.27 Windows 版|公式 1\.27 Windows 版/ },
  { use: 'ロックを解除', avoid: /解錠/ },
  { use: '流出', note: 'the seed names its procedure 秘密鍵が流出した場合の対応', avoid: /漏えい|漏洩/ },
  { use: '保存データ', avoid: /保管データ/ },
];

export const EN_GLOSSARY: readonly GlossaryTerm[] = [
  { use: 'mail program', avoid: /\b[Mm]ail clients?\b|\b[Mm]ailers?\b/ },
  { use: 'SHA-256 fingerprint', avoid: /\bthumbprint\b/i },
];
