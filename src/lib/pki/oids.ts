/**
 * Every object identifier the PKI core writes or recognises, as named constants: no dotted strings
 * anywhere else in the code. Grouped by where they appear; sources: RFC 5280 (X.509 profile),
 * RFC 4519/2985 (attribute types), RFC 8018 (PKCS#5), RFC 7292 (PKCS#12), RFC 5480/5758 (EC).
 */

/** Distinguished-name attribute types (RFC 4519, RFC 2985 for emailAddress). */
export const ATTRIBUTE_OID = {
  CN: '2.5.4.3',
  SN: '2.5.4.4',
  serialNumber: '2.5.4.5',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  street: '2.5.4.9',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  title: '2.5.4.12',
  businessCategory: '2.5.4.15',
  postalCode: '2.5.4.17',
  name: '2.5.4.41',
  GN: '2.5.4.42',
  initials: '2.5.4.43',
  generationQualifier: '2.5.4.44',
  dnQualifier: '2.5.4.46',
  pseudonym: '2.5.4.65',
  organizationIdentifier: '2.5.4.97',
  UID: '0.9.2342.19200300.100.1.1',
  DC: '0.9.2342.19200300.100.1.25',
  emailAddress: '1.2.840.113549.1.9.1',
  jurisdictionC: '1.3.6.1.4.1.311.60.2.1.3',
} as const;
export type AttributeShortName = keyof typeof ATTRIBUTE_OID;

/** Certificate, CSR and CRL extensions (RFC 5280 section 4.2 and 5.2/5.3). */
export const EXTENSION_OID = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  cRLNumber: '2.5.29.20',
  cRLReason: '2.5.29.21',
  invalidityDate: '2.5.29.24',
  deltaCRLIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  certificateIssuer: '2.5.29.29',
  nameConstraints: '2.5.29.30',
  cRLDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  freshestCRL: '2.5.29.46',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  subjectInfoAccess: '1.3.6.1.5.5.7.1.11',
  tlsFeature: '1.3.6.1.5.5.7.1.24',
  ctPrecertificateScts: '1.3.6.1.4.1.11129.2.4.2',
  nsCertType: '2.16.840.1.113730.1.1',
  nsComment: '2.16.840.1.113730.1.13',
} as const;

/** Extended key usages (RFC 5280 section 4.2.1.12). */
export const EKU_OID = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  anyExtendedKeyUsage: '2.5.29.37.0',
} as const;

/** Access methods inside authorityInfoAccess (RFC 5280 section 4.2.2.1). */
export const ACCESS_METHOD_OID = {
  ocsp: '1.3.6.1.5.5.7.48.1',
  caIssuers: '1.3.6.1.5.5.7.48.2',
} as const;

/** PKCS#9/PKCS#10 attributes (RFC 2985, RFC 2986). */
export const PKCS9_OID = {
  emailAddress: '1.2.840.113549.1.9.1',
  challengePassword: '1.2.840.113549.1.9.7',
  extensionRequest: '1.2.840.113549.1.9.14',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  sdsiCertificate: '1.2.840.113549.1.9.22.2',
  x509Crl: '1.2.840.113549.1.9.23.1',
  /** Microsoft CSP name: never written (pki-interop.md). */
  msCspName: '1.3.6.1.4.1.311.17.1',
} as const;

/** Public-key algorithms and named curves (RFC 3279, RFC 5480, RFC 8410). */
export const KEY_ALGORITHM_OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  dsa: '1.2.840.10040.4.1',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  x25519: '1.3.101.110',
  x448: '1.3.101.111',
} as const;

export const CURVE_OID = {
  'P-256': '1.2.840.10045.3.1.7',
  'P-384': '1.3.132.0.34',
  'P-521': '1.3.132.0.35',
  secp256k1: '1.3.132.0.10',
} as const;

/** Signature algorithms (RFC 4055, RFC 5758). */
export const SIGNATURE_OID = {
  md5WithRsa: '1.2.840.113549.1.1.4',
  sha1WithRsa: '1.2.840.113549.1.1.5',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  sha224WithRsa: '1.2.840.113549.1.1.14',
  rsassaPss: '1.2.840.113549.1.1.10',
  ecdsaWithSha1: '1.2.840.10045.4.1',
  ecdsaWithSha224: '1.2.840.10045.4.3.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  ed25519: '1.3.101.112',
} as const;

