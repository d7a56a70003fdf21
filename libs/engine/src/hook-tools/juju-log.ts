import type { LogLevel } from "../model/records";
import { UsageError } from "./errors";
import { parseFlags } from "./flags";
import { goQuote } from "./go-quote";
import type { HookTool } from "./tool";

// loggo.ParseLevel: case-insensitive; WARN is WARNING.
const LEVELS: Record<string, LogLevel> = {
  TRACE: "TRACE",
  DEBUG: "DEBUG",
  INFO: "INFO",
  WARN: "WARNING",
  WARNING: "WARNING",
  ERROR: "ERROR",
  CRITICAL: "CRITICAL",
};

/** juju-log [--debug] [-l LEVEL] <message...>: words joined by spaces, `<ep>:<id>: ` prefix in relation hooks. */
export const jujuLog: HookTool = {
  name: "juju-log",
  args: "<message>",
  purpose: "Write a message to the juju log.",
  run(io) {
    const parsed = parseFlags(io.argv, [
      { names: ["debug"], bool: true },
      { names: ["l", "log-level"] },
      { names: ["format"] },
    ]);
    if (parsed.args.length === 0) throw new UsageError("no message specified");
    if (parsed.string("format") !== "") io.err('--format flag deprecated for command "juju-log"');
    const given = parsed.string("l", "INFO");
    let level: LogLevel = "INFO";
    if (parsed.bool("debug")) level = "DEBUG";
    else if (given !== "") {
      const known = LEVELS[given.toUpperCase()];
      if (known) level = known;
      else io.ctx.log("WARNING", `Specified log level of ${goQuote(given)} is not valid`);
    }
    const hookRelation = io.ctx.hookRelationId();
    const relation = hookRelation === undefined ? undefined : io.ctx.relation(hookRelation);
    io.ctx.log(level, `${relation ? `${relation.fakeId}: ` : ""}${parsed.args.join(" ")}`);
  },
};
