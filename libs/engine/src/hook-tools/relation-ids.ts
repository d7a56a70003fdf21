import { UsageError } from "./errors";
import { checkEmpty, parseFlags } from "./flags";
import { GoStrings } from "./go-value";
import { Output } from "./output";
import type { HookTool } from "./tool";

/** relation-ids [endpoint]: `<endpoint>:<id>` of every relation on the endpoint (default: the hook's). */
export const relationIds: HookTool = {
  name: "relation-ids",
  args: "<name>",
  purpose: "List all relation IDs for the given endpoint.",
  async run(io) {
    const output = new Output("smart");
    const parsed = parseFlags(io.argv, output.flags);
    const hookRelation = io.ctx.hookRelationId();
    let endpoint = hookRelation === undefined ? "" : (io.ctx.relation(hookRelation)?.endpoint ?? "");
    const [first, ...rest] = parsed.args;
    if (first !== undefined) endpoint = first;
    else if (endpoint === "") throw new UsageError("no endpoint name specified");
    checkEmpty(rest);
    const ids = io.ctx
      .relationIds()
      .map((id) => io.ctx.relation(id))
      .filter((r) => r !== undefined && r.endpoint === endpoint)
      .map((r) => r?.fakeId ?? "")
      .sort(); // sort.Strings: lexical, so db:10 sorts before db:2.
    await output.write(io, parsed, new GoStrings(ids));
  },
};
