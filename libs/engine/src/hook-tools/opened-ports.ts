import { comparePortRanges, formatPortRange, type PortRange, samePortRange } from "../model/ports";
import { checkEmpty, parseFlags } from "./flags";
import { GoStrings } from "./go-value";
import { Output } from "./output";
import type { HookTool } from "./tool";

/** opened-ports [--endpoints]: the unit's committed port ranges; `(*)` marks all-endpoint ranges. */
export const openedPorts: HookTool = {
  name: "opened-ports",
  args: "",
  purpose: "List all ports or port ranges opened by the unit.",
  async run(io) {
    const output = new Output("smart");
    const parsed = parseFlags(io.argv, [...output.flags, { names: ["endpoints"], bool: true }]);
    checkEmpty(parsed.args);
    const byRange: { range: PortRange; endpoints: Set<string> }[] = [];
    for (const [endpoint, ranges] of io.ctx.openedPorts()) {
      for (const range of ranges) {
        const entry = byRange.find((e) => samePortRange(e.range, range));
        if (entry) entry.endpoints.add(endpoint);
        else byRange.push({ range, endpoints: new Set([endpoint]) });
      }
    }
    byRange.sort((a, b) => comparePortRanges(a.range, b.range));
    const lines = byRange.map(({ range, endpoints }) => {
      if (!parsed.bool("endpoints")) return formatPortRange(range);
      const names = endpoints.has("") ? "*" : [...endpoints].sort().join(", ");
      return `${formatPortRange(range)} (${names})`;
    });
    await output.write(io, parsed, new GoStrings(lines));
  },
};
