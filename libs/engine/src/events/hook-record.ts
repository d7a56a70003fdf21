import type { HookEnv } from "../hook-context/hook-env";
import type { HookOutputLine } from "../unit-process/run-hook-process";

/** One hook-tool call of a hook, as the engine answered it. */
export interface HookToolCall {
  tool: string;
  args: string[];
  /** What the tool read on stdin, when it reads stdin. */
  stdin?: string;
  exitCode: number;
  /** What the tool printed: the first 64 KiB of each stream (`outputTruncated` when cut). */
  stdout: string;
  stderr: string;
  outputTruncated?: true;
  /** Answered by a fail fault, or the hook was killed after it. */
  fault?: "fail" | "kill-after";
  /** Refused by the tool server: the hook's context was already closed. */
  refused?: true;
  /** Process-run hooks: when the call arrived (ms since the hook's process started) and how long until its answer. */
  atMs?: number;
  ms?: number;
}

/**
 * ok: exit 0 and committed. failed: non-zero exit, or the commit was refused. killed: the
 * process (or in-process run) was stopped by a fault; its changes were dropped and it runs again.
 */
export type HookResult = "ok" | "failed" | "killed";

/** One hook or action run, in the order the model ran them. */
export interface HookRecord {
  /** From 1, across the model. */
  seq: number;
  unit: string;
  /** The hook name; `<action>-action` for actions. */
  hook: string;
  kind: "hook" | "action";
  /** What the hook was told: relation, remote unit, secret, workload... */
  env: HookEnv;
  result: HookResult;
  exitCode: number | null;
  /** Why it failed beyond its exit status: a refused commit, a process that did not start. */
  error?: string;
  /** 1 for the first run, then 2, 3... for retries of a failed hook. */
  attempt: number;
  /** Model clock time when it started. */
  at: Date;
  durationMs: number;
  toolCalls: HookToolCall[];
  /** stdout (DEBUG) and stderr (WARNING) lines. */
  output: HookOutputLine[];
}
