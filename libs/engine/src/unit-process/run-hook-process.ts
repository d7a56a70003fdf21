import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { ToolRunner } from "@charmarr/charm";
import { newContextId } from "./context-id";
import { type HookLauncher, type HookNetwork, plainLauncher } from "./hook-launcher";
import {
  DEFAULT_JUJU_VERSION,
  dispatchPath,
  type HookEvent,
  jujuEnv,
  type ModelIdentity,
  SYSTEM_PATH,
} from "./juju-env";
import { collectLines } from "./output-lines";
import type { ToolCallRecord, ToolFault, ToolServer } from "./tool-server";

export interface HookProcessOptions {
  /** The unpacked charm: cwd, CHARM_DIR, and where dispatch or hooks/<name> is looked for. */
  charmDir: string;
  event: HookEvent;
  unit: string;
  model: ModelIdentity;
  /** Answers this hook's tool calls (the engine's hook context). */
  runner: ToolRunner;
  toolServer: ToolServer;
  /** The unit's tools dir (createToolsDir), first on PATH. */
  toolsDir: string;
  /** Per-event variables: JUJU_RELATION, JUJU_REMOTE_UNIT, JUJU_SECRET_ID, JUJU_WORKLOAD_NAME, ... */
  env?: Readonly<Record<string, string>>;
  /** JUJU_CONTEXT_ID; generated as Juju does when unset. */
  contextId?: string;
  faults?: readonly ToolFault[];
  /** Default: plainLauncher(). */
  launcher?: HookLauncher;
  /** Container name → host directory holding its pebble.socket (needs a launcher that can mount). */
  containers?: Readonly<Record<string, string>>;
  /** The pod's network namespace and names (the charm container runs in its pod's network). */
  network?: HookNetwork;
  /** The process (group) is killed after this long. Default 5 minutes. */
  timeoutMs?: number;
  /** JUJU_VERSION. Default DEFAULT_JUJU_VERSION. */
  jujuVersion?: string;
  /** PATH after the tools dir. Default SYSTEM_PATH. */
  systemPath?: string;
  /** Each output line as it arrives. */
  onLine?: (line: HookOutputLine) => void;
}

/** A line of hook output, at the level Juju logs it under `unit.<unit>.<hook>`. */
export interface HookOutputLine {
  stream: "stdout" | "stderr";
  level: "DEBUG" | "WARNING";
  text: string;
}

export interface HookProcessResult {
  contextId: string;
  /** The handler that ran (dispatch or the legacy hooks/<name>); undefined when the charm has none. */
  executable?: string;
  /** Exit 0, or a hook the charm does not handle (a silent success in Juju). */
  ok: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Why it failed without an exit status: not started, or `action not implemented on unit`. */
  error?: string;
  /** Raw output (an action's task result carries it), and the lines as they were logged. */
  stdout: string;
  stderr: string;
  lines: HookOutputLine[];
  durationMs: number;
  calls: ToolCallRecord[];
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** dispatch wins for every event; otherwise the legacy per-event file (contract §1.1). */
function findHandler(charmDir: string, event: HookEvent): string | undefined {
  return [join(charmDir, "dispatch"), join(charmDir, dispatchPath(event))].find((path) => existsSync(path));
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/**
 * Runs one hook or action as Juju's unit agent does: argv is the handler's path alone, cwd the
 * charm dir, stdin closed, the environment Juju's only, tool calls answered by `runner` under a
 * fresh context id that is refused once the process is gone. Output is read until everything
 * holding the pipes has closed them, as Go's cmd.Wait does in the agent.
 */
export async function runHookProcess(options: HookProcessOptions): Promise<HookProcessResult> {
  const { charmDir, event, unit } = options;
  const started = performance.now();
  const contextId = options.contextId ?? newContextId(unit, event.name);
  const result = (fields: Partial<HookProcessResult> & Pick<HookProcessResult, "ok">): HookProcessResult => ({
    contextId,
    exitCode: null,
    signal: null,
    timedOut: false,
    stdout: "",
    stderr: "",
    lines: [],
    durationMs: performance.now() - started,
    calls: [],
    ...fields,
  });

  const executable = findHandler(charmDir, event);
  if (!executable) {
    return event.kind === "hook"
      ? result({ ok: true })
      : result({ ok: false, error: "action not implemented on unit" });
  }

  const env = jujuEnv({
    charmDir,
    contextId,
    event,
    unit,
    model: options.model,
    socketPath: options.toolServer.socketPath,
    toolsDir: options.toolsDir,
    jujuVersion: options.jujuVersion ?? DEFAULT_JUJU_VERSION,
    systemPath: options.systemPath ?? SYSTEM_PATH,
    extra: options.env,
  });
  const launcher = options.launcher ?? plainLauncher();
  const command = launcher.command({
    executable,
    cwd: charmDir,
    containers: options.containers ?? {},
    ...(options.network ? { network: options.network } : {}),
  });
  const context = options.toolServer.open(contextId, options.runner, { faults: options.faults ?? [] });
  try {
    // A process group of its own, so a kill reaches the tools and anything else it started.
    const child = spawn(command.file, command.args, {
      cwd: charmDir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    context.setKiller(() => killGroup(child.pid));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);

    const lines: HookOutputLine[] = [];
    const onLine = (stream: HookOutputLine["stream"]) => (text: string) => {
      const line: HookOutputLine = { stream, level: stream === "stdout" ? "DEBUG" : "WARNING", text };
      lines.push(line);
      options.onLine?.(line);
    };
    // stdio above makes both pipes; the type cannot know it.
    const output = Promise.all([
      collectLines(child.stdout!, onLine("stdout")),
      collectLines(child.stderr!, onLine("stderr")),
    ]);
    output.catch(() => undefined); // not awaited when the process never started
    const status = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(
      (resolve) => {
        child.once("error", (error) => resolve({ code: null, signal: null, error }));
        child.once("close", (code, signal) => resolve({ code, signal }));
      },
    );
    clearTimeout(timer);
    const [stdout, stderr] = status.error ? ["", ""] : await output;
    return result({
      executable,
      ok: status.code === 0 && !timedOut,
      exitCode: status.code,
      signal: status.signal,
      timedOut,
      ...(status.error ? { error: `cannot run ${executable}: ${status.error.message}` } : {}),
      stdout,
      stderr,
      lines,
      calls: context.calls(),
    });
  } finally {
    context.close();
  }
}
