import {
  type ActionDefinition,
  type CharmContext,
  type CharmFeature,
  NotFoundError,
  type Relation,
  type SecretInfo,
  sameSecret,
} from "@charmarr/charm";
import * as z from "zod";
import { repairDrift } from "./credential-drift";
import { rotateCredential } from "./credential-rotation";
import type { CredentialWorkload } from "./credential-workload";
import {
  DEFAULT_ROTATION_INTERVAL,
  type RotationInterval,
  rotationIntervalSchema,
  sameRotation,
} from "./rotation-interval";
import { publishedSecretId, type SecretContent } from "./secret-content";
import { syncGrants } from "./secret-grants";

type Ctx = CharmContext<unknown>;

/** Everything a charm says once about a credential it owns. */
export interface OwnedSecretSpec<T extends SecretContent> {
  /** The owner label, e.g. `api-key`; how the secret is found again after any leader change. */
  label: string;
  /** Shown by `juju secrets` / `juju show-secret`. */
  description: string;
  /** The content's shape: checked on every read, so a hand-edited secret cannot crash a hook. */
  schema: z.ZodType<T>;
  /** A fresh credential. */
  generate(): T;
  /** The workload, when it is up in this hook; undefined postpones rotation and skips drift checks. */
  workload(ctx: Ctx): Promise<CredentialWorkload<T> | undefined>;
  /** The config option holding the rotation interval. Default `rotation-interval`. */
  rotationOption?: string;
  /** The action that rotates on demand. Default `rotate-credentials`. */
  rotateAction?: string;
}

/** The secret as the leader sees it in this hook. */
export interface OwnedSecretState<T> {
  /** Bare xid. */
  xid: string;
  /** `secret:<xid>`, the spelling published in relation data. */
  id: string;
  content: T;
  info: SecretInfo;
}

export type EnsureResult<T> = { ok: true; secret: OwnedSecretState<T> } | { ok: false; reason: string };

/**
 * A credential the application owns as a Juju secret: created by the leader on first need,
 * found again by label, its rotation policy kept equal to the config, granted on exactly the
 * relations that need it, rotated through the workload, repaired after drift, pruned of
 * obsolete revisions. See docs/secrets.md.
 */
export class OwnedSecret<T extends SecretContent> {
  readonly label: string;
  readonly rotationOption: string;
  readonly rotateAction: string;
  readonly #states = new WeakMap<Ctx, Promise<EnsureResult<T>>>();

  constructor(readonly spec: OwnedSecretSpec<T>) {
    this.label = spec.label;
    this.rotationOption = spec.rotationOption ?? "rotation-interval";
    this.rotateAction = spec.rotateAction ?? "rotate-credentials";
  }

  /**
   * Find or create the secret (leader only), align its rotation policy with the config and
   * repair drift when the workload is up. Asked once per hook, however often it is called.
   */
  ensure(ctx: Ctx): Promise<EnsureResult<T>> {
    let state = this.#states.get(ctx);
    if (!state) {
      state = this.#ensure(ctx);
      this.#states.set(ctx, state);
    }
    return state;
  }

  /** Grant the secret on exactly these relations (and revoke it from every other app). */
  async grant(ctx: Ctx, relations: readonly Relation[]): Promise<void> {
    const state = await this.ensure(ctx);
    if (!state.ok) return;
    await syncGrants(ctx, state.secret, relations);
  }

