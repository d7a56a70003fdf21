import type { CharmContext } from "@charmarr/charm";
import type { MediaStorageProvider } from "@charmarr/interfaces";
import { type PebbleClient, PebbleError } from "@charmarr/pebble";
import { prepareMediaTree } from "../media-storage/media-tree";
import { type AppAddress, appAddress, httpUrl } from "./app-address";
import { appLayer } from "./app-layer";
import type { AppServiceSpec } from "./app-service-spec";
import { ensureFolderOwner } from "./folder-owned-file";
import { answersHttp, waitUntilServing } from "./http-readiness";

/** Where the LinuxServer images keep the app's state and config. */
const CONFIG_DIR = "/config";

/** What the app service reads of the config: the app's time zone (TZ). */
type Ctx = CharmContext<{ timezone?: string }>;

export type AppState =
  | {
      ok: true;
      pebble: PebbleClient;
      address: AppAddress;
      /** `http://127.0.0.1:<port>`: where this charm talks to its app, on the pod's loopback. */
      localUrl: string;
      /** `http://<ingress>:<port>`: what other applications are told. */
      publicUrl: string;
    }
  | { ok: false; reason: string };

/**
 * Writes the app's config files before it starts (and re-asserts settings later). Says whether
 * a running app must restart to pick up what changed, and what this hook adds to the service's
 * environment (never a secret: e.g. a fingerprint of files the app reads only at start, so
 * replan restarts it exactly when they change).
 */
export type Seed = (
  pebble: PebbleClient,
  address: AppAddress,
) => Promise<{ restart: boolean; environment?: Record<string, string> }>;

/** How the app shares the media volume (media-storage): run as its ids, with its folders made. */
export interface SharedMedia {
  storage: MediaStorageProvider;
  /** This app's part of the media tree, parents first (media-layout.ts). */
  dirs: readonly string[];
}

/**
 * One app in one container, run by the leader only: the apps keep their state in a database
 * of their own, so two units would be two diverging apps. See docs/framework.md.
 */
export class AppService {
  /** This hook's answer to "is the app up", keyed in the hook's memo. */
  readonly #state = Symbol("app state");

  constructor(readonly spec: AppServiceSpec) {}

  address(ctx: Ctx): Promise<AppAddress> {
    return appAddress(ctx);
  }

  /**
   * Is the app up right now (Pebble reachable and the app answering HTTP)? Starts nothing; asked
   * once per hook. Rotation handlers use this: they run before reconcile.
   */
  reachable(ctx: Ctx): Promise<AppState> {
    const cell = this.#cell(ctx);
    cell.state ??= this.#probe(ctx);
    return cell.state;
  }

  /**
   * Leader: seed the config, apply the layer, replan, open the port and wait (bounded) until the
   * app answers. Non-leader: stop the app. Sets a status saying what it waits for.
   */
  run(ctx: Ctx, seed: Seed, media?: SharedMedia): Promise<AppState> {
    const state = this.#run(ctx, seed, media);
    this.#cell(ctx).state = state;
    return state;
  }

  /**
   * Start the app (`restart`: restart it) and wait, bounded by the start timeout, until it
   * answers at `localUrl`: the one way an app is brought back after the charm changed what it
   * only reads at start. False when it did not answer in time.
   */
  async startAndWait(pebble: PebbleClient, localUrl: string, how: "start" | "restart"): Promise<boolean> {
    const services = [this.spec.container];
    if (how === "restart") await pebble.restartServices(services);
    else await pebble.startServices(services);
    return this.#answers(localUrl);
  }

