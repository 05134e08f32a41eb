/**
 * PKCS#10 certificate signing requests (RFC 2986): the request a user sends to a public CA, and
 * the reader for requests made elsewhere (to issue from them with our private CA).
 *
 * Invariants: the extensionRequest attribute (PKCS#9, RFC 2985 5.4.2) carries the SANs (a public
 * CA takes the names from there, CA/Browser Forum BR 7.1.4.2) plus the profile's keyUsage/EKU;
 * the signature hash is always explicit; parsed requests report whether their self-signature
 * verifies instead of throwing on a bad one.
 */
import * as pkijs from 'pkijs';
import { readAsn1 } from './asn1.ts';
import { ensurePkijsEngine } from './webcrypto.ts';
import { PEM_LABELS, decodeStructure, listExtensions, readDer, readUsageExtensions, signatureHashOf } from './decode.ts';
import { PkiError } from './errors.ts';
import { defaultHashFor, importSigningKey, parseKeySpecFromSpki } from './keys.ts';
import { createName, nameToText, parseName } from './names.ts';
import { EXTENSION_OID, PKCS9_OID } from './oids.ts';
import { encodePem } from './pem.ts';
import { PROFILES, assertProfileRequest, createExtKeyUsageExtension, createKeyUsageExtension, subjectForProfile } from './profiles.ts';
import { createSanExtension, parseSanExtension } from './san.ts';
import type { CertificateSummary, DistinguishedName, HashName, KeySpec, PrivateKeyMaterial, SanEntry } from './types.ts';

export interface CreateCsrOptions {
  key: PrivateKeyMaterial;
  subject: DistinguishedName;
  sans: readonly SanEntry[];
  /** Which profile's keyUsage/EKU to request (default 'server'). */
  profile?: 'server' | 'client';
  /** Default: SHA-384 for P-384, SHA-256 otherwise (keys.ts defaultHashFor). */
  hash?: HashName;
}

export interface CsrSummary {
  der: Uint8Array;
  subject: DistinguishedName;
  subjectText: string;
  sans: SanEntry[];
  key: KeySpec | { kind: 'other'; description: string };
  spki: Uint8Array;
  signatureHash: CertificateSummary['signatureHash'];
  /** The request's self-signature verifies with its own public key. */
  signatureValid: boolean;
  keyUsage: string[];
  extKeyUsage: string[];
  /** Every extension in the extensionRequest attribute (kept by createCertificateFromCsr only for SANs). */
  extensions: CertificateSummary['extensions'];
}

/** DER PKCS#10 request with the SANs (and keyUsage/EKU of the profile) in an extensionRequest. */
export async function createCsr(options: CreateCsrOptions): Promise<Uint8Array> {
  const profile = options.profile ?? 'server';
  const hash = options.hash ?? defaultHashFor(options.key.spec);
  if (options.key.spec.kind !== 'RSA' && options.key.spec.kind !== 'EC') {
    throw new PkiError('KEY_UNSUPPORTED', 'CSR: expected an RSA or ECDSA key');
  }
  // A public CA takes the names from the SANs only (BR 7.1.4.2): the profile's SAN rules apply here too.
  assertProfileRequest({ profile, validityDays: PROFILES[profile].defaultValidityDays, sans: options.sans }, 'create CSR');
  const subject = subjectForProfile(profile, options.subject, options.sans);
  const exts: pkijs.Extension[] = [];
  if (options.sans.length) exts.push(createSanExtension(options.sans, { subjectEmpty: subject.length === 0 }));
  exts.push(createKeyUsageExtension(PROFILES[profile].keyUsage[options.key.spec.kind]));
  exts.push(createExtKeyUsageExtension(PROFILES[profile].extKeyUsage));

  const csr = new pkijs.CertificationRequest();
  csr.version = 0;
  csr.subject = createName(subject);
  csr.subjectPublicKeyInfo = decodeStructure(pkijs.PublicKeyInfo, options.key.spki, 'CSR public key');
  csr.attributes = [
    new pkijs.Attribute({ type: PKCS9_OID.extensionRequest, values: [new pkijs.Extensions({ extensions: exts }).toSchema()] }),
  ];
  ensurePkijsEngine();
  const signingKey = await importSigningKey(options.key, hash);
  try {
    await csr.sign(signingKey, hash);
  } catch (e) {
    throw new PkiError('CRYPTO_FAILED', `CSR: signing with ${hash} failed`, { cause: e });
  }
  return new Uint8Array(csr.toSchema().toBER(false));
}

export function serializeCsrPem(der: Uint8Array): string {
  return encodePem('CERTIFICATE REQUEST', der);
}

/** Decodes a CSR from PEM or DER (coded PkiErrors only). */
export function decodeCsr(input: string | Uint8Array): pkijs.CertificationRequest {
  return decodeStructure(pkijs.CertificationRequest, readDer(input, PEM_LABELS.csr, 'certificate request'), 'certificate request');
}

/** The extensions requested through PKCS#9 extensionRequest (the first such attribute). */
export function requestedExtensions(csr: pkijs.CertificationRequest): pkijs.Extension[] {
  const attr = (csr.attributes ?? []).find((a) => a.type === PKCS9_OID.extensionRequest);
  const value: unknown = attr?.values[0];
  if (!value) return [];
  return readAsn1('CSR extensionRequest', () => new pkijs.Extensions({ schema: value }).extensions);
}

/** Verifies the request's self-signature; false on a bad signature or an unusable key, never throws. */
export async function verifyCsr(input: string | Uint8Array | pkijs.CertificationRequest): Promise<boolean> {
  const csr = input instanceof pkijs.CertificationRequest ? input : decodeCsr(input);
  ensurePkijsEngine();
  try {
    return await csr.verify();
  } catch {
    return false;
  }
}

/** A plain summary of a CSR: subject, SANs, key, whether its signature verifies. */
export async function parseCsr(input: string | Uint8Array): Promise<CsrSummary> {
  const der = readDer(input, PEM_LABELS.csr, 'certificate request');
  const csr = decodeStructure(pkijs.CertificationRequest, der, 'certificate request');
  const summary = readAsn1('certificate request', (): CsrSummary => {
    const exts = requestedExtensions(csr);
    const subject = parseName(csr.subject);
    const spki = new Uint8Array(csr.subjectPublicKeyInfo.toSchema().toBER(false));
    const usage = readUsageExtensions(exts);
    const san = exts.find((e) => e.extnID === EXTENSION_OID.subjectAltName);
    return {
      der,
      subject,
      subjectText: nameToText(subject),
      sans: san ? parseSanExtension(san) : [],
      key: parseKeySpecFromSpki(spki),
      spki,
      signatureHash: signatureHashOf(csr.signatureAlgorithm.algorithmId),
      signatureValid: false,
      ...usage,
      extensions: listExtensions(exts),
    };
  });
  summary.signatureValid = await verifyCsr(csr);
  return summary;
}
