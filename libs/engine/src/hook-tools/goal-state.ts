import { checkEmpty, parseFlags } from "./flags";
import { GoStruct } from "./go-value";
import { Output } from "./output";
import type { HookTool } from "./tool";

// cmd/juju/common.FormatTime(t, true): RFC 3339 with a space instead of the T.
const since = (date: Date): string =>
  date
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace("T", " ");

type Entries = Record<string, { status: string; since: Date }>;
const statuses = (entries: Entries) =>
  Object.fromEntries(
    Object.entries(entries).map(([name, s]) => [
      name,
      new GoStruct([
        ["status", s.status],
        ["since", since(s.since)],
      ]),
    ]),
  );

/** goal-state [--format yaml|json]: the units of this app and of related apps as Juju expects them. */
export const goalState: HookTool = {
  name: "goal-state",
  args: "",
  purpose: "Print the status of the charm's peers and related units.",
  async run(io) {
    const output = new Output("yaml", ["yaml", "json"]);
    const parsed = parseFlags(io.argv, output.flags);
    checkEmpty(parsed.args);
    const state = io.ctx.goalState();
    const relations = Object.fromEntries(
      Object.entries(state.relations).map(([ep, units]) => [ep, statuses(units)]),
    );
    await output.write(
      io,
      parsed,
      new GoStruct([
        ["units", statuses(state.units)],
        ["relations", relations],
      ]),
    );
  },
};
