/**
 * X.509 v3 certificates: a root CA, a self-signed server certificate, and certificates issued by
 * our CA from parameters or from an external CSR, each following its profile (profiles.ts).
 *
 * Invariants: the hash is always passed to pkijs sign() (its default is SHA-1); SHA-1 is used only
 * when a caller asks for it by name (the official XMail 1.27 Windows build, see xmail-tls.md);
 * serials are 16 random positive bytes (serial.ts); the issuer name is copied byte for byte from
 * the CA certificate; a CSR's SANs are always carried into the certificate, never dropped.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { readAsn1 } from './asn1.ts';
import { ensurePkijsEngine } from './webcrypto.ts';
import { decodeCsr, requestedExtensions, verifyCsr } from './csr.ts';
import { PEM_LABELS, decodeStructure, isCaByExtensions, readDer, subjectKeyIdOf } from './decode.ts';
import { PkiError } from './errors.ts';
import { defaultHashFor, importSigningKey, keyMatchesSpki } from './keys.ts';
import { createName, parseName } from './names.ts';
import { EXTENSION_OID } from './oids.ts';
import { encodePem, fromHex, toArrayBuffer } from './pem.ts';
import {
  PROFILES,
  assertProfileRequest,
  computeKeyIdentifier,
  computeValidity,
  createProfileExtensions,
  createTime,
  subjectForProfile,
} from './profiles.ts';
import { createSanExtension, parseSanExtension } from './san.ts';
import { generateSerial, normalizeSerialHex } from './serial.ts';
import type { CertificateProfile, DistinguishedName, HashName, PrivateKeyMaterial, SanEntry } from './types.ts';

interface CommonOptions {
  /** Days from now; default: the profile's default (profiles.ts). */
  validityDays?: number;
  /** Default: SHA-384 for a P-384 signing key, SHA-256 otherwise. 'SHA-1' only when asked for. */
  hash?: HashName;
  /** Hex serial; default 16 random bytes. */
  serialHex?: string;
  /** The clock, for tests. */
  now?: Date;
}

export interface CreateRootCaOptions extends CommonOptions {
  key: PrivateKeyMaterial;
  subject: DistinguishedName;
}

export interface CreateSelfSignedServerOptions extends CommonOptions {
  key: PrivateKeyMaterial;
  subject: DistinguishedName;
  sans: readonly SanEntry[];
}

export interface CreateCertificateOptions extends CommonOptions {
  issuerCert: Uint8Array;
  issuerKey: PrivateKeyMaterial;
  profile: 'server' | 'client';
  subject: DistinguishedName;
  sans: readonly SanEntry[];
  /** SubjectPublicKeyInfo DER of the subject's key. */
  spki: Uint8Array;
}

export interface CreateCertificateFromCsrOptions extends CommonOptions {
  csrDer: Uint8Array;
  issuerCert: Uint8Array;
  issuerKey: PrivateKeyMaterial;
  profile: 'server' | 'client';
  /** Replaces the CSR's subject when given (the CSR's SANs are kept either way). */
  subject?: DistinguishedName;
  /** Added after the CSR's SANs (duplicates skipped). */
  extraSans?: readonly SanEntry[];
}

/** Root CA: CA:TRUE critical, keyCertSign + cRLSign, SKI; self-signed. */
export async function createRootCa(options: CreateRootCaOptions): Promise<Uint8Array> {
  return buildCertificate({
    profile: 'root-ca',
    subject: options.subject,
    sans: [],
    spki: options.key.spki,
    signer: options.key,
    issuerName: null,
    authorityKeyId: undefined,
    options,
  });
}

/** Self-signed server certificate (the "no CA" recipe): the server profile, AKI = its own SKI. */
export async function createSelfSignedServerCertificate(options: CreateSelfSignedServerOptions): Promise<Uint8Array> {
  return buildCertificate({
    profile: 'server',
    subject: options.subject,
    sans: options.sans,
    spki: options.key.spki,
    signer: options.key,
    issuerName: null,
    authorityKeyId: computeKeyIdentifier(options.key.spki),
    options,
  });
}

/**
 * A server or client certificate signed by our CA: the object only. Recording it (serial, key,
 * store) is the CA act, store's issueCertificate; pki creates, store issues (style.md verbs).
 */
export async function createCertificate(options: CreateCertificateOptions): Promise<Uint8Array> {
  const issuer = decodeIssuer(options.issuerCert, options.issuerKey);
  return buildCertificate({
    profile: options.profile,
    subject: options.subject,
    sans: options.sans,
    spki: options.spki,
    signer: options.issuerKey,
    issuerName: issuer.cert.subject,
    authorityKeyId: issuer.keyId,
    notAfterLimit: issuer.cert.notAfter.value,
    options,
  });
}

/**
 * Creates a certificate from an external CSR: its signature must verify; its subject and SANs are used (SANs
 * kept, never dropped), other requested extensions are replaced by the profile's.
 */
