/**
 * The zip writer. Same files in, same bytes out: every entry (folders included) carries one fixed
 * timestamp, entries keep the manifest's order, and folders are added explicitly because jszip
 * stamps the folders it creates on its own with the current time.
 *
 * Entries are stored, not compressed (method 0 "stored" of PKWARE's APPNOTE.TXT, 4.4.5; issue 15
 * page size). The files are texts (PEM certificates and keys, the INSTALL texts, server.tab and its
 * patch, checksums) and PKCS#12 files, which are encrypted and do not compress; the zip is made in
 * the browser and saved to disk, never sent over a network. DEFLATE saved ~40 KB of disk on a
 * MailRoot bundle (tests/interop/bundle.test.ts's: 67 KB stored, 28 KB at level 6, most of it the two
 * INSTALL texts) and cost the page pako's deflate (~8.7 KB gzip; the build ships no deflate at all:
 * vite.config.ts `jszipWriterOnly`). Every unzip reads stored entries: Info-ZIP unzip, Windows'
 * Extract All, macOS's Archive Utility and ditto, 7-Zip.
 *
 * Paths are checked again here, so no caller can zip a path that escapes the folder the user unzips
 * into.
 *
 * Entries are Unix-platform with explicit modes, so Info-ZIP unzip (which restores a Unix entry's
 * mode whatever the umask) gives a private key or PKCS#12 file 600 in the unzipped folder, never
 * the umask's 644 a DOS-platform entry got; other files 644, folders 755. Windows' Extract All
 * ignores the modes (the folder's permissions apply there).
 */
import JSZip from 'jszip';
import { BundleError } from './errors.ts';
import { assertBundleFiles, type BundleFile } from './manifest.ts';

/**
 * 1980-01-01 00:00:00 UTC, the first instant a zip (MS-DOS) timestamp can hold; reproducible-build
 * tools use it for the same reason. jszip writes the UTC fields, so the bytes do not depend on the
 * machine's time zone.
 */
export const ZIP_FIXED_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

/** Files holding a private key (PEM key, PKCS#12): readable by their owner only once unzipped. */
const SECRET_FILE = /(^|\/)[^/]+\.(key|p12|pfx)$/i;
const FILE_MODE = 0o644;
const SECRET_MODE = 0o600;
const FOLDER_MODE = 0o755;

export interface ZipOptions {
  /** Timestamp of every entry; defaults to ZIP_FIXED_DATE. */
  date?: Date;
}

export async function zipBundle(files: readonly BundleFile[], options: ZipOptions = {}): Promise<Uint8Array> {
  assertBundleFiles(files);
  const date = options.date ?? ZIP_FIXED_DATE;
  const zip = new JSZip();
  const folders = new Set<string>();
  for (const f of files) {
    const segments = f.path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/');
      if (folders.has(folder)) continue;
      folders.add(folder);
      zip.file(folder, null, { dir: true, date, createFolders: false, unixPermissions: FOLDER_MODE });
    }
    zip.file(f.path, f.bytes, { binary: true, date, createFolders: false, unixPermissions: SECRET_FILE.test(f.path) ? SECRET_MODE : FILE_MODE });
  }
  try {
    return await zip.generateAsync({
      type: 'uint8array',
      compression: 'STORE',
      platform: 'UNIX',
    });
  } catch (cause) {
    throw new BundleError('BUNDLE_ZIP_FAILED', `zip: expected an archive of ${files.length} files, found an error from jszip`, { cause });
  }
}