  /** The handlers and the action every owning charm needs; list it in `features`. */
  get feature(): CharmFeature<unknown> {
    const rotateAction: ActionDefinition<unknown, z.ZodObject> = {
      params: z.object({}),
      run: async (ctx, action) => {
        if (!(await ctx.isLeader())) {
          action.fail(`run this on the leader: juju run ${ctx.app.name}/leader ${this.rotateAction}`);
          return;
        }
        const result = await this.#rotate(ctx, "rotate-credentials action");
        if (result.ok) action.setResults({ secret: this.label, "secret-id": result.id });
        else action.fail(`${this.label} not rotated: ${result.reason}`);
      },
    };
    return {
      name: `owned secret ${this.label}`,
      config: { [this.rotationOption]: rotationIntervalSchema },
      on: {
        "secret-rotate": async (ctx, event) => {
          if (await this.#mine(ctx, event.secretId, event.label))
            await this.#rotate(ctx, "scheduled rotation");
        },
        "secret-expired": async (ctx, event) => {
          if (await this.#mine(ctx, event.secretId, event.label))
            await this.#rotate(ctx, `revision ${event.revision} expired`);
        },
        "secret-remove": async (ctx, event) => {
          if (event.revision === undefined || !(await this.#mine(ctx, event.secretId, event.label))) return;
          // Nobody tracks this revision any more: remove it so revisions never pile up.
          await ctx.tools.secretRemove(event.secretId, { revision: event.revision });
          ctx.log.info({ secret: this.label, revision: event.revision }, "removed an obsolete revision");
        },
      },
      actions: { [this.rotateAction]: rotateAction },
    };
  }

  /** Owner hooks carry the owner label; fall back to comparing IDs. */
  async #mine(ctx: Ctx, secretId: string, label: string | undefined): Promise<boolean> {
    if (label !== undefined) return label === this.label;
    const state = await this.ensure(ctx);
    return state.ok && sameSecret(secretId, state.secret.xid);
  }

  async #rotate(ctx: Ctx, why: string): Promise<{ ok: true; id: string } | { ok: false; reason: string }> {
    const state = await this.ensure(ctx);
    if (!state.ok) return state;
    const workload = await this.spec.workload(ctx);
    if (!workload) {
      const reason = "the workload is not reachable; Juju retries the rotation in 5 minutes";
      ctx.status.waiting(`${this.label} rotation postponed: ${reason}`);
      return { ok: false, reason };
    }
    const result = await rotateCredential(ctx, this, state.secret, workload);
    if (result.ok) {
      ctx.log.info({ secret: this.label, why }, "rotated");
      state.secret.content = result.content;
      return { ok: true, id: state.secret.id };
    }
    ctx.status.waiting(`${this.label} rotation postponed: ${result.reason}`);
    return result;
  }

  async #ensure(ctx: Ctx): Promise<EnsureResult<T>> {
    if (!(await ctx.isLeader()))
      return { ok: false, reason: "only the leader manages the application's secrets" };
    const wanted = this.#wantedRotation(ctx);
    let info: SecretInfo;
    let content: T;
    try {
      info = await ctx.tools.secretInfoGet({ label: this.label });
      content = await this.#read(ctx, info.id);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      ({ info, content } = await this.#create(ctx, wanted));
    }
    if (wanted !== undefined && !sameRotation(info.rotation, wanted)) {
      await ctx.tools.secretSet(info.id, { rotate: wanted });
      ctx.log.info(
        { secret: this.label, from: info.rotation ?? "never", to: wanted },
        "rotation policy changed",
      );
      info = { ...info, rotation: wanted };
    }
    const secret: OwnedSecretState<T> = { xid: info.id, id: publishedSecretId(info.id), content, info };
    const workload = await this.spec.workload(ctx);
    if (workload) await repairDrift(ctx, this, secret, workload);
    return { ok: true, secret };
  }

  /** The latest revision (owners track revisions too, so always refresh). */
  async #read(ctx: Ctx, xid: string): Promise<T> {
    const raw = await ctx.tools.secretGet({ id: xid }, { refresh: true });
    for (const value of Object.values(raw)) ctx.redact(value);
    const parsed = this.spec.schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    // Someone edited the secret by hand into a shape we cannot use: start again from the workload.
    ctx.log.warn(
      { secret: this.label, keys: Object.keys(raw) },
      "secret content has the wrong shape; regenerating",
    );
    const fresh = this.spec.generate();
    for (const value of Object.values(fresh)) ctx.redact(value);
    await ctx.tools.secretSet(xid, { content: fresh });
    return fresh;
  }

  async #create(ctx: Ctx, rotate: RotationInterval | undefined): Promise<{ info: SecretInfo; content: T }> {
    // A credential already in the workload (a hook that died after seeding it) is kept, not replaced.
    const workload = await this.spec.workload(ctx);
    const content = (await workload?.readLive?.()) ?? this.spec.generate();
    for (const value of Object.values(content)) ctx.redact(value);
    const uri = await ctx.tools.secretAdd(content, {
      owner: "application",
      label: this.label,
      description: this.spec.description,
      rotate: rotate ?? DEFAULT_ROTATION_INTERVAL,
    });
    ctx.log.info({ secret: this.label }, "created");
    const info = await ctx.tools.secretInfoGet({ id: uri });
    return { info, content };
  }

  /** The configured interval; undefined when the config is invalid (the policy stays as it is). */
  #wantedRotation(ctx: Ctx): RotationInterval | undefined {
    if (!ctx.configResult.ok) return undefined;
    const value = (ctx.config as Record<string, unknown>)[this.rotationOption];
    const parsed = rotationIntervalSchema.safeParse(value ?? DEFAULT_ROTATION_INTERVAL);
    return parsed.success ? parsed.data : undefined;
  }
}

export function ownedSecret<T extends SecretContent>(spec: OwnedSecretSpec<T>): OwnedSecret<T> {
  return new OwnedSecret(spec);
}
