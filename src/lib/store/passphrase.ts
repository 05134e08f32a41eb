/**
 * The vault passphrase rule (issue 12 item 7). A backup file, which we ask users to keep somewhere
 * else, lets anyone who finds it guess the passphrase offline at PBKDF2's speed; `password` and
 * `12345678` were accepted. Now a new passphrase (vault creation, passphrase change; never
 * unlocking an existing vault) needs MIN_PASSPHRASE_LENGTH characters and an estimated
 * MIN_PASSPHRASE_BITS bits, so well-known words, repeats and sequences do not pass on length alone.
 * Invariants:
 *  - Local and offline: a small built-in list of the most common passwords and words (leaked-list
 *    top entries, keyboard rows, this product's own vocabulary), no network, no large dictionary.
 *  - Returns data (accepted, reason, level); the UI words the reason in ja/en next to the field.
 *  - The estimate is deliberately conservative: a run of neighbouring characters ('abcd', '4321')
 *    or a repeat counts once, a listed word counts as ~10 bits wherever it appears.
 */

export const MIN_PASSPHRASE_LENGTH = 12;
/** About a hundred years of guessing a backup at 600,000 PBKDF2 iterations on one GPU. */
export const MIN_PASSPHRASE_BITS = 50;
const STRONG_BITS = 80;
/** What one word from the list is worth: the list is ~2^7 entries, plus where it sits. */
const LISTED_WORD_BITS = 10;
const ESTIMATE_CHARS = 128;

/**
 * Lower-case, letters and digits only (they are matched after the same normalisation). Long
 * entries first so 'password' is found before 'pass'.
 */
const COMMON_WORDS: readonly string[] = [
  'correcthorsebatterystaple', 'administrator', 'qwertyuiop', 'iloveyou', 'password', 'sunshine', 'princess', 'football',
  'baseball', 'whatever', 'trustno1', 'passw0rd', 'p4ssw0rd', 'welcome', 'letmein', 'monkey', 'dragon', 'master', 'shadow',
  'superman', 'batman', 'michael', 'charlie', 'jordan', 'hunter', 'ranger', 'soccer', 'freedom', 'secret', 'passwd',
  'qazwsx', 'asdfgh', 'zxcvbn', 'qwerty', 'azerty', 'abc123', 'login', 'admin', 'root', 'guest', 'test', 'xmail', 'mail',
  'server', 'vault', 'changeme', 'default', 'pokemon', 'naruto', 'doraemon', 'sakura', 'tokyo', 'nihon', 'nippon', 'japan',
  'himitsu', 'aikotoba', 'pasuwado', 'pasuwaado', 'asdf', 'zxcv', 'qwer', '1qaz2wsx', 'q1w2e3r4', 'a1b2c3',
  'hello', 'world', 'love', 'summer', 'winter', 'spring', 'autumn', 'family', 'computer', 'internet', 'starwars', 'flower',
  'cookie', 'purple', 'orange', 'banana', 'chocolate', 'killer', 'access', 'matrix', 'samsung', 'google', 'apple',
].sort((a, b) => b.length - a.length);

export type PassphraseProblem = 'too-short' | 'common' | 'predictable';
export type PassphraseLevel = 'weak' | 'fair' | 'strong';

export interface PassphraseAssessment {
  /** Whether a new vault passphrase may be this. */
  accepted: boolean;
  /** Why not, when not accepted. */
  problem?: PassphraseProblem;
  /** Estimated bits, rounded down. */
  bits: number;
  level: PassphraseLevel;
  length: number;
}

/** Bits a guesser needs per character, from the character classes present. */
function poolBits(chars: readonly string[]): number {
  let pool = 0;
  if (chars.some((c) => c >= 'a' && c <= 'z')) pool += 26;
  if (chars.some((c) => c >= 'A' && c <= 'Z')) pool += 26;
  if (chars.some((c) => c >= '0' && c <= '9')) pool += 10;
  if (chars.some((c) => c.codePointAt(0)! < 0x80 && !/[A-Za-z0-9]/.test(c))) pool += 33;
  if (chars.some((c) => c.codePointAt(0)! >= 0x80)) pool += 100; // kana/kanji/accents: a rough, deliberately low figure
  return pool > 1 ? Math.log2(pool) : 0;
}

/**
 * Characters that add information: not a neighbour of the one before ('ab', 'ba', 'aa'), not a
 * repeat of one of the last four, and a stretch of 3 or more already seen earlier ('summer2024summer')
 * counts as one.
 */
function effectiveCount(chars: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < chars.length; i++) {
    const before = chars.slice(0, i).join('');
    let len = 0;
    while (i + len < chars.length && before.includes(chars.slice(i, i + len + 1).join(''))) len++;
    if (len >= 3) {
      n++;
      i += len - 1;
      continue;
    }
    if (i > 0 && Math.abs(chars[i]!.codePointAt(0)! - chars[i - 1]!.codePointAt(0)!) <= 1) continue;
    if (chars.slice(Math.max(0, i - 4), i).includes(chars[i]!)) continue;
    n++;
  }
  return n;
}

export function assessPassphrase(passphrase: string): PassphraseAssessment {
  const chars = [...passphrase];
  const length = chars.length;
  // NFKC folds full-width letters and digits (typed with a Japanese IME) to ASCII before matching.
  let rest = passphrase.normalize('NFKC').toLowerCase();
  let listed = 0;
  const letters = () => rest.replace(/[^a-z0-9]/g, '');
  for (const word of COMMON_WORDS) {
    while (letters().includes(word)) {
      listed++;
      rest = removeWord(rest, word);
    }
  }
  // The estimate looks at the first ESTIMATE_CHARS characters (it is quadratic); longer passes on length alone.
  const restChars = [...rest].slice(0, ESTIMATE_CHARS);
  const bits = Math.floor(effectiveCount(restChars) * poolBits(chars) + listed * LISTED_WORD_BITS);
  const level: PassphraseLevel = bits >= STRONG_BITS ? 'strong' : bits >= MIN_PASSPHRASE_BITS ? 'fair' : 'weak';
  let problem: PassphraseProblem | undefined;
  if (length < MIN_PASSPHRASE_LENGTH) problem = 'too-short';
  else if (bits < MIN_PASSPHRASE_BITS) problem = listed > 0 ? 'common' : 'predictable';
  return { accepted: problem === undefined, ...(problem ? { problem } : {}), bits, level, length };
}

/** `text` without the first occurrence of `word`, matched over letters and digits only ('pass-word' holds 'password'). */
function removeWord(text: string, word: string): string {
  const positions: number[] = [];
  for (let i = 0; i < text.length; i++) if (/[a-z0-9]/.test(text[i]!)) positions.push(i);
  const compact = positions.map((i) => text[i]).join('');
  const at = compact.indexOf(word);
  const drop = new Set(positions.slice(at, at + word.length));
  return text.split('').filter((_, i) => !drop.has(i)).join('');
}
