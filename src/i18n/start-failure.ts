/**
 * What the page says when its start fails (src/main.ts): a chunk the start needs is missing or
 * refused, as in a file cut short by a download. Both languages at once, from the start's own
 * code: the catalogs (and the language choice, read by the UI) may be what did not load.
 */
export const START_FAILURE = {
  ja: 'このページを開けませんでした。ファイルが途中で切れているか、変更されている可能性があります。配布元から入手し直し、SHA-256 を確かめてください。',
  en: 'This page could not start. The file may be cut short or changed: get it again from where you downloaded it and check its SHA-256.',
} as const;
