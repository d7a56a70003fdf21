import { type PortRange, PortRangeError, parsePortRange } from "../model/ports";
import { UsageError } from "./errors";
import { checkEmpty, parseFlags } from "./flags";
import type { HookTool } from "./tool";
import type { ToolContext } from "./tool-context";

const PORT_ARGS = "<port>[/<protocol>] or <from>-<to>[/<protocol>] or icmp";

/** open-port / close-port [--endpoints ep1,ep2] <port>: buffered until the hook commits. */
function portTool(
  name: string,
  purpose: string,
  op: (ctx: ToolContext, endpoint: string, range: PortRange) => void,
): HookTool {
  return {
    name,
    args: PORT_ARGS,
    purpose,
    run(io) {
      const parsed = parseFlags(io.argv, [{ names: ["format"] }, { names: ["endpoints"] }]);
      const [spec, ...rest] = parsed.args;
      if (spec === undefined) throw new UsageError("no port or range specified");
      let range: PortRange;
      try {
        range = parsePortRange(spec.toLowerCase());
      } catch (err) {
        if (err instanceof PortRangeError) throw new UsageError(err.message);
        throw err;
      }
      checkEmpty(rest);
      if (parsed.string("format") !== "") io.err(`--format flag deprecated for command "${name}"`);
      const endpoints = parsed.string("endpoints");
      if (endpoints === "") op(io.ctx, "", range);
      else for (const endpoint of endpoints.split(",")) op(io.ctx, endpoint.trim(), range);
    },
  };
}

export const openPort = portTool(
  "open-port",
  "Register a request to open a port or port range.",
  (ctx, ep, r) => ctx.openPort(ep, r),
);
export const closePort = portTool(
  "close-port",
  "Register a request to close a port or port range.",
  (ctx, ep, r) => ctx.closePort(ep, r),
);
