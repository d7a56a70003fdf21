import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join, normalize } from "node:path";
import { pipeline } from "node:stream/promises";
import yauzl, { type Entry, type ZipFile } from "yauzl";

/** One file of a .charm with its unix mode, as Juju would unpack it. */
export interface CharmArchiveEntry {
  path: string;
  mode: number;
  size: number;
}

function open(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, strictFileNames: true }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    ),
  );
}

async function eachEntry(path: string, visit: (zip: ZipFile, entry: Entry) => Promise<void>): Promise<void> {
  const zip = await open(path);
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: Entry) => {
      visit(zip, entry).then(() => zip.readEntry(), reject);
    });
    zip.on("end", resolve);
    zip.on("error", reject);
    zip.readEntry();
  });
  zip.close();
}

/** The file list of a .charm with modes (the upper 16 bits of the external attributes). */
export async function listCharmArchive(path: string): Promise<CharmArchiveEntry[]> {
  const entries: CharmArchiveEntry[] = [];
  await eachEntry(path, async (_zip, entry) => {
    entries.push({
      path: entry.fileName,
      mode: (entry.externalFileAttributes >>> 16) & 0o7777,
      size: entry.uncompressedSize,
    });
  });
  return entries;
}

/** Unpack a .charm into `dir`, keeping file modes (dispatch and node must stay executable). */
export async function unpackCharmArchive(path: string, dir: string): Promise<void> {
  await eachEntry(path, async (zip, entry) => {
    const target = join(dir, normalize(entry.fileName));
    if (!target.startsWith(dir)) throw new Error(`${entry.fileName} escapes the charm directory`);
    if (entry.fileName.endsWith("/")) {
      await mkdir(target, { recursive: true });
      return;
    }
    await mkdir(dirname(target), { recursive: true });
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
      zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
    );
    const mode = (entry.externalFileAttributes >>> 16) & 0o777;
    await pipeline(stream, createWriteStream(target, { mode: mode || 0o644 }));
  });
}
