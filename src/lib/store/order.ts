/**
 * The store's one text order: code units (`<`), the same in every browser and locale. For values
 * whose order is only for determinism or whose format already sorts (same-format ISO dates, ids,
 * lower-case hex): no ICU collation per comparison, and no order that changes with the user's
 * locale. Names a person reads in a sorted list would need a collation instead; none is sorted so.
 * Used by the certificate list, the CRL, listCas, listPendingRequests, the expiry calendar and the
 * OpenSSL CA export's index.txt (order.test.ts).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
