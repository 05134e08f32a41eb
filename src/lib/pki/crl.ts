/**
 * Certificate revocation lists, v2 (RFC 5280 section 5): our CA's CRL and a reader for any CRL.
 *
 * Invariants: version v2 with the two extensions RFC 5280 5.2 requires of a conforming CA (AKI and
 * cRLNumber); nextUpdate always present (5.1.2.5); a reasonCode entry extension only when a reason
 * other than none is given ('unspecified' is written, as OpenSSL does when asked for it, 5.3.1);
 * the revokedCertificates list is omitted when empty (5.1.2.6). XMail itself never checks CRLs
 * (xmail-tls.md): the CRL is for the other clients of the CA.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { decodeCertificate, keyIdentifierOf } from './cert.ts';
import { REVOCATION_REASONS, encodeRevokedList, type RevocationReason, type RevokedEntry } from './crl-entries.ts';
import { MAX_CRL_DER_NODES, derOf, derSequenceOf, derTlv, parseDer, readAsn1 } from './asn1.ts';
import { ensurePkijsEngine } from './webcrypto.ts';
import { PEM_LABELS, authorityKeyIdOf, decodeStructure, listExtensions, readDer, signatureHashOf } from './decode.ts';
import { PkiError } from './errors.ts';
import { defaultHashFor, importSigningKey, keyMatchesSpki } from './keys.ts';
import { nameToText, parseName } from './names.ts';
import { EXTENSION_OID } from './oids.ts';
import { encodePem, fromHex, toArrayBuffer, toHex } from './pem.ts';
import { createAuthorityKeyIdExtension, createTime } from './profiles.ts';
import { normalizeSerialHex } from './serial.ts';
import type { CertificateSummary, DistinguishedName, HashName, PrivateKeyMaterial } from './types.ts';

export { REVOCATION_REASONS, type RevocationReason, type RevokedEntry } from './crl-entries.ts';

export interface CreateCrlOptions {
  issuerCert: Uint8Array;
  issuerKey: PrivateKeyMaterial;
  revoked: readonly RevokedEntry[];
  crlNumber: bigint | number;
  /** Default: now. */
  thisUpdate?: Date;
  nextUpdate: Date;
  /** Default: SHA-384 for a P-384 CA key, SHA-256 otherwise. */
  hash?: HashName;
}

export interface CrlSummary {
  der: Uint8Array;
  issuer: DistinguishedName;
  issuerText: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** cRLNumber as a decimal-free bigint; undefined when the CRL has none (v1). */
  crlNumber?: bigint;
  authorityKeyId?: string;
  signatureHash: CertificateSummary['signatureHash'];
  entries: Array<{ serialHex: string; revokedAt: Date; reason?: RevocationReason | 'other' }>;
  extensions: CertificateSummary['extensions'];
}

/** A signed DER CRL v2 for our CA. */
export async function createCrl(options: CreateCrlOptions): Promise<Uint8Array> {
  const issuer = decodeCertificate(options.issuerCert);
  const issuerSpki = new Uint8Array(issuer.subjectPublicKeyInfo.toSchema().toBER(false));
  if (!keyMatchesSpki(options.issuerKey, issuerSpki)) {
    throw new PkiError('KEY_MISMATCH', "create CRL: expected the CA's private key, found a key that does not match the CA certificate");
  }
  const thisUpdate = options.thisUpdate ?? new Date();
  if (options.nextUpdate <= thisUpdate) {
    throw new PkiError('PROFILE_INVALID', `create CRL: expected nextUpdate after thisUpdate (${thisUpdate.toISOString()}), found ${options.nextUpdate.toISOString()}`);
  }
  const crlNumber = BigInt(options.crlNumber);
  if (crlNumber < 0n || crlNumber >= 1n << 159n) {
    throw new PkiError('PROFILE_INVALID', `create CRL: expected a CRL number from 0 to 2^159-1 (RFC 5280 5.2.3), found ${crlNumber}`);
  }
  const hash = options.hash ?? defaultHashFor(options.issuerKey.spec);

  // The revoked list is written as DER bytes, yielding to the event loop between chunks (issue 7:
  // through pkijs objects 10,000 entries were one 1.7 s task); it also checks every serial before
  // the key is imported. The small parts still go through pkijs/asn1js.
  const revokedList = options.revoked.length ? await encodeRevokedList(options.revoked) : null;
  const crlExtensions = new pkijs.Extensions({
    extensions: [
      createAuthorityKeyIdExtension(keyIdentifierOf(issuer)),
      new pkijs.Extension({ extnID: EXTENSION_OID.cRLNumber, critical: false, extnValue: encodeInteger(crlNumber).toBER(false) }),
    ],
  });

  ensurePkijsEngine();
  const signingKey = await importSigningKey(options.issuerKey, hash);
  const engine = pkijs.getCrypto(true);
  let signed: { signatureAlgorithm: Uint8Array; tbs: Uint8Array; signature: ArrayBuffer };
  try {
    const { signatureAlgorithm, parameters } = await engine.getSignatureParameters(signingKey, hash);
    const algorithm = derOf(signatureAlgorithm.toSchema());
    const extensions = derOf(crlExtensions.toSchema());
    // TBSCertList (RFC 5280 5.1): the fields pkijs's encodeTBS() writes, in its order.
    const tbs = derSequenceOf([
      CRL_VERSION_V2,
      algorithm,
      derOf(issuer.subject.toSchema()),
      derOf(createTime(thisUpdate).toSchema()),
      derOf(createTime(options.nextUpdate).toSchema()),
      ...(revokedList ? [revokedList] : []),
      derTlv(0xa0, [extensions]),
    ]);
    const signature = await engine.signWithPrivateKey(toArrayBuffer(tbs), signingKey, parameters as pkijs.CryptoEngineSignWithPrivateKeyParams);
    signed = { signatureAlgorithm: algorithm, tbs, signature };
  } catch (e) {
    throw new PkiError('CRYPTO_FAILED', `create CRL: signing with ${hash} failed`, { cause: e });
  }
  const signatureValue = derOf(new asn1js.BitString({ valueHex: signed.signature }));
  return derSequenceOf([signed.tbs, signed.signatureAlgorithm, signatureValue]);
}

