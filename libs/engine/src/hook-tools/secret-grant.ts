import { UsageError } from "./errors";
import { checkEmpty, parseFlags } from "./flags";
import { goQuote } from "./go-quote";
import { isValidUnit } from "./juju-names";
import { relationFlag, relationIdOf } from "./relation-flag";
import { secretIdArg } from "./secret-uri-arg";
import type { HookTool } from "./tool";

/** secret-grant <ID> -r <rel> [--unit <unit>]: the relation's remote app (or one of its units) may read it. */
export const secretGrant: HookTool = {
  name: "secret-grant",
  args: "<ID>",
  purpose: "Grant access to a secret.",
  run(io) {
    const parsed = parseFlags(io.argv, [{ names: ["unit"] }, relationFlag(io.ctx)]);
    const args = [...parsed.args];
    const xid = secretIdArg(args);
    const id = relationIdOf(parsed, io.ctx);
    if (id === -1) throw new UsageError("no relation id specified");
    const app = io.ctx.relation(id)?.remoteApp ?? "";
    const unit = parsed.string("unit");
    if (unit !== "") {
      if (!isValidUnit(unit)) throw new UsageError(`unit ${goQuote(unit)} not valid`);
      if (unit.slice(0, unit.lastIndexOf("/")) !== app) {
        throw new UsageError(
          `cannot specify unit ${goQuote(unit)} in relation to application ${goQuote(app)}`,
        );
      }
    }
    checkEmpty(args);
    io.ctx.grantSecret(xid, id, unit === "" ? undefined : unit);
  },
};
