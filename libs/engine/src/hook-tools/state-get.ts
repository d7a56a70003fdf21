import { ToolError } from "./errors";
import { checkEmpty, parseFlags } from "./flags";
import { goQuote } from "./go-quote";
import { GoNilMap } from "./go-value";
import { Output } from "./output";
import type { HookTool } from "./tool";

/** state-get [--strict] [key|-]: the unit's charm state, including this hook's own writes. */
export const stateGet: HookTool = {
  name: "state-get",
  args: "[<key>]",
  purpose: "Print server-side-state value.",
  async run(io) {
    const output = new Output("smart");
    const parsed = parseFlags(io.argv, [...output.flags, { names: ["strict"], bool: true }]);
    const [first = "", ...rest] = parsed.args;
    const key = first === "-" ? "" : first;
    checkEmpty(rest);
    const state = io.ctx.charmState();
    if (key === "") {
      // An empty store is a nil map: json prints null.
      await output.write(io, parsed, state.size === 0 ? new GoNilMap() : Object.fromEntries(state));
      return;
    }
    const value = state.get(key);
    if (value === undefined && parsed.bool("strict")) throw new ToolError(`${goQuote(key)} not found`);
    await output.write(io, parsed, value ?? "");
  },
};
