/**
 * Error codes to text. That every code of the four unions has a catalog key is checked by the type
 * system (EVERY_CODE_HAS_TEXT in error-messages.ts, and the expectTypeOf below under `npm run
 * check`); these tests pin what the types cannot: no catalog key for a code that does not exist,
 * and describeError's lookup.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { PKI_ERROR_CODES } from '../../lib/pki/index.ts';
import { XMAIL_ERROR_CODES } from '../../lib/xmail/index.ts';
import { catalogs, isMessageKey, LANGS, translate, type MessageKey } from '../../i18n/translate.ts';
import { describeError, ERROR_MODULE_OF_CLASS, EVERY_CODE_HAS_TEXT, type CodedErrorKey } from './error-messages.ts';

describe('error code texts', () => {
  it('every code of the four error unions has a catalog key (type-checked)', () => {
    expect.hasAssertions();
    expectTypeOf<Exclude<CodedErrorKey, MessageKey>>().toEqualTypeOf<never>();
    expect(EVERY_CODE_HAS_TEXT).toBe(true);
  });

  it('every enumerable PKI and XMail code has non-empty ja and en text', () => {
    expect.hasAssertions();
    const keys = [...PKI_ERROR_CODES.map((c) => `error.pki.${c}` as const), ...XMAIL_ERROR_CODES.map((c) => `error.xmail.${c}` as const)];
    for (const key of keys) {
      for (const lang of LANGS) expect(catalogs[lang][key].trim(), `${key} ${lang}`).toBeTruthy();
    }
  });

  it('an error.<module>.<CODE> key is thrown back by describeError for an error of that class and code', () => {
    expect.hasAssertions();
    const classOf = Object.fromEntries(Object.entries(ERROR_MODULE_OF_CLASS).map(([cls, mod]) => [mod, cls]));
    const errorKeys = Object.keys(catalogs.ja).filter(isMessageKey).filter((k) => /^error\.[a-z]+\.[A-Z0-9_]+$/.test(k));
    expect(errorKeys.length).toBeGreaterThan(80);
    for (const key of errorKeys) {
      const [, module, code] = key.split('.');
      const cls = classOf[module ?? ''];
      expect(cls, `${key}: a module with a coded error class`).toBeDefined();
      const err = Object.assign(new Error('detail'), { name: cls, code });
      for (const lang of LANGS) expect(describeError(lang, err).text, key).toBe(translate(lang, key));
    }
  });

  it('describeError maps a coded error and falls back for anything else', () => {
    expect.hasAssertions();
    const err = Object.assign(new Error('pem: expected BEGIN line'), { name: 'PkiError', code: 'PEM_NO_BLOCK' });
    expect(describeError('en', err)).toEqual({ text: translate('en', 'error.pki.PEM_NO_BLOCK'), detail: 'pem: expected BEGIN line', code: 'pki/PEM_NO_BLOCK' });
    // The sentence names no code; the code and the English detail are for the collapsed 詳細 (issue 17 item 4).
    expect(describeError('ja', err).text).not.toMatch(/PEM_NO_BLOCK|expected BEGIN/);
    expect(describeError('ja', err).text).toBe(translate('ja', 'error.pki.PEM_NO_BLOCK'));
    const sameCodeOtherModule = Object.assign(new Error('x'), { name: 'XmailError', code: 'INPUT_TOO_LARGE' });
    expect(describeError('en', sameCodeOtherModule).text).toBe(translate('en', 'error.xmail.INPUT_TOO_LARGE'));
    const proto = Object.assign(new Error('x'), { name: 'PkiError', code: 'constructor' });
    expect(describeError('en', proto).detail).toBeUndefined();
    const protoClass = Object.assign(new Error('x'), { name: 'constructor', code: 'PEM_NO_BLOCK' });
    expect(describeError('en', protoClass).detail).toBeUndefined();
    expect(describeError('en', 'a string').text).toBe('An unexpected error occurred.');
  });
});
