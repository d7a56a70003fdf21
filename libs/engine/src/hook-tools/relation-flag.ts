import type { FlagDef, ParsedArgs } from "./flags";
import type { ToolContext } from "./tool-context";

/**
 * `-r/--relation` (jujuc relationIdValue): `N` or `<endpoint>:N`, only the number after the last
 * colon counts, and the relation must be known to the hook context. Defaults to the hook's relation.
 */
export function relationFlag(ctx: ToolContext): FlagDef {
  return {
    names: ["r", "relation"],
    parse: (raw) => {
      const trimmed = raw.slice(raw.lastIndexOf(":") + 1);
      if (!/^[+-]?\d+$/.test(trimmed)) throw new Error("invalid relation id");
      const id = Number(trimmed);
      if (!ctx.relation(id)) throw new Error("relation not found");
      return id;
    },
  };
}

/** The relation the tool acts on: -r if given, else the hook's relation, else -1. */
export function relationIdOf(parsed: ParsedArgs, ctx: ToolContext): number {
  const given = parsed.get("r");
  return typeof given === "number" ? given : (ctx.hookRelationId() ?? -1);
}
