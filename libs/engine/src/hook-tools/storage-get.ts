import { ToolError, UsageError } from "./errors";
import { checkEmpty, parseFlags } from "./flags";
import { goQuote } from "./go-quote";
import { isValidStorageId } from "./juju-names";
import { Output } from "./output";
import type { HookTool } from "./tool";

/** storage-get [-s <name>/<n>] [key]: kind and location; defaults to the storage hook's instance. */
export const storageGet: HookTool = {
  name: "storage-get",
  args: "[<key>]",
  purpose: "Print information for the storage instance with the specified ID.",
  async run(io) {
    const output = new Output("smart");
    const parsed = parseFlags(io.argv, [
      ...output.flags,
      {
        names: ["s"],
        parse: (raw) => {
          if (!isValidStorageId(raw)) throw new Error(`invalid storage ID ${goQuote(raw)}`);
          if (!io.ctx.storage(raw)) throw new Error(`storage attachment ${goQuote(raw)} not found`);
          return raw;
        },
      },
    ]);
    const id = parsed.string("s", io.ctx.hookStorageId() ?? "");
    if (id === "") throw new UsageError("no storage instance specified");
    const [key = "", ...rest] = parsed.args;
    checkEmpty(rest);
    const storage = io.ctx.storage(id);
    if (!storage) throw new ToolError(`storage attachment ${goQuote(id)} not found`);
    const values: Record<string, string> = { kind: storage.kind, location: storage.location };
    if (key === "") await output.write(io, parsed, values);
    else if (key in values) await output.write(io, parsed, values[key]);
    else throw new ToolError(`invalid storage attribute ${goQuote(key)}`);
  },
};
