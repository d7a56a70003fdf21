import { isUnder, LIBRARY_ROOTS } from "@charmarr/app-charm";
import type { CharmContext } from "@charmarr/charm";
import { type MediaManagerKind, readMediaManagers } from "@charmarr/interfaces";
import { PlexApiError, type PlexClient, type PlexLibraryType } from "@charmarr/workloads";
import * as z from "zod";
import { libraryTitle, type ManagedLibrary, planLibraries, type WantedLibrary } from "./library-plan";

// media-manager, Plex's side: a library per root folder of each related Radarr (movies) and
// Sonarr (shows), kept as library-plan.ts decides. Only folders on the shared volume (/data)
// count: a manager cannot point Plex at /config (where the server's token is) or the system.

type Ctx = CharmContext<{ "remove-orphaned-libraries"?: boolean }>;

const LIBRARY_TYPES: Partial<Record<MediaManagerKind, PlexLibraryType>> = { radarr: "movie", sonarr: "show" };

/** Unit state key of the charm's libraries (committed with the hook: a failed hook forgets, adoption finds them again). */
export const LIBRARIES_STATE_KEY = "plex-libraries";

const managedSchema = z.array(
  z.object({ key: z.string(), app: z.string(), folder: z.string(), type: z.enum(["movie", "show"]) }),
);

async function remembered(ctx: Ctx): Promise<ManagedLibrary[]> {
  const text = await ctx.tools.stateGetKey(LIBRARIES_STATE_KEY);
  if (text === undefined) return [];
  try {
    const parsed = managedSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** What the related managers call for; a reason per relation whose data cannot be used. */
async function wantedLibraries(ctx: Ctx): Promise<{ wanted: WantedLibrary[]; waiting: string[] }> {
  const wanted: WantedLibrary[] = [];
  const waiting: string[] = [];
  for (const related of await readMediaManagers(ctx)) {
    if (!related.ok) {
      waiting.push(related.reason);
      continue;
    }
    const type = LIBRARY_TYPES[related.data.manager];
    if (!type) {
      ctx.log.info(
        { app: related.remoteApp, manager: related.data.manager },
        "no Plex library kind for this manager",
      );
      continue;
    }
    const folders = related.data.rootFolders.filter((folder) => isUnder(folder, LIBRARY_ROOTS));
    if (folders.length < related.data.rootFolders.length) {
      ctx.log.warn(
        { app: related.remoteApp },
        "root folders outside the shared media volume get no Plex library",
      );
    }
    for (const folder of folders) {
      wanted.push({
        app: related.remoteApp,
        folder,
        type,
        title: libraryTitle(related.remoteApp, folder, folders.length),
      });
    }
  }
  return { wanted, waiting };
}

/** Brings Plex's libraries to what the managers call for; a reason to wait when it could not. */
export async function reconcileLibraries(
  ctx: Ctx,
  plex: PlexClient,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const [{ wanted, waiting }, before] = await Promise.all([wantedLibraries(ctx), remembered(ctx)]);
  try {
    const sections = await plex.sections();
    const plan = planLibraries(wanted, before, sections, ctx.config["remove-orphaned-libraries"] === true);
    const managed = [...plan.managed];
    for (const action of plan.actions) {
      if (action.kind === "create") {
        const { wanted: want } = action;
        const known = new Set((await plex.sections()).map((s) => s.key));
        await plex.createSection(want.title, want.type, [want.folder]);
        const made = (await plex.sections()).find(
          (s) => !known.has(s.key) && s.locations.includes(want.folder),
        );
        if (made) managed.push({ key: made.key, app: want.app, folder: want.folder, type: want.type });
        ctx.log.info({ app: want.app, folder: want.folder, title: want.title }, "created a Plex library");
      } else if (action.kind === "move") {
        await plex.setSectionLocations(action.key, action.type, [action.folder]);
        ctx.log.info(
          { key: action.key, from: action.from, to: action.folder },
          "moved a Plex library with its root folder",
        );
      } else {
        await plex.deleteSection(action.key);
        ctx.log.info(
          { key: action.key, app: action.app, folder: action.folder },
          "removed an orphaned Plex library",
        );
      }
    }
    if (JSON.stringify(managed) !== JSON.stringify(before)) {
      await ctx.tools.stateSet({ [LIBRARIES_STATE_KEY]: JSON.stringify(managed) });
    }
  } catch (error) {
    if (!(error instanceof PlexApiError)) throw error;
    ctx.log.warn({ error: error.message }, "Plex's libraries could not be brought up to date");
    return { ok: false, reason: `Plex's libraries could not be updated (retrying): ${error.message}` };
  }
  return waiting.length > 0 ? { ok: false, reason: waiting.join("; ") } : { ok: true };
}
