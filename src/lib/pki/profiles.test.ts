import { describe, expect, it } from 'vitest';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { generateKey } from './keys.ts';
import { toHex } from './pem.ts';
import {
  PROFILES,
  computeValidity,
  createProfileExtensions,
  createTime,
  decodeKeyUsage,
  encodeKeyUsage,
  createClientSubject,
  subjectForProfile,
  validateProfileRequest,
  type KeyUsageName,
} from './profiles.ts';

describe('profile data', () => {
  it('has the validity defaults and caps of pki-interop.md', () => {
    expect([PROFILES['root-ca'].defaultValidityDays, PROFILES.server.defaultValidityDays, PROFILES.client.defaultValidityDays]).toEqual([3652, 397, 730]);
    expect(PROFILES.server.maxValidityDays).toBe(825);
    expect(PROFILES.client.maxValidityDays).toBe(825);
  });
});

describe('keyUsage encoding', () => {
  it.each([
    [['digitalSignature'], '0780'],
    [['digitalSignature', 'keyEncipherment'], '05a0'],
    [['keyCertSign', 'cRLSign'], '0106'],
    [['decipherOnly'], '070080'],
  ] as Array<[KeyUsageName[], string]>)('%j → unused bits + bytes %s, and back', (usages, hex) => {
    const bits = encodeKeyUsage(usages);
    const der = new Uint8Array(bits.toBER(false));
    expect(toHex(der.subarray(2))).toBe(hex);
    const back = asn1js.fromBER(der.slice().buffer).result as asn1js.BitString;
    expect(decodeKeyUsage(back)).toEqual(usages);
  });
});

describe('validateProfileRequest', () => {
  it.each([
    [{ profile: 'server', validityDays: 397, sans: [{ type: 'dns', value: 'a.example' }] }, []],
    [{ profile: 'server', validityDays: 825, sans: [{ type: 'ip', value: '192.0.2.1' }] }, []],
    [{ profile: 'server', validityDays: 826, sans: [{ type: 'dns', value: 'a.example' }] }, ['VALIDITY_TOO_LONG']],
    [{ profile: 'server', validityDays: 1.5, sans: [{ type: 'dns', value: 'a.example' }] }, ['VALIDITY_INVALID']],
    [{ profile: 'server', validityDays: 30, sans: [] }, ['SAN_REQUIRED']],
    [{ profile: 'server', validityDays: 30, sans: [{ type: 'email', value: 'a@b.example' }] }, ['SAN_TYPE_NOT_ALLOWED', 'SAN_REQUIRED']],
    [{ profile: 'client', validityDays: 730, sans: [{ type: 'email', value: 'a@b.example' }] }, []],
    [{ profile: 'client', validityDays: 730, sans: [{ type: 'email', value: 'a@b.example' }, { type: 'email', value: 'c@b.example' }] }, ['SAN_ONE_MAILBOX']],
    [{ profile: 'root-ca', validityDays: 3652, sans: [{ type: 'dns', value: 'a.example' }] }, ['SAN_TYPE_NOT_ALLOWED']],
    [{ profile: 'server', validityDays: 30, sans: [{ type: 'dns', value: 'a.example' }], key: { kind: 'EC', curve: 'P-384' }, hash: 'SHA-256' }, ['HASH_MISMATCH_CURVE']],
  ] as const)('%j → %j', (req, codes) => {
    expect(validateProfileRequest(req).map((i) => i.code)).toEqual(codes);
  });
});

describe('time and validity', () => {
  it('uses UTCTime through 2049 and GeneralizedTime from 2050, whole seconds', () => {
    expect(createTime(new Date('2049-12-31T23:59:59.900Z')).type).toBe(pkijs.TimeType.UTCTime);
    const t = createTime(new Date('2050-01-01T00:00:00.750Z'));
    expect(t.type).toBe(pkijs.TimeType.GeneralizedTime);
    expect(t.value.toISOString()).toBe('2050-01-01T00:00:00.000Z');
    expect(new TextDecoder().decode(new Uint8Array(t.toSchema().toBER(false)).subarray(2))).toBe('20500101000000Z');
  });

  it('backdates notBefore 5 minutes', () => {
    const v = computeValidity(10, new Date('2030-01-01T00:00:00Z'));
    expect(v.notBefore.toISOString()).toBe('2029-12-31T23:55:00.000Z');
    expect(v.notAfter.toISOString()).toBe('2030-01-11T00:00:00.000Z');
  });
});

describe('extensions', () => {
  it('server RSA: basicConstraints, critical keyUsage, EKU, SKI, AKI in that order', async () => {
    const key = await generateKey({ kind: 'RSA', bits: 2048 });
    const exts = createProfileExtensions({ profile: 'server', spki: key.spki, authorityKeyId: new Uint8Array(20).fill(7) });
    expect(exts.map((e) => [e.extnID, e.critical])).toEqual([
      ['2.5.29.19', false], ['2.5.29.15', true], ['2.5.29.37', false], ['2.5.29.14', false], ['2.5.29.35', false],
    ]);
    const ski = asn1js.fromBER(exts[3]!.extnValue.valueBlock.valueHexView.slice().buffer).result as asn1js.OctetString;
    expect(ski.valueBlock.valueHexView.length).toBe(20);
  });

  it('refuses an issued profile without the issuer key id', async () => {
    const key = await generateKey({ kind: 'EC', curve: 'P-256' });
    expect(() => createProfileExtensions({ profile: 'client', spki: key.spki })).toThrow(/AKI/);
  });

  it('server subject gets CN = first DNS name only when it has no CN', () => {
    const sans = [{ type: 'ip', value: '192.0.2.1' }, { type: 'dns', value: 'mail.example.test' }] as const;
    expect(subjectForProfile('server', [{ type: 'O', value: 'X' }], sans)).toEqual([{ type: 'O', value: 'X' }, { type: 'CN', value: 'mail.example.test' }]);
    expect(subjectForProfile('server', [{ type: 'CN', value: 'keep' }], sans)).toEqual([{ type: 'CN', value: 'keep' }]);
    expect(subjectForProfile('client', [], sans)).toEqual([]);
  });
});

describe('client subject', () => {
  it('is CN = name, emailAddress only when asked for', () => {
    expect(createClientSubject({ name: '山田 太郎', mailbox: 'taro@example.test' })).toEqual([{ type: 'CN', value: '山田 太郎' }]);
    expect(createClientSubject({ name: 'Taro', mailbox: 'taro@example.test', includeEmailAddress: true, organization: 'Example' })).toEqual([
      { type: 'O', value: 'Example' }, { type: 'CN', value: 'Taro' }, { type: 'emailAddress', value: 'taro@example.test' },
    ]);
  });
});
