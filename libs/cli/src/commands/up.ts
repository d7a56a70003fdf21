// `charmarr up`: start the embedded controller if needed, deploy what the bundle has and the model
// lacks, relate, follow the units live until each is active (or blocked, waiting for you), then
// print the status, the apps' web addresses and the next steps.
import { join } from "node:path";
import { unitLine, watchUnits } from "../all-watcher";
import { expectPositionals } from "../args";
import { readBundle } from "../bundle";
import { readCharmArchive } from "../charm-archive";
import { cliCommand } from "../cli-command";
import { startController } from "../embedded-controller";
import { CliError, isAlreadyExists } from "../errors";
import type { FullStatus } from "../full-status";
import { resolveHome } from "../home";
import { allSettled, formatStatus, webAddresses } from "../status-format";
import { openModel, resolveTarget } from "../target";
import { planIsEmpty, planUp } from "../up-plan";
import type { CommandContext } from "./context";
import { deployApp, readDeployedHashes } from "./deploy";
import { fullStatus } from "./status";

/** How long `up` follows the units before giving up on them settling. */
const SETTLE_MS = 15 * 60_000;
/**
 * Units that rest (idle; active, blocked or waiting with a message) this long with no change at
 * all are settled: longer than the controller's 1 s hook loop and a Pebble check's 5 s period.
 */
const QUIET_MS = 8_000;

function unitOf(status: FullStatus, app: string) {
  return Object.values(status.applications?.[app]?.units ?? {})[0];
}

/**
 * The operator's remaining steps: user secrets for Gluetun and Plex while they wait for them.
 * `command` is how the operator runs this CLI (cliCommand), so each line can be copied as it is.
 */
export function nextSteps(status: FullStatus, command = "charmarr"): string {
  const lines: string[] = [];
  const gluetun = unitOf(status, "gluetun");
  if (gluetun && gluetun["workload-status"]?.status !== "active")
    lines.push(
      "Your VPN (Gluetun): your provider, your WireGuard Address and the cluster's subnets, then the key as a secret",
      "(read from a file: a value in argv is visible to every user of this machine):",
      `  ${command} config gluetun vpn-provider=<provider> wireguard-addresses=<address>/32 cluster-subnets=<pods>,<services>`,
      `  ${command} add-secret vpn-key private-key#file=<file holding your WireGuard PrivateKey>`,
      `  ${command} grant-secret vpn-key gluetun`,
      `  ${command} config gluetun vpn-credentials=<the secret: URI add-secret printed>`,
      "",
    );
  const plex = unitOf(status, "plex");
  if (plex && plex["workload-status"]?.status !== "active")
    lines.push(
      "Claim Plex (a token from https://plex.tv/claim lives 4 minutes; key=- reads it from standard input):",
      `  ${command} add-secret plex-claim claim-token=-`,
      `  ${command} grant-secret plex-claim plex`,
      `  ${command} config plex claim-token=<the secret: URI add-secret printed>`,
      "",
    );
  const web = webAddresses(status);
  if (web.length > 0) {
    lines.push("Web UIs:");
    for (const { app, url } of web) lines.push(`  ${app.padEnd(12)} ${url}`);
    lines.push("");
  }
  lines.push(
    `${command} status shows the stack; ${command} secrets lists its secrets; ${command} down stops it.`,
  );
  return `Next steps:\n\n${lines.join("\n")}\n`;
}

export async function upCommand(ctx: CommandContext): Promise<void> {
  expectPositionals(ctx.args, 0, 0, "up [--bundle bundle.yaml]");
  const bundle = readBundle(ctx.args.values.bundle ?? join(ctx.repoRoot, "bundle.yaml"));
  // Every archive first: a missing one stops up before anything changes.
  const archives = new Map(bundle.apps.map((app) => [app.name, readCharmArchive(app.charmPath)]));
  const { globals } = ctx.args;
  // A controller that has just started recreates every pod: the statuses it shows are the last
  // ones set, until the units' hooks have run. Only a quiet model is taken as settled then.
  let restarted = false;
  if (!globals.controller) {
    const { started } = await startController({
      home: resolveHome(globals.home),
      repoRoot: ctx.repoRoot,
      timeoutMs: globals.timeoutMs,
      log: ctx.note,
    });
    ctx.note(started ? "The embedded controller is up" : "The embedded controller is already running");
    restarted = started;
  }
  const target = await resolveTarget(globals);
  const session = await openModel(target, globals.timeoutMs);
  try {
    const before = await fullStatus(session);
    const plan = planUp(bundle, before, {
      archive: Object.fromEntries([...archives].map(([app, a]) => [app, a.sha256])),
      deployed: readDeployedHashes(target),
    });
    if (plan.present.length > 0) ctx.note(`Already deployed (kept as they are): ${plan.present.join(", ")}`);
    for (const { reason } of plan.changedCharms)
      ctx.note(`NOT redeployed: ${reason}; remove the app to deploy the new archive`);
    for (const app of plan.deploy)
      await deployApp(
        session,
        target,
        {
          charmPath: app.charmPath,
          app: app.name,
          scale: app.scale,
          trust: app.trust,
          config: app.options,
          resources: app.resources,
        },
        ctx.note,
      );
    for (const [a, b] of plan.integrate) {
      try {
        await session.call("Application", "AddRelation", { endpoints: [a, b] });
        ctx.note(`Integrated ${a} ${b}`);
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    }
    if (planIsEmpty(plan)) ctx.note("Nothing to deploy or relate: the stack is already there");
    const apps = bundle.apps.map((a) => a.name);
    const now = await fullStatus(session);
    if (restarted || !allSettled(now, apps)) {
      ctx.note("Waiting for every unit to be active, or blocked (or waiting) on something you must do:");
      await watchUnits(
        session,
        (changed, board) => {
          for (const u of changed) ctx.note(unitLine(u));
          return !restarted && board.settled(apps);
        },
        SETTLE_MS,
        { ms: QUIET_MS, resting: (board) => board.resting(apps) },
      ).catch((err: unknown) => {
        if (err instanceof CliError && /got no answer/.test(err.message))
          throw new CliError(
            `the units did not settle within ${SETTLE_MS / 60_000} minutes: charmarr status shows where they are`,
          );
        throw err;
      });
    }
    const after = await fullStatus(session);
    ctx.out(`\n${formatStatus(after)}\n${nextSteps(after, cliCommand())}`);
  } finally {
    session.close();
  }
}
