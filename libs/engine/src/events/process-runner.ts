import { constants, cpSync, mkdirSync, mkdtempSync } from "node:fs";
import { dirname, join } from "node:path";
import type { HookLauncher } from "../unit-process/hook-launcher";
import { runHookProcess } from "../unit-process/run-hook-process";
import { startToolServer, type ToolCallRecord, type ToolServer } from "../unit-process/tool-server";
import { createToolsDir, unitTag } from "../unit-process/tools-dir";
import type { CharmRunner, HookRun, HookRunOutcome } from "./charm-runner";
import { defaultLauncher } from "./default-launcher";
import type { HookToolCall } from "./hook-record";

export interface ProcessHostOptions {
  /** Default: bubblewrap where it works, else plain. */
  launcher?: HookLauncher;
  /** A hook process is killed after this long (default 5 minutes, runHookProcess's). */
  timeoutMs?: number;
}

/** What every process-run unit of a model shares: the hook-tool server, tools dirs, the launcher. */
export interface ProcessHost {
  readonly toolServer: ToolServer;
  readonly launcher: HookLauncher;
  readonly timeoutMs?: number;
  /** The unit's tools dir, made on first use. */
  toolsDir(unit: string): string;
  /**
   * Where the unit's agent dirs go: `<workDir>/agents/unit-<app>-<n>`; each runner makes its own
   * `unit-<app>-<n>-<random>/charm` from it.
   */
  agentDir(unit: string): string;
  close(): Promise<void>;
}

/** Starts the hook-tool server at `<workDir>/agent.socket` (keep workDir short: sun_path is 107 bytes). */
export async function startProcessHost(
  workDir: string,
  options: ProcessHostOptions = {},
): Promise<ProcessHost> {
  mkdirSync(workDir, { recursive: true });
  const toolServer = await startToolServer(join(workDir, "agent.socket"));
  const toolsDirs = new Map<string, string>();
  return {
    toolServer,
    launcher: options.launcher ?? defaultLauncher(),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    toolsDir(unit) {
      let dir = toolsDirs.get(unit);
      if (!dir) {
        dir = createToolsDir(join(workDir, "tools"), unit);
        toolsDirs.set(unit, dir);
      }
      return dir;
    },
    agentDir: (unit) => join(workDir, "agents", unitTag(unit)),
    close: () => toolServer.close(),
  };
}

const toolCall = (record: ToolCallRecord): HookToolCall => ({
  tool: record.tool,
  args: record.args,
  ...(record.stdin === undefined ? {} : { stdin: record.stdin }),
  exitCode: record.exitCode,
  stdout: record.stdout,
  stderr: record.stderr,
  ...(record.outputTruncated ? { outputTruncated: true as const } : {}),
  ...(record.fault ? { fault: record.fault } : {}),
  ...(record.refused ? { refused: true } : {}),
  ...(record.atMs === undefined ? {} : { atMs: record.atMs, ms: record.ms ?? 0 }),
});

/**
 * Runs a charm's `dispatch` (or legacy hooks) as real processes, with the host's tool server
 * answering through the hook's context and kill faults as SIGKILL. `prepare` (e.g. unpacking a
 * .charm into `charm.dir`) runs before the first hook. Each unit runs in a copy of `charm.dir`
 * of its own (`<agent dir>-<random>/charm`, made before its first hook), as each Juju unit
 * agent has its own charm directory: what one unit's hook writes there, the others do not see.
 */
export function processRunner(
  host: ProcessHost,
  charm: {
    dir: string;
    prepare?: () => Promise<void>;
    /** Told of each unit's charm directory once it is made, before the unit's first hook there. */
    onUnitDir?: (unit: string, dir: string) => void;
  },
): CharmRunner {
  let prepared: Promise<void> | undefined;
  const unitDirs = new Map<string, string>();
  const unitDir = (unit: string): string => {
    let dir = unitDirs.get(unit);
    if (!dir) {
      // A fresh agent dir per runner: a later application (or model on the same host) whose
      // units have the same names must not start from what these units left.
      const agentDir = host.agentDir(unit);
      mkdirSync(dirname(agentDir), { recursive: true });
      dir = join(mkdtempSync(`${agentDir}-`), "charm");
      // A reflink where the filesystem has them, else a copy; symlinks stay as they are.
      cpSync(charm.dir, dir, { recursive: true, verbatimSymlinks: true, mode: constants.COPYFILE_FICLONE });
      unitDirs.set(unit, dir);
      charm.onUnitDir?.(unit, dir);
    }
    return dir;
  };
  return {
    kind: "process",
    cwd: unitDir,
    prepare() {
      prepared ??= charm.prepare?.() ?? Promise.resolve();
      return prepared;
    },
    async run(run: HookRun): Promise<HookRunOutcome> {
      const kill = run.killAfterCalls;
      const result = await runHookProcess({
        charmDir: unitDir(run.unit),
        event: run.event,
        unit: run.unit,
        model: run.model,
        runner: run.tools,
        toolServer: host.toolServer,
        toolsDir: host.toolsDir(run.unit),
        env: run.context.eventVars(),
        contextId: run.context.id,
        faults: kill === undefined ? [] : [{ kind: "kill-after", call: kill }],
        launcher: host.launcher,
        containers: run.containers,
        ...(run.network ? { network: run.network } : {}),
        ...(run.serviceAccountDir === undefined ? {} : { serviceAccountDir: run.serviceAccountDir }),
        ...(host.timeoutMs === undefined ? {} : { timeoutMs: host.timeoutMs }),
      });
      const killed = result.calls.some((c) => c.fault === "kill-after");
      return {
        ok: result.ok && !killed,
        exitCode: result.exitCode,
        killed,
        ...(result.error ? { error: result.error } : result.timedOut ? { error: "timed out" } : {}),
        stdout: result.stdout,
        stderr: result.stderr,
        lines: result.lines,
        durationMs: result.durationMs,
        calls: result.calls.map(toolCall),
      };
    },
  };
}
