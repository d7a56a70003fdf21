// `charmarr down` (stop the embedded controller, state kept) and `charmarr destroy` (down, then
// remove the home dir: every app, secret and setting of the embedded model).
import { existsSync, rmSync } from "node:fs";
import { createInterface } from "node:readline";
import { expectPositionals } from "../args";
import { stopController } from "../embedded-controller";
import { CliError } from "../errors";
import { resolveHome } from "../home";
import type { CommandContext } from "./context";

function embeddedOnly(ctx: CommandContext, command: string): void {
  if (ctx.args.globals.controller)
    throw new CliError(
      `${command} is for the embedded controller only; a real controller is managed with juju`,
    );
}

export async function downCommand(ctx: CommandContext): Promise<void> {
  expectPositionals(ctx.args, 0, 0, "down");
  embeddedOnly(ctx, "down");
  const home = resolveHome(ctx.args.globals.home);
  const stopped = await stopController(home, ctx.args.globals.timeoutMs);
  ctx.out(
    stopped
      ? `Stopped the embedded controller; its state stays in ${home} (charmarr up starts it again)\n`
      : "The embedded controller is not running\n",
  );
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

export async function destroyCommand(ctx: CommandContext): Promise<void> {
  expectPositionals(ctx.args, 0, 0, "destroy [--yes]");
  embeddedOnly(ctx, "destroy");
  const home = resolveHome(ctx.args.globals.home);
  if (!ctx.args.flags.has("yes")) {
    if (!process.stdin.isTTY) throw new CliError(`destroy removes ${home} for good: confirm with --yes`);
    if (!(await confirm(`Remove ${home}: the embedded model, its apps, secrets and data? [y/N] `)))
      throw new CliError("destroy cancelled: nothing removed");
  }
  await stopController(home, ctx.args.globals.timeoutMs);
  if (existsSync(home)) rmSync(home, { recursive: true, force: true });
  ctx.out(`Removed ${home}\n`);
}
