/**
 * Health checks (spec A.9): their status, and starting or stopping them by name.
 */
import { requestSync } from "./envelope";
import type { CheckLevel, Startup } from "./layer";
import type { PebbleTransport } from "./unix-socket-transport";
import { readList, WireReader } from "./wire-reader";

export const CHECK_STATUSES = ["up", "down", "inactive"] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export interface CheckInfo {
  name: string;
  level?: CheckLevel;
  startup: Startup;
  status: CheckStatus;
  successes: number;
  failures: number;
  threshold: number;
  /** The perform-check / recover-check change running this check. */
  changeId?: string;
  prevChangeId?: string;
}

export function parseCheckInfo(value: unknown, context = "check"): CheckInfo {
  const reader = new WireReader(value, context);
  const changeId = reader.optionalString("change-id") || undefined;
  const startup = reader.optionalOneOf("startup", ["enabled", "disabled"] as const);
  return {
    name: reader.string("name"),
    level: reader.optionalOneOf("level", ["alive", "ready"] as const),
    startup: startup ?? "enabled",
    // A Pebble that reports startup runs every active check as a change; no change, not running.
    status:
      startup !== undefined && changeId === undefined ? "inactive" : reader.oneOf("status", CHECK_STATUSES),
    successes: reader.optionalNumber("successes") ?? 0,
    failures: reader.optionalNumber("failures") ?? 0,
    threshold: reader.number("threshold"),
    changeId,
    prevChangeId: reader.optionalString("prev-change-id") || undefined,
  };
}

export async function getChecks(
  transport: PebbleTransport,
  options: { level?: CheckLevel; names?: readonly string[] } = {},
): Promise<CheckInfo[]> {
  const result = await requestSync(transport, "GET", "/v1/checks", {
    query: { level: options.level, names: options.names?.length ? options.names.join(",") : undefined },
  });
  return readList(result, "checks", parseCheckInfo);
}

/** Start or stop checks; returns the names whose state actually changed, sorted. */
export async function checksAction(
  transport: PebbleTransport,
  action: "start" | "stop",
  names: readonly string[],
): Promise<string[]> {
  if (names.length === 0) throw new TypeError(`${action} checks needs at least one check name`);
  const result = await requestSync(transport, "POST", "/v1/checks", { body: { action, checks: [...names] } });
  // Older Pebble answers `changed: null`.
  return new WireReader(result, "checks result").optionalStringList("changed") ?? [];
}
