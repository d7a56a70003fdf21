import type { CharmContext } from "@charmarr/charm";
import { MEDIA_LAYOUT } from "@charmarr/interfaces";
import type { ApiKeyContent, OwnedSecret, OwnedSecretDefinition } from "@charmarr/secrets";
import { mountMediaStorage } from "../media-storage";
import type { SharedMedia } from "../workload-service";
import type { RelationPrefetch, ServarrAppSpec } from "./servarr-app-spec";
import type { ServarrConfig } from "./servarr-config";
import { type RunningServarr, runServarr, servarrHook, wantedSettings } from "./servarr-service";

type Ctx = CharmContext<ServarrConfig>;

/** The app up and answering, with the key's secret in this hook (to grant and publish). */
export type StartResult =
  | ({ ok: true; secret: OwnedSecret<ApiKeyContent> } & RunningServarr)
  | { ok: false; reason: string };

/**
 * Leader: the media library mounted (Radarr, Sonarr; media-storage-mount.ts), the key found or
 * created (repairing drift), config.xml seeded with it, the app run and waited for. Non-leader:
 * stop the app and say why. Not ok: a status says why.
 */
export async function startServarr(
  ctx: Ctx,
  spec: ServarrAppSpec,
  apiKey: OwnedSecretDefinition<ApiKeyContent, "rotation-interval", ServarrConfig>,
): Promise<StartResult> {
  if (!(await ctx.isLeader())) {
    const standby = await runServarr(ctx, spec, undefined);
    return standby.ok ? { ok: false, reason: "standby" } : standby;
  }
  // Each hook tool is a process: start the reads every leader hook needs while the secret is
  // read (all memoised for the hook), instead of one after the other.
  servarrHook(ctx, spec)
    .service.reachable(ctx)
    .catch(() => undefined);
  if (await ctx.steadyStatus()) {
    const steady = await steadyServarr(ctx, spec, apiKey);
    if (steady) return steady;
  }
  prefetchRelations(ctx, spec.prefetch ?? []);
  const [media, key] = await Promise.all([sharedMedia(ctx, spec), apiKey.get(ctx)]);
  if (media === false) return { ok: false, reason: "media storage not mounted" };
  if (!key.ok) {
    ctx.status.waiting(key.reason);
    return key;
  }
  const running = await runServarr(ctx, spec, key.secret.content["api-key"], media);
  return running.ok ? { ...running, secret: key.secret } : running;
}

/**
 * A steady update-status (ctx.steadyStatus): what can change without an event is checked, the
 * app answering and config.xml holding the key and the charm's settings; the media mount, the
 * folders, the Pebble layer and the relations are left as the last full hook made them, since
 * they change only with events of their own (a pod recreated by a template change runs its own
 * hooks). Undefined when anything is off: the full path then repairs it.
 */
async function steadyServarr(
  ctx: Ctx,
  spec: ServarrAppSpec,
  apiKey: OwnedSecretDefinition<ApiKeyContent, "rotation-interval", ServarrConfig>,
): Promise<StartResult | undefined> {
  const hook = servarrHook(ctx, spec);
  const [key, state] = await Promise.all([apiKey.get(ctx), hook.service.reachable(ctx)]);
  if (!key.ok || !state.ok) return undefined;
  const configXml = hook.configXml(state.pebble);
  const value = key.secret.content["api-key"];
  // A file the app would refuse, or one Pebble cannot give: the full path says why.
  try {
    const current = await configXml.read();
    if (!current?.holds(wantedSettings(spec, ctx.config, value, current.settings))) return undefined;
  } catch {
    return undefined;
  }
  return {
    ok: true,
    secret: key.secret,
    pebble: state.pebble,
    address: state.address,
    localApiUrl: `${state.localUrl}${hook.urlBase}`,
    apiUrl: `${state.publicUrl}${hook.urlBase}`,
    apiKey: value,
    configXml,
    record: hook.record(state.pebble),
    media: undefined,
  };
}

function prefetchRelations(ctx: Ctx, prefetches: readonly RelationPrefetch[]): void {
  const ignore = () => undefined; // a failed read fails again, and is reported, where it is used
  for (const { endpoint, reads } of prefetches) {
    ctx.relations(endpoint).then((relations) => {
      for (const relation of relations) for (const read of reads) relation[read]().catch(ignore);
    }, ignore);
  }
}

/**
 * A media manager's library on the shared volume (undefined for Prowlarr, which has none); false
 * while it is not mounted here (a status says why).
 */
async function sharedMedia(ctx: Ctx, spec: ServarrAppSpec): Promise<SharedMedia | undefined | false> {
  if (spec.app === "prowlarr") return undefined;
  const mounted = await mountMediaStorage(ctx, spec.container);
  return mounted.ok ? { storage: mounted.storage, dirs: [MEDIA_LAYOUT.library] } : false;
}
