// What every command gets: the parsed arguments, where to print, and the repository root.
import type { ParsedArgs } from "../args";
import type { JujuSession } from "../juju-connection";
import { type ModelTarget, openModel, resolveTarget } from "../target";

export interface CommandContext {
  args: ParsedArgs;
  out: (text: string) => void;
  /** Progress and notes (stderr), kept out of --format json output. */
  note: (text: string) => void;
  repoRoot: string;
  isTTY: boolean;
}

/** Resolve the target, open its model, run `fn`, always close. */
export async function withModel<T>(
  ctx: CommandContext,
  fn: (session: JujuSession, target: ModelTarget) => Promise<T>,
): Promise<T> {
  const target = await resolveTarget(ctx.args.globals);
  const session = await openModel(target, ctx.args.globals.timeoutMs);
  try {
    return await fn(session, target);
  } finally {
    session.close();
  }
}
