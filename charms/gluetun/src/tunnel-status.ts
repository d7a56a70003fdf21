import type { Status } from "@charmarr/charm";
import type { TunnelState } from "./gluetun-control";

/**
 * The unit's status for a tunnel state: Active `tunnel up, exit <ip>` or Waiting `tunnel down
 * (<why>)`. One spelling for the full hook that sets it and the steady check that compares with it.
 */
export function tunnelStatus(state: TunnelState): Status {
  if (state.tunnel === "up")
    return { name: "active", message: state.exitIp ? `tunnel up, exit ${state.exitIp}` : "tunnel up" };
  return { name: "waiting", message: `tunnel down${state.why ? ` (${state.why})` : ""}` };
}
