/**
 * Passwords for PKCS#12 files: a generator, a strength estimate and form validation.
 *
 * Invariants:
 * - Generated passwords are ASCII letters and digits only (Java's keystore refuses non-ASCII
 *   PKCS#12 passwords, pki-interop.md; symbols sit on different keys on JIS and US keyboards),
 *   from an alphabet without the look-alikes 0/O and 1/l/I, in hyphen-separated groups of 4 for
 *   reading aloud. Hyphens carry no entropy and are not counted.
 * - At least MIN_GENERATED_BITS (80) bits: the compatible profile's KDF (SHA-1, 2048 iterations)
 *   costs an attacker almost nothing per guess, so the password is the real protection.
 * - Randomness is crypto.getRandomValues with rejection sampling (no modulo bias).
 * - Validation returns FieldIssue[] (field 'password'); only issues with params.severity 'error'
 *   block creating the file, 'warning' ones are shown and may be accepted.
 */
import type { FieldIssue } from './types.ts';
import type { Pkcs12Profile } from './pkcs12/index.ts';

/** 57 symbols: A-Z a-z 2-9 without 0, O, 1, l, I. */
export const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
export const MIN_GENERATED_BITS = 80;
export const DEFAULT_GENERATED_BITS = 96;
const MAX_GENERATED_BITS = 256;
const GROUP = 4;
const BITS_PER_SYMBOL = Math.log2(PASSWORD_ALPHABET.length);

/**
 * A random password of at least `bits` bits (never fewer than 80, at most 256), e.g.
 * 'Xk7p-Q2wZ-r9mA-bc3D-e4Fh' (20 symbols, 116.6 bits, for the default 96).
 */
export function generatePassword(bits = DEFAULT_GENERATED_BITS): string {
  const target = Math.min(Math.max(Number.isFinite(bits) ? bits : DEFAULT_GENERATED_BITS, MIN_GENERATED_BITS), MAX_GENERATED_BITS);
  const length = Math.ceil(Math.ceil(target / BITS_PER_SYMBOL) / GROUP) * GROUP;
  const n = PASSWORD_ALPHABET.length;
  const limit = 256 - (256 % n); // bytes at or above this would favour the first symbols
  const symbols: string[] = [];
  const buffer = new Uint8Array(length * 2);
  while (symbols.length < length) {
    crypto.getRandomValues(buffer);
    for (const b of buffer) {
      if (b < limit && symbols.length < length) symbols.push(PASSWORD_ALPHABET[b % n]!);
    }
  }
  const groups: string[] = [];
  for (let i = 0; i < length; i += GROUP) groups.push(symbols.slice(i, i + GROUP).join(''));
  return groups.join('-');
}

// Pure: the page never calls passwordStrength, and an unmarked constructor call would stay in it.
const GENERATED_FORMAT = /* @__PURE__ */ new RegExp(`^[${PASSWORD_ALPHABET}]{${GROUP}}(-[${PASSWORD_ALPHABET}]{${GROUP}})*$`);

/** The entropy of a password from generatePassword: symbols × log2(57), hyphens not counted. */
export function generatedPasswordBits(password: string): number {
  return password.replace(/-/g, '').length * BITS_PER_SYMBOL;
}

export type PasswordLevel = 'weak' | 'fair' | 'strong';
export interface PasswordStrength {
  /** Estimated entropy in bits, rounded down. */
  bits: number;
  level: PasswordLevel;
}

/** Below this a password is 'weak'; from MIN_GENERATED_BITS on it is 'strong'. */
const FAIR_BITS = 50;

// Fragments that make a password guessable however long it is (the top of every leaked list,
// plus this product's own vocabulary).
const COMMON = ['password', 'passwd', 'qwerty', 'asdf', 'zxcv', 'letmein', 'welcome', 'admin', 'login', 'secret', 'xmail', 'mail',
  'iloveyou', 'monkey', 'dragon', 'abc123', '123456', '111111', '000000'];

/**
 * A rough, conservative entropy estimate for a typed password: character classes present ×
 * length, where repeats and ascending/descending runs ('aaa', 'abc', '321') count as nothing and
 * a common word caps the result. Generated passwords are recognised and get their exact entropy.
 */
export function passwordStrength(password: string): PasswordStrength {
  if (GENERATED_FORMAT.test(password)) return strength(generatedPasswordBits(password));
  const chars = [...password];
  let pool = 0;
  if (chars.some((c) => c >= 'a' && c <= 'z')) pool += 26;
  if (chars.some((c) => c >= 'A' && c <= 'Z')) pool += 26;
  if (chars.some((c) => c >= '0' && c <= '9')) pool += 10;
  if (chars.some((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) < 0x7f && !/[A-Za-z0-9]/.test(c))) pool += 33;
  if (chars.some((c) => c.codePointAt(0)! >= 0x80)) pool += 100; // kana/kanji/accents: a rough, deliberately low figure
  let effective = 0;
  for (let i = 0; i < chars.length; i++) {
    const cur = chars[i]!.codePointAt(0)!;
    const prev = i > 0 ? chars[i - 1]!.codePointAt(0)! : undefined;
    if (prev !== undefined && Math.abs(cur - prev) <= 1) continue; // 'aa', 'ab', 'ba'
    effective++;
  }
  let bits = pool > 0 ? effective * Math.log2(pool) : 0;
  const lower = password.toLowerCase();
  if (COMMON.some((w) => lower.includes(w))) bits = Math.min(bits, 20);
  return strength(bits);
}

function strength(bits: number): PasswordStrength {
  return { bits: Math.floor(bits), level: bits >= MIN_GENERATED_BITS ? 'strong' : bits >= FAIR_BITS ? 'fair' : 'weak' };
}

/**
 * Problems with a password for a PKCS#12 file in `profile`, for the form:
 * - 'password.empty' (error): mail clients and Windows refuse or mishandle blank-password files.
 * - 'password.controlCharacter' (error): cannot be typed again at an import prompt.
 * - 'password.nonAscii' (warning, compatible profile): Java keystores refuse non-ASCII
 *   PKCS#12 passwords (pki-interop.md); the modern profile does not promise Java.
 * - 'password.weak' (warning): under 80 estimated bits; params { bits, minBits }.
 */
export function validatePkcs12Password(password: string, profile: Pkcs12Profile): FieldIssue[] {
  const field = 'password';
  if (password === '') return [{ field, code: 'password.empty', params: { severity: 'error' } }];
  const issues: FieldIssue[] = [];
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(password)) issues.push({ field, code: 'password.controlCharacter', params: { severity: 'error' } });
  // eslint-disable-next-line no-control-regex
  if (profile === 'compatible' && /[^\x00-\x7f]/.test(password)) issues.push({ field, code: 'password.nonAscii', params: { severity: 'warning' } });
  const { bits } = passwordStrength(password);
  if (bits < MIN_GENERATED_BITS) issues.push({ field, code: 'password.weak', params: { severity: 'warning', bits, minBits: MIN_GENERATED_BITS } });
  return issues;
}

/** True when none of the issues blocks creating the file. */
export function pkcs12PasswordAccepted(issues: readonly FieldIssue[]): boolean {
  return !issues.some((i) => i.params?.severity === 'error');
}
