import { checkEmpty, parseFlags } from "./flags";
import { isPlainObject } from "./go-value";
import { Output } from "./output";
import type { HookTool } from "./tool";

function lookup(keys: readonly string[], params: Record<string, unknown>): unknown {
  const [key = "", ...rest] = keys;
  if (!(key in params)) return null;
  const value = params[key];
  if (rest.length === 0) return value;
  return isPlainObject(value) ? lookup(rest, value) : null;
}

/** action-get [key[.sub...]]: the action's params (defaults filled in), or one nested value. */
export const actionGet: HookTool = {
  name: "action-get",
  args: "[<key>[.<key>.<key>...]]",
  purpose: "Get action parameters.",
  async run(io) {
    const output = new Output("smart");
    const parsed = parseFlags(io.argv, output.flags);
    const [path, ...rest] = parsed.args;
    if (path !== undefined) checkEmpty(rest);
    const params = io.ctx.actionParams();
    await output.write(io, parsed, path === undefined ? params : lookup(path.split("."), params));
  },
};
