/**
 * Time shared by every lib module: the length of a day in milliseconds (validity periods, days
 * left, CRL nextUpdate, calendar days), and the one way long loops give the page its thread back.
 * Plain TypeScript, no imports: pki, store, recipes and xmail all use it.
 */

/** 24 h; certificate times are UTC (RFC 5280 4.1.2.5), so no day is 23 or 25 hours here. */
export const DAY_MS = 86_400_000;

/**
 * A macrotask: a resolved promise would keep the task going (issue 15: no task over 200 ms).
 * scheduler.yield (Chromium 129+) resumes ahead of other tasks; setTimeout is the fallback
 * (Node, other browsers).
 */
export function nextMacrotask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
