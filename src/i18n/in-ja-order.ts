/**
 * The build writes each English catalog as its values in the Japanese catalog's key order
 * (vite.config.ts `catalogValuesInJaOrder`: the page carries each of the ~1,200 keys once, not
 * twice); this puts the keys back. The result is the same object the source defines: same keys,
 * same values (the build fails when the two catalogs of a file do not have the same key set).
 * An all-digit key ('10') is refused, here and by the build: Object.keys lists such keys first,
 * not in the source's order, so the values would land under the wrong keys.
 */
export function inJaOrder<K extends string>(ja: Readonly<Record<K, string>>, values: readonly string[]): Record<K, string> {
  const keys = Object.keys(ja) as K[];
  const allDigit = keys.find((k) => /^(0|[1-9]\d*)$/.test(k));
  if (allDigit !== undefined) {
    throw new Error(`catalog: expected no all-digit key, found '${allDigit}' (Object.keys lists it first, so the values would land under the wrong keys)`);
  }
  if (keys.length !== values.length) throw new Error(`catalog: expected ${keys.length} English values, found ${values.length}`);
  return Object.fromEntries(keys.map((k, i) => [k, values[i]])) as Record<K, string>;
}