/** Digest algorithms (RFC 3279, RFC 5754). */
export const HASH_OID = {
  md5: '1.2.840.113549.2.5',
  sha1: '1.3.14.3.2.26',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
} as const;

/** HMAC PRFs for PBKDF2 (RFC 8018 appendix B.1). */
export const HMAC_OID = {
  hmacWithSha1: '1.2.840.113549.2.7',
  hmacWithSha224: '1.2.840.113549.2.8',
  hmacWithSha256: '1.2.840.113549.2.9',
  hmacWithSha384: '1.2.840.113549.2.10',
  hmacWithSha512: '1.2.840.113549.2.11',
} as const;

/** PKCS#5 v2 password-based encryption (RFC 8018) and the ciphers it names. */
export const PBE_OID = {
  pbkdf2: '1.2.840.113549.1.5.12',
  pbes2: '1.2.840.113549.1.5.13',
  /** RFC 9579 PBMAC1 (a PKCS#12 MAC written by OpenSSL 3.4+ with -pbmac1_pbkdf2). */
  pbmac1: '1.2.840.113549.1.5.14',
  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes192Cbc: '2.16.840.1.101.3.4.1.22',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  desEde3Cbc: '1.2.840.113549.3.7',
  desCbc: '1.3.14.3.2.7',
  rc2Cbc: '1.2.840.113549.3.2',
} as const;

/** PKCS#12 PBE algorithms (RFC 7292 appendix C). */
export const PKCS12_PBE_OID = {
  pbeWithShaAnd128BitRc4: '1.2.840.113549.1.12.1.1',
  pbeWithShaAnd40BitRc4: '1.2.840.113549.1.12.1.2',
  pbeWithShaAnd3KeyTripleDesCbc: '1.2.840.113549.1.12.1.3',
  pbeWithShaAnd2KeyTripleDesCbc: '1.2.840.113549.1.12.1.4',
  pbeWithShaAnd128BitRc2Cbc: '1.2.840.113549.1.12.1.5',
  pbeWithShaAnd40BitRc2Cbc: '1.2.840.113549.1.12.1.6',
} as const;

/** PKCS#12 SafeBag types (RFC 7292 section 4.2). */
export const PKCS12_BAG_OID = {
  keyBag: '1.2.840.113549.1.12.10.1.1',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  crlBag: '1.2.840.113549.1.12.10.1.4',
  secretBag: '1.2.840.113549.1.12.10.1.5',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
} as const;

/** CMS content types used inside PKCS#12 (RFC 5652). */
export const CMS_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  encryptedData: '1.2.840.113549.1.7.6',
} as const;

/** Short display name for an attribute OID (OpenSSL's spelling), or undefined. */
export function attributeShortName(oid: string): AttributeShortName | undefined {
  return ATTRIBUTE_SHORT_BY_OID.get(oid);
}

const ATTRIBUTE_SHORT_BY_OID = new Map<string, AttributeShortName>(
  (Object.entries(ATTRIBUTE_OID) as Array<[AttributeShortName, string]>).map(([k, v]) => [v, k]),
);

/** A readable name for any OID this file knows ("subjectAltName", "serverAuth"), else the dotted form. */
export function oidName(oid: string): string {
  return OID_NAMES.get(oid) ?? oid;
}

const OID_NAMES = new Map<string, string>();
for (const table of [ATTRIBUTE_OID, EXTENSION_OID, EKU_OID, ACCESS_METHOD_OID, PKCS9_OID, KEY_ALGORITHM_OID, CURVE_OID,
  SIGNATURE_OID, HASH_OID, HMAC_OID, PBE_OID, PKCS12_PBE_OID, PKCS12_BAG_OID, CMS_OID] as const) {
  for (const [name, oid] of Object.entries(table)) if (!OID_NAMES.has(oid)) OID_NAMES.set(oid, name);
}
