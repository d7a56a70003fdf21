import { join } from "node:path";
import type { z } from "zod";
import type { CharmDefinition } from "../define-charm";
import { HookTools, ProcessToolRunner, sweepSecretContentFiles } from "../hook-tools";
import type { ToolRunner } from "../hook-tools/tool-runner";
import { createHookLogger } from "../logging/hook-logger";
import { SecretRedactor } from "../logging/secret-redactor";
import { ActionContext } from "../model/action-context";
import { CharmContext, InvalidConfigError } from "../model/charm-context";
import { configSchema, describeConfigProblems, parseConfig } from "../model/config-schema";
import { memoize } from "../model/memoize";
import { bounded, MAX_STATUS_MESSAGE, StatusCollector } from "../model/status-collector";
import { type JujuContext, jujuContextFromEnv } from "./juju-env";
import type { JujuEvent } from "./juju-event";

/** The unit's private directory for secret content files, in its charm dir. */
export const SECRET_FILES_DIR = ".secret-files";

export interface RunCharmOptions {
  /** Defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Defaults to spawning the real hook tools. */
  runner?: ToolRunner;
  /** Where log lines go; defaults to stdout. */
  write?: (line: string) => void;
}

/** Teardown and actions do not converge the world; every other hook does. */
function reconciles(event: JujuEvent): boolean {
  return !["action", "stop", "remove", "unknown"].includes(event.kind);
}

/**
 * One hook, start to finish: env → typed event → dedicated handler → reconcile → one
 * status-set → exit code. Returns 0 on success, 1 when the hook must fail (Juju then
 * discards the hook's buffered changes and retries it).
 */
export async function runCharm<C>(charm: CharmDefinition<C>, opts: RunCharmOptions = {}): Promise<number> {
  const env = opts.env ?? process.env;
  // Secret content files live in a private directory of this unit's charm dir (as ops keeps its
  // state there), swept at every hook start: a killed hook's leftovers go with the next hook.
  const charmDir = env.JUJU_CHARM_DIR;
  const unitDir = (env.JUJU_UNIT_NAME ?? "unit").replace("/", "-");
  const runner =
    opts.runner ?? new ProcessToolRunner(charmDir ? join(charmDir, SECRET_FILES_DIR, unitDir) : undefined);
  const tools = new HookTools(runner);
  const redactor = new SecretRedactor();
  const { logger, flush } = createHookLogger({
    redactor,
    jujuLog: (level, message) => tools.jujuLog(level, message),
    bindings: { unit: env.JUJU_UNIT_NAME, hook: env.JUJU_DISPATCH_PATH },
    write: opts.write,
  });

  let juju: JujuContext;
  try {
    juju = jujuContextFromEnv(env);
  } catch (err) {
    logger.error({ err }, "cannot read the Juju environment");
    await flush();
    return 1;
  }
  if (runner.secretFilesDir !== undefined) {
    const swept = await sweepSecretContentFiles(runner.secretFilesDir);
    if (swept > 0) logger.info({ swept }, "removed secret files a killed hook left behind");
  }
  const event = juju.event;
  logger.debug({ event }, "event");
  const parts = [...(charm.features ?? []), charm];
  // Features' handlers first, in the order listed, then the charm's own.
  const handlers = event.kind === "action" ? [] : parts.flatMap((p) => p.on?.[event.kind] ?? []);
  const action =
    event.kind === "action" ? parts.map((p) => p.actions?.[event.name]).findLast(Boolean) : undefined;
  if (event.kind === "action" && !action) {
    logger.error(`action ${event.name} is not implemented by this charm`);
    await tools.actionFail(`action "${event.name}" is not implemented by this charm`);
    await flush();
    return 0;
  }
  if (handlers.length === 0 && !action && !(charm.reconcile && reconciles(event))) {
    logger.debug({ event: event.kind }, "no handler for this event");
    await flush();
    return 0;
  }

  // Answers that cannot change within the hook, asked once and concurrently.
  const options = charm.metadata.config?.options ?? {};
  const isLeader = memoize(() => tools.isLeader());
  const leaderAnswer = isLeader();
  const rawConfig = tools.configGet();
  const rawParams = action ? tools.actionGet() : undefined;
  leaderAnswer.catch(() => undefined); // awaited by whoever needs it; never an unhandled rejection
  const refinements = Object.assign({}, ...parts.map((p) => p.config ?? {}));
  const configResult = parseConfig<C>(configSchema(options, refinements), options, await rawConfig);

  const status = new StatusCollector();
  const ctx = new CharmContext<C>(
    juju,
    charm.metadata,
    tools,
    logger,
    status,
    redactor,
    configResult,
    isLeader,
  );
  let exitCode = 0;
  try {
    if (action && event.kind === "action" && rawParams) {
      const parsed = (action.params as z.ZodType).safeParse(await rawParams);
      const running = new ActionContext(event.name, event.id, parsed.success ? parsed.data : {}, tools);
      if (parsed.success) await action.run(ctx, running);
      else running.fail(`invalid parameters: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
      await running.finish();
    } else {
      for (const handler of handlers) {
        await (handler as (c: typeof ctx, e: JujuEvent) => Promise<void>)(ctx, event);
      }
      if (charm.reconcile && reconciles(event)) {
        if (configResult.ok) await charm.reconcile(ctx);
        else status.blocked(describeConfigProblems(configResult.problems));
      }
    }
  } catch (err) {
    if (err instanceof InvalidConfigError) {
      status.blocked(err.message);
    } else {
      logger.error({ err }, `${juju.dispatchPath} failed`);
      exitCode = 1;
    }
  }
  ctx.close();
  const worst = status.worst();
  // Redacted first, then cut: a cut must never leave half a secret behind.
  const message = worst && bounded(redactor.redact(worst.message), MAX_STATUS_MESSAGE);
  // A steady update-status that ends where it began sets nothing (ctx.steadyStatus).
  if (worst && message !== undefined && !ctx.statusUnchanged({ name: worst.name, message })) {
    try {
      await tools.statusSet(worst.name, message);
    } catch (err) {
      logger.error({ err }, "cannot set the unit status");
      exitCode = 1;
    }
  }
  await flush();
  return exitCode;
}
