import { checkEmpty, parseFlags } from "./flags";
import { GoStrings } from "./go-value";
import { Output } from "./output";
import type { HookTool } from "./tool";

/** storage-list [name]: ids of the storage instances attached to the unit. */
export const storageList: HookTool = {
  name: "storage-list",
  args: "[<storage-name>]",
  purpose: "List storage attached to the unit.",
  async run(io) {
    const output = new Output("smart");
    const parsed = parseFlags(io.argv, output.flags);
    const [name = "", ...rest] = parsed.args;
    checkEmpty(rest);
    const ids = io.ctx
      .storageAttachments()
      .map((s) => s.id)
      .filter((id) => name === "" || id.slice(0, id.lastIndexOf("/")) === name);
    await output.write(io, parsed, new GoStrings(ids));
  },
};
