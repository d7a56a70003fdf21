import { UsageError } from "./errors";
import { parseFlags } from "./flags";
import { goQuote } from "./go-quote";
import type { HookTool } from "./tool";

const KEY = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const RESERVED = new Set(["stdout", "stdout-encoding", "stderr", "stderr-encoding"]);

/** action-set key[.sub]=value...: results attached to the task; later sets overwrite. */
export const actionSet: HookTool = {
  name: "action-set",
  args: "<key>=<value> [<key>=<value> ...]",
  purpose: "Set action results.",
  run(io) {
    const pairs: [string[], string][] = [];
    for (const arg of parseFlags(io.argv, []).args) {
      const eq = arg.indexOf("=");
      if (eq < 0) throw new UsageError(`argument ${goQuote(arg)} must be of the form key...=value`);
      const keys = arg.slice(0, eq).split(".");
      for (const key of keys) {
        if (!KEY.test(key)) {
          throw new UsageError(
            `key ${goQuote(key)} must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods`,
          );
        }
        if (RESERVED.has(key)) throw new UsageError(`cannot set reserved action key "${key}"`);
      }
      pairs.push([keys, arg.slice(eq + 1)]);
    }
    for (const [keys, value] of pairs) io.ctx.setActionResult(keys, value);
  },
};
