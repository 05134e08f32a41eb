import * as asn1js from 'asn1js';
import fc from 'fast-check';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { REVOCATION_REASONS, encodeRevokedEntry, encodeRevokedList, type RevocationReason, type RevokedEntry } from './crl-entries.ts';
import { parseDer, tagAndLength } from './asn1.ts';
import { isPkiError } from './errors.ts';
import { EXTENSION_OID } from './oids.ts';
import { fromHex, toArrayBuffer, toHex } from './pem.ts';
import { createTime } from './profiles.ts';
import { normalizeSerialHex } from './serial.ts';

/** The entry as pkijs builds it (what createCrl wrote before issue 7): the reference encoding. */
function pkijsEntry(entry: RevokedEntry): Uint8Array {
  let bytes = fromHex(normalizeSerialHex(entry.serialHex)!);
  if (bytes[0]! & 0x80) bytes = Uint8Array.of(0, ...bytes);
  const rc = new pkijs.RevokedCertificate({
    userCertificate: new asn1js.Integer({ valueHex: toArrayBuffer(bytes) }),
    revocationDate: createTime(entry.revokedAt),
  });
  if (entry.reason !== undefined) {
    const reason = new asn1js.Enumerated({ value: REVOCATION_REASONS[entry.reason] });
    rc.crlEntryExtensions = new pkijs.Extensions({
      extensions: [new pkijs.Extension({ extnID: EXTENSION_OID.cRLReason, critical: false, extnValue: reason.toBER(false) })],
    });
  }
  return new Uint8Array(rc.toSchema().toBER(false));
}

const at = new Date('2026-03-04T05:06:07.890Z');
const ENTRIES: Array<[string, RevokedEntry]> = [
  ['one-byte serial, no reason', { serialHex: '0b', revokedAt: at }],
  ['16-byte serial, high bit clear', { serialHex: '7f01020304050607080910111213141f', revokedAt: at, reason: 'keyCompromise' }],
  ['high bit set: a 00 pad byte', { serialHex: 'ff00', revokedAt: at, reason: 'superseded' }],
  ['20-byte serial with 00 pad', { serialHex: '80' + '11'.repeat(19), revokedAt: at, reason: 'cessationOfOperation' }],
  ['leading zeros, 0x and colons', { serialHex: '0x00:00:4a:1b', revokedAt: at }],
  ['serial zero', { serialHex: '00', revokedAt: at }],
  ['last UTCTime year', { serialHex: '01', revokedAt: new Date('2049-12-31T23:59:59.999Z'), reason: 'unspecified' }],
  ['first GeneralizedTime year', { serialHex: '02', revokedAt: new Date('2050-01-01T00:00:00Z'), reason: 'aACompromise' }],
  ['long serial: long-form lengths', { serialHex: '5a'.repeat(130), revokedAt: at, reason: 'privilegeWithdrawn' }],
  ...(Object.keys(REVOCATION_REASONS) as RevocationReason[]).map((reason, i): [string, RevokedEntry] => [`reason ${reason}`, { serialHex: `7${i}`, revokedAt: at, reason }]),
];

describe('encodeRevokedEntry', () => {
  it.each(ENTRIES)('writes the bytes pkijs writes: %s', (_name, entry) => {
    expect(toHex(encodeRevokedEntry(entry))).toBe(toHex(pkijsEntry(entry)));
  });

  it.each([['not hex', 'xyz'], ['empty', ''], ['a sign', '-01']])('refuses a serial that is %s', (_n, serialHex) => {
    expect.hasAssertions();
    expect(() => encodeRevokedEntry({ serialHex, revokedAt: at })).toThrow(expect.toSatisfy((e) => isPkiError(e, 'PROFILE_INVALID')));
  });

  it('refuses a reason that is not a CRLReason', () => {
    expect.hasAssertions();
    expect(() => encodeRevokedEntry({ serialHex: '01', revokedAt: at, reason: 'lost' as RevocationReason }))
      .toThrow(expect.toSatisfy((e) => isPkiError(e, 'PROFILE_INVALID')));
  });
});

