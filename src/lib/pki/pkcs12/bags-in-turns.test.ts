/**
 * Issue 15 item 3: a SafeContents is built bag by bag with a turn for the page every few bags (a
 * .pfx of 200 certificates was one ~0.6 s parse). Same bags as the one-go parse, or the same error
 * (code and text); other tasks run in between; a .pfx of many certificates reads them all.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { derOf, derSequenceOf, derTlv } from '../asn1.ts';
import { createCertificate, createRootCa } from '../cert.ts';
import { isPkiError } from '../errors.ts';
import { generateKey } from '../keys.ts';
import { concatBytes, toHex } from '../pem.ts';
import { nextMacrotask } from '../../time.ts';
import { parsePkcs12, safeBagsInOneGo, safeBagsInTurns } from './read.ts';
import { createPkcs12 } from './write.ts';

const oid = (hex: string) => Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
const CERT_BAG = oid('060b2a864886f70d010c0a0103'); // 1.2.840.113549.1.12.10.1.3
const X509 = oid('060a2a864886f70d01091601'); // 1.2.840.113549.1.9.22.1
const ASN1JS_REFUSES = Uint8Array.of(0x24, 0x03, 0x02, 0x01, 0x05);

let certs: Uint8Array[] = [];
let leafKey: Awaited<ReturnType<typeof generateKey>>;

beforeAll(async () => {
  const key = await generateKey({ kind: 'EC', curve: 'P-256' });
  leafKey = await generateKey({ kind: 'EC', curve: 'P-256' });
  const ca = await createRootCa({ key, subject: [{ type: 'CN', value: 'Bags CA' }] });
  certs = [await createCertificate({ issuerCert: ca, issuerKey: key, profile: 'server', subject: [], sans: [{ type: 'dns', value: 'mail.example.test' }], spki: leafKey.spki }), ca];
  for (let i = 0; i < 10; i++) certs.push(await createRootCa({ key, subject: [{ type: 'CN', value: `Extra CA ${i}` }] }));
});

const certBag = (der: Uint8Array) => derSequenceOf([CERT_BAG, derTlv(0xa0, [derSequenceOf([X509, derTlv(0xa0, [derTlv(0x04, [der])])])])]);
const safeContents = (n: number, extra: Uint8Array[] = [], ber = false) => {
  const bags = [...certs.slice(0, n).map(certBag), ...extra];
  return ber ? concatBytes(Uint8Array.of(0x30, 0x80), ...bags, Uint8Array.of(0, 0)) : derSequenceOf(bags);
};

type Outcome = { bags: string[] } | { code: string; message: string };
async function outcome(read: () => Promise<unknown[]> | unknown[]): Promise<Outcome> {
  try {
    return { bags: ((await read()) as Parameters<typeof derOf>[0][]).map((b) => toHex(derOf(b))) };
  } catch (e) {
    if (!isPkiError(e)) throw e;
    return { code: e.code, message: e.message };
  }
}
async function expectSame(der: Uint8Array): Promise<void> {
  expect(await outcome(() => safeBagsInTurns(der))).toEqual(await outcome(() => safeBagsInOneGo(der)));
}

describe('SafeContents read bag by bag', () => {
  const cases: Array<[string, () => Uint8Array]> = [
    ['1 bag (one go)', () => safeContents(1)],
    ['4 bags (one go)', () => safeContents(4)],
    ['5 bags', () => safeContents(5)],
    ['12 bags', () => safeContents(12)],
    ['12 bags, BER indefinite length', () => safeContents(12, [], true)],
    ['a bag asn1js refuses among them', () => safeContents(9, [derSequenceOf([ASN1JS_REFUSES])])],
    ['something that is not a bag among them', () => safeContents(9, [Uint8Array.of(0x02, 0x01, 0x01)])],
    ['a trailing byte', () => concatBytes(safeContents(9), Uint8Array.of(0))],
    ['truncated', () => safeContents(9).subarray(0, 700)],
    ['not a SEQUENCE', () => derTlv(0x31, [certBag(certs[0]!)])],
  ];
  it.each(cases)('%s: the same bags or error as the one-go parse', async (_, make) => {
    expect.hasAssertions();
    await expectSame(make());
  });

  it('the same for randomly corrupted and cut SafeContents', async () => {
    const bases = [safeContents(9), safeContents(12, [], true)];
    await fc.assert(
      fc.asyncProperty(fc.nat(1), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 3 }), fc.option(fc.nat()), async (which, flips, cut) => {
        const der = bases[which]!.slice();
        for (const [at, value] of flips) der[at % der.length] = value;
        await expectSame(cut === null ? der : der.subarray(0, cut % der.length));
      }),
      { numRuns: 150 },
    );
  });

  it('other tasks run while 12 bags are built', async () => {
    let done = false;
    let turns = 0;
    const ticker = (async () => {
      while (!done) {
        await nextMacrotask();
        if (!done) turns++;
      }
    })();
    const bags = await safeBagsInTurns(safeContents(12));
    done = true;
    await ticker;
    expect([bags.length, turns > 0]).toEqual([12, true]);
  });

  it('a .pfx of a key, its certificate and 11 CA certificates reads back every certificate, in order', async () => {
    const p12 = await createPkcs12({ key: leafKey, certificate: certs[0]!, caCertificates: certs.slice(1), password: 'bags-in-turns', friendlyName: 'bags', profile: 'modern' });
    const parsed = await parsePkcs12(p12, 'bags-in-turns');
    expect(parsed.certificate && toHex(parsed.certificate)).toBe(toHex(certs[0]!));
    expect(parsed.caCertificates.map((c) => toHex(c))).toEqual(certs.slice(1).map((c) => toHex(c)));
  });
});
