import type { Model } from "../model/model";
import type { ModelNotification } from "../model/notifications";
import { EXPIRE_RETRY_DELAY_MS } from "../model/rotate-policy";
import { canManage } from "../model/secret-access";
import { retryAfter } from "../model/secret-schedule";
import { secretUriFor } from "../model/secret-uri";
import type { SecretRecord } from "../model/state";
import { type HookOp, hookOp, type OpEffect } from "./unit-op";

type RemovalNotice = Extract<ModelNotification, { kind: "secret-remove" }>;

const revisionKey = (xid: string, revision: number) => `${xid}/${revision}`;

/**
 * The hooks a secret's owner gets (the managing unit: the leader for application secrets):
 * secret-expired at a revision's expiry and every 5 minutes after until it is removed (counted
 * from the time it was due, as Juju's expiry worker adds ExpireRetryDelay to the expiry time),
 * secret-rotate when the rotation time has come (the commit of that hook reschedules it), and
 * secret-remove once per obsolete revision the model reported. Kept per model, not per unit,
 * so a new leader takes over what its predecessor had not done.
 */
export class OwnerSecretHooks {
  #removals: RemovalNotice[] = [];
  /** When an expired revision's hook fires again; absent: at its expiry time. */
  readonly #expireRetry = new Map<string, number>();

  /** What is still owed, as plain data. */
  snapshot(): { removals: RemovalNotice[]; expireRetry: [string, number][] } {
    return { removals: this.#removals.map((n) => ({ ...n })), expireRetry: [...this.#expireRetry] };
  }

  restore(snapshot: { removals: RemovalNotice[]; expireRetry: [string, number][] }): void {
    this.#removals = snapshot.removals.map((n) => ({ ...n }));
    this.#expireRetry.clear();
    for (const [key, at] of snapshot.expireRetry) this.#expireRetry.set(key, at);
  }

  queueRemoval(notice: RemovalNotice): void {
    this.#removals.push(notice);
  }

  expired(model: Model, unit: string): HookOp | undefined {
    const now = model.now().getTime();
    for (const secret of this.#managed(model, unit)) {
      for (const revision of secret.revisions.values()) {
        const expiry = revision.expireTime?.getTime();
        if (expiry === undefined) continue;
        const due = this.#expireRetry.get(revisionKey(secret.xid, revision.revision)) ?? expiry;
        if (due > now) continue;
        return hookOp(
          { hook: "secret-expired", secret: this.#secretVars(model, secret, revision.revision) },
          { kind: "secret-expired", xid: secret.xid, revision: revision.revision },
        );
      }
    }
    return undefined;
  }

  rotate(model: Model, unit: string): HookOp | undefined {
    const now = model.now().getTime();
    const secret = this.#managed(model, unit).find((s) => (s.nextRotateTime?.getTime() ?? Infinity) <= now);
    if (!secret) return undefined;
    return hookOp(
      { hook: "secret-rotate", secret: this.#secretVars(model, secret) },
      { kind: "secret-rotate", xid: secret.xid },
    );
  }

  removal(model: Model, unit: string): HookOp | undefined {
    // A revision the charm removed on its own owes no hook any more.
    this.#removals = this.#removals.filter((n) => this.#current(model, n.xid, n.revision));
    for (const notice of this.#removals) {
      const secret = this.#current(model, notice.xid, notice.revision);
      if (!secret || !canManage(model.state, secret, unit)) continue;
      return hookOp(
        { hook: "secret-remove", secret: this.#secretVars(model, secret, notice.revision) },
        { kind: "secret-remove", xid: notice.xid, revision: notice.revision },
      );
    }
    return undefined;
  }

  /** Whether an owner hook may still run on `unit`: its secret (and revision) exists and the unit manages it. */
  mayRun(model: Model, unit: string, effect: OpEffect): boolean {
    if (
      effect.kind !== "secret-rotate" &&
      effect.kind !== "secret-expired" &&
      effect.kind !== "secret-remove"
    )
      return true;
    const secret =
      effect.kind === "secret-rotate"
        ? model.state.secrets.get(effect.xid)
        : this.#current(model, effect.xid, effect.revision);
    return secret !== undefined && canManage(model.state, secret, unit);
  }

  /** After an owner hook ran, or was dropped because it no longer applied. */
  completed(model: Model, effect: OpEffect, now: Date): void {
    if (effect.kind === "secret-expired") {
      const key = revisionKey(effect.xid, effect.revision);
      const expiry = model.state.secrets
        .get(effect.xid)
        ?.revisions.get(effect.revision)
        ?.expireTime?.getTime();
      const due = this.#expireRetry.get(key) ?? expiry ?? now.getTime();
      this.#expireRetry.set(key, retryAfter(due, now.getTime(), EXPIRE_RETRY_DELAY_MS));
    } else if (effect.kind === "secret-remove") {
      this.#removals = this.#removals.filter((n) => n.xid !== effect.xid || n.revision !== effect.revision);
    }
  }

  #managed(model: Model, unit: string): SecretRecord[] {
    return [...model.state.secrets.values()].filter((s) => canManage(model.state, s, unit));
  }

  #current(model: Model, xid: string, revision: number): SecretRecord | undefined {
    const secret = model.state.secrets.get(xid);
    return secret?.revisions.has(revision) ? secret : undefined;
  }

  /** JUJU_SECRET_ID / _LABEL (the owner label, filled from metadata) / _REVISION. */
  #secretVars(model: Model, secret: SecretRecord, revision?: number) {
    return {
      uri: secretUriFor(model.uuid, secret.xid),
      label: secret.label ?? "",
      ...(revision === undefined ? {} : { revision }),
    };
  }
}