describe('encodeRevokedList', () => {
  it('is the SEQUENCE OF the entries pkijs writes, in order, and yields between chunks', async () => {
    const entries = Array.from({ length: 2500 }, (_, i): RevokedEntry => ({ serialHex: (0x7f0000 + i * 7919).toString(16), revokedAt: new Date(at.getTime() + i * 1000), reason: i % 3 ? 'keyCompromise' : undefined }));
    let yields = 0;
    const der = await encodeRevokedList(entries, { chunkSize: 1000, yieldToLoop: async () => { yields++; } });
    const body = entries.map(pkijsEntry);
    const length = body.reduce((n, b) => n + b.length, 0);
    const expected = new Uint8Array([...tagAndLength(0x30, length), ...body.flatMap((b) => [...b])]);
    expect(toHex(der)).toBe(toHex(expected));
    expect(yields).toBe(2);
    expect((parseDer(der, 'revoked list') as asn1js.Sequence).valueBlock.value).toHaveLength(2500);
  });

  it('gives the macrotask to the event loop by default (a timer set before it fires in between)', async () => {
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);
    const entries = Array.from({ length: 3 }, (_, i): RevokedEntry => ({ serialHex: `0${i + 1}`, revokedAt: at }));
    await encodeRevokedList(entries, { chunkSize: 1 });
    order.push('done');
    expect(order).toEqual(['timer', 'done']);
  });
});

// Issue 15: the list is written into one buffer (no array per entry, hex read by hand, a time
// shared by the entries of one second); every random set of entries must still be the bytes pkijs
// writes, entry by entry, under the SEQUENCE OF header (short and long lengths).
describe('encodeRevokedList equals pkijs for random entry sets', () => {
  const hexDigits = fc.array(fc.constantFrom(...'0123456789abcdefABCDEF'), { minLength: 1, maxLength: 44 }).map((d) => d.join(''));
  const serial = fc.oneof(
    hexDigits,
    hexDigits.map((h) => `00${h}`),
    hexDigits.map((h) => `0x${h}`),
    hexDigits.map((h) => h.match(/.{1,2}/g)!.join(':')),
    fc.constant('00'),
    fc.constant('80'),
  );
  const moment = fc.oneof(
    fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2100, 0, 1) }),
    fc.constantFrom(Date.UTC(2049, 11, 31, 23, 59, 59, 999), Date.UTC(2050, 0, 1), Date.UTC(2026, 5, 1, 12, 0, 0, 500)),
  );
  const reason = fc.option(fc.constantFrom(...(Object.keys(REVOCATION_REASONS) as RevocationReason[])), { nil: undefined });
  const entry = fc.record({ serialHex: serial, at: moment, reason }).map(({ serialHex, at: ms, reason: r }): RevokedEntry => ({ serialHex, revokedAt: new Date(ms), ...(r === undefined ? {} : { reason: r }) }));

  it('writes the bytes pkijs writes, any chunk size', async () => {
    expect.hasAssertions();
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 0, maxLength: 40 }), fc.integer({ min: 1, max: 7 }), async (entries, chunkSize) => {
        const body = entries.map(pkijsEntry);
        const length = body.reduce((n, b) => n + b.length, 0);
        const expected = new Uint8Array([...tagAndLength(0x30, length), ...body.flatMap((b) => [...b])]);
        const der = await encodeRevokedList(entries, { chunkSize, yieldToLoop: async () => undefined });
        expect(toHex(der)).toBe(toHex(expected));
        entries.forEach((e, i) => expect(toHex(encodeRevokedEntry(e))).toBe(toHex(body[i]!)));
      }),
      { numRuns: 150 },
    );
  });

  it('entries revoked in the same second, and one after, keep their own times', async () => {
    const base = Date.UTC(2026, 11, 2, 3, 4, 5);
    const entries = [0, 400, 999, 1000, 1999, 0].map((d, i): RevokedEntry => ({ serialHex: `0${i + 1}`, revokedAt: new Date(base + d), reason: 'keyCompromise' }));
    const body = entries.map(pkijsEntry);
    const expected = new Uint8Array([...tagAndLength(0x30, body.reduce((n, b) => n + b.length, 0)), ...body.flatMap((b) => [...b])]);
    expect(toHex(await encodeRevokedList(entries))).toBe(toHex(expected));
  });
});
