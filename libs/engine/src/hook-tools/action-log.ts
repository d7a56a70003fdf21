import { UsageError } from "./errors";
import { parseFlags } from "./flags";
import type { HookTool } from "./tool";

/** action-log <message...>: a progress message on the task, immediately. */
export const actionLog: HookTool = {
  name: "action-log",
  args: "<message>",
  purpose: "Record a progress message for the current action.",
  run(io) {
    const { args } = parseFlags(io.argv, []);
    if (args.length === 0) throw new UsageError("no message specified");
    io.ctx.logAction(args.join(" "));
  },
};
