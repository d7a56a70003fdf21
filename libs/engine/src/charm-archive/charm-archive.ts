import { createWriteStream } from "node:fs";
import { mkdir, rm, symlink } from "node:fs/promises";
import { dirname, join, normalize, relative, resolve, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import yauzl, { type Entry, type ZipFile } from "yauzl";

/** One file of a .charm with its unix mode, as Juju would unpack it. */
export interface CharmArchiveEntry {
  path: string;
  /** Permission bits (0o7777). */
  mode: number;
  size: number;
  /** From the file-type bits of the entry's unix mode (charmcraft stores hooks/* as symlinks). */
  type: "file" | "directory" | "symlink";
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

function entryType(entry: Entry): CharmArchiveEntry["type"] {
  const format = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (format === S_IFLNK) return "symlink";
  if (format === S_IFDIR || entry.fileName.endsWith("/")) return "directory";
  return "file";
}

function within(dir: string, target: string): boolean {
  const rel = relative(dir, target);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep));
}

function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => resolve(Buffer.concat(chunks)));
      stream.on("error", reject);
    }),
  );
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
      type: entryType(entry),
    });
  });
  return entries;
}

/**
 * Unpack a .charm into `dir`, keeping file modes (dispatch and node must stay executable) and
 * symlinks (hooks/install -> ../dispatch); a path or a link target outside `dir` is refused.
 */
export async function unpackCharmArchive(path: string, dir: string): Promise<void> {
  const root = resolve(dir);
  await eachEntry(path, async (zip, entry) => {
    const target = join(root, normalize(entry.fileName));
    if (!within(root, target)) throw new Error(`${entry.fileName} escapes the charm directory`);
    const type = entryType(entry);
    if (type === "directory") {
      await mkdir(target, { recursive: true });
      return;
    }
    await mkdir(dirname(target), { recursive: true });
    if (type === "symlink") {
      const link = (await readEntry(zip, entry)).toString("utf8");
      if (link.startsWith("/") || !within(root, resolve(dirname(target), link))) {
        throw new Error(`${entry.fileName} links outside the charm directory (${link})`);
      }
      await rm(target, { force: true }); // unpacking over an older copy (upgrade-charm)
      await symlink(link, target);
      return;
    }
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
      zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
    );
    const mode = (entry.externalFileAttributes >>> 16) & 0o777;
    await pipeline(stream, createWriteStream(target, { mode: mode || 0o644 }));
  });
}
