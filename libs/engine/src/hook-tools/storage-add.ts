import { UsageError } from "./errors";
import { parseFlags } from "./flags";
import { goQuote } from "./go-quote";
import type { HookTool } from "./tool";

/** storage-add <name>[=<count>]...: buffered; recorded for the model at commit. */
export const storageAdd: HookTool = {
  name: "storage-add",
  args: "<charm storage name>[=count] ...",
  purpose: "Add storage instances.",
  run(io) {
    const { args } = parseFlags(io.argv, []);
    if (args.length === 0) throw new UsageError("storage add requires a storage directive");
    const directives = new Map<string, number>();
    for (const arg of args) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg : arg.slice(0, eq);
      const spec = eq < 0 ? "1" : arg.slice(eq + 1);
      if (directives.has(name)) throw new UsageError(`storage ${goQuote(name)} specified more than once`);
      if (!/^[1-9]\d*$/.test(spec)) throw new UsageError(`only count can be specified for ${goQuote(name)}`);
      directives.set(name, Number(spec));
    }
    for (const [name, count] of directives) io.ctx.addStorage(name, count);
  },
};
