import { checkEmpty, parseFlags } from "./flags";
import { GoStrings } from "./go-value";
import { Output } from "./output";
import type { HookTool } from "./tool";

/** secret-ids: bare xids of the secrets this unit owns (app-owned ones only on the leader), pending included. */
export const secretIds: HookTool = {
  name: "secret-ids",
  args: "",
  purpose: "Print secret IDs.",
  async run(io) {
    const output = new Output("smart");
    const parsed = parseFlags(io.argv, output.flags);
    checkEmpty(parsed.args);
    // Juju's order is map order (random); sorted is one of those orders. None is a nil slice.
    const ids = [...io.ctx.secretMetadata().keys()].sort();
    await output.write(io, parsed, new GoStrings(ids.length > 0 ? ids : null));
  },
};
