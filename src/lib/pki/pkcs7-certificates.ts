/**
 * The certificates inside a PKCS#7 SignedData "certificates-only" message (RFC 2315 §9.1, RFC 5652
 * §5.1: what `openssl crl2pkcs7 -nocrl` and Windows' .p7b export write), as DER.
 *
 * Two readers, one result. `pkcs7CertificateDersAsn1js` builds the whole message with asn1js and
 * writes each certificate back (derOf): for a .p7b of 200 certificates that was ~0.4-0.9 s in one
 * task (issue 15 item 3, a trace of the own-certificate drop; asn1js spends most of it checking
 * buffer types per node). `pkcs7CertificateDers` finds the certificates from the tags and lengths
 * (asn1.ts berElement) and hands out their bytes as they are; everything around them (contentType,
 * version, digest algorithms, CRLs, signer infos, anything in the set that is not a SEQUENCE) is
 * still built with asn1js, piece by piece, so what asn1js refused before is refused now. It takes
 * the asn1js reader whenever the message is not plainly laid out (a high tag number, a certificate
 * with indefinite or long-form-padded lengths, whose bytes derOf would rewrite, no certificate set)
 * and whenever anything fails, so errors stay the asn1js reader's, code and text. Each certificate's
 * own contents are checked by whoever summarises it (every caller does).
 * pkcs7-certificates.test.ts holds both readers to the same result over well-formed, BER, broken
 * and randomly corrupted messages.
 */
import * as asn1js from 'asn1js';
import { berCanonical, berChildren, berElement, derNodesWithin, derOf, expectOid, expectSequence, MAX_DER_NODES, parseDer, readAsn1, type BerElement } from './asn1.ts';
import { PkiError, assertInputSize } from './errors.ts';
import { CMS_OID } from './oids.ts';

/** PKCS7_MALFORMED when the DER is not a SignedData, PKCS7_NO_CERTIFICATES when it carries none, TOO_MANY_CERTIFICATES past `max`. */
export function pkcs7CertificateDers(der: Uint8Array, max: number): Uint8Array[] {
  const fast = byLayout(der);
  return fast ? checked(fast, max) : pkcs7CertificateDersAsn1js(der, max);
}

/** The asn1js reader (the only one before issue 15 item 3); also the fallback of the one above. */
export function pkcs7CertificateDersAsn1js(der: Uint8Array, max: number): Uint8Array[] {
  const certs = readAsn1('PKCS#7', () => {
    const [type, content] = expectSequence(parseDer(der, 'PKCS#7'), 'PKCS#7 ContentInfo');
    const oid = expectOid(type, 'PKCS#7 contentType');
    if (oid !== CMS_OID.signedData) throw new PkiError('PKCS7_MALFORMED', `PKCS#7: expected signedData, found ${oid}`);
    if (!(content instanceof asn1js.Constructed) || content.idBlock.tagClass !== 3 || content.idBlock.tagNumber !== 0) {
      throw new PkiError('PKCS7_MALFORMED', 'PKCS#7: expected [0] EXPLICIT SignedData');
    }
    const signedData = expectSequence(content.valueBlock.value[0], 'PKCS#7 SignedData');
    // SignedData: version, digestAlgorithms, contentInfo, [0] IMPLICIT certificates OPTIONAL, [1] crls, signerInfos
    const certSet = signedData.slice(3).find((n) => n.idBlock.tagClass === 3 && n.idBlock.tagNumber === 0);
    if (!certSet) return [];
    if (!(certSet instanceof asn1js.Constructed)) throw new PkiError('PKCS7_MALFORMED', 'PKCS#7: expected a constructed certificate set');
    // Only plain certificates (SEQUENCE); attribute certificates ([1], [2]) and other formats are skipped.
    return certSet.valueBlock.value.filter((n) => n instanceof asn1js.Sequence).map((n) => derOf(n));
  });
  return checked(certs, max);
}

function checked(certs: Uint8Array[], max: number): Uint8Array[] {
  if (certs.length === 0) throw new PkiError('PKCS7_NO_CERTIFICATES', 'PKCS#7: expected certificates in the SignedData, found none');
  if (certs.length > max) throw new PkiError('TOO_MANY_CERTIFICATES', `PKCS#7: expected at most ${max} certificates, found ${certs.length}`);
  return certs;
}

const SEQUENCE = 0x30;
const OID = 0x06;
const CONTEXT_0_CONSTRUCTED = 0xa0;
/** Context class, tag number 0, either form: what the asn1js reader takes for the certificate set. */
const isContext0 = (tag: number) => (tag & 0xdf) === 0x80;

/**
 * The certificates as subarrays of `der`, or undefined when the asn1js reader must decide (any
 * doubt, any failure). Parses with asn1js every element that is not a certificate of the set.
 */
