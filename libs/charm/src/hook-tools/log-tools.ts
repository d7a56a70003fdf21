import type { JujuLogLevel } from "../logging/juju-log-level";
import { requireOneOf } from "./argument-checks";
import { runTool } from "./run-tool";
import type { ToolRunner } from "./tool-runner";

const LEVELS: readonly JujuLogLevel[] = ["TRACE", "DEBUG", "INFO", "WARNING", "ERROR"];

/** A record in Juju's debug-log (`unit.<unit>.juju-log`). Immediate; one process per call. */
export async function jujuLog(runner: ToolRunner, level: JujuLogLevel, message: string): Promise<void> {
  await runTool(runner, "juju-log", ["--log-level", requireOneOf(level, LEVELS, "log level"), "--", message]);
}
