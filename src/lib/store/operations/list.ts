/**
 * The certificate list: effective status (revoked, expired, expiring within N days, valid), the
 * filter, and the order (nearest expiry first). ONE filter: listCertificates reads the store
 * through it, and the manage screen (recipes/manage.ts re-exports it) re-filters the entries it
 * loaded through it on each keystroke; a test compares the two over a real store.
 * Performance (docs/PERFORMANCE.md, manage view over 10,000 certificates): dates are parsed and
 * the search text lower-cased once per load (indexCertificates), not per comparison.
 * 100,000 certificates (issue 15 item 4): the list reads the certificate summaries (the records
 * without their bytes, schema.ts CertificateSummary; db.ts reads them from their packs, schema 7),
 * then filters and sorts them (the sort in turns, sort-in-turns.ts: one sort of 100,000 was a
 * 450 ms task in the bench's store load under load).
 */
import { sortInTurns } from '../../sort-in-turns.ts';
import { DAY_MS, nextMacrotask } from '../../time.ts';
import type { StoreContext } from '../context.ts';
import { compareText } from '../order.ts';
import { getSettings } from '../repositories.ts';
import type { CertificateSummary, IssuedProfile } from '../schema.ts';

export type EffectiveStatus = 'valid' | 'expiring' | 'expired' | 'revoked';
export type StatusFilter = 'all' | EffectiveStatus;

export interface CertificateFilter {
  /** 'valid' includes 'expiring'. */
  status?: StatusFilter;
  /** Window for 'expiring' (default settings.defaults.reminderDaysBefore). */
  withinDays?: number;
  /** Case-insensitive match on names, SANs, serial, user, issuer. */
  text?: string;
  caId?: string;
  profile?: IssuedProfile;
  /** Certificates replaced by a renewal are hidden unless asked for. */
  includeSuperseded?: boolean;
}
export interface CertificateListItem {
  /** The record without its bytes: getCertificate(db, record.id) reads the whole record. */
  record: CertificateSummary;
  status: EffectiveStatus;
  daysLeft: number;
}

export function effectiveStatus(record: CertificateSummary, now: Date, withinDays: number): EffectiveStatus {
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

/**
 * Search texts of frozen summaries (the store's in-memory copy, db.ts #readThrough, shares them
 * between reads and freezes them), so a list filtered or indexed again in the same page does not
 * build 100,000 strings again. A summary that is not frozen may still change: never remembered.
 */
const searchTexts = new WeakMap<CertificateSummary, string>();

/** What the text filter matches, lower-cased: names, subject, issuer, serial, SANs, user. */
export function certificateSearchText(r: CertificateSummary): string {
  const known = searchTexts.get(r);
  if (known !== undefined) return known;
  const text = searchTextOf(r);
  if (Object.isFrozen(r)) searchTexts.set(r, text);
  return text;
}

function searchTextOf(r: CertificateSummary): string {
  return [r.commonName, r.subjectText, r.issuerText, r.serialHex, ...r.sans.map((s) => s.value), r.user?.name ?? '', r.user?.email ?? '']
    .join('\n')
    .toLowerCase();
}

/** A certificate as the filter reads it: the date parsed and the search text lower-cased once. */
export interface CertificateListEntry {
  record: CertificateSummary;
  notAfterMs: number;
  search: string;
}

export interface CertificateListFilter {
  status: StatusFilter;
  withinDays: number;
  text: string;
  /** The clock at the load, in ms. */
  nowMs: number;
}

/** Keeps the order of the records given (listCertificates: nearest expiry first). */
export function indexCertificates(records: readonly CertificateSummary[]): CertificateListEntry[] {
  return records.map((record) => ({ record, notAfterMs: Date.parse(record.notAfter), search: certificateSearchText(record) }));
}

/** The status and text filter, in one pass, keeping the order of the entries. */
export function filterCertificates(entries: readonly CertificateListEntry[], f: CertificateListFilter): CertificateListItem[] {
  const needle = f.text.trim().toLowerCase();
  const items: CertificateListItem[] = [];
  for (const e of entries) {
    const status = statusAt(e.record.status === 'revoked', e.notAfterMs, f.nowMs, f.withinDays);
    if (!statusMatches(status, f.status)) continue;
    if (needle && !e.search.includes(needle)) continue;
    items.push({ record: e.record, status, daysLeft: Math.floor((e.notAfterMs - f.nowMs) / DAY_MS) });
  }
  return items;
}

/** Code-unit order (order.ts): same-format ISO strings, ids and lower-case hex need no ICU collation per comparison. */
export { compareText };

/**
 * Records indexed per turn: 100,000 certificates indexed (and their search text built) at once
 * were 150–500 ms tasks (issue 15 item 4: no task over 200 ms); the page runs between turns.
 */
export const LIST_TURN = 5_000;

/** The summaries the filter keeps (profile, superseded), each indexed, a macrotask every LIST_TURN. */
async function readEntries(ctx: StoreContext, filter: CertificateFilter, withSearch: boolean): Promise<CertificateListEntry[]> {
  const records = await ctx.db.certificateSummaries(filter.caId);
  const entries: CertificateListEntry[] = [];
  for (let i = 0; i < records.length; i++) {
    if (i > 0 && i % LIST_TURN === 0) await nextMacrotask();
    const record = records[i]!;
    if (filter.profile && record.profile !== filter.profile) continue;
    if (record.supersededBy && !filter.includeSuperseded) continue;
    entries.push({ record, notAfterMs: Date.parse(record.notAfter), search: withSearch ? certificateSearchText(record) : '' });
  }
  return entries;
}

/** The list's order: nearest expiry first, then id. */
function byExpiry(a: { record: CertificateSummary }, b: { record: CertificateSummary }): number {
  return compareText(a.record.notAfter, b.record.notAfter) || compareText(a.record.id, b.record.id);
}

export async function listCertificates(ctx: StoreContext, filter: CertificateFilter = {}): Promise<CertificateListItem[]> {
  const nowMs = ctx.clock.now().getTime();
  const withinDays = filter.withinDays ?? (await getSettings(ctx.db)).defaults.reminderDaysBefore;
  const text = filter.text ?? '';
  // The search text is built only when there is text to find (the filter reads it only then).
  const entries = await readEntries(ctx, filter, text.trim() !== '');
  const items = filterCertificates(entries, { status: filter.status ?? 'all', withinDays, text, nowMs });
  return sortInTurns(items, byExpiry);
}

/**
 * Every listed certificate (the filter's profile, caId and superseded choice; no status or text)
 * indexed for filterCertificates, in listCertificates' order: what the manage view filters in
 * memory. One read and one pass, in turns (before: listCertificates, then indexCertificates
 * parsed every date and built every search text again in one task).
 */
export async function listCertificateEntries(ctx: StoreContext, filter: Omit<CertificateFilter, 'status' | 'text' | 'withinDays'> = {}): Promise<CertificateListEntry[]> {
  return sortInTurns(await readEntries(ctx, filter, true), byExpiry);
}
