import type { ToolRunner } from "@charmarr/charm";
import type { HookContext } from "../hook-context/hook-context";
import type { HookNetwork } from "../unit-process/hook-launcher";
import type { HookEvent, ModelIdentity } from "../unit-process/juju-env";
import type { HookOutputLine } from "../unit-process/run-hook-process";
import type { HookToolCall } from "./hook-record";

/** One hook or action to run for a unit, with its open context. */
export interface HookRun {
  unit: string;
  event: HookEvent;
  model: ModelIdentity;
  /** The open context: its id and per-event variables. Tool calls go through `tools`. */
  context: HookContext;
  /** The context behind the engine's call recording and fail faults. */
  tools: ToolRunner;
  /** Container name → host directory holding its pebble.socket (from the unit's pod). */
  containers: Readonly<Record<string, string>>;
  /** The pod's network namespace and names, when it has one: process hooks run in it. */
  network?: HookNetwork;
  /** Kill the hook once this many tool calls have been answered. */
  killAfterCalls?: number;
}

export interface HookRunOutcome {
  /** Exit 0, or a hook the charm does not handle (a silent success in Juju). */
  ok: boolean;
  exitCode: number | null;
  /** Stopped by a kill fault. */
  killed: boolean;
  /** Why it failed without an exit status (not started, action not implemented, timeout). */
  error?: string;
  stdout: string;
  stderr: string;
  lines: HookOutputLine[];
  durationMs: number;
  /** Tool calls as the tool server saw them (refused ones too); the engine's own record otherwise. */
  calls?: HookToolCall[];
}

/**
 * How a charm's hooks are run: in this process through the framework, or as the charm's
 * `dispatch` in a real process. The unit agents treat both alike, so one model can mix them.
 */
export interface CharmRunner {
  readonly kind: "in-process" | "process";
  /**
   * Where a unit's hooks run (its charm directory, its own as in Juju): relative paths in tool
   * arguments resolve against it. Called after `prepare`.
   */
  cwd(unit: string): string;
  /** Work before the first hook (unpacking a .charm); called before every hook, so idempotent. */
  prepare?(): Promise<void>;
  run(run: HookRun): Promise<HookRunOutcome>;
}
