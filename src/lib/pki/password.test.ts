import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MIN_GENERATED_BITS, PASSWORD_ALPHABET, generatePassword, generatedPasswordBits, passwordStrength, pkcs12PasswordAccepted,
  validatePkcs12Password,
} from './password.ts';

describe('generatePassword', () => {
  it('uses the unambiguous ASCII alphabet in hyphen-separated groups of 4', () => {
    expect.hasAssertions();
    expect(PASSWORD_ALPHABET).not.toMatch(/[0O1lI]/);
    expect(new Set(PASSWORD_ALPHABET).size).toBe(57);
    for (let i = 0; i < 200; i++) {
      const pw = generatePassword();
      expect(pw).toMatch(/^[A-HJ-NP-Za-km-z2-9]{4}(-[A-HJ-NP-Za-km-z2-9]{4})*$/);
    }
  });

  it.each([
    [80, 16, 93],
    [96, 20, 116],
    [128, 24, 139],
    [10, 16, 93], // never below 80 bits
    [Number.NaN, 20, 116], // nonsense means the default
  ])('%d requested bits → %d symbols, %d bits', (bits, symbols, reported) => {
    expect.hasAssertions();
    const pw = generatePassword(bits);
    expect(pw.replace(/-/g, '')).toHaveLength(symbols);
    expect(Math.floor(generatedPasswordBits(pw))).toBe(reported);
    expect(generatedPasswordBits(pw)).toBeGreaterThanOrEqual(MIN_GENERATED_BITS);
    expect(passwordStrength(pw)).toEqual({ bits: reported, level: 'strong' });
  });

  it('spreads over the whole alphabet without visible bias', () => {
    expect.hasAssertions();
    const counts = new Map<string, number>();
    for (let i = 0; i < 600; i++) for (const c of generatePassword().replace(/-/g, '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(57);
    // 12000 draws, 210.5 expected per symbol; a biased modulo (256 % 57 = 28) would push 28 symbols ~12% high
    const values = [...counts.values()];
    expect(Math.max(...values)).toBeLessThan(280);
    expect(Math.min(...values)).toBeGreaterThan(145);
  });

  it('does not repeat', () => {
    expect.hasAssertions();
    const seen = new Set(Array.from({ length: 1000 }, () => generatePassword(80)));
    expect(seen.size).toBe(1000);
  });
});

describe('passwordStrength', () => {
  it.each<[string, 'weak' | 'fair' | 'strong']>([
    ['', 'weak'],
    ['aaaaaaaaaaaaaaaaaaaa', 'weak'],
    ['abcdefghijklmnop', 'weak'],
    ['Password123!', 'weak'],
    ['xmail2024', 'weak'],
    ['Kumamoto-55x', 'fair'],
    ['c0rrect h0rse battery st4ple', 'strong'],
    ['メールサーバー証明書パスワード', 'strong'],
  ])('%j is %s', (pw, level) => {
    expect.hasAssertions();
    expect(passwordStrength(pw).level).toBe(level);
  });

  it('gives a non-negative whole number of bits for any text', () => {
    expect.hasAssertions();
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (pw) => {
      const s = passwordStrength(pw);
      expect(s.bits).toBeGreaterThanOrEqual(0);
      expect(Number.isInteger(s.bits)).toBe(true);
    }));
  });
});

describe('validatePkcs12Password', () => {
  it('refuses an empty password in both profiles', () => {
    expect.hasAssertions();
    for (const profile of ['compatible', 'modern'] as const) {
      const issues = validatePkcs12Password('', profile);
      expect(issues.map((i) => i.code)).toEqual(['password.empty']);
      expect(pkcs12PasswordAccepted(issues)).toBe(false);
    }
  });

  it('warns about non-ASCII only for the compatible profile (Java)', () => {
    expect.hasAssertions();
    const pw = 'パスワード-Xk7p-Q2wZ-r9mA-bc3D';
    expect(validatePkcs12Password(pw, 'compatible').map((i) => [i.code, i.params?.severity])).toEqual([['password.nonAscii', 'warning']]);
    expect(validatePkcs12Password(pw, 'modern')).toEqual([]);
    expect(pkcs12PasswordAccepted(validatePkcs12Password(pw, 'compatible'))).toBe(true);
  });

  it('refuses control characters and warns about weak passwords', () => {
    expect.hasAssertions();
    expect(validatePkcs12Password('abc\u0000def', 'modern').map((i) => i.code)).toContain('password.controlCharacter');
    expect(pkcs12PasswordAccepted(validatePkcs12Password('abc\tdef-Xk7p-Q2wZ-r9mA-bc3D', 'modern'))).toBe(false);
    const weak = validatePkcs12Password('secret', 'compatible');
    expect(weak).toEqual([{ field: 'password', code: 'password.weak', params: { severity: 'warning', bits: expect.any(Number), minBits: 80 } }]);
  });

  it('accepts every generated password without an issue', () => {
    expect.hasAssertions();
    for (let i = 0; i < 50; i++) expect(validatePkcs12Password(generatePassword(), 'compatible')).toEqual([]);
  });
});
