import { UsageError } from "./errors";
import { checkEmpty, parseFlags } from "./flags";
import { GoStruct } from "./go-value";
import { Output } from "./output";
import { relationFlag, relationIdOf } from "./relation-flag";
import type { HookTool } from "./tool";

/** relation-model-get [-r ID]: the UUID of the model at the other end (ours: no cross-model relations). */
export const relationModelGet: HookTool = {
  name: "relation-model-get",
  args: "",
  purpose: "Get details about the model hosing a related application.",
  async run(io) {
    const output = new Output("smart");
    const parsed = parseFlags(io.argv, [...output.flags, relationFlag(io.ctx)]);
    const id = relationIdOf(parsed, io.ctx);
    if (id === -1) throw new UsageError("no relation id specified");
    checkEmpty(parsed.args);
    await output.write(io, parsed, new GoStruct([["uuid", io.ctx.relationModelUuid(id)]]));
  },
};
