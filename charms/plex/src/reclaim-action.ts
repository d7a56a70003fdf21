import type { ActionContext, CharmContext } from "@charmarr/charm";
import { plexService, plexSpec } from "./plex-app";
import { exchangeClaim, readPreferences, writePreferences } from "./server-claim";

type Ctx = CharmContext<{ "claim-token"?: string; timezone?: string }>;

/**
 * `juju run plex/leader reclaim`: claim the server again with the token now in the claim-token
 * secret, replacing the server's token (moving it to another plex.tv account). Plex is stopped
 * while its preferences change and started again.
 */
export async function reclaimServer(ctx: Ctx, action: ActionContext<Record<string, never>>): Promise<void> {
  if (!(await ctx.isLeader()))
    return action.fail(`run it on the leader: juju run ${ctx.app.name}/leader reclaim`);
  const app = await plexService.reachable(ctx);
  if (!app.ok) return action.fail(`Plex is not running: ${app.reason}`);
  const { prefs } = await readPreferences(app.pebble);
  if (prefs.onlineToken !== undefined) ctx.redact(prefs.onlineToken);
  const exchanged = await exchangeClaim(ctx, prefs);
  if (!exchanged.ok) return action.fail(exchanged.state.reason);
  await action.log("claimed on plex.tv; restarting Plex with the new server token");
  await app.pebble.stopServices([plexSpec.container]);
  await writePreferences(app.pebble, exchanged.prefs);
  if (!(await plexService.startAndWait(app.pebble, app.localUrl, "start"))) {
    return action.fail("Plex did not answer after the restart; the new token is in place");
  }
  action.setResults({ claimed: true, "machine-identifier": exchanged.prefs.machineIdentifier });
}
