// `charmarr status [--watch] [--format json]`.

import { unitLine, watchUnits } from "../all-watcher";
import { expectPositionals } from "../args";
import type { FullStatus } from "../full-status";
import type { JujuSession } from "../juju-connection";
import { formatStatus } from "../status-format";
import { type CommandContext, withModel } from "./context";

export function fullStatus(session: JujuSession, patterns: string[] = []): Promise<FullStatus> {
  return session.call<FullStatus>("Client", "FullStatus", { patterns });
}

export async function statusCommand(ctx: CommandContext): Promise<void> {
  const patterns = expectPositionals(ctx.args, 0, 20, "status [app|unit...] [--watch] [--format json]");
  const json = ctx.args.values.format === "json";
  await withModel(ctx, async (session) => {
    const status = await fullStatus(session, patterns);
    ctx.out(json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
    if (!ctx.args.flags.has("watch")) return;
    ctx.note("Watching the model's units (Ctrl-C stops)");
    let first = true;
    await watchUnits(session, (changed) => {
      // The first batch is every unit as it is: the table above already shows it.
      if (!first)
        for (const u of changed)
          ctx.out(
            json ? `${JSON.stringify(u)}\n` : `${new Date().toISOString().slice(11, 19)}${unitLine(u)}\n`,
          );
      first = false;
      return false;
    });
  });
}
