import { spawn } from "node:child_process";
import { constants } from "node:os";
import { ToolSpawnError } from "./hook-tool-error";
import type { ToolOutput, ToolRunner } from "./tool-runner";

/**
 * The production ToolRunner: spawns the tool by name from PATH (Juju puts its per-unit
 * tools directory first) with the inherited environment, which carries JUJU_CONTEXT_ID and
 * the agent socket the tool needs. No shell, so nothing in argv is ever interpreted.
 */
export class ProcessToolRunner implements ToolRunner {
  #calls = 0;

  /** `secretFilesDir`: the unit's private directory for secret content files (see ToolRunner). */
  constructor(readonly secretFilesDir?: string) {}

  readonly #byTool = new Map<string, number>();

  /** Hook-tool processes started so far (benchmarks count them). */
  get calls(): number {
    return this.#calls;
  }

  /** Processes started per tool name. */
  get callsByTool(): ReadonlyMap<string, number> {
    return this.#byTool;
  }

  run(tool: string, args: readonly string[], input?: string): Promise<ToolOutput> {
    this.#calls++;
    this.#byTool.set(tool, (this.#byTool.get(tool) ?? 0) + 1);
    return new Promise((resolve, reject) => {
      const child = spawn(tool, args, {
        stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
        shell: false,
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      // Both are pipes (stdio above); the type cannot know it.
      child.stdout!.on("data", (chunk: Buffer) => stdout.push(chunk));
      child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk));
      child.on("error", (err) => reject(new ToolSpawnError(tool, err)));
      child.on("close", (code, signal) => {
        resolve({
          stdout: Buffer.concat(stdout).toString("utf8"),
          stderr: Buffer.concat(stderr).toString("utf8"),
          // Killed by a signal: report it the way a shell would (128 + n).
          exitCode: code ?? 128 + (signal ? constants.signals[signal] : 0),
        });
      });
      if (child.stdin) {
        // A tool that exits without reading its stdin must not crash us with EPIPE.
        child.stdin.on("error", () => undefined);
        child.stdin.end(input);
      }
    });
  }
}
