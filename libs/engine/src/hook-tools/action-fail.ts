import { checkEmpty, parseFlags } from "./flags";
import type { HookTool } from "./tool";

/** action-fail ["message"]: marks the task failed; the process goes on and exit 0 still commits. */
export const actionFail: HookTool = {
  name: "action-fail",
  args: '["<failure message>"]',
  purpose: "Set action fail status with message.",
  run(io) {
    const [message = "action failed without reason given, check action for errors", ...rest] = parseFlags(
      io.argv,
      [],
    ).args;
    checkEmpty(rest);
    io.ctx.failAction(message);
  },
};
