import type { ToolOutput } from "@charmarr/charm";

/** Answer the `nth` matching hook-tool call (from 1, counted per hook run) with `output` instead. */
export interface ToolCallFault {
  unit: string;
  /** Only in this hook (`config-changed`, `<action>-action`); any hook when unset. */
  hook?: string;
  /** Count only calls of this tool; every call when unset. */
  tool?: string;
  nth: number;
  /** Exit 1 with no output unless given. */
  output?: Partial<ToolOutput>;
}

/** Kill the hook once its `n`-th tool call has been answered (the hook never sees that answer for processes). */
export interface HookKillFault {
  unit: string;
  hook?: string;
  n: number;
}

/** The faults armed for one hook run. */
export interface HookFaults {
  fail: ToolCallFault[];
  kill?: HookKillFault;
}

/**
 * Faults a test arms. Each stays armed until it fires once: a fail fault when its call comes,
 * a kill fault when a hook is killed by it (a matching hook with fewer calls leaves it armed).
 */
export class FaultPlan {
  #fail: ToolCallFault[] = [];
  #kill: HookKillFault[] = [];

  failToolCall(fault: ToolCallFault): void {
    if (!Number.isInteger(fault.nth) || fault.nth < 1) throw new Error("nth counts calls from 1");
    this.#fail.push(fault);
  }

  killHookAfterToolCall(fault: HookKillFault): void {
    if (!Number.isInteger(fault.n) || fault.n < 1) throw new Error("n counts calls from 1");
    this.#kill.push(fault);
  }

  forHook(unit: string, hook: string): HookFaults {
    const matches = (f: { unit: string; hook?: string }) => f.unit === unit && (f.hook ?? hook) === hook;
    const kill = this.#kill.find(matches);
    return { fail: this.#fail.filter(matches), ...(kill ? { kill } : {}) };
  }

  fired(fault: ToolCallFault | HookKillFault): void {
    this.#fail = this.#fail.filter((f) => f !== fault);
    this.#kill = this.#kill.filter((f) => f !== fault);
  }
}
