import { requirePositional } from "./argument-checks";
import { UnexpectedOutputError } from "./hook-tool-error";
import { runTool } from "./run-tool";
import type { ToolRunner } from "./tool-runner";

/** Local path of a charm resource, fetched on first use. A missing resource is an error. */
export async function resourceGet(runner: ToolRunner, name: string): Promise<string> {
  const args = [requirePositional(name, "resource name")];
  const path = (await runTool(runner, "resource-get", args)).trim();
  if (!path)
    throw new UnexpectedOutputError("resource-get", args, { exitCode: 0, stderr: "" }, "printed no path");
  return path;
}
