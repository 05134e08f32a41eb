/**
 * The list of "証明書の管理": what was read at the last load (recipes' loadManageSnapshot), the
 * filters bound to the inputs, and the page shown, all derived in memory: a keystroke reads nothing
 * from the vault and a page shows 100 rows (10,000 rows at once were one ~750 ms task).
 */
import {
  createTimeline,
  filterCertificates,
  listPage,
  type BackupReminder,
  type CertificateListEntry,
  type ManageSnapshot,
  type Timeline,
} from '../../../lib/recipes/index.ts';
import type { BackupStatus, CaRecord, StatusFilter } from '../../../lib/store/index.ts';

export const STATUS_FILTERS: readonly StatusFilter[] = ['all', 'valid', 'expiring', 'expired', 'revoked'];

export class ManageListState {
  /** Every listed certificate as read at the last refresh; the filters work on it in memory. */
  entries = $state.raw<CertificateListEntry[]>([]);
  nowMs = $state(0);
  cas = $state.raw<CaRecord[]>([]);
  get backup() { return this.#backup; }
  #backup = $state.raw<BackupStatus>({ lastBackupAt: null, changesSinceBackup: 0 });
  /** Computed with the clock at each refresh (a backup, a change in any tab). */
  get reminder() { return this.#reminder; }
  #reminder = $state.raw<BackupReminder>({ due: false });
  persistence = $state<'granted' | 'denied' | 'unsupported' | ''>('');
  #status = $state<StatusFilter>('all');
  #withinText = $state('30');
  #text = $state('');
  /** The page asked for (1-based); `pager` clamps it to the filtered list. */
  get page() { return this.#page; }
  #page = $state(1);

  get withinDays() { return this.#withinDays; }
  #withinDays = $derived(Math.max(1, Math.floor(Number(this.withinText)) || 30));
  get items() { return this.#items; }
  #items = $derived(filterCertificates(this.entries, { status: this.status, withinDays: this.withinDays, text: this.text, nowMs: this.nowMs }));
  get pager() { return this.#pager; }
  #pager = $derived(listPage(this.items.length, this.page));
  get visible() { return this.#visible; }
  #visible = $derived(this.items.slice(this.pager.start, this.pager.end));
  /** The rows of the page shown (a 10,000-bar SVG would be the same long task as the table). */
  get timeline() { return this.#timeline; }
  #timeline: Timeline = $derived(createTimeline(this.visible.filter((i) => i.status !== 'revoked'), { warnDays: this.withinDays }));

  // The filters (bound to the inputs): a new filter shows its first page.
  get status(): StatusFilter {
    return this.#status;
  }
  set status(value: StatusFilter) {
    this.#status = value;
    this.#page = 1;
  }
  get withinText(): string {
    return this.#withinText;
  }
  set withinText(value: string) {
    this.#withinText = value;
    this.#page = 1;
  }
  get text(): string {
    return this.#text;
  }
  set text(value: string) {
    this.#text = value;
    this.#page = 1;
  }

  /** Takes a fresh read; the filters and the page asked for stay. */
  show(snapshot: ManageSnapshot): void {
    this.entries = snapshot.entries;
    this.nowMs = snapshot.nowMs;
    this.cas = snapshot.cas;
    this.#backup = snapshot.backup;
    this.#reminder = snapshot.reminder;
  }

  goToPage(page: number): void {
    this.#page = listPage(this.items.length, page).page;
  }
}