  #readyUrl(localUrl: string): string {
    return this.spec.readyUrl ?? `${localUrl}${this.spec.readyPath}`;
  }

  #answers(localUrl: string): Promise<boolean> {
    return waitUntilServing(this.#readyUrl(localUrl), {
      deadlineMs: this.spec.startTimeoutMs ?? 60_000,
    });
  }

  #cell(ctx: Ctx): { state?: Promise<AppState> } {
    return ctx.memo(this.#state, () => ({}));
  }

  async #probe(ctx: Ctx): Promise<AppState> {
    const pebble = ctx.container(this.spec.container);
    // Asked together: Pebble's answer and network-get (a hook-tool process) do not wait on each other.
    const [connected, address] = await Promise.all([pebble.canConnect(), this.address(ctx)]);
    if (!connected) return { ok: false, reason: this.#noPebble() };
    const state = this.#up(pebble, address);
    const answered = await answersHttp(this.#readyUrl(state.localUrl));
    return answered ? state : { ok: false, reason: `${this.spec.container} is not answering yet` };
  }

  async #run(ctx: Ctx, seed: Seed, media: SharedMedia | undefined): Promise<AppState> {
    const { container, port } = this.spec;
    const pebble = ctx.container(container);
    const [leader, connected] = await Promise.all([ctx.isLeader(), pebble.canConnect()]);
    if (!connected) {
      ctx.status.waiting(this.#noPebble());
      return { ok: false, reason: this.#noPebble() };
    }
    if (!leader) return this.#standBy(ctx, pebble);

    const address = await this.address(ctx);
    const state = this.#up(pebble, address);
    const owner = media && { userId: media.storage.puid, groupId: media.storage.pgid };
    try {
      // A steady update-status leaves /config's owner and the media tree (a write probe, run
      // through Pebble exec) to the next full hook: they change only if someone changes them.
      if (media && owner && !(await ctx.steadyStatus())) {
        // Before the seed: the config files it writes take /config's owner (folder-owned-file.ts).
        await ensureFolderOwner(pebble, CONFIG_DIR, owner);
        const tree = await prepareMediaTree(pebble, media.storage, media.dirs, ctx.app.name);
        if (!tree.ok) {
          ctx.status.blocked(tree.reason);
          return { ok: false, reason: tree.reason };
        }
      }
      const [before] = await pebble.getServices([container]);
      const { restart, environment } = await seed(pebble, address);
      const timezone = ctx.config.timezone ?? "Etc/UTC";
      const spec = environment
        ? { ...this.spec, environment: { ...this.spec.environment, ...environment } }
        : this.spec;
      await pebble.addLayer(
        container,
        appLayer(spec, timezone, this.spec.check ?? { http: { url: this.#readyUrl(state.localUrl) } }, owner),
        {
          combine: true,
        },
      );
      await pebble.replan();
      // replan restarts a service whose layer changed and starts a stopped one; a config file the
      // app only reads at start needs an explicit restart when it was already running.
      if (restart && before?.current === "active") {
        ctx.log.info({ service: container }, "restarting to apply its configuration");
        await pebble.restartServices([container]);
      }
    } catch (err) {
      if (!(err instanceof PebbleError)) throw err;
      const reason = `${container} did not start: ${err.message}`;
      ctx.log.warn({ service: container, error: err.message }, "the app did not start");
      ctx.status.waiting(reason);
      return { ok: false, reason };
    }
    // Opened ports stay open; the periodic update-status (the most frequent hook) skips the call.
    if (ctx.event.kind !== "update-status") await ctx.tools.openPort(port);

    if (!(await this.#answers(state.localUrl))) {
      const reason = `waiting for ${container} to answer on ${state.localUrl}`;
      ctx.status.waiting(reason);
      return { ok: false, reason };
    }
    return state;
  }

  async #standBy(ctx: Ctx, pebble: PebbleClient): Promise<AppState> {
    const { container } = this.spec;
    const [service] = await pebble.getServices([container]);
    if (service?.current === "active") await pebble.stopServices([container]);
    const reason = `${container} runs on the leader only: scale to 1 unit (juju scale-application ${ctx.app.name} 1)`;
    ctx.status.blocked(reason);
    return { ok: false, reason };
  }

  #up(pebble: PebbleClient, address: AppAddress): Extract<AppState, { ok: true }> {
    return {
      ok: true,
      pebble,
      address,
      localUrl: httpUrl(address.local, this.spec.port),
      publicUrl: httpUrl(address.ingress, this.spec.port),
    };
  }

  #noPebble(): string {
    return `waiting for Pebble in the ${this.spec.container} container`;
  }
}

export function appService(spec: AppServiceSpec): AppService {
  return new AppService(spec);
}
