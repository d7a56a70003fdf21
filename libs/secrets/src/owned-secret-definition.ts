import {
  type ActionDefinition,
  type CharmContext,
  type CharmFeature,
  type ConfigRefinements,
  NotFoundError,
  type SecretInfo,
  sameSecret,
} from "@charmarr/charm";
import * as z from "zod";
import { repairDrift } from "./credential-drift";
import { rotateCredential } from "./credential-rotation";
import type { CredentialWorkload } from "./credential-workload";
import { OwnedSecret } from "./owned-secret";
import {
  DEFAULT_ROTATION_INTERVAL,
  type RotationInterval,
  rotationIntervalSchema,
  sameRotation,
} from "./rotation-interval";
import { OWNER_APP_KEY, type SecretContent, stampedContent } from "./secret-content";

/** The config an owning charm has: the rotation option (charmcraft.yaml gives it a default). */
export type RotationConfig<O extends string> = { [K in O]: string };

/** Everything a charm says once about a credential it owns. */
export interface OwnedSecretSpec<
  T extends SecretContent,
  O extends string = "rotation-interval",
  C extends RotationConfig<O> = RotationConfig<O>,
> {
  /** The owner label, e.g. `api-key`; how the secret is found again after any leader change. */
  label: string;
  /** Shown by `juju secrets` / `juju show-secret`. */
  description: string;
  /** The content's shape: checked on every read, so a hand-edited secret cannot crash a hook. */
  schema: z.ZodType<T>;
  /** A fresh credential. */
  generate(): T;
  /**
   * The workload, when it is up in this hook; undefined postpones rotation and skips drift
   * checks. Called at most once per hook.
   */
  workload(ctx: CharmContext<C>): Promise<CredentialWorkload<T> | undefined>;
  /** The config option holding the rotation interval. Default `rotation-interval`. */
  rotationOption?: O;
  /**
   * A fixed rotation policy instead of the option's: `never` for a credential that changes only
   * with another one (Gluetun's control API key, renewed with its proxy credentials).
   */
  rotation?: RotationInterval;
  /** The action that rotates on demand. Default `rotate-credentials`. */
  rotateAction?: string;
}

export type OwnedSecretResult<T extends SecretContent> =
  | { ok: true; secret: OwnedSecret<T> }
  | { ok: false; reason: string };

/** This hook's view of one owned secret: the latest, replaced (never edited) by a rotation. */
interface HookCell<T extends SecretContent> {
  secret?: Promise<OwnedSecretResult<T>>;
  workload?: Promise<CredentialWorkload<T> | undefined>;
}

/**
 * A credential the application owns as a Juju secret, declared once per charm: created by the
 * leader on first need, found again by label, its rotation policy kept equal to the config,
 * rotated through the workload, repaired after drift, pruned of obsolete revisions. `get`
 * gives this hook's `OwnedSecret`; `feature` brings the handlers and the action. See
 * docs/secrets.md.
 */
export class OwnedSecretDefinition<
  T extends SecretContent,
  O extends string = "rotation-interval",
  C extends RotationConfig<O> = RotationConfig<O>,
