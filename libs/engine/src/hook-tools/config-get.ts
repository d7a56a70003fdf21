import { UsageError } from "./errors";
import { checkEmpty, parseFlags } from "./flags";
import { goQuote } from "./go-quote";
import { GoFloat } from "./go-value";
import { Output } from "./output";
import type { HookTool } from "./tool";

/** config-get [--all|-a] [--format] [key]: unset options without default are left out unless --all. */
export const configGet: HookTool = {
  name: "config-get",
  args: "[<key>]",
  purpose: "Print application configuration.",
  async run(io) {
    const output = new Output("smart");
    const parsed = parseFlags(io.argv, [...output.flags, { names: ["a", "all"], bool: true }]);
    const [key = "", ...rest] = parsed.args;
    const all = parsed.bool("a");
    if (key !== "" && all)
      throw new UsageError(`cannot use argument --all together with key ${goQuote(key)}`);
    checkEmpty(rest);
    const settings: Record<string, unknown> = {};
    for (const [name, { type, value }] of Object.entries(io.ctx.config())) {
      if (value === null && !all && key === "") continue;
      settings[name] = type === "float" && typeof value === "number" ? new GoFloat(value) : value;
    }
    // An unknown key is not an error: it prints nil.
    await output.write(io, parsed, key === "" ? settings : (settings[key] ?? null));
  },
};
