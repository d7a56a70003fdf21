import { checkEmpty, parseFlags, parseGoInt } from "./flags";
import { secretIdArg } from "./secret-uri-arg";
import type { HookTool } from "./tool";

/** secret-remove <ID> [--revision N]: without a revision (or N <= 0) the whole secret goes; buffered. */
export const secretRemove: HookTool = {
  name: "secret-remove",
  args: "<ID>",
  purpose: "Remove a existing secret.",
  run(io) {
    const parsed = parseFlags(io.argv, [{ names: ["revision"], parse: parseGoInt }]);
    const args = [...parsed.args];
    const xid = secretIdArg(args);
    checkEmpty(args);
    const revision = parsed.get("revision");
    io.ctx.removeSecret(xid, typeof revision === "number" && revision > 0 ? revision : undefined);
  },
};
