import { describe, expect, it } from 'vitest';
import { fromHex } from './pem.ts';
import { encodeName } from './names.ts';
import { canonicalNameEncoding, subjectHashes } from './subject-hash.ts';

describe('hashed-directory names', () => {
  // Known answers from pki-interop.md (openssl x509 -subject_hash / -subject_hash_old, UTF8String CN).
  it.each([
    ['mail.example.com', '153054dd', '6aebb30b'],
    ['MAIL.Example.COM', '153054dd', 'c60f9c9c'],
  ])('CN=%s -> %s / %s', (cn, hash, hashOld) => {
    expect.hasAssertions();
    expect(subjectHashes(encodeName([{ type: 'CN', value: cn }]))).toEqual({ hash, hashOld });
  });

  it('canonicalises case, spaces and string types the way OpenSSL does', () => {
    expect.hasAssertions();
    const canon = (dn: Parameters<typeof encodeName>[0]) => canonicalNameEncoding(encodeName(dn));
    expect(canon([{ type: 'CN', value: '  Mail   Example\tCOM ' }])).toEqual(canon([{ type: 'CN', value: 'mail example com' }]));
    // PrintableString C is re-tagged UTF8String and lower-cased: 'JP' → 'jp'
    expect(canon([{ type: 'C', value: 'JP' }])).toEqual(fromHex('310b300906035504060c026a70'));
    // non-ASCII letters are not case-folded
    expect(canon([{ type: 'CN', value: 'Ä' }])).not.toEqual(canon([{ type: 'CN', value: 'ä' }]));
    expect(canonicalNameEncoding(fromHex('3000'))).toEqual(new Uint8Array(0));
  });

  it('refuses bytes that are not a Name with a PkiError', () => {
    expect.hasAssertions();
    expect(() => subjectHashes(fromHex('0400'))).toThrow(expect.objectContaining({ name: 'PkiError' }));
    expect(() => subjectHashes(fromHex('3003'))).toThrow(expect.objectContaining({ code: 'DER_MALFORMED' }));
  });
});
