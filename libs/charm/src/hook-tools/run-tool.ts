import { hookToolError, UnexpectedOutputError } from "./hook-tool-error";
import { OutputShapeError } from "./output-shape";
import type { ToolRunner } from "./tool-runner";

/** Run a tool; its stdout on exit 0, else the typed error for Juju's complaint. */
export async function runTool(
  runner: ToolRunner,
  tool: string,
  args: readonly string[],
  input?: string,
): Promise<string> {
  const output = await runner.run(tool, args, input);
  if (output.exitCode !== 0) throw hookToolError(tool, args, output);
  return output.stdout;
}

/**
 * Run a tool called with `--format=json` and read its answer with `read`. Juju prints `null`
 * for nil; an empty stdout is read the same way. Shape errors name the field, never the value.
 */
export async function runJsonTool<T>(
  runner: ToolRunner,
  tool: string,
  args: readonly string[],
  read: (value: unknown) => T,
  input?: string,
): Promise<T> {
  const stdout = await runTool(runner, tool, args, input);
  const unexpected = (detail: string) =>
    new UnexpectedOutputError(tool, args, { exitCode: 0, stderr: "" }, detail);
  let value: unknown;
  try {
    value = stdout.trim() === "" ? null : JSON.parse(stdout);
  } catch {
    throw unexpected("output is not JSON");
  }
  try {
    return read(value);
  } catch (err) {
    if (err instanceof OutputShapeError) throw unexpected(`unexpected output: ${err.message}`);
    throw err;
  }
}
