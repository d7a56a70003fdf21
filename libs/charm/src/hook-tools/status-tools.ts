import { requireOneOf } from "./argument-checks";
import { readMap, readRecord, readRecordOrNull, readString } from "./output-shape";
import { runJsonTool, runTool } from "./run-tool";
import type { ToolRunner } from "./tool-runner";

/** The statuses a charm may set; Juju owns error, unknown and terminated. */
export type SettableStatus = "maintenance" | "blocked" | "waiting" | "active";
export const SETTABLE_STATUSES: readonly SettableStatus[] = ["maintenance", "blocked", "waiting", "active"];

export interface StatusInfo {
  /** Any Juju workload status, including error and unknown. */
  status: string;
  message: string;
  /** `status-data`. */
  data: Record<string, unknown>;
}

export interface ApplicationStatusInfo extends StatusInfo {
  units: Record<string, StatusInfo>;
}

/** Set the unit's status, or the application's (leader only). Immediate: survives a failed hook. */
export async function statusSet(
  runner: ToolRunner,
  status: SettableStatus,
  message = "",
  opts: { application?: boolean } = {},
): Promise<void> {
  requireOneOf(status, SETTABLE_STATUSES, "status");
  // ops' spelling: the flag always present, the message after `--` so it can start with "-".
  const args = [
    `--application=${opts.application ? "True" : "False"}`,
    status,
    ...(message ? ["--", message] : []),
  ];
  await runTool(runner, "status-set", args);
}

/** This unit's status. */
export async function statusGet(runner: ToolRunner): Promise<StatusInfo> {
  return runJsonTool(runner, "status-get", ["--format=json", "--include-data"], (v) =>
    readStatus(v, "status"),
  );
}

/** The application's status and its units' (leader only). */
export async function statusGetApplication(runner: ToolRunner): Promise<ApplicationStatusInfo> {
  return runJsonTool(runner, "status-get", ["--format=json", "--include-data", "--application"], (v) => {
    const app = readRecord(readRecord(v, "status")["application-status"], "application-status");
    return { ...readStatus(app, "application-status"), units: readMap(app.units, "units", readStatus) };
  });
}

/** Shown in the Version column of `juju status`. Immediate. */
export async function applicationVersionSet(runner: ToolRunner, version: string): Promise<void> {
  await runTool(runner, "application-version-set", ["--", version]);
}

function readStatus(value: unknown, where: string): StatusInfo {
  const record = readRecord(value, where);
  return {
    status: readString(record.status, `${where}.status`),
    message: readString(record.message ?? "", `${where}.message`),
    data: readRecordOrNull(record["status-data"] ?? null, `${where}.status-data`),
  };
}
