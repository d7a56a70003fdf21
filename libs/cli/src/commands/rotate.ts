// `charmarr rotate <app>`: the charm's rotate-credentials action on its leader, waited for.
import { expectPositionals } from "../args";
import { CliError } from "../errors";
import type { JujuSession } from "../juju-connection";
import { type CommandContext, withModel } from "./context";

interface ActionResult {
  action?: { tag: string; receiver: string; name: string };
  status?: string;
  message?: string;
  output?: Record<string, unknown>;
  error?: { message: string } | null;
}

const DONE = new Set(["completed", "failed", "cancelled", "aborted", "error"]);

/** Run an action on `<app>/leader` and poll until it ends (20 ms × 1.5 up to 2 s, as the Go CLI). */
export async function runOnLeader(
  session: JujuSession,
  app: string,
  action: string,
  waitMs: number,
): Promise<ActionResult> {
  const enqueued = await session.call<{ actions?: ActionResult[] }>("Action", "EnqueueOperation", {
    actions: [{ receiver: `${app}/leader`, name: action, parameters: {}, tag: "" }],
  });
  const first = enqueued.actions?.[0];
  if (first?.error?.message) throw new CliError(`${action} on ${app}/leader: ${first.error.message}`);
  const tag = first?.action?.tag;
  if (!tag) throw new CliError(`${action} on ${app}/leader: the controller queued no task`);
  const deadline = Date.now() + waitMs;
  let delay = 20;
  for (;;) {
    const [result] = await session.bulk<ActionResult>("Action", "Actions", { entities: [{ tag }] }, [tag]);
    if (result && DONE.has(result.status ?? "")) return result;
    if (Date.now() > deadline)
      throw new CliError(
        `${action} on ${app}/leader (${tag}) is still ${result?.status ?? "pending"} after ${Math.round(waitMs / 1000)} s: it goes on; raise --timeout to wait longer`,
      );
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 1.5, 2000);
  }
}

export async function rotateCommand(ctx: CommandContext): Promise<void> {
  const [app] = expectPositionals(ctx.args, 1, 1, "rotate <app>");
  await withModel(ctx, async (session) => {
    ctx.note(`Running rotate-credentials on ${app}/leader`);
    const result = await runOnLeader(
      session,
      app!,
      "rotate-credentials",
      Math.max(ctx.args.globals.timeoutMs, 120_000),
    );
    const unit = result.action?.receiver.replace(/^unit-/, "").replace(/-(\d+)$/, "/$1") ?? `${app}/leader`;
    if (result.status !== "completed")
      throw new CliError(
        `rotate-credentials ${result.status} on ${unit}${result.message ? `: ${result.message}` : ""}`,
      );
    const output = Object.entries(result.output ?? {})
      .filter(([k]) => k !== "return-code" && k !== "Code")
      .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
    ctx.out(`${unit}: rotate-credentials completed\n${output.map((l) => `  ${l}\n`).join("")}`);
  });
}
