import { ToolError } from "../hook-tools/errors";
import type {
  SecretAccess,
  SecretCreateArgs,
  SecretMetadataView,
  SecretUpsertArgs,
} from "../hook-tools/tool-context";
import type {
  SecretConsumerChange,
  SecretCreateChange,
  SecretGrantChange,
  SecretRevokeChange,
  SecretUpdateChange,
} from "../model/hook-changes";
import { NOT_LEADER, PERMISSION_DENIED, UNIT_GRANTS_FIRST } from "../model/juju-errors";
import type { Model } from "../model/model";
import { relationTag } from "../model/relations";
import { canManage, canRead } from "../model/secret-access";
import { secretUriFor } from "../model/secret-uri";
import { type SecretRecord, type SecretTarget, unitApp } from "../model/state";
import { newXid } from "../model/xid";

const quote = JSON.stringify;

const targetTag = (t: SecretTarget): string =>
  t.kind === "application" ? `application-${t.name}` : `unit-${t.name.replace("/", "-")}`;

/** Copies the fields an upsert sets onto `into` (content only when non-empty), as the recorder merges. */
function mergeUpsert<T extends SecretUpsertArgs>(into: T, args: SecretUpsertArgs): T {
  if (args.label !== undefined) into.label = args.label;
  if (args.description !== undefined) into.description = args.description;
  if (args.content && Object.keys(args.content).length > 0) into.content = args.content;
  if (args.rotatePolicy !== undefined) into.rotatePolicy = args.rotatePolicy;
  if (args.expireTime !== undefined) into.expireTime = args.expireTime;
  return into;
}

/**
 * The hook context's secret change recorder (uniter runner/context/secrets.go) plus the reads
 * that must see it: pending creates are readable by ID or label, pending updates only with
 * --peek/--refresh, secret-ids and secret-info-get include creates, updates, grants and revokes.
 */
export class SecretBuffer {
  readonly creates = new Map<string, SecretCreateChange>();
  readonly updates = new Map<string, SecretUpdateChange>();
  readonly deletes = new Map<string, number[] | null>();
  /** xid to relation id to grant: a second grant on the same relation replaces the first. */
  readonly grants = new Map<string, Map<number, SecretGrantChange>>();
  readonly revokes = new Map<string, SecretRevokeChange[]>();
  readonly trackLatest = new Set<string>();
  readonly consumers = new Map<string, SecretConsumerChange>();
  /** Owned secrets as the context fetched them when the hook started (app-owned only if leader then). */
  readonly #ownedAtStart: Set<string>;

