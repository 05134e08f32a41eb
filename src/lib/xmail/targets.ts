/**
 * Which XMail the administrator runs, as data: the OpenSSL it links decides the key kinds a server
 * certificate may use, the signature hash that verifies for client chains, the certs/ hash names
 * OpenSSL looks up, and whether intermediates in server.cert are sent. Source: xmail-tls.md,
 * "Which XMail the user runs matters" ([code] + [infer]; the [infer] rows are hedged in `notes`).
 * Only what the page decides on is a field (issue 15 page size: the OpenSSL version, the hashes a
 * UI might offer and the certs/ names we write, read by nothing, are gone): the certs/ names we
 * write are both, for every target (hash-dir.ts), so a later OpenSSL upgrade keeps working.
 */
import type { HashName, KeySpec } from '../pki/types.ts';

export const XMAIL_TARGETS = ['official-1.27-win', 'openssl-1.0.1+', 'pre-1.27'] as const;
export type XmailTarget = (typeof XMAIL_TARGETS)[number];

/** Codes the UI explains (i18n) next to a target's choices. */
export type TargetNoteCode =
  | 'TLS_1_0_ONLY'
  | 'RSA_ONLY_NO_ECC_SUITES'
  | 'SHA256_VERIFY_UNRELIABLE'
  | 'OLD_HASH_NAMES'
  | 'LEAF_ONLY_SERVER_CERT';

export interface TargetProfile {
  id: XmailTarget;
  maxTlsVersion: '1.0' | '1.2' | '1.3';
  /** Key kinds a server key may have: ECDSA needs ECC cipher suites (OpenSSL >= 0.9.8 with ECC on, 1.0.0+ in practice). */
  keyKinds: ReadonlyArray<KeySpec['kind']>;
  defaultServerKey: KeySpec;
  /** Hash for certificates XMail itself must verify (client certificates, their CA chain). */
  clientChainHash: HashName;
  /** SHA-256 signatures verify reliably in this build. */
  sha256Verify: boolean;
  /** certs/ names OpenSSL looks up: 'old' (MD5 subject hash, < 1.0.0) or 'new' (SHA-1 canonical). */
  certsDirLookup: 'old' | 'new';
  /** server.cert intermediates are sent to clients (1.27 final uses use_certificate_chain_file). */
  sendsIntermediates: boolean;
  notes: readonly TargetNoteCode[];
}

export const TARGETS: Readonly<Record<XmailTarget, TargetProfile>> = {
  // Links OpenSSL 0.9.8l.
  'official-1.27-win': {
    id: 'official-1.27-win',
    maxTlsVersion: '1.0',
    keyKinds: ['RSA'],
    defaultServerKey: { kind: 'RSA', bits: 2048 },
    // 0.9.8 before 0.9.8o does not register SHA-2 digests for verification [infer]: SHA-1 for
    // what XMail verifies; mail clients verify the server certificate, which stays SHA-256.
    clientChainHash: 'SHA-1',
    sha256Verify: false,
    certsDirLookup: 'old',
    sendsIntermediates: true,
    notes: ['TLS_1_0_ONLY', 'RSA_ONLY_NO_ECC_SUITES', 'SHA256_VERIFY_UNRELIABLE', 'OLD_HASH_NAMES'],
  },
  // Links OpenSSL 1.0.1 or later.
  'openssl-1.0.1+': {
    id: 'openssl-1.0.1+',
    maxTlsVersion: '1.3',
    keyKinds: ['RSA', 'EC'],
    defaultServerKey: { kind: 'RSA', bits: 2048 },
    clientChainHash: 'SHA-256',
    sha256Verify: true,
    certsDirLookup: 'new',
    sendsIntermediates: true,
    notes: [],
  },
  // Links OpenSSL 0.9.8.
  'pre-1.27': {
    id: 'pre-1.27',
    maxTlsVersion: '1.0',
    keyKinds: ['RSA'],
    defaultServerKey: { kind: 'RSA', bits: 2048 },
    clientChainHash: 'SHA-1',
    sha256Verify: false,
    certsDirLookup: 'old',
    // Builds before 1.27 final call SSL_CTX_use_certificate_file: only the leaf is loaded.
    sendsIntermediates: false,
    notes: ['TLS_1_0_ONLY', 'RSA_ONLY_NO_ECC_SUITES', 'SHA256_VERIFY_UNRELIABLE', 'OLD_HASH_NAMES', 'LEAF_ONLY_SERVER_CERT'],
  },
};
