import { parseFlags } from "./flags";
import { parseKeyValues } from "./key-values";
import { readSettingsFile } from "./settings-file";
import type { HookTool } from "./tool";

/** state-set [--file PATH|-] key=value...: buffered; pairs on the command line override the file. */
export const stateSet: HookTool = {
  name: "state-set",
  args: "key=value [key=value ...]",
  purpose: "Set server-side-state values.",
  async run(io) {
    const parsed = parseFlags(io.argv, [{ names: ["file"] }]);
    const overrides = parseKeyValues(parsed.args);
    const file = parsed.string("file");
    const values = file === "" ? new Map<string, string>() : await readSettingsFile(io, file);
    for (const [k, v] of overrides) values.set(k, v);
    for (const [k, v] of values) io.ctx.setCharmState(k, v);
  },
};
