/**
 * Services (spec A.4): status, the start/stop/restart/replan/autostart actions (each an
 * async change that is waited for; a change with `err` is a PebbleChangeError) and signals.
 */
import { type Change, type WaitChangeOptions, waitChangeOrThrow } from "./changes";
import { requestAsync, requestSync } from "./envelope";
import type { Startup } from "./layer";
import type { PebbleTransport } from "./unix-socket-transport";
import { readList, WireReader } from "./wire-reader";

export const SERVICE_STATUSES = ["active", "inactive", "backoff", "error"] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

export interface ServiceInfo {
  name: string;
  startup: Startup;
  current: ServiceStatus;
  currentSince?: Date;
}

export type ServiceAction = "start" | "stop" | "restart" | "replan" | "autostart";

export function parseServiceInfo(value: unknown, context = "service"): ServiceInfo {
  const reader = new WireReader(value, context);
  return {
    name: reader.string("name"),
    startup: reader.oneOf("startup", ["enabled", "disabled"] as const),
    current: reader.oneOf("current", SERVICE_STATUSES),
    currentSince: reader.optionalTime("current-since"),
  };
}

/** Services in the plan, sorted by name; unknown names are silently left out by Pebble. */
export async function getServices(
  transport: PebbleTransport,
  names?: readonly string[],
): Promise<ServiceInfo[]> {
  const query = names?.length ? { names: names.join(",") } : {};
  return readList(
    await requestSync(transport, "GET", "/v1/services", { query }),
    "services",
    parseServiceInfo,
  );
}

function requireNames(action: string, names: readonly string[]): void {
  if (names.length === 0) throw new TypeError(`${action} needs at least one service name`);
}

/** Run a service action and wait for its change. Returns the finished change. */
export async function serviceAction(
  transport: PebbleTransport,
  action: ServiceAction,
  names: readonly string[],
  options: WaitChangeOptions = {},
): Promise<Change> {
  if (action !== "replan" && action !== "autostart") requireNames(action, names);
  const { changeId } = await requestAsync(transport, "POST", "/v1/services", {
    body: { action, services: [...names] },
  });
  return waitChangeOrThrow(transport, changeId, options);
}

/** Send a signal such as `SIGHUP` to running services. */
export async function sendSignal(
  transport: PebbleTransport,
  signal: string,
  names: readonly string[],
): Promise<void> {
  requireNames("sendSignal", names);
  await requestSync(transport, "POST", "/v1/signals", { body: { signal, services: [...names] } });
}
