/**
 * A certificate as the list holds it (schema version 8, issue 15 item 4): one flat object of
 * strings and numbers with only what the list filters, sorts and shows in a row, its search text
 * already lower-cased. db.ts packs these (schema.ts ListPack) from every certificate it writes, and
 * a fresh page reads 100,000 of them from 64 packs. Measured (docs/PERFORMANCE.md, Round 5): the
 * read's cost is making objects, not bytes; the summaries it packed before (nested `sans` and
 * `user`, deep-frozen one by one, the search text built again at every load) were ~4 objects and
 * ~16 strings a certificate. Everything else of a certificate is read by id: the summaries
 * (StoreDb.certificateSummariesById) or the whole record (getCertificate).
 * Plain data only (no store access): db.ts, the list and the tests share it.
 */
import type { CertificateStatus, CertificateSummary, IssuedProfile } from './schema.ts';

export interface ListedCertificate {
  id: string;
  caId: string | null;
  profile: IssuedProfile;
  status: CertificateStatus;
  /** notAfter as ms since the epoch: the filter and the order compare numbers, not dates. */
  notAfterMs: number;
  serialHex: string;
  /** What a row names the certificate by: the user's name, else the common name (may be ''). */
  label: string;
  /** Replaced by a renewal (supersededBy set); absent otherwise. */
  superseded?: true;
  /** certificateSearchText: what the text filter matches besides the serial, lower-cased. */
  search: string;
}

/**
 * What the text filter matches besides the serial (the entry's serialHex, lower-case hex already),
 * lower-cased, one field a line: names, subject, issuer, SANs, user. A field contained in another
 * one is left out (the common name in "CN=<it>", a user's e-mail that is also the SAN): a text
 * found in it is found in the other, and the 100,000 entries a fresh page reads are ~35% fewer bytes.
 */
export function certificateSearchText(r: CertificateSummary): string {
  const fields = [r.commonName, r.subjectText, r.issuerText, ...r.sans.map((s) => s.value), r.user?.name ?? '', r.user?.email ?? '']
    .map((f) => f.toLowerCase())
    .filter((f) => f !== '');
  // The containment check is quadratic: past CONTAINMENT_FIELDS (a certificate with 1,024 long
  // SANs: ~0.5 s a commit) only exact duplicates are left out.
  if (fields.length > CONTAINMENT_FIELDS) return [...new Set(fields)].join('\n');
  fields.sort((a, b) => b.length - a.length);
  const kept: string[] = [];
  for (const f of fields) if (!kept.some((k) => k.includes(f))) kept.push(f);
  return kept.join('\n');
}

/** Fields (names, subject, issuer, SANs, user) up to which certificateSearchText leaves out one contained in another. */
export const CONTAINMENT_FIELDS = 32;

/** The text filter on one entry: `needle` lower-cased and trimmed, not empty; found within one field or the serial. */
export function matchesText(entry: Pick<ListedCertificate, 'search' | 'serialHex'>, needle: string): boolean {
  return entry.search.includes(needle) || entry.serialHex.includes(needle);
}

/** The list's entry of a certificate (its summary or its record: the fields read are the same). */
export function listedCertificate(r: CertificateSummary): ListedCertificate {
  const entry: ListedCertificate = {
    id: r.id,
    caId: r.caId,
    profile: r.profile,
    status: r.status,
    notAfterMs: Date.parse(r.notAfter),
    serialHex: r.serialHex,
    label: r.user?.name ?? r.commonName,
    search: certificateSearchText(r),
  };
  if (r.supersededBy) entry.superseded = true;
  return entry;
}
