/**
 * A stable sort that gives the page its thread back (issue 15 item 3: no task over 200 ms). One
 * `Array.prototype.sort` of 100,000 records is a 100-450 ms task on the bench machine (quiet to
 * loaded); here runs of RUN items are sorted one per turn, then merged pairwise, a macrotask every
 * TURN items moved. The result is exactly `[...items].sort(compare)`: V8's sort is stable (ES2019),
 * each run keeps its ties in order, and every merge takes the left run first on a tie.
 * Used by the certificate list (store/operations/list.ts) and the CRL's entries (operations/crl.ts).
 */
import { nextMacrotask } from './time.ts';

/** Items sorted in one turn, and items moved per turn by the merges. */
const RUN = 4096;
const TURN = 16_384;

export interface InTurnsOptions {
  run?: number;
  yieldToLoop?: () => Promise<void>;
}

export async function sortInTurns<T>(items: readonly T[], compare: (a: T, b: T) => number, options: InTurnsOptions = {}): Promise<T[]> {
  const runLength = Math.max(1, options.run ?? RUN);
  const yieldToLoop = options.yieldToLoop ?? nextMacrotask;
  const n = items.length;
  let src: T[] = items.slice();
  if (n <= runLength) return src.sort(compare);
  for (let start = 0; start < n; start += runLength) {
    if (start > 0) await yieldToLoop();
    const end = Math.min(n, start + runLength);
    const run = src.slice(start, end).sort(compare);
    for (let i = 0; i < run.length; i++) src[start + i] = run[i]!;
  }
  let dst: T[] = new Array<T>(n);
  for (let width = runLength; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const merge = { i: lo, j: mid, k: lo, mid, hi: Math.min(lo + 2 * width, n) };
      while (merge.k < merge.hi) {
        await yieldToLoop();
        mergeSome(src, dst, merge, compare, TURN);
      }
    }
    [src, dst] = [dst, src];
  }
  return src;
}

/** Moves up to `budget` items of the merge of src[i..mid) and src[mid..hi) into dst, from k on. */
function mergeSome<T>(src: T[], dst: T[], m: { i: number; j: number; k: number; mid: number; hi: number }, compare: (a: T, b: T) => number, budget: number): void {
  let { i, j, k } = m;
  const { mid, hi } = m;
  const stop = Math.min(hi, k + budget);
  while (k < stop) dst[k++] = i < mid && (j >= hi || compare(src[i]!, src[j]!) <= 0) ? src[i++]! : src[j++]!;
  m.i = i;
  m.j = j;
  m.k = k;
}
