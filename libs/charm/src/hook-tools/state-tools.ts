import { requirePositional, requireStringValues } from "./argument-checks";
import { readOptionalString, readStringMap } from "./output-shape";
import { runJsonTool, runTool } from "./run-tool";
import type { ToolRunner } from "./tool-runner";

/** The unit's server-side key/value store; an empty store (`null`) reads as {}. */
export async function stateGet(runner: ToolRunner): Promise<Record<string, string>> {
  return runJsonTool(runner, "state-get", ["--format=json"], (v) => readStringMap(v, "state"));
}

/** One key; undefined when missing (Juju prints "" for a missing key without --strict). */
export async function stateGetKey(runner: ToolRunner, key: string): Promise<string | undefined> {
  return runJsonTool(
    runner,
    "state-get",
    ["--format=json", requirePositional(key, "state key")],
    (v) => readOptionalString(v, key) || undefined,
  );
}

/** Set keys (JSON map on stdin, `--file -`). Applied when the hook exits 0. */
export async function stateSet(runner: ToolRunner, data: Record<string, string>): Promise<void> {
  requireStringValues(data, "state");
  await runTool(runner, "state-set", ["--file", "-"], JSON.stringify(data));
}

/** Applied when the hook exits 0. */
export async function stateDelete(runner: ToolRunner, key: string): Promise<void> {
  await runTool(runner, "state-delete", [requirePositional(key, "state key")]);
}