> {
  readonly label: string;
  readonly rotationOption: O;
  readonly rotateAction: string;

  constructor(readonly spec: OwnedSecretSpec<T, O, C>) {
    this.label = spec.label;
    this.rotationOption = spec.rotationOption ?? ("rotation-interval" as O);
    this.rotateAction = spec.rotateAction ?? "rotate-credentials";
  }

  /**
   * The secret in this hook (leader only): found or created, its rotation policy aligned with
   * the config, drift repaired when the workload is up; after a rotation in this hook, the
   * rotated one. Asked of Juju once per hook, however often it is called.
   */
  get(ctx: CharmContext<C>): Promise<OwnedSecretResult<T>> {
    const cell = this.#cell(ctx);
    cell.secret ??= this.#find(ctx);
    return cell.secret;
  }

  /**
   * A new revision with `content`, made outside a rotation of this secret (a credential that
   * changes together with another, in that one's rotation): set, and what `get` gives for the
   * rest of the hook. Leader only.
   */
  async replace(ctx: CharmContext<C>, content: T): Promise<OwnedSecretResult<T>> {
    const found = await this.get(ctx);
    if (!found.ok) return found;
    const result: OwnedSecretResult<T> = { ok: true, secret: await found.secret.set(content) };
    this.#cell(ctx).secret = Promise.resolve(result);
    return result;
  }

  /** The workload adapter of this hook, built once. */
  workload(ctx: CharmContext<C>): Promise<CredentialWorkload<T> | undefined> {
    const cell = this.#cell(ctx);
    cell.workload ??= this.spec.workload(ctx);
    return cell.workload;
  }

  /** The handlers and the action every owning charm needs; list it in `features`. */
  get feature(): CharmFeature<C> {
    const rotateAction: ActionDefinition<C, z.ZodObject> = {
      params: z.object({}),
      run: async (ctx, action) => {
        if (!(await ctx.isLeader())) {
          action.fail(`run this on the leader: juju run ${ctx.app.name}/leader ${this.rotateAction}`);
          return;
        }
        const result = await this.#rotate(ctx, "rotate-credentials action");
        if (result.ok) action.setResults({ secret: this.label, "secret-id": result.secret.id });
        else action.fail(`${this.label} not rotated: ${result.reason}`);
      },
    };
    const config: ConfigRefinements<C> = {};
    config[this.rotationOption] = rotationIntervalSchema;
    return {
      name: `owned secret ${this.label}`,
      config,
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

  #cell(ctx: CharmContext<C>): HookCell<T> {
    return ctx.memo(this, (): HookCell<T> => ({}));
  }

  /** Owner hooks carry the owner label; fall back to comparing IDs. */
  async #mine(ctx: CharmContext<C>, secretId: string, label: string | undefined): Promise<boolean> {
    if (label !== undefined) return label === this.label;
    const found = await this.get(ctx);
    return found.ok && sameSecret(secretId, found.secret.xid);
  }

  async #rotate(ctx: CharmContext<C>, why: string): Promise<OwnedSecretResult<T>> {
    const found = await this.get(ctx);
    if (!found.ok) return found;
    const workload = await this.workload(ctx);
    if (!workload) {
      const reason = "the workload is not reachable; Juju retries the rotation in 5 minutes";
      ctx.status.waiting(`${this.label} rotation postponed: ${reason}`);
      return { ok: false, reason };
    }
    const result = await rotateCredential(found.secret, this.spec.generate(), workload);
    if (!result.ok) {
      ctx.status.waiting(`${this.label} rotation postponed: ${result.reason}`);
      return result;
    }
    ctx.log.info({ secret: this.label, why }, "rotated");
    // What the rest of this hook (reconcile) sees from now on.
    this.#cell(ctx).secret = Promise.resolve(result);
    return result;
  }

  async #find(ctx: CharmContext<C>): Promise<OwnedSecretResult<T>> {
    if (!(await ctx.isLeader()))
      return { ok: false, reason: "only the leader manages the application's secrets" };
    const wanted = this.#wantedRotation(ctx);
    let secret: OwnedSecret<T>;
    try {
      const info = await ctx.tools.secretInfoGet({ label: this.label });
      secret = await this.#read(ctx, info);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      secret = await this.#create(ctx, wanted);
    }
    if (wanted !== undefined && !sameRotation(secret.info.rotation, wanted)) {
      ctx.log.info(
        { secret: this.label, from: secret.info.rotation ?? "never", to: wanted },
        "rotation policy changed",
      );
      secret = await secret.setRotation(wanted);
    }
    const workload = await this.workload(ctx);
    if (workload) secret = await repairDrift(secret, this.spec.schema, workload);
    return { ok: true, secret };
  }

  /** The latest revision (owners track revisions too, so always refresh). */
  async #read(ctx: CharmContext<C>, info: SecretInfo): Promise<OwnedSecret<T>> {
    const raw = await ctx.tools.secretGet({ id: info.id }, { refresh: true });
    for (const [key, value] of Object.entries(raw)) if (key !== OWNER_APP_KEY) ctx.redact(value);
    const parsed = this.spec.schema.safeParse(raw);
    if (parsed.success) {
      const secret = new OwnedSecret(ctx, info, parsed.data, info.revision);
      if (raw[OWNER_APP_KEY] === ctx.app.name) return secret;
      // Made before provenance (or edited by hand): stamp it, so consumers can trust it.
      ctx.log.info({ secret: this.label }, "stamping the secret with its owner");
      return secret.set(parsed.data);
    }
    // Someone edited the secret by hand into a shape we cannot use: start again afresh.
    ctx.log.warn(
      { secret: this.label, keys: Object.keys(raw) },
      "secret content has the wrong shape; regenerating",
    );
    const fresh = this.spec.generate();
    return new OwnedSecret(ctx, info, fresh).set(fresh);
  }

  async #create(ctx: CharmContext<C>, rotate: RotationInterval | undefined): Promise<OwnedSecret<T>> {
    // A credential already in the workload (a hook that died after seeding it) is kept, not replaced.
    const workload = await this.workload(ctx);
    const content = (await workload?.readLive?.()) ?? this.spec.generate();
    for (const value of Object.values(content)) ctx.redact(value);
    const uri = await ctx.tools.secretAdd(stampedContent(content, ctx.app.name), {
      owner: "application",
      label: this.label,
      description: this.spec.description,
      rotate: rotate ?? DEFAULT_ROTATION_INTERVAL,
    });
    ctx.log.info({ secret: this.label }, "created");
    return new OwnedSecret(ctx, await ctx.tools.secretInfoGet({ id: uri }), content);
  }

  /** The configured interval; undefined when the config is invalid (the policy stays as it is). */
  #wantedRotation(ctx: CharmContext<C>): RotationInterval | undefined {
    if (this.spec.rotation !== undefined) return this.spec.rotation;
    const result = ctx.configResult;
    if (!result.ok) return undefined;
    const value = result.config[this.rotationOption];
    const parsed = rotationIntervalSchema.safeParse(value ?? DEFAULT_ROTATION_INTERVAL);
    return parsed.success ? parsed.data : undefined;
  }
}

export function ownedSecret<
  T extends SecretContent,
  O extends string = "rotation-interval",
  C extends RotationConfig<O> = RotationConfig<O>,
>(spec: OwnedSecretSpec<T, O, C>): OwnedSecretDefinition<T, O, C> {
  return new OwnedSecretDefinition(spec);
}
