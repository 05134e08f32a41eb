/**
 * The one reading of a typed number of days (issue 13 item 5: there were two, with different
 * contracts). Whole days only: digits, blanks around them allowed; anything else (empty, decimals,
 * signs, exponents such as 1e3) is undefined. A number input bound with bind:value gives a number
 * (null when empty), so numbers are taken too, whole ones only. Which range is allowed is the
 * caller's rule: recipes validate their own (and say so per field), settings use the store's range.
 */
export function parseDays(value: string | number | null | undefined): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  return typeof value === 'string' && /^\s*\d{1,6}\s*$/.test(value) ? Number(value) : undefined;
}
