import { describe, expect, it } from 'vitest';
import { hasUnsafeCharacters, inertLine } from './plain-text.ts';
import { serializePasswordSheet, type ClientIssueResult } from './recipes/client-certs.ts';
import { escapeIcsText } from './store/calendar.ts';

// Issue 12 item 2: control characters never reach a text file we emit.
const HOSTILE = ['a\rb', 'a\nb', 'a\u0000b', 'a\u001b[2Jb', 'a\u007fb', 'a\u0085b', 'a\u2028b', 'a\u202eb', 'a\u2067b', 'a\u200fb'];

describe('inertLine', () => {
  it.each(HOSTILE)('%j becomes visible <U+XXXX> text', (value) => {
    const out = inertLine(value);
    expect(hasUnsafeCharacters(out)).toBe(false);
    expect(out).toMatch(/^a<U\+[0-9A-F]{4}>/);
  });

  it.each(['mail.example.com', '東京都 千代田区', 'é 🙂', ''])('%j is left as is', (value) => {
    expect(inertLine(value)).toBe(value);
  });
});

describe('files that carry names', () => {
  it.each(HOSTILE)('expiry calendar TEXT: %j', (value) => {
    expect(hasUnsafeCharacters(escapeIcsText(value))).toBe(false);
  });

  it('passwords sheet: a user name with CR/LF and a bidi override stays on its line', () => {
    const result = {
      issued: [{ user: { name: 'Eve\r\nPassword: 1234\u202e', email: 'eve@example.com' }, fileName: 'eve.p12', password: 'pw', sha256Fingerprint: 'AA', notAfter: '2030-01-01T00:00:00Z' }],
      caName: 'CA\u2028x', caCertificate: new Uint8Array(), profile: 'modern', cancelled: false,
    } as unknown as ClientIssueResult;
    const sheet = serializePasswordSheet(result, 'en');
    // eslint-disable-next-line no-control-regex -- the point of the check
    expect(sheet.split('\r\n').join('').replace(/^\ufeff/, '')).not.toMatch(/[\u0000-\u001f\u2028\u202e]/);
    expect(sheet).toContain('Eve<U+000D><U+000A>Password: 1234<U+202E>');
  });
});
