/**
 * Every public parse function of the PKI core over damaged input: a coded PkiError every time,
 * never another exception, never a hang (issue 2, "bad input"). Valid samples of each structure
 * are made once; the tables below damage them: a length cut at every constructed value (strict
 * DER, which asn1js alone is not), then truncated/garbage/wrong-label PEM, broken DER, DER of
 * another type, an empty input, 50 MB, a wrong password. parseSanList, which reads what a user
 * types, answers the text rows with field issues instead.
 */
import * as asn1js from 'asn1js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createCrl, createCsr, createPkcs12, createRootCa, decodePem, encodeName, encodePem, encryptPrivateKey, generateKey,
  inspectAny, isPkiError, createCertificate, parseCertificate, parseCrl, parseCsr, parseGeneralNames, parseName,
  parsePkcs12, parsePrivateKey, parseSanList, serializePrivateKeyPem, toArrayBuffer, type PkiErrorCode,
  type PrivateKeyMaterial,
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
  const cert = await createCertificate({
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

/** A parse function; text is handed to those that take only bytes as its UTF-8 encoding. */
type Parse = (input: Uint8Array | string, password?: string) => unknown;
const bytesOf = (input: Uint8Array | string) => (typeof input === 'string' ? new TextEncoder().encode(input) : input);

/** Each public parse function with the sample it reads and that sample's PEM label (none: DER only). */
const PARSERS: Array<[string, keyof Samples, Parse, string?]> = [
  ['parseCertificate', 'cert', (b) => parseCertificate(b), 'CERTIFICATE'],
  ['parseCsr', 'csr', (b) => parseCsr(b), 'CERTIFICATE REQUEST'],
  ['parseCrl', 'crl', (b) => parseCrl(b), 'X509 CRL'],
  ['parsePrivateKey (PKCS#8)', 'pkcs8', (b) => parsePrivateKey(b), 'PRIVATE KEY'],
  ['parsePrivateKey (PKCS#1)', 'pkcs1', (b) => parsePrivateKey(b), 'RSA PRIVATE KEY'],
  ['parsePrivateKey (SEC1)', 'sec1', (b) => parsePrivateKey(b), 'EC PRIVATE KEY'],
  ['parsePrivateKey (encrypted PKCS#8)', 'encryptedKey', (b, pw = PASSWORD) => parsePrivateKey(b, pw), 'ENCRYPTED PRIVATE KEY'],
  ['parsePkcs12', 'pkcs12', (b, pw = PASSWORD) => parsePkcs12(bytesOf(b), pw)],
  ['inspectAny (certificate)', 'cert', (b) => inspectAny(b), 'CERTIFICATE'],
  ['inspectAny (CRL)', 'crl', (b) => inspectAny(b), 'X509 CRL'],
  ['parseName', 'name', (b) => parseName(bytesOf(b))],
  ['parseGeneralNames', 'san', (b) => parseGeneralNames(bytesOf(b))],
];

/** Resolves to the PkiError code the call failed with, or 'accepted'. Anything else fails the test. */
async function outcome(parse: Parse, input: Uint8Array | string, password?: string): Promise<PkiErrorCode | 'accepted'> {
  try {
    await parse(input, password);
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
  it.each(PARSERS)('%s reads the intact sample', async (_n, sample, parse, label) => {
    expect.hasAssertions();
    expect(await outcome(parse, s[sample])).toBe('accepted');
    if (label) expect(await outcome(parse, encodePem(label, s[sample]))).toBe('accepted');
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

/** What a damaged input is made from: the parser's own sample, its PEM label, and a DER of another kind. */
interface Damage {
  der: Uint8Array;
  label: string;
  pem: string;
  other: Uint8Array;
}
interface Row {
  name: string;
  make: (d: Damage) => Uint8Array | string;
  code: PkiErrorCode;
  /** Text input: the DER-only parsers get its UTF-8 bytes. */
  text?: boolean;
  /** Only for the parsers that take a password, with this wrong one. */
  password?: string;
}
const ROWS: Row[] = [
  { name: 'truncated PEM (no END line)', make: (d) => d.pem.slice(0, 120), code: 'PEM_UNTERMINATED', text: true },
  { name: 'PEM whose DER is cut short', make: (d) => encodePem(d.label, d.der.slice(0, d.der.length - 20)), code: 'DER_MALFORMED', text: true },
  { name: 'PEM with a bad base64 character', make: (d) => d.pem.replace(/\n[A-Za-z0-9]/, '\n*'), code: 'PEM_BAD_BASE64', text: true },
  { name: 'wrong-label PEM', make: (d) => encodePem('FOO BAR', d.der), code: 'PEM_WRONG_LABEL', text: true },
  { name: 'garbage text', make: () => 'hello, this is not a certificate, key or PKCS#12 file', code: 'PEM_NO_BLOCK', text: true },
  { name: 'garbage bytes that start like DER', make: () => Uint8Array.of(0x30, 0x82, 0xff, 0xff, 1, 2, 3), code: 'DER_MALFORMED' },
  { name: 'DER cut short', make: (d) => d.der.slice(0, d.der.length - 20), code: 'DER_MALFORMED' },
  { name: 'DER with trailing bytes', make: (d) => Uint8Array.of(...d.der, 0, 0), code: 'DER_MALFORMED' },
  { name: 'well-formed DER of another type', make: (d) => d.other, code: 'DER_WRONG_TYPE' },
  { name: 'an empty input', make: () => new Uint8Array(0), code: 'PEM_NO_BLOCK' },
  { name: '50 MB of bytes', make: () => new Uint8Array(50 * 1024 * 1024).fill(0x30), code: 'INPUT_TOO_LARGE' },
  { name: '50 MB of text', make: () => 'A'.repeat(50 * 1024 * 1024), code: 'INPUT_TOO_LARGE', text: true },
  { name: 'the wrong password', make: (d) => d.der, code: 'KEY_BAD_PASSWORD', password: 'wrong password' },
];

/**
 * The code a parser gives for a row. The table's code is what the PEM-aware parsers say; the
 * DER-only ones cannot tell PEM problems apart (DER_MALFORMED; an empty input is no DER either),
 * and parsePkcs12 names every structural problem PKCS12_MALFORMED (the UI says "not a PKCS#12 file").
 */
function expectedCode(row: Row, parser: string, derOnly: boolean): PkiErrorCode {
  if (row.code === 'INPUT_TOO_LARGE') return row.code;
  if (parser === 'parsePkcs12') return row.password ? 'PKCS12_BAD_PASSWORD' : 'PKCS12_MALFORMED';
  if (derOnly && (row.text || row.code === 'PEM_NO_BLOCK')) return 'DER_MALFORMED';
  return row.code;
}

const CASES = ROWS.flatMap((row) =>
  PARSERS.filter(([name]) => !row.password || name === 'parsePkcs12' || name.includes('encrypted'))
    .map(([name, sample, parse, label]) => [`${row.name} → ${name}`, row, name, sample, parse, label] as const));

describe('bad input: every public parser, every kind of damage, a coded error', () => {
  it.each(CASES)('%s', async (_n, row, name, sample, parse, label) => {
    expect.hasAssertions();
    // "another type": a CRL, a certificate for the CRL readers, a Name for inspectAny (which knows them all).
    const other = name.startsWith('inspectAny') ? s.name : sample === 'crl' ? s.cert : s.crl;
    const pemLabel = label ?? 'PKCS12';
    const input = row.make({ der: s[sample], label: pemLabel, pem: encodePem(pemLabel, s[sample]), other });
    expect(await outcome(parse, input, row.password)).toBe(expectedCode(row, name, label === undefined));
  }, 5_000); // no hang: a parser that loops on damaged input fails here by its time-out

  // The SAN field is text a user types: problems are field issues, never an exception.
  it.each(ROWS.filter((r) => r.text))('parseSanList on $name returns field issues, never throws', (row) => {
    expect.hasAssertions();
    const result = parseSanList(row.make({ der: s.cert, label: 'CERTIFICATE', pem: encodePem('CERTIFICATE', s.cert), other: s.crl }) as string);
    expect(result.issues.length).toBeGreaterThan(0);
    expect(result.issues.every((i) => i.field === 'sans' && /^san\./.test(i.code))).toBe(true);
  });
});