export async function createCertificateFromCsr(options: CreateCertificateFromCsrOptions): Promise<Uint8Array> {
  const csr = decodeCsr(options.csrDer);
  if (!(await verifyCsr(csr))) {
    throw new PkiError('SIGNATURE_INVALID', 'issue from CSR: expected a request whose signature verifies with its own key, found a bad signature');
  }
  const san = requestedExtensions(csr).find((e) => e.extnID === EXTENSION_OID.subjectAltName);
  const sans = san ? readAsn1('CSR subjectAltName', () => parseSanExtension(san)) : [];
  for (const extra of options.extraSans ?? []) {
    if (!sans.some((s) => s.type === extra.type && s.value.toLowerCase() === extra.value.toLowerCase())) sans.push(extra);
  }
  const spki = new Uint8Array(csr.subjectPublicKeyInfo.toSchema().toBER(false));
  return createCertificate({ ...options, subject: options.subject ?? parseName(csr.subject), sans, spki });
}

export function serializeCertificatePem(der: Uint8Array): string {
  return encodePem('CERTIFICATE', der);
}

/** Decodes a certificate from PEM or DER (the first CERTIFICATE block); coded PkiErrors only. */
export function decodeCertificate(input: string | Uint8Array): pkijs.Certificate {
  return decodeStructure(pkijs.Certificate, readDer(input, PEM_LABELS.certificate, 'certificate'), 'certificate');
}

/** The SKI of a certificate, or the RFC 5280 method-1 key id of its key when it has none. */
export function keyIdentifierOf(cert: pkijs.Certificate): Uint8Array {
  return subjectKeyIdOf(cert.extensions) ?? computeKeyIdentifier(new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER(false)));
}

function decodeIssuer(der: Uint8Array, key: PrivateKeyMaterial): { cert: pkijs.Certificate; keyId: Uint8Array } {
  const cert = decodeCertificate(der);
  if (!isCaByExtensions(cert.extensions)) {
    throw new PkiError('PROFILE_INVALID', 'issue certificate: expected an issuer certificate with basicConstraints CA:TRUE, found none');
  }
  const issuerSpki = new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER(false));
  if (!keyMatchesSpki(key, issuerSpki)) {
    throw new PkiError('KEY_MISMATCH', "issue certificate: expected the CA's private key, found a key that does not match the CA certificate");
  }
  return { cert, keyId: keyIdentifierOf(cert) };
}

interface BuildInput {
  profile: CertificateProfile;
  subject: DistinguishedName;
  sans: readonly SanEntry[];
  spki: Uint8Array;
  signer: PrivateKeyMaterial;
  /** The CA's subject as parsed (keeps its DER); null for self-signed. */
  issuerName: pkijs.RelativeDistinguishedNames | null;
  authorityKeyId: Uint8Array | undefined;
  /** An issued certificate does not outlive its CA (RFC 5280 6.1.3 would reject the chain then). */
  notAfterLimit?: Date;
  options: CommonOptions;
}

async function buildCertificate(input: BuildInput): Promise<Uint8Array> {
  const def = PROFILES[input.profile];
  const validityDays = input.options.validityDays ?? def.defaultValidityDays;
  const hash = input.options.hash ?? defaultHashFor(input.signer.spec);
  assertProfileRequest({ profile: input.profile, validityDays, sans: input.sans }, `create ${input.profile} certificate`);

  const validity = computeValidity(validityDays, input.options.now);
  if (input.notAfterLimit && validity.notAfter > input.notAfterLimit) validity.notAfter = input.notAfterLimit;
  const serial = input.options.serialHex !== undefined ? parseSerialOption(input.options.serialHex) : generateSerial();
  const subject = subjectForProfile(input.profile, input.subject, input.sans);

  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: toArrayBuffer(serial) });
  cert.subject = createName(subject);
  cert.issuer = input.issuerName ?? createName(subject);
  cert.notBefore = createTime(validity.notBefore);
  cert.notAfter = createTime(validity.notAfter);
  cert.subjectPublicKeyInfo = decodeStructure(pkijs.PublicKeyInfo, input.spki, 'subject public key');
  cert.extensions = createProfileExtensions({
    profile: input.profile,
    spki: input.spki,
    authorityKeyId: input.authorityKeyId,
    subjectAltName: input.sans.length ? createSanExtension(input.sans, { subjectEmpty: subject.length === 0 }) : undefined,
  });

  ensurePkijsEngine();
  const signingKey = await importSigningKey(input.signer, hash);
  try {
    await cert.sign(signingKey, hash);
  } catch (e) {
    throw new PkiError('CRYPTO_FAILED', `create ${input.profile} certificate: signing with ${hash} failed`, { cause: e });
  }
  return new Uint8Array(cert.toSchema().toBER(false));
}

/** A caller-given serial must be a positive INTEGER of 1..20 octets (RFC 5280 4.1.2.2). */
function parseSerialOption(hex: string): Uint8Array {
  const norm = normalizeSerialHex(hex);
  const bytes = norm === null ? new Uint8Array() : fromHex(norm);
  if (bytes.length === 0 || bytes.length > 20 || bytes.every((b) => b === 0)) {
    throw new PkiError('PROFILE_INVALID', `certificate serial: expected 1 to 20 bytes of hex, not zero, found "${hex}"`);
  }
  // A set high bit would read as negative: prefix a zero byte (DER two's complement).
  return bytes[0]! & 0x80 ? Uint8Array.of(0, ...bytes) : bytes;
}