/** version INTEGER v2(1): CRLs with extensions are v2 (RFC 5280 5.1.2.1). */
const CRL_VERSION_V2 = Uint8Array.of(0x02, 0x01, 0x01);


export function serializeCrlPem(der: Uint8Array): string {
  return encodePem('X509 CRL', der);
}

export function decodeCrl(input: string | Uint8Array): pkijs.CertificateRevocationList {
  return decodeStructure(pkijs.CertificateRevocationList, readDer(input, PEM_LABELS.crl, 'CRL'), 'CRL', MAX_CRL_DER_NODES);
}

/** A plain summary of a CRL (ours or any other CA's). */
export function parseCrl(input: string | Uint8Array): CrlSummary {
  const der = readDer(input, PEM_LABELS.crl, 'CRL');
  const crl = decodeStructure(pkijs.CertificateRevocationList, der, 'CRL', MAX_CRL_DER_NODES);
  return readAsn1('CRL', () => {
    const issuer = parseName(crl.issuer);
    const exts = crl.crlExtensions?.extensions ?? [];
    const number = exts.find((e) => e.extnID === EXTENSION_OID.cRLNumber)?.parsedValue;
    const aki = authorityKeyIdOf(exts);
    return {
      der,
      issuer,
      issuerText: nameToText(issuer),
      thisUpdate: crl.thisUpdate.value,
      nextUpdate: crl.nextUpdate?.value,
      crlNumber: number instanceof asn1js.Integer ? integerToBigInt(number) : undefined,
      authorityKeyId: aki ? toHex(aki, ':').toUpperCase() : undefined,
      signatureHash: signatureHashOf(crl.signatureAlgorithm.algorithmId),
      entries: (crl.revokedCertificates ?? []).map((r) => ({
        serialHex: serialHexOf(r.userCertificate),
        revokedAt: r.revocationDate.value,
        reason: reasonOf(r),
      })),
      extensions: listExtensions(exts),
    };
  });
}

/** Verifies a CRL's signature with the issuer certificate; false on any failure. */
export async function verifyCrl(crl: string | Uint8Array, issuerCert: string | Uint8Array): Promise<boolean> {
  const c = decodeCrl(crl);
  const issuer = decodeCertificate(issuerCert);
  ensurePkijsEngine();
  try {
    return await c.verify({ issuerCertificate: issuer });
  } catch {
    return false;
  }
}

/** Lower-case hex of an INTEGER's value, without the sign-padding zero byte. */
export function serialHexOf(i: asn1js.Integer): string {
  return normalizeSerialHex(toHex(i.valueBlock.valueHexView)) ?? '';
}

function reasonOf(r: pkijs.RevokedCertificate): RevocationReason | 'other' | undefined {
  const ext = r.crlEntryExtensions?.extensions.find((e) => e.extnID === EXTENSION_OID.cRLReason);
  if (!ext) return undefined;
  let parsed: asn1js.AsnType;
  try {
    parsed = parseDer(ext.extnValue.valueBlock.valueHexView, 'CRL entry reasonCode');
  } catch {
    return 'other'; // an unreadable reason is shown as "other", the entry itself still counts as revoked
  }
  if (!(parsed instanceof asn1js.Enumerated)) return 'other';
  const code = parsed.valueBlock.valueDec;
  const hit = (Object.entries(REVOCATION_REASONS) as Array<[RevocationReason, number]>).find(([, v]) => v === code);
  return hit ? hit[0] : 'other';
}

/** Minimal DER INTEGER for a non-negative bigint. */
function encodeInteger(n: bigint): asn1js.Integer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let bytes = fromHex(hex);
  if (bytes[0]! & 0x80) bytes = Uint8Array.of(0, ...bytes);
  return new asn1js.Integer({ valueHex: toArrayBuffer(bytes) });
}

function integerToBigInt(i: asn1js.Integer): bigint {
  const bytes = i.valueBlock.valueHexView;
  if (bytes.length === 0) return 0n;
  let n = BigInt('0x' + toHex(bytes));
  if (bytes[0]! & 0x80) n -= 1n << BigInt(bytes.length * 8);
  return n;
}
