import { performance } from "node:perf_hooks";
import { type CharmDefinition, runCharm } from "@charmarr/charm";
import { DEFAULT_JUJU_VERSION, jujuEnv, SYSTEM_PATH } from "../unit-process/juju-env";
import type { HookOutputLine } from "../unit-process/run-hook-process";
import { unitTag } from "../unit-process/tools-dir";
import type { CharmRunner, HookRun, HookRunOutcome } from "./charm-runner";
import { KillSwitch } from "./kill-switch";

/**
 * Juju's common variables for an in-process hook, at the paths a Kubernetes charm container
 * has: nothing is there, but the charm sees the same names and shapes as a process would.
 */
function baseEnv(run: HookRun): Record<string, string> {
  const agentDir = `/var/lib/juju/agents/${unitTag(run.unit)}`;
  return jujuEnv({
    charmDir: `${agentDir}/charm`,
    contextId: run.context.id,
    event: run.event,
    unit: run.unit,
    model: run.model,
    socketPath: `@${agentDir}/agent.socket`,
    toolsDir: `/var/lib/juju/tools/${unitTag(run.unit)}`,
    jujuVersion: DEFAULT_JUJU_VERSION,
    systemPath: SYSTEM_PATH,
    extra: run.context.eventVars(),
  });
}

/**
 * Runs a charm definition in this process with `runCharm`: env = Juju's base variables plus the
 * context's event variables, tools = the engine's context, log lines = the hook's stdout. A
 * kill fault makes later tool calls throw HookKilledError and drops what the charm writes after.
 */
export function inProcessRunner<C>(charm: CharmDefinition<C>): CharmRunner {
  return {
    kind: "in-process",
    cwd: () => process.cwd(),
    async run(run: HookRun): Promise<HookRunOutcome> {
      const started = performance.now();
      const killSwitch =
        run.killAfterCalls === undefined ? undefined : new KillSwitch(run.tools, run.killAfterCalls);
      const lines: HookOutputLine[] = [];
      const emit = (stream: HookOutputLine["stream"], text: string) => {
        if (killSwitch?.killed) return;
        for (const line of text.split("\n")) {
          if (line !== "")
            lines.push({ stream, level: stream === "stdout" ? "DEBUG" : "WARNING", text: line });
        }
      };
      let exitCode: number;
      try {
        exitCode = await runCharm(charm, {
          env: baseEnv(run),
          runner: killSwitch ?? run.tools,
          write: (line) => emit("stdout", line),
        });
      } catch (err) {
        // What an uncaught exception would print before the process exits 1.
        emit("stderr", err instanceof Error ? (err.stack ?? err.message) : String(err));
        exitCode = 1;
      }
      const text = (stream: HookOutputLine["stream"]) =>
        lines
          .filter((l) => l.stream === stream)
          .map((l) => `${l.text}\n`)
          .join("");
      const killed = killSwitch?.killed ?? false;
      return {
        ok: !killed && exitCode === 0,
        exitCode: killed ? null : exitCode,
        killed,
        stdout: text("stdout"),
        stderr: text("stderr"),
        lines,
        durationMs: performance.now() - started,
      };
    },
  };
}
