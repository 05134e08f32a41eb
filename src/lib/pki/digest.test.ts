import { describe, expect, it } from 'vitest';
import { HMAC_OID_BY_DIGEST, digest, digestByOid, digestSizes, fingerprint, hmacDigest, iterateDigest, sha1, sha256, type DigestName } from './digest.ts';
import { HASH_OID, HMAC_OID } from './oids.ts';
import { fromHex, toHex } from './pem.ts';

describe('digests', () => {
  it('match the FIPS 180 test vectors and print like openssl', () => {
    expect.hasAssertions();
    const abc = new TextEncoder().encode('abc');
    expect(sha1(abc)).toEqual(fromHex('a9993e364706816aba3e25717850c26c9cd0d89d'));
    expect(sha256(abc)).toEqual(fromHex('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'));
    expect(fingerprint(abc, 'SHA-1')).toBe('A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D');
  });
});

describe('digest dispatch', () => {
  const abc = new TextEncoder().encode('abc');
  // FIPS 180-4 / RFC 4231 known answers (first 8 bytes); sizes are the KDF's u and v.
  const CASES: Array<[DigestName, string, number, number]> = [
    ['SHA-1', 'a9993e364706816a', 20, 64],
    ['SHA-224', '23097d223405d822', 28, 64],
    ['SHA-256', 'ba7816bf8f01cfea', 32, 64],
    ['SHA-384', 'cb00753f45a35e8b', 48, 128],
    ['SHA-512', 'ddaf35a193617aba', 64, 128],
  ];
  it.each(CASES)('%s: digest, sizes, iterate = repeated digest', (hash, prefix, outputLength, blockLength) => {
    expect.hasAssertions();
    expect(toHex(digest(hash, abc)).slice(0, 16)).toBe(prefix);
    expect(digestSizes(hash)).toEqual({ outputLength, blockLength });
    const once = digest(hash, abc);
    expect(iterateDigest(hash, once, 3)).toEqual(digest(hash, digest(hash, digest(hash, once))));
  });

  it('finds digests by their OID and HMAC OID; HMAC-SHA-256 matches RFC 4231 case 2', () => {
    expect.hasAssertions();
    expect(digestByOid(HASH_OID.sha384)).toBe('SHA-384');
    expect(digestByOid(HASH_OID.md5)).toBeUndefined();
    const mac = hmacDigest('SHA-256', new TextEncoder().encode('Jefe'), new TextEncoder().encode('what do ya want for nothing?'));
    expect(toHex(mac)).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(digestByOid(HMAC_OID.hmacWithSha512, HMAC_OID_BY_DIGEST)).toBe('SHA-512');
  });
});
