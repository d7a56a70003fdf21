import { ToolError, UsageError } from "./errors";
import { checkEmpty, parseFlags } from "./flags";
import type { HookTool } from "./tool";

/** resource-get <name>: the local path of the resource file, printed without a newline. */
export const resourceGet: HookTool = {
  name: "resource-get",
  args: "<resource name>",
  purpose: "Get the path to the locally cached resource file.",
  async run(io) {
    const [name, ...rest] = parseFlags(io.argv, []).args;
    if (name === undefined) throw new UsageError("missing required resource name");
    checkEmpty(rest);
    try {
      io.out(await io.ctx.resourcePath(name));
    } catch (err) {
      throw new ToolError(`could not download resource: ${(err as Error).message}`);
    }
  },
};
