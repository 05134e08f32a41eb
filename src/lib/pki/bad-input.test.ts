/**
 * Every public parse function of the PKI core over damaged input: a coded PkiError every time,
 * never another exception, never a hang. Valid samples of each structure are made once; the
 * tables below damage them.
 */
import * as asn1js from 'asn1js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createCrl, createCsr, createPkcs12, createRootCa, decodePem, encodeName, encryptPrivateKey, generateKey, inspectAny,
  isPkiError, issueCertificate, parseCertificate, parseCrl, parseCsr, parseGeneralNames, parseName, parsePkcs12,
  parsePrivateKey, serializePrivateKeyPem, toArrayBuffer, type PkiErrorCode, type PrivateKeyMaterial,
} from './index.ts';

const PASSWORD = 'correct horse';

interface Samples {
  cert: Uint8Array;
  csr: Uint8Array;
  crl: Uint8Array;
  pkcs8: Uint8Array;
  pkcs1: Uint8Array;
  sec1: Uint8Array;
  encryptedKey: Uint8Array;
  pkcs12: Uint8Array;
  name: Uint8Array;
  san: Uint8Array;
}
let s: Samples;

beforeAll(async () => {
  const rsa: PrivateKeyMaterial = await generateKey({ kind: 'RSA', bits: 2048 });
  const ec = await generateKey({ kind: 'EC', curve: 'P-256' });
  const ca = await createRootCa({ key: ec, subject: [{ type: 'O', value: '例 株式会社' }, { type: 'CN', value: 'Bad Input CA' }] });
  const cert = await issueCertificate({
    issuerCert: ca, issuerKey: ec, profile: 'server', subject: [], spki: rsa.spki,
    sans: [{ type: 'dns', value: 'mail.example.test' }, { type: 'ip', value: '192.0.2.1' }, { type: 'ip', value: '2001:db8::1' }],
  });
  const crl = await createCrl({
    issuerCert: ca, issuerKey: ec, crlNumber: 7, nextUpdate: new Date(Date.now() + 86_400_000),
    revoked: [{ serialHex: '0102', revokedAt: new Date(), reason: 'keyCompromise' }],
  });
  const der = (pem: string) => decodePem(pem, ['RSA PRIVATE KEY', 'EC PRIVATE KEY']).der;
  s = {
    cert,
    csr: await createCsr({ key: ec, subject: [{ type: 'CN', value: 'mail.example.test' }], sans: [{ type: 'dns', value: 'mail.example.test' }] }),
    crl,
    pkcs8: rsa.pkcs8,
    pkcs1: der(serializePrivateKeyPem(rsa, 'pkcs1')),
    sec1: der(serializePrivateKeyPem(ec, 'sec1')),
    encryptedKey: await encryptPrivateKey(ec.pkcs8, PASSWORD, { iterations: 1 }),
    pkcs12: await createPkcs12({ key: rsa.pkcs8, certificate: cert, caCertificates: [ca], password: PASSWORD, friendlyName: 'x', profile: 'compatible' }),
    name: encodeName([{ type: 'C', value: 'JP' }, { type: 'O', value: '例 株式会社' }, { type: 'CN', value: 'メール' }]),
    san: sanDerOf(cert),
  };
}, 60_000);

/** The extnValue of the subjectAltName extension of a certificate. */
function sanDerOf(cert: Uint8Array): Uint8Array {
  const root = asn1js.fromBER(toArrayBuffer(cert)).result as asn1js.Sequence;
  const tbs = root.valueBlock.value[0] as asn1js.Sequence;
  const exts = tbs.valueBlock.value.find((n) => n.idBlock.tagClass === 3 && n.idBlock.tagNumber === 3) as asn1js.Constructed;
  for (const ext of (exts.valueBlock.value[0] as asn1js.Sequence).valueBlock.value as asn1js.Sequence[]) {
    const [oid, ...rest] = ext.valueBlock.value;
    if ((oid as asn1js.ObjectIdentifier).valueBlock.toString() === '2.5.29.17') return (rest.at(-1) as asn1js.OctetString).valueBlock.valueHexView.slice();
  }
  throw new Error('no subjectAltName');
}

