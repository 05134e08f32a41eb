/**
 * The three certificate profiles of pki-interop.md (root CA, server, client) as data, the checks
 * on requested parameters, and the builders for the extensions and validity they imply.
 *
 * Invariants: every extension a profile lists is written, nothing is inherited from a library
 * default; keyUsage is critical (RFC 5280 4.2.1.3); SKI is always present and AKI on every issued
 * certificate (RFC 5280 4.2.1.1/4.2.1.2); notBefore is backdated 5 minutes for clock skew; times
 * have whole seconds, UTCTime through 2049 and GeneralizedTime from 2050 (RFC 5280 4.1.2.5).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { oidNode, parseDer, readAsn1 } from './asn1.ts';
import { sha1 } from './digest.ts';
import { parseKeySpecFromSpki } from './keys.ts';
import { EKU_OID, EXTENSION_OID } from './oids.ts';
import { toArrayBuffer } from './pem.ts';
import { PkiError } from './errors.ts';
import type { CertificateProfile, DistinguishedName, FieldIssue, HashName, KeySpec, SanEntry } from './types.ts';
import { DAY_MS } from '../time.ts';

/** RFC 5280 4.2.1.3 KeyUsage bits, in bit order (index = bit number). */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsageName = (typeof KEY_USAGE_BITS)[number];

/** The extended key usages the profiles write, with their OIDs (RFC 5280 4.2.1.12). */
export const EXT_KEY_USAGE_OIDS = {
  serverAuth: EKU_OID.serverAuth,
  clientAuth: EKU_OID.clientAuth,
  emailProtection: EKU_OID.emailProtection,
} as const;
export type ExtKeyUsageName = keyof typeof EXT_KEY_USAGE_OIDS;

export interface ProfileDefinition {
  profile: CertificateProfile;
  /** basicConstraints cA flag, and whether the extension is critical. */
  ca: boolean;
  basicConstraintsCritical: boolean;
  /** keyUsage (always critical); keyEncipherment only for RSA (RFC 5246 RSA key exchange; meaningless for ECDSA keys). */
  keyUsage: { RSA: readonly KeyUsageName[]; EC: readonly KeyUsageName[] };
  extKeyUsage: readonly ExtKeyUsageName[];
  /** Which SAN types the profile takes, and whether at least one is required. */
  sanTypes: readonly SanEntry['type'][];
  sanRequired: boolean;
  authorityKeyId: boolean;
  defaultValidityDays: number;
  maxValidityDays: number;
}

export const PROFILES: Readonly<Record<CertificateProfile, ProfileDefinition>> = {
  'root-ca': {
    profile: 'root-ca',
    ca: true,
    basicConstraintsCritical: true,
    keyUsage: { RSA: ['keyCertSign', 'cRLSign'], EC: ['keyCertSign', 'cRLSign'] },
    extKeyUsage: [],
    sanTypes: [],
    sanRequired: false,
    authorityKeyId: false,
    defaultValidityDays: 3652,
    // No public rule for private roots; 30 years keeps notAfter well inside GeneralizedTime.
    maxValidityDays: 10958,
  },
  server: {
    profile: 'server',
    ca: false,
    basicConstraintsCritical: false,
    keyUsage: { RSA: ['digitalSignature', 'keyEncipherment'], EC: ['digitalSignature'] },
    // clientAuth too: XMail presents server.cert as its client certificate on outbound STARTTLS.
    extKeyUsage: ['serverAuth', 'clientAuth'],
    sanTypes: ['dns', 'ip'],
    sanRequired: true,
    authorityKeyId: true,
    // 397 days is the public-CA limit browsers use; Apple rejects more than 825 days even for
    // certificates under a private root (support.apple.com/HT210176), so 825 is the hard cap.
    defaultValidityDays: 397,
    maxValidityDays: 825,
  },
  client: {
    profile: 'client',
    ca: false,
    basicConstraintsCritical: false,
    keyUsage: { RSA: ['digitalSignature', 'keyEncipherment'], EC: ['digitalSignature'] },
    extKeyUsage: ['clientAuth', 'emailProtection'],
    sanTypes: ['email'],
    sanRequired: true,
    authorityKeyId: true,
    defaultValidityDays: 730,
    maxValidityDays: 825,
  },
};

/** notBefore is this far in the past so a client whose clock runs a little behind accepts the certificate. */
export const NOT_BEFORE_BACKDATE_MS = 5 * 60 * 1000;

export interface ProfileRequest {
  profile: CertificateProfile;
  validityDays: number;
  sans?: readonly SanEntry[];
  key?: KeySpec;
  hash?: HashName;
}

