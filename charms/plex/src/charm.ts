import { mountMediaStorage, reconcileGpuDevices, steadyApp, timezoneOption } from "@charmarr/app-charm";
import { defineCharm } from "@charmarr/charm";
import { MEDIA_LAYOUT } from "@charmarr/interfaces";
import { PlexClient } from "@charmarr/workloads";
import * as z from "zod";
import metadata from "../charmcraft.yaml";
import { reconcileLibraries } from "./manager-libraries";
import { PREFERENCES_FILE, plexService, plexSpec } from "./plex-app";
import { reclaimServer } from "./reclaim-action";
import { type ClaimState, exchangeClaim, readPreferences, writePreferences } from "./server-claim";

/**
 * Plex Media Server, run on the leader with the shared media volume at /data. The operator's
 * plex.tv claim token (a user secret) is exchanged once for the server's token, which lives in
 * Preferences.xml only; a claimed server ignores the secret.
 */
// Preferences.xml holds the server's token and what is changed in Plex's settings.
const steady = steadyApp({
  name: "plex",
  service: () => plexService,
  file: async (pebble) => ((await pebble.stat(PREFERENCES_FILE)) ? pebble.pull(PREFERENCES_FILE) : undefined),
});

export default defineCharm({
  metadata,
  config: { timezone: timezoneOption },
  actions: { reclaim: { params: z.object({}), run: reclaimServer } },
  async reconcile(ctx) {
    // A steady hook: Plex answers, Preferences.xml and the config as the last full hook left them.
    const kept = await steady.check(ctx);
    if (kept) return ctx.status.active(kept.message);
    const media = await mountMediaStorage(ctx, plexSpec.container);
    if (!media.ok) return;
    // hardware-transcoding: the node's /dev/dri in the plex container, through the pod template.
    if (!(await reconcileGpuDevices(ctx, plexSpec.container, ctx.config["hardware-transcoding"]))) return;
    // Set by the seed, which runs inside run(); typed wide so TypeScript does not narrow it here.
    let claim = { kind: "waiting", reason: "Plex's preferences were not read" } as ClaimState;
    const app = await plexService.run(
      ctx,
      async (pebble) => {
        const current = await readPreferences(pebble);
        let prefs = current.prefs;
        if (prefs.onlineToken !== undefined) {
          ctx.redact(prefs.onlineToken);
          claim = { kind: "claimed", serverToken: prefs.onlineToken };
        } else {
          const exchanged = await exchangeClaim(ctx, prefs);
          claim = exchanged.ok ? { kind: "claimed", serverToken: exchanged.serverToken } : exchanged.state;
          if (exchanged.ok) {
            prefs = exchanged.prefs;
            // PMS writes its preferences back as it stops: it must not be running while the
            // token goes in. replan starts it again.
            const [service] = await pebble.getServices([plexSpec.container]);
            if (service?.current === "active") await pebble.stopServices([plexSpec.container]);
          }
        }
        if (current.changed || prefs !== current.prefs) await writePreferences(pebble, prefs);
        return { restart: false };
      },
      { storage: media.storage, dirs: [MEDIA_LAYOUT.library] },
    );
    if (!app.ok) return;
    if (claim.kind === "blocked") return ctx.status.blocked(claim.reason);
    if (claim.kind === "waiting") return ctx.status.waiting(claim.reason);
    // An update-status that found something off: the managers' libraries change only with their
    // relations' events.
    const repaired = await ctx.steadyStatus();
    if (repaired) {
      await steady.remember(ctx, app.pebble);
      return ctx.status.active(repaired.message);
    }
    // The server's token, for Plex's own API on the pod's loopback only.
    const libraries = await reconcileLibraries(ctx, new PlexClient(app.localUrl, claim.serverToken));
    if (!libraries.ok) return ctx.status.waiting(libraries.reason);
    await steady.remember(ctx, app.pebble);
    ctx.status.active();
  },
});
