import type { CharmContext, CharmFeature } from "@charmarr/charm";
import { type OwnedSecret, ownedSecret } from "@charmarr/secrets";
import { generateApiKey } from "@charmarr/workloads";
import * as z from "zod";
import type { ServarrCharmSpec } from "./servarr-charm-spec";
import { servarrConfigOptions } from "./servarr-config";
import { type ApiKeyContent, type RunningServarr, ServarrWorkload } from "./servarr-workload";

type Ctx = CharmContext<unknown>;

export type StartResult = ({ ok: true } & RunningServarr) | { ok: false; reason: string };

const apiKeySchema: z.ZodType<ApiKeyContent> = z.object({ "api-key": z.string().min(1) });

/**
 * What the three Servarr charms share: the `api-key` secret the app runs with (created,
 * rotated live, adopted when changed in the web UI), config.xml, the app under Pebble on the
 * leader, and the options and action that come with them.
 */
export class ServarrCharm {
  readonly workload: ServarrWorkload;
  readonly apiKey: OwnedSecret<ApiKeyContent>;

  constructor(readonly spec: ServarrCharmSpec) {
    this.workload = new ServarrWorkload(spec);
    this.apiKey = ownedSecret({
      label: "api-key",
      description: `${this.workload.name} API key`,
      schema: apiKeySchema,
      generate: () => ({ "api-key": generateApiKey() }),
      workload: (ctx) => this.workload.credential(ctx),
    });
  }

  /** Relation reads to start early in leader hooks; none here, each charm kind says its own. */
  protected prefetch(_ctx: Ctx): void {}

  /** The app's name as it names itself (`Radarr`). */
  get name(): string {
    return this.workload.name;
  }

  /** `rotation-interval` (from the secret), `timezone`, `url-base`. */
  get config(): Record<string, z.ZodType> {
    return servarrConfigOptions;
  }

  /** The secret's handlers (rotate, expire, remove) and the `rotate-credentials` action. */
  get features(): CharmFeature<unknown>[] {
    return [this.apiKey.feature];
  }

  /**
   * Leader: find or create the key (repairing drift), seed config.xml with it, run the app and
   * wait until it answers. Non-leader: stop the app and say why. Not ok: a status says why.
   */
  async start(ctx: Ctx): Promise<StartResult> {
    if (!(await ctx.isLeader())) return this.workload.run(ctx, undefined) as Promise<StartResult>;
    // Each hook tool is a process: start the reads every leader hook needs while the secret is
    // read (all memoised for the hook), instead of one after the other.
    this.workload
      .service(ctx)
      .reachable(ctx)
      .catch(() => undefined);
    this.prefetch(ctx);
    const key = await this.apiKey.ensure(ctx);
    if (!key.ok) {
      ctx.status.waiting(key.reason);
      return key;
    }
    const running = await this.workload.run(ctx, key.secret.content["api-key"]);
    return "pebble" in running ? { ok: true, ...running } : running;
  }
}

export interface Prefetch {
  endpoint: string;
  /** Which reads of each relation the charm makes in every leader hook. */
  reads: readonly ("remoteApp" | "remoteAppData" | "localAppData")[];
}

export function prefetchRelations(ctx: Ctx, prefetches: readonly Prefetch[]): void {
  const ignore = () => undefined; // a failed read fails again, and is reported, where it is used
  for (const { endpoint, reads } of prefetches) {
    ctx.relations(endpoint).then((relations) => {
      for (const relation of relations) for (const read of reads) relation[read]().catch(ignore);
    }, ignore);
  }
}

export function servarrCharm(spec: ServarrCharmSpec): ServarrCharm {
  return new ServarrCharm(spec);
}
