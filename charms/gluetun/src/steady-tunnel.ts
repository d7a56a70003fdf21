import type { CharmContext, Status } from "@charmarr/charm";
import type { Config } from "../charmcraft.yaml";
import { tunnelState } from "./gluetun-control";
import { controlApiKey } from "./gluetun-secrets";
import { tunnelStatus } from "./tunnel-status";

/**
 * A steady update-status (ctx.steadyStatus): is the tunnel still as `steady` says? Asked of
 * Gluetun's control and health servers, with the control key (its one secret read): what changes
 * without an event is the tunnel (up or down, the exit IP) and Gluetun's health. The proxy and VPN
 * credentials, the files, the pod and the vpn-gateway relations change only with events of their
 * own, whose hooks take the full path. Gluetun taking this key also shows it still runs what the
 * last full hook wrote: the key and the proxy credentials are renewed in one restart.
 * False when anything differs: the full path then publishes the new state and says it.
 */
export async function tunnelAsReported(ctx: CharmContext<Config>, steady: Status): Promise<boolean> {
  const key = await controlApiKey.get(ctx);
  if (!key.ok) return false;
  const now = tunnelStatus(await tunnelState(key.secret.content["api-key"]));
  return now.name === steady.name && now.message === steady.message;
}
