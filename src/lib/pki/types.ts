/**
 * Shared value types of the PKI core: the contract between keys, names, SANs, certificates,
 * PKCS#12, inspection, the XMail layer and the vault. Plain data only (no pkijs objects), so the
 * UI and the store can hold them.
 */

export type RsaBits = 2048 | 3072 | 4096;
export type EcCurve = 'P-256' | 'P-384';
export type KeySpec = { kind: 'RSA'; bits: RsaBits } | { kind: 'EC'; curve: EcCurve };
export type HashName = 'SHA-1' | 'SHA-256' | 'SHA-384';

/** A private key as the core keeps it: DER bytes, never a non-extractable handle. */
export interface PrivateKeyMaterial {
  spec: KeySpec;
  /** PKCS#8 PrivateKeyInfo, unencrypted DER. */
  pkcs8: Uint8Array;
  /** SubjectPublicKeyInfo DER of the matching public key. */
  spki: Uint8Array;
}

/** Attribute short names we write; order in a DistinguishedName is the RDN order. */
export type NameAttributeType = 'C' | 'ST' | 'L' | 'O' | 'OU' | 'CN' | 'emailAddress' | 'DC' | 'serialNumber';
export interface NameAttribute { type: NameAttributeType | string; value: string }
/** One attribute per RDN, in encoding order (most significant first: C, ST, L, O, OU, CN). */
export type DistinguishedName = NameAttribute[];

export type SanEntry =
  | { type: 'dns'; value: string }
  | { type: 'ip'; value: string }
  | { type: 'email'; value: string };

/** A validation problem for one form field: the UI maps `code` (+ params) to ja/en text. */
export interface FieldIssue {
  field: string;
  code: string;
  params?: Record<string, string | number>;
}

export type CertificateProfile = 'root-ca' | 'server' | 'client';

/** What inspection shows for a certificate (also used by XMail diagnostics). */
export interface CertificateSummary {
  der: Uint8Array;
  subject: DistinguishedName;
  issuer: DistinguishedName;
  subjectText: string;
  issuerText: string;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  /** DNS/IP/email names that pass our host-name and mailbox rules, normalised (san.ts screenForeignSans). */
  sans: SanEntry[];
  /** Names in the certificate that failed those rules and were dropped from `sans` (params.value = the raw name). */
  sanIssues: FieldIssue[];
  key: KeySpec | { kind: 'other'; description: string };
  signatureHash: HashName | 'MD5' | 'SHA-512' | 'other';
  isCa: boolean;
  selfIssued: boolean;
  keyUsage: string[];
  extKeyUsage: string[];
  subjectKeyId?: string;
  authorityKeyId?: string;
  sha256Fingerprint: string;
  sha1Fingerprint: string;
  spki: Uint8Array;
  extensions: Array<{ oid: string; name: string; critical: boolean }>;
}