  constructor(
    private readonly model: Model,
    private readonly unit: string,
    private readonly isLeader: () => boolean,
  ) {
    this.#ownedAtStart = new Set(
      [...model.state.secrets.values()].filter((s) => canManage(model.state, s, unit)).map((s) => s.xid),
    );
  }

  get #app(): string {
    return unitApp(this.unit);
  }

  /** Leadership check the context does itself, for app-owned secrets it already knows about. */
  #checkKnownOwner(xid: string): void {
    const secret = this.model.state.secrets.get(xid);
    if (this.#ownedAtStart.has(xid) && secret?.owner.kind === "application" && !this.isLeader()) {
      throw new ToolError(NOT_LEADER);
    }
  }

  create(args: SecretCreateArgs): string {
    if (args.owner === "application" && !this.isLeader()) throw new ToolError(NOT_LEADER);
    if (args.label !== undefined && [...this.creates.values()].some((c) => c.label === args.label)) {
      throw new ToolError(`secret with label ${quote(args.label)} already exists`);
    }
    const xid = newXid(this.model.now());
    this.creates.set(xid, mergeUpsert({ xid, owner: args.owner, content: args.content }, args));
    return secretUriFor(this.model.uuid, xid);
  }

  update(xid: string, args: SecretUpsertArgs): void {
    this.#checkKnownOwner(xid);
    this.deletes.delete(xid);
    const created = this.creates.get(xid);
    if (created) mergeUpsert(created, args);
    else this.updates.set(xid, mergeUpsert(this.updates.get(xid) ?? { xid }, args));
  }

  remove(xid: string, revision: number | undefined): void {
    this.#checkKnownOwner(xid);
    this.updates.delete(xid);
    this.grants.delete(xid);
    this.revokes.delete(xid);
    this.trackLatest.delete(xid);
    // A secret created in this same hook simply never gets created.
    if (this.creates.delete(xid)) return;
    const existing = this.deletes.get(xid);
    if (existing === undefined) this.deletes.set(xid, revision === undefined ? null : [revision]);
    else if (existing !== null)
      this.deletes.set(xid, revision === undefined ? null : [...existing, revision]);
  }

  grant(xid: string, relationId: number, unit: string | undefined): void {
    const md = this.metadata().get(xid);
    if (!md) throw new ToolError(`secret ${quote(xid)} not found`);
    if (md.owner === "application" && !this.isLeader()) throw new ToolError(NOT_LEADER);
    const relation = this.model.state.relations.get(relationId);
    const remote = relation?.endpoints.find((ep) => ep.app !== this.#app)?.app ?? this.#app;
    const target: SecretTarget = unit ? { kind: "unit", name: unit } : { kind: "application", name: remote };
    const scope = relation ? relationTag(relation.key) : "";
    for (const access of md.access.filter((a) => a.scope === scope && a.role === "view")) {
      if (access.target === targetTag(target) || access.target.startsWith("application-")) return;
      if (target.kind === "application") {
        throw new ToolError(UNIT_GRANTS_FIRST);
      }
    }
    const byRelation = this.grants.get(xid) ?? new Map<number, SecretGrantChange>();
    byRelation.set(relationId, { xid, relationId, target });
    this.grants.set(xid, byRelation);
  }

  revoke(xid: string, who: { app?: string; unit?: string }): void {
    this.#checkKnownOwner(xid);
    const target: SecretTarget = who.unit
      ? { kind: "unit", name: who.unit }
      : { kind: "application", name: who.app ?? "" };
    const revokes = this.revokes.get(xid) ?? [];
    const covered = revokes.some(
      (r) =>
        (r.target.kind === target.kind && r.target.name === target.name) ||
        (r.target.kind === "application" && target.kind === "unit" && unitApp(target.name) === r.target.name),
    );
    if (!covered) revokes.push({ xid, target });
    this.revokes.set(xid, revokes);
  }

  /** secret-ids / secret-info-get: owned secrets with this hook's pending changes applied. */
  metadata(): Map<string, SecretMetadataView> {
    const out = new Map<string, SecretMetadataView>();
    for (const c of this.creates.values()) {
      out.set(c.xid, {
        latestRevision: 1,
        label: c.label ?? "",
        owner: c.owner,
        description: c.description ?? "",
        ...(c.rotatePolicy ? { rotatePolicy: c.rotatePolicy } : {}),
        ...(c.expireTime ? { latestExpireTime: c.expireTime } : {}),
        access: [],
      });
    }
    for (const xid of this.#ownedAtStart) {
      const secret = this.model.state.secrets.get(xid);
      if (!secret || secret.owner.kind === "model" || this.deletes.get(xid) === null) continue;
      const u = this.updates.get(xid);
      const latest = secret.revisions.get(secret.latestRevision);
      // The revision stays the committed latest even with pending content, as in the uniter.
      const rotatePolicy = u?.rotatePolicy ?? secret.rotatePolicy;
      const expiry = u?.expireTime ?? latest?.expireTime;
      out.set(xid, {
        latestRevision: secret.latestRevision,
        label: u?.label ?? secret.label ?? "",
        owner: secret.owner.kind,
        description: u?.description ?? secret.description ?? "",
        ...(rotatePolicy ? { rotatePolicy } : {}),
        ...(expiry ? { latestExpireTime: expiry } : {}),
        ...(secret.nextRotateTime ? { nextRotateTime: secret.nextRotateTime } : {}),
        access: this.#committedAccess(secret),
      });
    }
    for (const [xid, md] of out) md.access = this.#withPendingAccess(xid, md.access);
    return out;
  }

  #committedAccess(secret: SecretRecord): SecretAccess[] {
    return secret.grants.map((g) => {
      const relation = g.relationId === undefined ? undefined : this.model.state.relations.get(g.relationId);
      return { target: targetTag(g.target), scope: relation ? relationTag(relation.key) : "", role: g.role };
    });
  }

  #withPendingAccess(xid: string, access: SecretAccess[]): SecretAccess[] {
    const result = [...access];
    for (const g of this.grants.get(xid)?.values() ?? []) {
      const relation = this.model.state.relations.get(g.relationId);
      result.push({
        target: targetTag(g.target),
        scope: relation ? relationTag(relation.key) : "",
        role: "view",
      });
    }
    for (const r of this.revokes.get(xid) ?? []) {
      const i = result.findIndex((a) => a.target === targetTag(r.target) && a.role === "view");
      if (i >= 0) result.splice(i, 1);
    }
    return result;
  }

  /** secret-get: see class comment for what pending state a read sees. */
  get(xid: string | undefined, label: string, refresh: boolean, peek: boolean): Record<string, string> {
    const pending = this.#pendingValue(xid, label, refresh, peek);
    if (pending) return pending;
    const resolved = xid ?? this.#resolveLabel(label);
    const secret = this.model.state.secrets.get(resolved);
    if (!secret) throw new ToolError(`secret ${quote(resolved)} not found`);
    if (!canRead(secret, this.unit)) throw new ToolError(PERMISSION_DENIED);
    if (xid !== undefined && label !== "") this.#attachLabel(secret, label);
    const revision = this.#revisionToRead(secret, refresh, peek);
    const content = secret.revisions.get(revision)?.content;
    if (!content) throw new ToolError(`secret ${quote(secret.xid)} revision ${revision} not found`);
    return content;
  }

  #pendingValue(
    xid: string | undefined,
    label: string,
    refresh: boolean,
    peek: boolean,
  ): Record<string, string> | undefined {
    for (const c of this.creates.values()) {
      if (xid !== undefined && c.xid === xid) {
        if (label !== "") c.label = label;
        return c.content;
      }
      if (label !== "" && c.label === label) return c.content;
    }
    if (!refresh && !peek) return undefined;
    for (const u of this.updates.values()) {
      const byId = xid !== undefined && u.xid === xid;
      if (!byId && !(label !== "" && u.label === label)) continue;
      if (byId && label !== "") u.label = label;
      if (refresh) this.trackLatest.add(u.xid);
      if (u.content && Object.keys(u.content).length > 0) return u.content;
    }
    return undefined;
  }

  /** Label only: the owner labels of the unit's (and its app's) secrets, then its app's consumer labels. */
  #resolveLabel(label: string): string {
    for (const secret of this.model.state.secrets.values()) {
      const owned =
        (secret.owner.kind === "unit" && secret.owner.name === this.unit) ||
        (secret.owner.kind === "application" && secret.owner.name === this.#app);
      if (owned && (this.updates.get(secret.xid)?.label ?? secret.label) === label) return secret.xid;
    }
    for (const [xid, change] of this.consumers) if (change.label === label) return xid;
    for (const secret of this.model.state.secrets.values()) {
      if (secret.consumerLabels.get(this.#app) === label) return secret.xid;
    }
    throw new ToolError(`consumer label ${quote(label)} not found`);
  }

  /** `<ID> --label`: the owner label for the owner (leader for app secrets), else the consumer label. */
  #attachLabel(secret: SecretRecord, label: string): void {
    if (canManage(this.model.state, secret, this.unit)) {
      const update = this.updates.get(secret.xid) ?? { xid: secret.xid };
      this.updates.set(secret.xid, { ...update, label });
      return;
    }
    const ownApp = secret.owner.kind === "application" && secret.owner.name === this.#app;
    if (ownApp) return; // Non-leader units of the owning app read by the owner label; no consumer label.
    const change = this.consumers.get(secret.xid) ?? { xid: secret.xid };
    this.consumers.set(secret.xid, { ...change, label });
  }

  /** Tracked revision (first read pins the latest); --peek reads the latest; --refresh also tracks it. */
  #revisionToRead(secret: SecretRecord, refresh: boolean, peek: boolean): number {
    const latest = secret.latestRevision;
    if (this.trackLatest.has(secret.xid)) return latest;
    const tracked =
      secret.consumers.get(this.unit)?.currentRevision ?? this.consumers.get(secret.xid)?.pinRevision;
    if (tracked === undefined) {
      const change = this.consumers.get(secret.xid) ?? { xid: secret.xid };
      this.consumers.set(secret.xid, { ...change, pinRevision: latest });
      return latest;
    }
    if (refresh) this.trackLatest.add(secret.xid);
    return refresh || peek ? latest : tracked;
  }
}
