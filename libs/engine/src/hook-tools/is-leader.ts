import { checkEmpty, parseFlags } from "./flags";
import { Output } from "./output";
import type { HookTool } from "./tool";

/** is-leader: True/False (smart), true/false (json); asked live, never cached by the engine. */
export const isLeader: HookTool = {
  name: "is-leader",
  args: "",
  purpose: "Print application leadership status.",
  async run(io) {
    const output = new Output("smart");
    const parsed = parseFlags(io.argv, output.flags);
    checkEmpty(parsed.args);
    await output.write(io, parsed, io.ctx.isLeader());
  },
};
