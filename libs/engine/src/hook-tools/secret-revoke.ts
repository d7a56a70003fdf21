import { UsageError } from "./errors";
import { checkEmpty, parseFlags } from "./flags";
import { goQuote } from "./go-quote";
import { isValidApplication, isValidUnit } from "./juju-names";
import { relationFlag, relationIdOf } from "./relation-flag";
import { secretIdArg } from "./secret-uri-arg";
import type { HookTool } from "./tool";

/**
 * secret-revoke <ID> [-r <rel>] [--app <app>] [--unit <unit>]: with only -r (or in a relation
 * hook with no flags) the relation's remote app loses access.
 */
export const secretRevoke: HookTool = {
  name: "secret-revoke",
  args: "<ID>",
  purpose: "Revoke access to a secret.",
  run(io) {
    const parsed = parseFlags(io.argv, [
      { names: ["app", "application"] },
      { names: ["unit"] },
      relationFlag(io.ctx),
    ]);
    const args = [...parsed.args];
    const xid = secretIdArg(args);
    let app = parsed.string("app");
    const unit = parsed.string("unit");
    if (app !== "" && !isValidApplication(app)) throw new UsageError(`application ${goQuote(app)} not valid`);
    if (unit !== "" && !isValidUnit(unit)) throw new UsageError(`unit ${goQuote(unit)} not valid`);
    if (app !== "" && unit !== "") throw new UsageError("specify only one of application or unit");
    const id = relationIdOf(parsed, io.ctx);
    if (id >= 0) {
      if (app !== "") throw new UsageError("do not specify both relation and app");
      app = io.ctx.relation(id)?.remoteApp ?? "";
    }
    if (app === "" && unit === "") throw new UsageError("missing relation or application or unit");
    checkEmpty(args);
    io.ctx.revokeSecret(xid, {
      ...(app !== "" ? { app } : {}),
      ...(unit !== "" ? { unit } : {}),
    });
  },
};
