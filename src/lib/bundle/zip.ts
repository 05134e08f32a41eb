/**
 * The zip writer. Same files in, same bytes out: every entry (folders included) carries one fixed
 * timestamp, entries keep the manifest's order, and every folder gets its own entry (a trailing
 * "/", the MS-DOS directory attribute), as jszip wrote them before.
 *
 * Compression is DEFLATE (level 6: the zlib default), by fflate's zipSync (issue 15: page size;
 * jszip was 94 KB of the page, this ~13 KB). Bundles are a few files of a few KB each, so one
 * synchronous pass costs milliseconds. Paths are checked again here, so no caller can zip a path
 * that escapes the folder the user unzips into.
 */
import { zipSync, type ZipOptions as EntryOptions, type Zippable } from 'fflate';
import { BundleError } from './errors.ts';
import { assertBundleFiles, type BundleFile } from './manifest.ts';

/**
 * 1980-01-01 00:00:00 UTC, the first instant a zip (MS-DOS) timestamp can hold; reproducible-build
 * tools use it for the same reason. The DOS fields written are this date's UTC fields, so the
 * bytes do not depend on the machine's time zone.
 */
export const ZIP_FIXED_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

export interface ZipOptions {
  /** Timestamp of every entry; defaults to ZIP_FIXED_DATE. */
  date?: Date;
}

/** MS-DOS "directory" attribute (external file attributes, APPNOTE 4.4.15), as jszip set it. */
const DOS_DIRECTORY = 0x10;

export async function zipBundle(files: readonly BundleFile[], options: ZipOptions = {}): Promise<Uint8Array> {
  assertBundleFiles(files);
  const utc = options.date ?? ZIP_FIXED_DATE;
  // fflate writes the DOS fields from the local-time getters: hand it the local instant whose
  // fields are the UTC fields wanted.
  const mtime = new Date(utc.getUTCFullYear(), utc.getUTCMonth(), utc.getUTCDate(), utc.getUTCHours(), utc.getUTCMinutes(), utc.getUTCSeconds());
  const entries: Zippable = {};
  const add = (name: string, bytes: Uint8Array, o: EntryOptions): void => {
    // zipSync walks the object in key order; a key that is an array index ("12") would move first.
    if (/^(0|[1-9]\d*)$/.test(name)) throw new BundleError('BUNDLE_ZIP_FAILED', `zip: expected file names that keep their order, found ${JSON.stringify(name)}`);
    entries[name] = [bytes, { mtime, os: 0, ...o }];
  };
  const folders = new Set<string>();
  for (const f of files) {
    const segments = f.path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/');
      if (folders.has(folder)) continue;
      folders.add(folder);
      add(`${folder}/`, new Uint8Array(0), { level: 0, attrs: DOS_DIRECTORY });
    }
    add(f.path, f.bytes, { level: 6 });
  }
  try {
    return zipSync(entries);
  } catch (cause) {
    throw new BundleError('BUNDLE_ZIP_FAILED', `zip: expected an archive of ${files.length} files, found an error from fflate`, { cause });
  }
}
