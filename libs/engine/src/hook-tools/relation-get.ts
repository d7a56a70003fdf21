import { PERMISSION_DENIED } from "../model/juju-errors";
import { ToolError, UsageError } from "./errors";
import { checkEmpty } from "./flags";
import { goQuote } from "./go-quote";
import { isValidApplication, isValidUnit } from "./juju-names";
import { Output } from "./output";
import { parseRelationAppFlags } from "./relation-flag";
import type { HookTool } from "./tool";
import type { ToolContext } from "./tool-context";

type Target = { unit: string } | { app: string };

/** jujuc RelationGetCommand.determineUnitOrAppName. */
function target(ctx: ToolContext, args: string[], app: boolean): Target {
  const supplied = args.shift();
  if (supplied !== undefined) {
    if (app) {
      if (isValidApplication(supplied)) return { app: supplied };
      if (isValidUnit(supplied)) return { app: supplied.slice(0, supplied.lastIndexOf("/")) };
      return { app: "" };
    }
    if (isValidUnit(supplied)) return { unit: supplied };
    if (isValidApplication(supplied))
      throw new UsageError(`expected unit name, got application name ${goQuote(supplied)}`);
    throw new UsageError(`invalid unit name ${goQuote(supplied)}`);
  }
  if (app) {
    const remoteApp = ctx.remoteAppName();
    if (remoteApp === undefined) throw new UsageError("no unit or application specified");
    return { app: remoteApp };
  }
  const remoteUnit = ctx.remoteUnitName();
  if (remoteUnit !== undefined) return { unit: remoteUnit };
  // No remote unit (created/broken, app-data changed): fall back to the remote app's bag.
  const remoteApp = ctx.remoteAppName();
  if (remoteApp !== undefined) return { app: remoteApp };
  throw new UsageError("no unit or application specified");
}

/** relation-get [-r ID] [--app] [<key>|-] [<unit>|<app>]. */
export const relationGet: HookTool = {
  name: "relation-get",
  args: "<key> <unit id>",
  purpose: "Get relation settings.",
  async run(io) {
    const output = new Output("smart");
    const { parsed, id } = parseRelationAppFlags(io.argv, io.ctx, output);
    const args = [...parsed.args];
    let key = args.shift() ?? "";
    if (key === "-") key = "";
    const who = target(io.ctx, args, parsed.bool("app"));
    checkEmpty(args);
    if ("app" in who && who.app === "") throw new ToolError(PERMISSION_DENIED);
    const settings = io.ctx.readRelationSettings(id, who);
    await output.write(io, parsed, key === "" ? settings : (settings[key] ?? null));
  },
};
