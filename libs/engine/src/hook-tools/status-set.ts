import { UsageError } from "./errors";
import { checkEmpty, parseFlags } from "./flags";
import { goQuote } from "./go-quote";
import type { HookTool } from "./tool";

const VALID = ["maintenance", "blocked", "waiting", "active"];

/** status-set [--application] <status> [message]: takes effect at once, even if the hook later fails. */
export const statusSet: HookTool = {
  name: "status-set",
  args: "<maintenance | blocked | waiting | active> [message]",
  purpose: "Set status information.",
  run(io) {
    const parsed = parseFlags(io.argv, [{ names: ["application"], bool: true }]);
    const [status, message = "", ...rest] = parsed.args;
    if (status === undefined) throw new UsageError("invalid args, require <status> [message]");
    if (!VALID.includes(status)) {
      throw new UsageError(`invalid status ${goQuote(status)}, expected one of [${VALID.join(" ")}]`);
    }
    checkEmpty(rest);
    io.ctx.setStatus(parsed.bool("application") ? "application" : "unit", status, message);
  },
};