type Parse = (input: Uint8Array) => unknown;
/** Each public parse function with the sample it reads. */
const PARSERS: Array<[string, keyof Samples, Parse]> = [
  ['parseCertificate', 'cert', (b) => parseCertificate(b)],
  ['parseCsr', 'csr', (b) => parseCsr(b)],
  ['parseCrl', 'crl', (b) => parseCrl(b)],
  ['parsePrivateKey (PKCS#8)', 'pkcs8', (b) => parsePrivateKey(b)],
  ['parsePrivateKey (PKCS#1)', 'pkcs1', (b) => parsePrivateKey(b)],
  ['parsePrivateKey (SEC1)', 'sec1', (b) => parsePrivateKey(b)],
  ['parsePrivateKey (encrypted PKCS#8)', 'encryptedKey', (b) => parsePrivateKey(b, PASSWORD)],
  ['parsePkcs12', 'pkcs12', (b) => parsePkcs12(b, PASSWORD)],
  ['inspectAny (certificate)', 'cert', (b) => inspectAny(b)],
  ['inspectAny (CRL)', 'crl', (b) => inspectAny(b)],
  ['parseName', 'name', (b) => parseName(b)],
  ['parseGeneralNames', 'san', (b) => parseGeneralNames(b)],
];

/** Resolves to the PkiError code the call failed with, or 'accepted'. Anything else fails the test. */
async function outcome(parse: Parse, input: Uint8Array): Promise<PkiErrorCode | 'accepted'> {
  try {
    await parse(input);
    return 'accepted';
  } catch (e) {
    if (!isPkiError(e)) throw new Error(`expected a PkiError, got ${String(e)}`, { cause: e });
    return e.code;
  }
}

/** Offsets of the length octets of every definite-length constructed value in `der`, with their value. */
function constructedLengths(der: Uint8Array): Array<{ at: number; size: number; length: number }> {
  const out: Array<{ at: number; size: number; length: number }> = [];
  const walk = (start: number, end: number): void => {
    let o = start;
    while (o < end) {
      const tag = der[o]!;
      let at = o + 1;
      if ((tag & 0x1f) === 0x1f) while (der[at++]! & 0x80);
      const first = der[at]!;
      const size = first < 0x80 ? 1 : 1 + (first & 0x7f);
      let length = first;
      if (first >= 0x80) {
        length = 0;
        for (let i = 1; i < size; i++) length = length * 256 + der[at + i]!;
      }
      if (tag & 0x20) {
        out.push({ at, size, length });
        walk(at + size, at + size + length);
      }
      o = at + size + length;
    }
  };
  walk(0, der.length);
  return out;
}

/** `der` with the length at `at` one smaller: the last child of that value now runs past its end. */
function cutLength(der: Uint8Array, { at, size, length }: { at: number; size: number; length: number }): Uint8Array {
  const out = der.slice();
  let n = length - 1;
  for (let i = size - 1; i >= (size === 1 ? 0 : 1); i--) {
    out[at + i] = n & 0xff;
    n = Math.floor(n / 256);
  }
  return out;
}

describe('strict DER lengths in every parser', () => {
  it.each(PARSERS)('%s reads the intact sample', async (_n, sample, parse) => {
    expect.hasAssertions();
    expect(await outcome(parse, s[sample])).toBe('accepted');
  });

  // asn1js alone reads each of these as if nothing had changed (crypto.test.ts shows the quirk);
  // parseDer refuses them, so every parser must.
  it.each(PARSERS)('%s refuses a value whose child runs past it, at every constructed value', async (_n, sample, parse) => {
    expect.hasAssertions();
    const lengths = constructedLengths(s[sample]).filter((l) => l.length > 0);
    expect(lengths.length).toBeGreaterThan(0);
    let looseAccepts = 0;
    for (const l of lengths) {
      const damaged = cutLength(s[sample], l);
      const loose = asn1js.fromBER(toArrayBuffer(damaged));
      if (loose.offset === damaged.length && !loose.result.error) looseAccepts++;
      const code = await outcome(parse, damaged);
      expect(code, `length at byte ${l.at}`).not.toBe('accepted');
    }
    // asn1js itself refuses only some (a long-form length that became non-minimal); the rest it reads.
    expect(looseAccepts).toBeGreaterThan(0);
  });
});
