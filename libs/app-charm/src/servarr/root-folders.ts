import type { CharmContext } from "@charmarr/charm";
import { mediaFolderFor } from "@charmarr/interfaces";
import { type MediaManagerApp, MediaManagerClient } from "@charmarr/workloads";
import * as z from "zod";
import { makeMediaDirs } from "../media-storage/media-tree";
import { isUnder, LIBRARY_ROOTS } from "../workload-service/media-paths";
import { describeCallFailure } from "./servarr-errors";
import type { RunningServarr } from "./servarr-service";

/** `root-folder`: a folder of the media tree, or empty for none; the example is the manager's own default. */
export function rootFolderOption(manager: MediaManagerApp) {
  return z
    .string()
    .refine((value) => value === "" || isUnder(value, LIBRARY_ROOTS))
    .describe(
      `a folder under ${LIBRARY_ROOTS.join(" or ")} such as /data/media/${mediaFolderFor(manager)} (no . or .. parts), or empty`,
    );
}

/**
 * The app's root folders, with the configured one in place: created in the container and added
 * to the app when missing; the one the charm added before is removed when the option changes
 * (never a folder the operator added in the web UI). Returns every root folder the app has,
 * or undefined when the app could not be asked (a status says why).
 */
export async function reconcileRootFolders(
  ctx: CharmContext<{ "root-folder"?: string }>,
  manager: MediaManagerApp,
  app: RunningServarr,
): Promise<string[] | undefined> {
  const wanted = ctx.config["root-folder"] ?? "";
  const client = new MediaManagerClient({ app: manager, url: app.localApiUrl, apiKey: app.apiKey });
  const path = wanted.length > 1 ? wanted.replace(/\/+$/, "") : wanted;
  try {
    const [folders, record] = await Promise.all([client.rootFolders.list(), app.record.read()]);
    let paths = folders.map((f) => f.path);
    const previous = record.rootFolder;
    if (previous && previous !== path) {
      const old = folders.find((f) => f.path === previous);
      if (old) {
        await client.rootFolders.remove(old.id);
        ctx.log.info({ path: previous }, "removed the root folder the charm had added");
        paths = paths.filter((p) => p !== previous);
      }
    }
    if (path && !paths.includes(path)) {
      // On the shared volume, owned by the stack's ids (the app runs as them) with the umask's mode.
      if (app.media) await makeMediaDirs(app.pebble, app.media.storage, [path]);
      else await app.pebble.makeDir(path, { makeParents: true });
      await client.rootFolders.add(path);
      ctx.log.info({ path }, "added the root folder");
      paths.push(path);
    }
    await app.record.update({ rootFolder: path || undefined });
    return paths;
  } catch (err) {
    const reason = describeCallFailure(err, manager, app.localApiUrl, "the root folder");
    if (reason === undefined) throw err;
    ctx.status.waiting(`root folder ${path || "(none)"}: ${reason}`);
    return undefined;
  }
}
