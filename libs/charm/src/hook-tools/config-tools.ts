import { requirePositional } from "./argument-checks";
import { readRecordOrNull } from "./output-shape";
import { runJsonTool } from "./run-tool";
import type { ToolRunner } from "./tool-runner";

/** A config value as config-get prints it: native JSON types; `secret` options are URI strings. */
export type ConfigValue = string | number | boolean;

/**
 * The charm's config. Unset options without a default are left out, or `null` with `all`
 * (contract §5).
 */
export async function configGet(
  runner: ToolRunner,
  opts: { all?: boolean } = {},
): Promise<Record<string, ConfigValue | null>> {
  const args = ["--format=json", ...(opts.all ? ["--all"] : [])];
  return runJsonTool(
    runner,
    "config-get",
    args,
    (v) => readRecordOrNull(v, "config") as Record<string, ConfigValue | null>,
  );
}

/** One option; undefined when unset or unknown (config-get does not fail on unknown keys). */
export async function configGetKey(runner: ToolRunner, key: string): Promise<ConfigValue | undefined> {
  return runJsonTool(
    runner,
    "config-get",
    ["--format=json", requirePositional(key, "config key")],
    (v) => (v ?? undefined) as ConfigValue | undefined,
  );
}
