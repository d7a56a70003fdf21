import { checkEmpty, parseFlags } from "./flags";
import type { HookTool } from "./tool";

/** state-delete <key>: buffered; deleting a missing key (or no key) is a no-op. */
export const stateDelete: HookTool = {
  name: "state-delete",
  args: "<key>",
  purpose: "Delete server-side-state key value pair.",
  run(io) {
    const [key = "", ...rest] = parseFlags(io.argv, []).args;
    checkEmpty(rest);
    if (key !== "") io.ctx.deleteCharmState(key);
  },
};
