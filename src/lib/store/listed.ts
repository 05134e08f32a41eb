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
  /** certificateSearchText: what the text filter matches, lower-cased. */
  search: string;
}

/** What the text filter matches, lower-cased: names, subject, issuer, serial, SANs, user. */
export function certificateSearchText(r: CertificateSummary): string {
  return [r.commonName, r.subjectText, r.issuerText, r.serialHex, ...r.sans.map((s) => s.value), r.user?.name ?? '', r.user?.email ?? '']
    .join('\n')
    .toLowerCase();
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