/** Checks requested parameters against the profile; problems are returned per field, never thrown. */
export function validateProfileRequest(req: ProfileRequest): FieldIssue[] {
  const def = PROFILES[req.profile];
  const issues: FieldIssue[] = [];
  if (!Number.isInteger(req.validityDays) || req.validityDays < 1) {
    issues.push({ field: 'validityDays', code: 'VALIDITY_INVALID', params: { min: 1, max: def.maxValidityDays } });
  } else if (req.validityDays > def.maxValidityDays) {
    issues.push({ field: 'validityDays', code: 'VALIDITY_TOO_LONG', params: { max: def.maxValidityDays, found: req.validityDays } });
  }
  const sans = req.sans ?? [];
  for (const [i, san] of sans.entries()) {
    if (!def.sanTypes.includes(san.type)) {
      issues.push({ field: `sans.${i}`, code: 'SAN_TYPE_NOT_ALLOWED', params: { type: san.type, profile: req.profile } });
    }
  }
  if (def.sanRequired && !sans.some((s) => def.sanTypes.includes(s.type))) {
    issues.push({ field: 'sans', code: 'SAN_REQUIRED', params: { profile: req.profile, types: def.sanTypes.join(',') } });
  }
  if (req.profile === 'client' && sans.filter((s) => s.type === 'email').length > 1) {
    issues.push({ field: 'sans', code: 'SAN_ONE_MAILBOX', params: { found: sans.length } });
  }
  if (req.key && req.hash && req.hash !== 'SHA-1') {
    // ECDSA P-384 with SHA-256 is legal, but the pairing pki-interop.md prescribes is SHA-384.
    if (req.key.kind === 'EC' && req.key.curve === 'P-384' && req.hash !== 'SHA-384') {
      issues.push({ field: 'hash', code: 'HASH_MISMATCH_CURVE', params: { curve: 'P-384', expected: 'SHA-384' } });
    }
  }
  return issues;
}

/** Throws PROFILE_INVALID listing the issues; used by the create/issue functions. */
export function assertProfileRequest(req: ProfileRequest, step: string): void {
  const issues = validateProfileRequest(req);
  if (issues.length) {
    const list = issues.map((i) => `${i.field}: ${i.code}`).join('; ');
    throw new PkiError('PROFILE_INVALID', `${step}: the ${req.profile} profile does not allow these parameters: ${list}`);
  }
}

/** An X.509 Time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5), whole seconds. */
export function createTime(date: Date): pkijs.Time {
  const value = new Date(Math.floor(date.getTime() / 1000) * 1000);
  const type = value.getUTCFullYear() >= 2050 ? pkijs.TimeType.GeneralizedTime : pkijs.TimeType.UTCTime;
  return new pkijs.Time({ type, value });
}

/** notBefore backdated 5 minutes, notAfter `validityDays` days after `now`. */
export function computeValidity(validityDays: number, now: Date = new Date()): { notBefore: Date; notAfter: Date } {
  const t = Math.floor(now.getTime() / 1000) * 1000;
  return { notBefore: new Date(t - NOT_BEFORE_BACKDATE_MS), notAfter: new Date(t + validityDays * DAY_MS) };
}

/** DER BIT STRING for a KeyUsage set: named bits, trailing zero bits removed (X.690 11.2.2). */
export function encodeKeyUsage(usages: readonly KeyUsageName[]): asn1js.BitString {
  let bits = 0;
  for (const u of usages) bits |= 1 << KEY_USAGE_BITS.indexOf(u);
  if (bits === 0) throw new PkiError('PROFILE_INVALID', 'keyUsage: expected at least one usage, found none');
  const highest = 31 - Math.clz32(bits);
  const bytes = new Uint8Array(highest >= 8 ? 2 : 1);
  for (let i = 0; i <= highest; i++) if (bits & (1 << i)) bytes[i >> 3]! |= 0x80 >> (i & 7);
  const unusedBits = bytes.length * 8 - 1 - highest;
  return new asn1js.BitString({ valueHex: toArrayBuffer(bytes), unusedBits });
}

/** Reads a KeyUsage BIT STRING back into names. */
export function decodeKeyUsage(bitString: asn1js.BitString): KeyUsageName[] {
  const bytes = bitString.valueBlock.valueHexView;
  return KEY_USAGE_BITS.filter((_, i) => i < bytes.length * 8 && (bytes[i >> 3]! & (0x80 >> (i & 7))) !== 0);
}

/** RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value, as OpenSSL computes it. */
export function computeKeyIdentifier(spki: Uint8Array): Uint8Array {
  const schema = parseDer(spki, 'subject public key');
  const info = readAsn1('subject public key', () => new pkijs.PublicKeyInfo({ schema }));
  return sha1(info.subjectPublicKey.valueBlock.valueHexView);
}

