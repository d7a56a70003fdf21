import { ToolError } from "./errors";
import { checkEmpty } from "./flags";
import { GoStrings } from "./go-value";
import { Output } from "./output";
import { parseRelationAppFlags } from "./relation-flag";
import type { HookTool } from "./tool";

/** relation-list [-r ID] [--app]: the remote units (or, with --app, the remote application). */
export const relationList: HookTool = {
  name: "relation-list",
  args: "",
  purpose: "List relation units.",
  async run(io) {
    const output = new Output("smart");
    const { parsed, id } = parseRelationAppFlags(io.argv, io.ctx, output);
    checkEmpty(parsed.args);
    const relation = io.ctx.relation(id);
    if (!relation) throw new ToolError("relation not found");
    if (parsed.bool("app")) await output.write(io, parsed, relation.remoteApp);
    else await output.write(io, parsed, new GoStrings(io.ctx.relationMembers(id)));
  },
};
