import { accessSync, constants, readdirSync, statfsSync, statSync } from "node:fs";
import { userInfo } from "node:os";
import { posix } from "node:path";
import type { AppDatabase } from "./app-database";
import { invalid } from "./http-exchange";
import { DefinitionStore } from "./provider-definitions";
import { idParam, type Router } from "./routes";
import type { ServarrKind } from "./servarr-kind";
import { failure } from "./validation";

// `/api/v3/rootfolder` of Radarr and Sonarr (specs/app-apis.md §f). The path is checked on the
// filesystem the app sees, so a charm must create the folder, writable by the app's user, first.

interface RootFolder {
  id: number;
  path: string;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function render(folder: RootFolder, kind: ServarrKind) {
  const accessible = isDirectory(folder.path);
  let space: { freeSpace?: number; totalSpace?: number } = {};
  let unmappedFolders: { name: string; path: string; relativePath: string }[] = [];
  if (accessible) {
    const stats = statfsSync(folder.path);
    space = { freeSpace: stats.bavail * stats.bsize, totalSpace: stats.blocks * stats.bsize };
    // The stand-in keeps no library (imports are not matched to movies or series), so every
    // subfolder is unmapped.
    unmappedFolders = readdirSync(folder.path, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => ({
        name: entry.name,
        path: posix.join(folder.path, entry.name),
        relativePath: entry.name,
      }));
  }
  return {
    id: folder.id,
    path: folder.path,
    accessible,
    freeSpace: space.freeSpace,
    ...(kind === "sonarr" ? { totalSpace: space.totalSpace } : {}),
    unmappedFolders,
  };
}

/** The routes; returns the folders as configured now, for the import. */
export function rootFolderRoutes(
  router: Router,
  kind: ServarrKind,
  db?: AppDatabase,
): () => readonly RootFolder[] {
  const table = db?.table<{ items: (RootFolder & { name: string })[]; nextId: number }>("RootFolders");
  const folders = new DefinitionStore<RootFolder & { name: string }>(
    table && { load: () => table.load(), save: (items, nextId) => table.save({ items, nextId }) },
  );
  router.on("GET", "rootfolder", () => ({
    status: 200,
    body: folders
      .list()
      .sort((a, b) => a.id - b.id)
      .map((f) => render(f, kind)),
  }));
  router.on("GET", "rootfolder/{id}", (request) => ({
    status: 200,
    body: render(folders.get(idParam(request)), kind),
  }));
  router.on("POST", "rootfolder", async (request) => {
    const body = await request.body();
    const given = typeof body.path === "string" ? body.path : "";
    const path = given.length > 1 ? given.replace(/\/+$/, "") : given;
    const fail = (message: string) => invalid([failure("Path", message)]);
    if (!posix.isAbsolute(path) || path.includes("\0")) throw fail(`Invalid Path: '${given}'`);
    if (folders.list().some((f) => f.path === path))
      throw fail(`Path '${path}' is already configured as a root folder`);
    if (!isDirectory(path)) throw fail(`Path '${path}' does not exist`);
    if (!writable(path)) throw fail(`Folder '${path}' is not writable by user '${userInfo().username}'`);
    const folder = folders.add((id) => ({ id, path, name: path }));
    return { status: 201, body: render(folder, kind) };
  });
  router.on("DELETE", "rootfolder/{id}", (request) => {
    folders.remove(idParam(request));
    return { status: 200 };
  });
  return () => folders.list();
}
