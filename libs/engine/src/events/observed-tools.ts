import type { ToolOutput, ToolRunner } from "@charmarr/charm";
import { readsStdin } from "../unit-process/reads-stdin";
import { recordedOutput } from "../unit-process/tool-call-output";
import type { HookToolCall } from "./hook-record";
import type { ToolCallFault } from "./tool-faults";

// Go's strconv.ParseBool truths, as `--application=<bool>` accepts them.
const GO_TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);

const setsApplicationStatus = (args: readonly string[]) =>
  args.some((a) => a === "--application" || (a.startsWith("--application=") && GO_TRUE.has(a.slice(14))));

/**
 * The hook context as a hook sees it: records every call (the hook log and the leak scanner
 * read them) and answers the calls a fail fault targets. Both kinds of runs go through it.
 */
export class ObservedTools implements ToolRunner {
  readonly calls: HookToolCall[] = [];
  readonly fired: ToolCallFault[] = [];
  /** The hook set its unit's workload status (Juju's "unset" checks around install and start). */
  unitStatusSet = false;
  readonly #counts = new Map<ToolCallFault, number>();

  constructor(
    private readonly inner: ToolRunner,
    private readonly faults: readonly ToolCallFault[],
  ) {}

  async run(tool: string, args: readonly string[], input?: string): Promise<ToolOutput> {
    const fault = this.#fault(tool);
    const output = fault
      ? { stdout: "", stderr: "", exitCode: 1, ...fault.output }
      : await this.inner.run(tool, args, input);
    const stdin = input ?? (readsStdin(args) ? "" : undefined);
    this.calls.push({
      tool,
      args: [...args],
      ...(stdin === undefined ? {} : { stdin }),
      exitCode: output.exitCode,
      ...recordedOutput(output),
      ...(fault ? { fault: "fail" as const } : {}),
    });
    if (tool === "status-set" && output.exitCode === 0 && !setsApplicationStatus(args)) {
      this.unitStatusSet = true;
    }
    return output;
  }

  /** Counts the call against every armed fault it matches; returns the one that fires now. */
  #fault(tool: string): ToolCallFault | undefined {
    let firing: ToolCallFault | undefined;
    for (const fault of this.faults) {
      if (this.fired.includes(fault) || (fault.tool !== undefined && fault.tool !== tool)) continue;
      const count = (this.#counts.get(fault) ?? 0) + 1;
      this.#counts.set(fault, count);
      if (count === fault.nth && !firing) {
        firing = fault;
        this.fired.push(fault);
      }
    }
    return firing;
  }
}

/**
 * The tool server's records of a process hook with the fail faults marked that this wrapper
 * answered (the server saw ordinary answers). Both list served calls in the order served.
 */
export function markFailFaults(
  served: readonly HookToolCall[],
  observed: readonly HookToolCall[],
): HookToolCall[] {
  let next = 0;
  return served.map((call) => {
    if (call.refused) return call;
    return observed[next++]?.fault === "fail" ? { ...call, fault: "fail" } : call;
  });
}
