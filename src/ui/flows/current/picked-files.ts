/**
 * Turns what the browser hands over (an <input multiple>, an <input webkitdirectory>, or a drop
 * that may hold folders) into `{ path, file }` pairs, without reading any bytes yet. Folders are
 * walked with the File and Directory Entries API (DataTransferItem.webkitGetAsEntry), the only way
 * a dropped folder's files are reachable in Chromium, Firefox and Safari.
 */
export interface PickedFile {
  /** The name, or the path inside the chosen/dropped folder (`MailRoot/certs/1a2b3c4d.0`). */
  readonly path: string;
  readonly file: File;
}

/** <input type=file multiple> or <input webkitdirectory>: webkitRelativePath is set for folders. */
export function pickedFromInput(files: FileList | null): PickedFile[] {
  return Array.from(files ?? [], (file) => ({ path: file.webkitRelativePath || file.name, file }));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** readEntries returns at most 100 entries per call (Chromium): call until it returns none. */
async function childrenOf(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

async function walk(entry: FileSystemEntry, prefix: string, out: PickedFile[]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    out.push({ path, file: await fileOf(entry as FileSystemFileEntry) });
  } else if (entry.isDirectory) {
    for (const child of await childrenOf(entry as FileSystemDirectoryEntry)) await walk(child, path, out);
  }
}

/** A drop: folders are walked; plain files keep their names. */
export async function pickedFromDrop(data: DataTransfer | null): Promise<PickedFile[]> {
  if (!data) return [];
  // Entries must be taken synchronously, before the first await: the DataTransfer empties after the event.
  const entries = Array.from(data.items, (item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null));
  if (entries.every((e) => e === null)) return pickedFromInput(data.files);
  const files = Array.from(data.files);
  const out: PickedFile[] = [];
  for (const [i, entry] of entries.entries()) {
    if (entry) await walk(entry, '', out);
    else if (files[i]) out.push({ path: files[i].name, file: files[i] });
  }
  return out;
}
