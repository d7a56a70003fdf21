import { actionResultArgs } from "./action-results";
import { requirePositional } from "./argument-checks";
import { readRecordOrNull } from "./output-shape";
import { runJsonTool, runTool } from "./run-tool";
import type { ToolRunner } from "./tool-runner";

/** The action's parameters, defaults filled in by Juju (already checked against actions.yaml). */
export async function actionGet(runner: ToolRunner): Promise<Record<string, unknown>> {
  return runJsonTool(runner, "action-get", ["--format=json"], (v) => readRecordOrNull(v, "params"));
}

/** One parameter (`key` or a dotted `key.sub`); undefined when absent. */
export async function actionGetKey(runner: ToolRunner, key: string): Promise<unknown> {
  return runJsonTool(
    runner,
    "action-get",
    ["--format=json", requirePositional(key, "parameter")],
    (v) => v ?? undefined,
  );
}

/**
 * Add results to the action (nested objects flattened to dotted keys). Values go on argv as
 * Juju requires: results are shown to the operator, they are not a place for secrets.
 * Nothing to set → no call.
 */
export async function actionSet(runner: ToolRunner, results: Record<string, unknown>): Promise<void> {
  const args = actionResultArgs(results);
  if (args.length > 0) await runTool(runner, "action-set", args);
}

/** Mark the action failed. The charm keeps running; other changes still commit on exit 0. */
export async function actionFail(runner: ToolRunner, message?: string): Promise<void> {
  await runTool(runner, "action-fail", message === undefined ? [] : ["--", message]);
}

/** Progress shown live by `juju run`. Immediate. */
export async function actionLog(runner: ToolRunner, message: string): Promise<void> {
  await runTool(runner, "action-log", ["--", message]);
}
