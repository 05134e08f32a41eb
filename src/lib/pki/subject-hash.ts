/**
 * OpenSSL's hashed-directory names (the `certs/` directory XMail reads through OpenSSL's
 * X509_LOOKUP_hash_dir); the digests themselves are digest.ts's.
 * Invariants: `subjectHashes` reproduces `openssl x509 -subject_hash` (OpenSSL >= 1.0.0: SHA-1 over
 * the canonical Name of crypto/x509/x_name.c x509_name_canon/asn1_string_canon) and
 * `-subject_hash_old` (0.9.8: MD5 over the Name DER), both as 8 lowercase hex digits.
 */
import * as asn1js from 'asn1js';
import { sha1 } from './digest.ts';
import { md5 } from './hashes.ts';
import { PkiError } from './errors.ts';
import { concatBytes, toHex } from './pem.ts';
import { decodeDirectoryString } from './names.ts';
import { derOf, derSetOf, expectOid, expectSequence, expectSet, parseDer, readAsn1 } from './asn1.ts';

export interface SubjectHashes {
  /** `openssl x509 -subject_hash` (OpenSSL >= 1.0.0): the HASH in certs/HASH.0. */
  hash: string;
  /** `openssl x509 -subject_hash_old` (OpenSSL 0.9.8, the XMail 1.27 Windows build's library). */
  hashOld: string;
}

/** Both hashed-directory names of a Name given as DER (a certificate's subject or a CRL's issuer). */
export function subjectHashes(nameDer: Uint8Array): SubjectHashes {
  return { hash: foldHash(sha1(canonicalNameEncoding(nameDer))), hashOld: foldHash(md5(nameDer)) };
}

/** Subject hashes of a certificate (DER), read from its TBSCertificate subject. */
export function subjectHashesOfCertificate(certDer: Uint8Array): SubjectHashes {
  return subjectHashes(certificateNameDer(certDer, 'subject'));
}

/** The DER of a certificate's subject or issuer Name, exactly as encoded in it. */
export function certificateNameDer(certDer: Uint8Array, which: 'subject' | 'issuer'): Uint8Array {
  return readAsn1('certificate', () => {
    const [tbs] = expectSequence(parseDer(certDer, 'certificate'), 'certificate');
    const fields = expectSequence(tbs, 'TBSCertificate');
    // TBSCertificate: [0] version (optional), serialNumber, signature, issuer, validity, subject (RFC 5280 4.1)
    const start = fields[0]?.idBlock.tagClass === 3 ? 1 : 0;
    const node = fields[start + (which === 'issuer' ? 2 : 4)];
    if (!(node instanceof asn1js.Sequence)) throw new PkiError('DER_WRONG_TYPE', `certificate: expected a ${which} Name`);
    return node.valueBeforeDecodeView.slice();
  });
}

/** OpenSSL reads the first four digest bytes little-endian and prints them as %08lx. */
function foldHash(md: Uint8Array): string {
  return toHex(Uint8Array.of(md[3]!, md[2]!, md[1]!, md[0]!));
}

/** Universal string types OpenSSL canonicalises (ASN1_MASK_CANON): UTF8, Printable, T61, IA5, Universal, BMP, Visible. */
const CANON_TAGS = new Set([12, 19, 20, 22, 26, 28, 30]);
const ASCII_SPACE = /[ \t\n\v\f\r]/;

/**
 * OpenSSL's canonical Name encoding: each value of a canonical string type converted to UTF-8,
 * leading/trailing ASCII whitespace removed, inner runs folded to one space, ASCII lower-cased and
 * re-tagged UTF8String; each RDN re-encoded as a DER SET (elements sorted); the RDNs concatenated
 * without the outer SEQUENCE header. An empty Name encodes to zero bytes.
 */
export function canonicalNameEncoding(nameDer: Uint8Array): Uint8Array {
  return readAsn1('Name', () => {
    const rdns = expectSequence(parseDer(nameDer, 'Name'), 'Name');
    return concatBytes(...rdns.map((rdn) => {
      const entries = expectSet(rdn, 'Name RDN').map((atv) => {
        const [typeNode, valueNode] = expectSequence(atv, 'Name attribute');
        const oid = expectOid(typeNode, 'Name attribute type');
        if (!valueNode) throw new PkiError('DER_MALFORMED', 'Name attribute: expected a value, found none');
        const universal = valueNode.idBlock.tagClass === 1 && !valueNode.idBlock.isConstructed;
        const value = universal && CANON_TAGS.has(valueNode.idBlock.tagNumber)
          ? new asn1js.Utf8String({ value: canonicalText(decodeDirectoryString(valueNode).value) })
          : valueNode;
        return derOf(new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), value] }));
      });
      return derSetOf(entries);
    }));
  });
}

/** asn1_string_canon: trim ASCII whitespace, fold inner runs to one space, lower-case ASCII letters only. */
function canonicalText(text: string): string {
  let s = text;
  let a = 0;
  let b = s.length;
  while (a < b && ASCII_SPACE.test(s[a]!)) a++;
  while (b > a && ASCII_SPACE.test(s[b - 1]!)) b--;
  s = s.slice(a, b).replace(/[ \t\n\v\f\r]+/g, ' ');
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
