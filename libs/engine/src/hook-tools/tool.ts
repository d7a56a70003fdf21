import type { ToolOutput } from "@charmarr/charm";
import { HelpRequested, UsageError } from "./errors";
import type { ToolContext } from "./tool-context";

/** One invocation of a hook tool. */
export interface ToolIO {
  readonly ctx: ToolContext;
  readonly argv: readonly string[];
  /** What the caller wrote to stdin, if anything (`--file -`). */
  readonly stdin: string | undefined;
  out(text: string): void;
  err(text: string): void;
}

export interface HookTool {
  name: string;
  /** The usage line after the name, as `--help` shows it. */
  args: string;
  purpose: string;
  run(io: ToolIO): void | Promise<void>;
}

/** Runs a tool the way juju/cmd Main does: exit 0/1/2 and `ERROR <msg>` on stderr. */
export async function runTool(
  tool: HookTool,
  ctx: ToolContext,
  argv: readonly string[],
  stdin: string | undefined,
): Promise<ToolOutput> {
  let stdout = "";
  let stderr = "";
  const io: ToolIO = {
    ctx,
    argv,
    stdin,
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
  };
  try {
    await tool.run(io);
    return { stdout, stderr, exitCode: 0 };
  } catch (err) {
    if (err instanceof HelpRequested) {
      return {
        stdout: `Usage: ${tool.name} [options] ${tool.args}\n\nSummary:\n${tool.purpose}\n`,
        stderr: "",
        exitCode: 0,
      };
    }
    // Anything that is not a UsageError (including an unexpected failure) is a Run error: exit 1.
    const message = err instanceof Error ? err.message : String(err);
    return { stdout, stderr: `${stderr}ERROR ${message}\n`, exitCode: err instanceof UsageError ? 2 : 1 };
  }
}
