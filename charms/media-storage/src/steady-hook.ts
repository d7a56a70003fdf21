import { type CharmContext, charmDirDigest, digestOf, type Status } from "@charmarr/charm";
import type { StorageConfig } from "./storage-config";

// A steady hook of the storage: an update-status, or a config-changed that changed nothing since
// the last full hook that ended active (an agent restart). What it publishes then changes only
// with a relation's own event or with the claim (which every hook still reads), so the
// consumers' relations are not read again. The config is remembered as one digest in the charm
// dir (charmDirDigest); a new pod, or a hook that did not end active, takes the full path.

type Ctx = CharmContext<StorageConfig>;

const remembered = (ctx: Ctx) => charmDirDigest(ctx.juju.charmDir, ".media-storage-steady");
const configDigest = (ctx: Ctx) => digestOf(["media-storage-steady/1", ctx.config]);

/** The active status the last hook left, when this hook is steady; else undefined. */
export async function steadyStorageStatus(ctx: Ctx): Promise<Status | undefined> {
  if (ctx.event.kind === "update-status") return ctx.steadyStatus();
  if (ctx.event.kind !== "config-changed" || !remembered(ctx).matches(configDigest(ctx))) return undefined;
  const last = await ctx.lastStatus();
  return last.name === "active" ? last : undefined;
}

/** A full hook ended active: this config is the steady one. */
export function rememberSteadyStorage(ctx: Ctx): void {
  remembered(ctx).remember(configDigest(ctx));
}
