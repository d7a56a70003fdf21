import { type CharmContext, charmDirDigest, digestOf } from "@charmarr/charm";
import type { PebbleClient } from "@charmarr/pebble";
import type { AppService } from "../workload-service";

/**
 * A steady hook of an app charm: an `update-status`, or a `config-changed` that changed nothing
 * (an agent restart, a `juju config` that set what was already set), on a unit that the last
 * full hook left active. Only what can change without an event of its own is checked: that the
 * app answers, and that its own file (where the app saves what is changed in its UI) and the
 * charm's config are what that full hook left. Relations, grants, registrations and secrets
 * change only with events of their own, which take the full path.
 *
 * What the full hook left is one SHA-256 digest of (the file, the config) in the charm dir
 * (charmDirDigest: where the app cannot write): it logs in nowhere and says nothing of what the
 * file holds. A unit without it (a new pod, a hook that did not end active) takes the full path.
 */
export interface SteadyApp<C extends AppConfig = AppConfig> {
  /** The status to keep when this hook is steady; undefined: take the full path. */
  check(ctx: CharmContext<C>): Promise<{ message: string } | undefined>;
  /** A full hook ended active: the file and the config as they are now are the steady state. */
  remember(ctx: CharmContext<C>, pebble: PebbleClient): Promise<void>;
}

/** What every app charm's config has (timezone-option.ts). */
type AppConfig = { timezone?: string };

export function steadyApp<C extends AppConfig>(options: {
  /** Names the digest's file in the charm dir, `.<name>-steady`. */
  name: string;
  /** The app's service in this hook. */
  service: (ctx: CharmContext<C>) => AppService;
  /** The app's own file, as the app saves it; undefined when there is none. */
  file: (pebble: PebbleClient) => Promise<string | undefined>;
}): SteadyApp<C> {
  const { name, service, file } = options;
  const record = (ctx: CharmContext<C>) => charmDirDigest(ctx.juju.charmDir, `.${name}-steady`);
  const digest = (ctx: CharmContext<C>, text: string) => digestOf([`${name}-steady/1`, text, ctx.config]);
  return {
    async check(ctx) {
      const kind = ctx.event.kind;
      if (kind !== "update-status" && kind !== "config-changed") return undefined;
      // Asked together: status-get, is-leader, Pebble, network-get and the app's ready URL; the
      // file as soon as the unit is known to be active (a waiting unit may not have one yet).
      const app = service(ctx);
      const [last, leader, state, text] = await Promise.all([
        ctx.lastStatus(),
        ctx.isLeader(),
        app.reachable(ctx).catch(() => undefined),
        ctx.lastStatus().then((last) =>
          // Pebble could not give the file: the full path says why.
          last.name === "active" ? file(ctx.container(app.spec.container)).catch(() => undefined) : undefined,
        ),
      ]);
      if (last.name !== "active" || !leader || !state?.ok || text === undefined) return undefined;
      return record(ctx).matches(digest(ctx, text)) ? last : undefined;
    },
    async remember(ctx, pebble) {
      // Not remembered (Pebble could not give the file): the next hook takes the full path.
      const text = await file(pebble).catch(() => undefined);
      if (text !== undefined) record(ctx).remember(digest(ctx, text));
    },
  };
}