/**
 * Universal tags whose contents asn1js keeps as bytes and writes back unchanged (BOOLEAN, INTEGER,
 * BIT STRING, OCTET STRING, ENUMERATED, the string and time types). Not here: end-of-contents,
 * which asn1js reads as empty whatever its length says, NULL (written back as 05 00), OBJECT
 * IDENTIFIER (checked below: asn1js re-encodes its sub-identifiers) and anything else.
 */
const KEPT_AS_BYTES = new Set([0x01, 0x02, 0x03, 0x04, 0x0a, 0x0c, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1e]);

/**
 * Whether asn1js, having read this certificate, writes back exactly these bytes (derOf), so the
 * bytes can be handed out as they are: every length canonical (berCanonical), and every primitive
 * one asn1js keeps as bytes. A random-corruption run found the end-of-contents case (a TBS whose
 * version tag became 00 03: asn1js read an empty EOC and wrote 00 00).
 */
function writtenBackAsIs(b: Uint8Array, el: BerElement, depth = 0): boolean {
  if (depth > 64) return false;
  const tag = el.tag;
  if (tag & 0x20) {
    const children = berChildren(b, el);
    return children !== undefined && children.every((c) => writtenBackAsIs(b, c, depth + 1));
  }
  if ((tag & 0xc0) !== 0) return true; // context, application, private: kept as bytes
  const length = el.contentEnd - el.contentStart;
  if (tag === 0x03 && (length === 0 || b[el.contentStart]! > 7 || (length === 1 && b[el.contentStart] !== 0))) return false;
  // asn1js reads a complete value inside an OCTET STRING or a BIT STRING (0 unused bits) and writes it back from what it read.
  const embedded = tag === 0x04 ? el.contentStart : tag === 0x03 && length > 1 && b[el.contentStart] === 0 ? el.contentStart + 1 : -1;
  if (embedded >= 0 && embedded < el.contentEnd) {
    if ((b[embedded]! & 0x1f) === 0x1f) return false;
    const inner = berElement(b, embedded, el.contentEnd, depth + 1);
    if (inner && inner.end === el.contentEnd && !(berCanonical(b, inner) && writtenBackAsIs(b, inner, depth + 1))) return false;
  }
  if (tag === 0x05) return length === 0;
  if (tag === 0x06) return minimalOid(b.subarray(el.contentStart, el.contentEnd));
  if (tag === 0x01) return el.contentEnd - el.contentStart === 1;
  return KEPT_AS_BYTES.has(tag);
}

/** Every sub-identifier in its shortest base-128 form (no leading 0x80), the last one complete. */
function minimalOid(v: Uint8Array): boolean {
  if (v.length === 0 || v[v.length - 1]! & 0x80) return false;
  for (let i = 0; i < v.length; i++) {
    const startsSid = i === 0 || !(v[i - 1]! & 0x80);
    if (startsSid && v[i] === 0x80) return false;
  }
  return true;
}

function byLayout(der: Uint8Array): Uint8Array[] | undefined {
  try {
    assertInputSize(der, 'PKCS#7');
  } catch {
    return undefined;
  }
  // parseDer's own first step: the node bound over the whole message (DER_TOO_COMPLEX otherwise).
  if (!derNodesWithin(der, MAX_DER_NODES)) return undefined;
  const root = berElement(der, 0, der.length);
  if (!root || root.end !== der.length || root.tag !== SEQUENCE) return undefined;
  const info = berChildren(der, root);
  if (!info || info.length < 2 || info[0]!.tag !== OID || info[1]!.tag !== CONTEXT_0_CONSTRUCTED) return undefined;
  const wrapped = berChildren(der, info[1]!);
  if (!wrapped || wrapped.length < 1 || wrapped[0]!.tag !== SEQUENCE) return undefined;
  const signed = berChildren(der, wrapped[0]!);
  if (!signed) return undefined;
  const setIndex = signed.findIndex((n, i) => i >= 3 && isContext0(n.tag));
  const set = signed[setIndex];
  if (!set || set.tag !== CONTEXT_0_CONSTRUCTED) return undefined;
  const members = berChildren(der, set);
  if (!members) return undefined;
  // A primitive tag 16 may still be an asn1js Sequence: let asn1js decide.
  if (members.some((m) => m.tag === 0x10)) return undefined;
  const certs = members.filter((m) => m.tag === SEQUENCE);
  if (!certs.every((c) => berCanonical(der, c) && writtenBackAsIs(der, c))) return undefined;

  // Everything else is built by asn1js, as the one-go read built it.
  const others: BerElement[] = [...info.filter((_, i) => i !== 1), ...wrapped.slice(1), ...signed.filter((_, i) => i !== setIndex), ...members.filter((m) => m.tag !== SEQUENCE)];
  try {
    if (expectOid(parseDer(der.subarray(info[0]!.start, info[0]!.end), 'PKCS#7'), 'PKCS#7 contentType') !== CMS_OID.signedData) return undefined;
    for (const o of others) parseDer(der.subarray(o.start, o.end), 'PKCS#7');
  } catch {
    return undefined;
  }
  return certs.map((c) => der.subarray(c.start, c.end));
}
