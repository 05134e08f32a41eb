/**
 * Hands bytes made in the page to the browser as a download, through a Blob URL that is revoked
 * once the browser has taken it (issue 6). The one place the page creates object URLs.
 */

/** Chromium reads a Blob URL asynchronously after click(): revoking in the same task can cancel the download. */
const REVOKE_AFTER_MS = 1000;

export function saveFile(bytes: Uint8Array, filename: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([bytes.slice()], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
