import { UsageError } from "./errors";
import { parseFlags } from "./flags";
import { parseKeyValues } from "./key-values";
import { relationFlag, relationIdOf } from "./relation-flag";
import { readSettingsFile } from "./settings-file";
import type { HookTool } from "./tool";

/**
 * relation-set [-r ID] [--app] [--file PATH|-] key=value...: buffered until the hook commits;
 * an empty value deletes the key; pairs on the command line override the file.
 */
export const relationSet: HookTool = {
  name: "relation-set",
  args: "key=value [key=value ...]",
  purpose: "Set relation settings.",
  async run(io) {
    const parsed = parseFlags(io.argv, [
      relationFlag(io.ctx),
      { names: ["file"] },
      { names: ["app"], bool: true },
      { names: ["format"] },
    ]);
    const id = relationIdOf(parsed, io.ctx);
    if (id === -1) throw new UsageError("no relation id specified");
    const overrides = parseKeyValues(parsed.args);
    if (parsed.string("format") !== "") io.err('--format flag deprecated for command "relation-set"');
    const file = parsed.string("file");
    const settings = file === "" ? new Map<string, string>() : await readSettingsFile(io, file);
    for (const [k, v] of overrides) settings.set(k, v);
    io.ctx.setRelationSettings(id, parsed.bool("app"), settings);
  },
};
