/**
 * The certificate list: effective status (revoked, expired, expiring within N days, valid), the
 * filter, and the order (nearest expiry first). ONE filter: listCertificates reads the store
 * through it, and the manage screen (recipes/manage.ts re-exports it) re-filters the entries it
 * loaded through it on each keystroke; a test compares the two over a real store.
 * Performance (docs/PERFORMANCE.md, manage view over 10,000 certificates): the filter compares
 * numbers and a lower-cased search text, made once when the certificate is written (listed.ts),
 * not per load or per comparison.
 * 100,000 certificates (issue 15 item 4): the list reads the certificates' flat list entries
 * (listed.ts ListedCertificate; db.ts reads them from their packs, schema 8), then filters and
 * sorts them (the sort in turns, sort-in-turns.ts: one sort of 100,000 was a 450 ms task in the
 * bench's store load under load). A caller that needs more than an entry reads the summaries of
 * the few it keeps by id (StoreDb.certificateSummariesById).
 */
import { sortInTurns } from '../../sort-in-turns.ts';
import { DAY_MS, nextMacrotask } from '../../time.ts';
import type { StoreContext } from '../context.ts';
import { compareText } from '../order.ts';
import { getSettings } from '../repositories.ts';
import { listedCertificate, matchesText, type ListedCertificate } from '../listed.ts';
import type { CertificateSummary, IssuedProfile } from '../schema.ts';

export type EffectiveStatus = 'valid' | 'expiring' | 'expired' | 'revoked';
export type StatusFilter = 'all' | EffectiveStatus;

export interface CertificateFilter {
  /** 'valid' includes 'expiring'. */
  status?: StatusFilter;
  /** Window for 'expiring' (default settings.defaults.reminderDaysBefore). */
  withinDays?: number;
  /** Case-insensitive match within one of: names, subject, SANs, serial, user, issuer (listed.ts matchesText). */
  text?: string;
  caId?: string;
  profile?: IssuedProfile;
  /** Certificates replaced by a renewal are hidden unless asked for. */
  includeSuperseded?: boolean;
}
export interface CertificateListItem {
  /** The certificate's list entry (listed.ts): getCertificate(db, record.id) reads the whole record. */
  record: CertificateListEntry;
  status: EffectiveStatus;
  daysLeft: number;
}

export function effectiveStatus(record: Pick<CertificateSummary, 'status' | 'notAfter'>, now: Date, withinDays: number): EffectiveStatus {
  return statusAt(record.status === 'revoked', Date.parse(record.notAfter), now.getTime(), withinDays);
}

/** effectiveStatus from numbers parsed once: a list re-filtered per keystroke parses no dates. */
export function statusAt(revoked: boolean, notAfterMs: number, nowMs: number, withinDays: number): EffectiveStatus {
  if (revoked) return 'revoked';
  const left = notAfterMs - nowMs;
  if (left <= 0) return 'expired';
  return left <= withinDays * DAY_MS ? 'expiring' : 'valid';
}

/** The status filter: "valid" includes the expiring ones. */
export function statusMatches(status: EffectiveStatus, wanted: StatusFilter): boolean {
  if (wanted === 'all') return true;
  if (wanted === 'valid') return status === 'valid' || status === 'expiring';
  return status === wanted;
}

export { certificateSearchText } from '../listed.ts';

/**
 * A certificate as the filter reads it: its list entry (listed.ts, schema 8), the date a number and
 * the search text lower-cased already, shared with the store's in-memory copy (never changed).
 */
export type CertificateListEntry = Readonly<ListedCertificate>;

export interface CertificateListFilter {
  status: StatusFilter;
  withinDays: number;
  text: string;
  /** The clock at the load, in ms. */
  nowMs: number;
}

/** The list entries of these certificates, in the order given (tests and comparisons: the store reads them from its packs). */
export function indexCertificates(records: readonly CertificateSummary[]): CertificateListEntry[] {
  return records.map(listedCertificate);
}

/** The status and text filter, in one pass, keeping the order of the entries. */
export function filterCertificates(entries: readonly CertificateListEntry[], f: CertificateListFilter): CertificateListItem[] {
  const needle = f.text.trim().toLowerCase();
  const items: CertificateListItem[] = [];
  for (const e of entries) {
    const status = statusAt(e.status === 'revoked', e.notAfterMs, f.nowMs, f.withinDays);
    if (!statusMatches(status, f.status)) continue;
    if (needle && !matchesText(e, needle)) continue;
    items.push({ record: e, status, daysLeft: Math.floor((e.notAfterMs - f.nowMs) / DAY_MS) });
  }
  return items;
}

/** Code-unit order (order.ts): same-format ISO strings, ids and lower-case hex need no ICU collation per comparison. */
export { compareText };

/**
 * Entries looked at per turn: 100,000 certificates indexed (and their search text built) at once
 * were 150–500 ms tasks before schema 8 (issue 15 item 4: no task over 200 ms); the entries are
 * ready-made now and a turn costs little, but a caller's long list still never blocks the page.
 */
export const LIST_TURN = 5_000;

/** The list entries the filter keeps (profile, superseded), a macrotask every LIST_TURN. */
async function readEntries(ctx: StoreContext, filter: CertificateFilter): Promise<CertificateListEntry[]> {
  const records = await ctx.db.listedCertificates(filter.caId);
  const entries: CertificateListEntry[] = [];
  for (let i = 0; i < records.length; i++) {
    if (i > 0 && i % LIST_TURN === 0) await nextMacrotask();
    const record = records[i]!;
    if (filter.profile && record.profile !== filter.profile) continue;
    if (record.superseded && !filter.includeSuperseded) continue;
    entries.push(record);
  }
  return entries;
}

/** The list's order: nearest expiry first, then id. */
function byExpiry(a: CertificateListEntry, b: CertificateListEntry): number {
  return a.notAfterMs - b.notAfterMs || compareText(a.id, b.id);
}

function byItemExpiry(a: CertificateListItem, b: CertificateListItem): number {
  return byExpiry(a.record, b.record);
}

export async function listCertificates(ctx: StoreContext, filter: CertificateFilter = {}): Promise<CertificateListItem[]> {
  const nowMs = ctx.clock.now().getTime();
  const withinDays = filter.withinDays ?? (await getSettings(ctx.db)).defaults.reminderDaysBefore;
  const text = filter.text ?? '';
  const entries = await readEntries(ctx, filter);
  const items = filterCertificates(entries, { status: filter.status ?? 'all', withinDays, text, nowMs });
  return sortInTurns(items, byItemExpiry);
}

/**
 * Every listed certificate (the filter's profile, caId and superseded choice; no status or text)
 * indexed for filterCertificates, in listCertificates' order: what the manage view filters in
 * memory. One read and one pass, in turns (before: listCertificates, then indexCertificates
 * parsed every date and built every search text again in one task).
 */
export async function listCertificateEntries(ctx: StoreContext, filter: Omit<CertificateFilter, 'status' | 'text' | 'withinDays'> = {}): Promise<CertificateListEntry[]> {
  return sortInTurns(await readEntries(ctx, filter), byExpiry);
}
