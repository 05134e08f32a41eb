import { describe, expect, it } from 'vitest';
import { isBundleError } from './errors.ts';
import { XMAIL_REG_KEY, XMAIL_REG_KEY_WOW64, encodeRegFile, encodeUtf16LeWithBom, escapeRegString, serializeRegFile } from './registry.ts';

function decodeUtf16Le(bytes: Uint8Array): string {
  return new TextDecoder('utf-16le').decode(bytes.subarray(2));
}

describe('escapeRegString', () => {
  it.each([
    ['-X- -B-', '-X- -B-'],
    ['-Md "C:\\Program Files\\XMail"', '-Md \\"C:\\\\Program Files\\\\XMail\\"'],
    ['\\\\server\\share', '\\\\\\\\server\\\\share'],
    ['', ''],
  ])('%j -> %j', (raw, escaped) => {
    expect(escapeRegString(raw)).toBe(escaped);
  });

  it.each(['a\nb', 'a\r\nb', 'a\u0000b'])('refuses %j with BUNDLE_REG_VALUE_INVALID', (raw) => {
    expect.assertions(1);
    try {
      escapeRegString(raw);
    } catch (e) {
      expect(isBundleError(e, 'BUNDLE_REG_VALUE_INVALID')).toBe(true);
    }
  });
});

describe('serializeRegFile / encodeRegFile', () => {
  const value = '-Pl -Sl -X- "-Md C:\\MailRoot"';
  it.each([XMAIL_REG_KEY, XMAIL_REG_KEY_WOW64])('writes a version 5.00 file for %s', (key) => {
    const bytes = encodeRegFile({ key, values: [{ name: 'MAIL_CMD_LINE', value }], comments: ['note'] });
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    const text = decodeUtf16Le(bytes);
    expect(text).toBe(
      'Windows Registry Editor Version 5.00\r\n\r\n; note\r\n' +
        `[${key}]\r\n"MAIL_CMD_LINE"="-Pl -Sl -X- \\"-Md C:\\\\MailRoot\\""\r\n\r\n`,
    );
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('refuses a key that is not an HKEY path', () => {
    expect(() => serializeRegFile({ key: 'SOFTWARE\\GNU\\XMail', values: [] })).toThrow(/HKEY_/);
  });

  it('encodes non-ASCII and surrogate pairs as UTF-16LE code units', () => {
    expect(Array.from(encodeUtf16LeWithBom('秘\u{1F511}'))).toEqual([0xff, 0xfe, 0xd8, 0x79, 0x3d, 0xd8, 0x11, 0xdd]);
  });
});
