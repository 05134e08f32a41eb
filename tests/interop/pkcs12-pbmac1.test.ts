/**
 * PBMAC1 (RFC 9579) PKCS#12: OpenSSL 3.4+ writes it with `openssl pkcs12 -export -pbmac1_pbkdf2`.
 * The OpenSSL here is 3.0 (it cannot make or read one), so the fixture is built from a real
 * `openssl pkcs12 -export -nomac` file whose PFX gets a PBMAC1 MacData computed with Node's crypto
 * (PBKDF2-HMAC-SHA256 over the UTF-8 password, HMAC-SHA256 over the authSafe content, RFC 9579 §3).
 * We do not read PBMAC1 yet: the file is refused with its own code (PKCS12_PBMAC1_UNSUPPORTED),
 * whose text says what to do, not with a generic "unsupported format" (issue 11).
 */
import { createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as asn1js from 'asn1js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readUserFile } from '../../src/lib/pki/user-files.ts';
import { translate } from '../../src/i18n/translate.ts';
import { openssl, tmpDir } from './helpers.ts';
import { BYO_PASSWORD, makeByoFixtures, makePfx, type ByoFixtures } from './pki-fixtures.ts';

const OID = { pbmac1: '1.2.840.113549.1.5.14', pbkdf2: '1.2.840.113549.1.5.12', hmacWithSha256: '1.2.840.113549.2.9' } as const;

/** The PFX of `pfx` (made without a MAC) with an RFC 9579 PBMAC1 MacData added. */
function withPbmac1(pfx: Uint8Array, password: string): Uint8Array {
  const pfxSeq = asn1js.fromBER(pfx).result as asn1js.Sequence;
  const [version, authSafe] = pfxSeq.valueBlock.value as [asn1js.Integer, asn1js.Sequence];
  const explicit = authSafe.valueBlock.value[1] as asn1js.Constructed;
  const octets = explicit.valueBlock.value[0] as asn1js.OctetString;
  const content = new Uint8Array(octets.valueBlock.valueHexView);
  const salt = randomBytes(16);
  const iterations = 2048;
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const mac = createHmac('sha256', key).update(content).digest();
  const hmacSha256 = () => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.hmacWithSha256 }), new asn1js.Null()] });
  const params = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: OID.pbkdf2 }),
          new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: salt }), new asn1js.Integer({ value: iterations }), new asn1js.Integer({ value: 32 }), hmacSha256()] }),
        ],
      }),
      hmacSha256(),
    ],
  });
  const macData = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.pbmac1 }), params] }), new asn1js.OctetString({ valueHex: mac })] }),
      new asn1js.OctetString({ valueHex: new TextEncoder().encode('NOT USED') }), // RFC 9579 §3: macSalt is ignored
      new asn1js.Integer({ value: 1 }),
    ],
  });
  return new Uint8Array(new asn1js.Sequence({ value: [version, authSafe, macData] }).toBER());
}

const dir = tmpDir('pbmac1-');
afterAll(() => dir.cleanup());
let fx: ByoFixtures;
let pbmac1: Uint8Array;

beforeAll(async () => {
  fx = await makeByoFixtures(dir.path);
  await makePfx(dir.path, 'nomac.pfx', ['-nomac']);
  pbmac1 = withPbmac1(new Uint8Array(readFileSync(fx.path('nomac.pfx'))), BYO_PASSWORD);
}, 60_000);

describe('PBMAC1 PKCS#12 (RFC 9579)', () => {
  it('the fixture is a PFX OpenSSL parses as such (3.0 cannot check a PBMAC1 MAC)', async () => {
    expect.hasAssertions();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(fx.path('pbmac1.pfx'), pbmac1);
    const info = await openssl('asn1parse', '-inform', 'DER', '-in', fx.path('pbmac1.pfx'));
    expect(info.code, info.stderr).toBe(0);
    expect(info.stdout).toMatch(/:PBMAC1|1\.2\.840\.113549\.1\.5\.14/);
  });

  it('is refused with its own code and a text that says what to do, in ja and en', async () => {
    expect.hasAssertions();
    const read = await readUserFile({ name: 'pbmac1.pfx', bytes: pbmac1, password: BYO_PASSWORD });
    expect(read.kind).toBe('pkcs12');
    expect(read.error?.code).toBe('PKCS12_PBMAC1_UNSUPPORTED');
    for (const lang of ['ja', 'en'] as const) expect(translate(lang, 'error.pki.PKCS12_PBMAC1_UNSUPPORTED')).toContain('PBMAC1');
  });
});
