/**
 * A finding that carries an error code ("server.cert cannot be read ({code})") says why in words,
 * in ja and en (issue 12 item 5: DER_TOO_COMPLEX, TOO_MANY_CERTIFICATES, SERVER_TAB_TOO_MANY_LINES).
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../lib/xmail/index.ts';
import { translate } from '../../../i18n/translate.ts';
import { findingText } from './current.svelte.ts';

const finding = (id: Finding['id'], code: string): Finding => ({ id, severity: 'error', params: { code } });

describe('findingText with an error code (issue 12)', () => {
  it.each([
    { id: 'CERT_UNPARSABLE', code: 'DER_TOO_COMPLEX', key: 'error.pki.DER_TOO_COMPLEX' },
    { id: 'CERTS_FILE_UNPARSABLE', code: 'TOO_MANY_CERTIFICATES', key: 'error.pki.TOO_MANY_CERTIFICATES' },
    { id: 'SERVER_TAB_UNREADABLE', code: 'SERVER_TAB_TOO_MANY_LINES', key: 'error.xmail.SERVER_TAB_TOO_MANY_LINES' },
  ] as const)('$id ($code) in ja and en', ({ id, code, key }) => {
    expect.hasAssertions();
    for (const lang of ['ja', 'en'] as const) {
      const out = findingText(lang, finding(id, code));
      expect(out).toContain(translate(lang, key).replace(/[。.]$/, ''));
      expect(out).not.toContain(code);
    }
  });
  it('an unknown code stays as it is', () => {
    expect.hasAssertions();
    expect(findingText('en', finding('CERT_UNPARSABLE', 'UNKNOWN'))).toContain('(UNKNOWN)');
  });
});
