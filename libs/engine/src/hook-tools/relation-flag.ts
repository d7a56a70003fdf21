import { UsageError } from "./errors";
import { type FlagDef, type ParsedArgs, parseFlags } from "./flags";
import type { Output } from "./output";
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

/** `[--format] [-r ID] [--app]`, as relation-get and relation-list take them, with the relation resolved. */
export function parseRelationAppFlags(
  argv: readonly string[],
  ctx: ToolContext,
  output: Output,
): { parsed: ParsedArgs; id: number } {
  const parsed = parseFlags(argv, [...output.flags, relationFlag(ctx), { names: ["app"], bool: true }]);
  const id = relationIdOf(parsed, ctx);
  if (id === -1) throw new UsageError("no relation id specified");
  return { parsed, id };
}