function extension(extnID: string, critical: boolean, value: { toSchema(): asn1js.BaseBlock } | asn1js.BaseBlock): pkijs.Extension {
  const schema = value instanceof asn1js.BaseBlock ? value : value.toSchema();
  return new pkijs.Extension({ extnID, critical, extnValue: schema.toBER(false) });
}

export function createBasicConstraintsExtension(ca: boolean, critical: boolean): pkijs.Extension {
  // BasicConstraints (RFC 5280 4.2.1.9): cA written only when TRUE (DER leaves a DEFAULT out), no path length.
  return extension(EXTENSION_OID.basicConstraints, critical, new asn1js.Sequence({ value: ca ? [new asn1js.Boolean({ value: true })] : [] }));
}

export function createKeyUsageExtension(usages: readonly KeyUsageName[]): pkijs.Extension {
  return extension(EXTENSION_OID.keyUsage, true, encodeKeyUsage(usages));
}

export function createExtKeyUsageExtension(names: readonly ExtKeyUsageName[]): pkijs.Extension {
  // ExtKeyUsageSyntax (RFC 5280 4.2.1.12): SEQUENCE OF KeyPurposeId.
  return extension(EXTENSION_OID.extKeyUsage, false, new asn1js.Sequence({ value: names.map((n) => oidNode(EXT_KEY_USAGE_OIDS[n])) }));
}

export function createSubjectKeyIdExtension(keyId: Uint8Array): pkijs.Extension {
  return extension(EXTENSION_OID.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: toArrayBuffer(keyId) }));
}

export function createAuthorityKeyIdExtension(keyId: Uint8Array): pkijs.Extension {
  // AuthorityKeyIdentifier with its keyIdentifier only: SEQUENCE { [0] IMPLICIT OCTET STRING } (RFC 5280 4.2.1.1).
  const aki = new asn1js.Sequence({ value: [new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: toArrayBuffer(keyId) })] });
  return extension(EXTENSION_OID.authorityKeyIdentifier, false, aki);
}

export interface ProfileExtensionsInput {
  profile: CertificateProfile;
  /** SubjectPublicKeyInfo of the certified key. */
  spki: Uint8Array;
  /** Key identifier of the issuer (its SKI); required for issued profiles. */
  authorityKeyId?: Uint8Array;
  /** The subjectAltName extension, already built (san.ts), if the certificate has SANs. */
  subjectAltName?: pkijs.Extension;
}

/** The extensions a profile prescribes, in the order OpenSSL prints them. */
export function createProfileExtensions(input: ProfileExtensionsInput): pkijs.Extension[] {
  const def = PROFILES[input.profile];
  const spec = parseKeySpecFromSpki(input.spki);
  if (spec.kind !== 'RSA' && spec.kind !== 'EC') {
    throw new PkiError('KEY_UNSUPPORTED', `${input.profile} profile: expected an RSA or ECDSA public key, found ${spec.description}`);
  }
  const exts = [createBasicConstraintsExtension(def.ca, def.basicConstraintsCritical), createKeyUsageExtension(def.keyUsage[spec.kind])];
  if (def.extKeyUsage.length) exts.push(createExtKeyUsageExtension(def.extKeyUsage));
  if (input.subjectAltName) exts.push(input.subjectAltName);
  exts.push(createSubjectKeyIdExtension(computeKeyIdentifier(input.spki)));
  if (def.authorityKeyId) {
    if (!input.authorityKeyId) throw new PkiError('PROFILE_INVALID', `${input.profile} profile: expected the issuer's key identifier for AKI, found none`);
    exts.push(createAuthorityKeyIdExtension(input.authorityKeyId));
  }
  return exts;
}

/**
 * The subject a profile writes: for a server without a CN, CN repeats the first DNS name (else the
 * first IP) so old clients that still read the CN (XMail's own OpenSSL 0.9.8 peers) find the host.
 */
export function subjectForProfile(profile: CertificateProfile, subject: DistinguishedName, sans: readonly SanEntry[]): DistinguishedName {
  if (profile !== 'server' || subject.some((a) => a.type === 'CN')) return subject;
  const first = sans.find((s) => s.type === 'dns') ?? sans.find((s) => s.type === 'ip');
  return first ? [...subject, { type: 'CN', value: first.value }] : subject;
}

/**
 * The client profile's subject: CN = the user's name, plus emailAddress = the mailbox when asked
 * for (some older mail clients look for it there; RFC 5280 4.1.2.6 prefers the rfc822Name SAN,
 * which the client profile always writes).
 */
export function createClientSubject(input: { name: string; mailbox: string; includeEmailAddress?: boolean; organization?: string }): DistinguishedName {
  const dn: DistinguishedName = [];
  if (input.organization) dn.push({ type: 'O', value: input.organization });
  dn.push({ type: 'CN', value: input.name });
  if (input.includeEmailAddress) dn.push({ type: 'emailAddress', value: input.mailbox });
  return dn;
}
