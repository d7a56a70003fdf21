import type { CharmContext } from "./charm-context";
import { charmDirDigest, digestOf } from "./charm-dir-digest";
import type { Status } from "./status-collector";

/**
 * `ctx.steadyStatus()` widened to a `config-changed` that changed nothing since the last hook
 * that ended active (an agent restart, `juju trust`): such a hook, like an update-status, only
 * needs to check what can change without an event. The config of that last hook is remembered
 * as one digest in the charm dir (charmDirDigest): a new pod, or a hook that did not end active
 * and remember it, takes the full path.
 */
export interface SteadyConfig {
  /** The active status to keep when this hook is steady; undefined: take the full path. */
  status(): Promise<Status | undefined>;
  /** A full hook ended active: this config is the steady one. */
  remember(): void;
}

export function steadyConfig(ctx: CharmContext<unknown>, name: string): SteadyConfig {
  const memo = charmDirDigest(ctx.juju.charmDir, `.${name}-steady-config`);
  const digest = () => digestOf([`${name}-steady-config/1`, ctx.config]);
  return {
    async status() {
      if (ctx.event.kind === "update-status") return ctx.steadyStatus();
      if (ctx.event.kind !== "config-changed" || !memo.matches(digest())) return undefined;
      const last = await ctx.lastStatus();
      return last.name === "active" ? last : undefined;
    },
    remember: () => memo.remember(digest()),
  };
}
