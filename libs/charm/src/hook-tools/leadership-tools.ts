import { readBoolean } from "./output-shape";
import { runJsonTool } from "./run-tool";
import type { ToolRunner } from "./tool-runner";

/** Whether this unit leads its application; a `true` holds for about 30 s (the lease). */
export async function isLeader(runner: ToolRunner): Promise<boolean> {
  return runJsonTool(runner, "is-leader", ["--format=json"], (v) => readBoolean(v, "is-leader"));
}
