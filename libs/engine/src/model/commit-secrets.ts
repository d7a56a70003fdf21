import { CommitError } from "./commit-error";
import type { HookChanges, SecretCreateChange, SecretGrantChange, SecretUpdateChange } from "./hook-changes";
import { NOT_LEADER, PERMISSION_DENIED, UNIT_GRANTS_FIRST } from "./juju-errors";
import { nextRotateTime, willRotate } from "./rotate-policy";
import { canManage, consumerLabelHolder, ownerLabelHolder } from "./secret-access";
import { sameSecretContent } from "./secret-content";
import { rescheduleAfterRotate } from "./secret-schedule";
import { notifyObsoleteRevisions, notifySecretChanged } from "./secret-tracking";
import { type ModelState, newSecretRecord, type SecretOwner, type SecretRecord, unitApp } from "./state";

// The secrets part of CommitHookChanges, as the secretsmanager facade and state apply it.

const quote = JSON.stringify;

function managed(state: ModelState, unit: string, xid: string): SecretRecord {
  const secret = state.secrets.get(xid);
  if (!secret) throw new CommitError(`secret ${quote(xid)} not found`);
  if (!canManage(state, secret, unit)) throw new CommitError(PERMISSION_DENIED);
  return secret;
}

function checkOwnerLabel(state: ModelState, owner: SecretOwner, label: string, xid: string): void {
  if (ownerLabelHolder(state, owner, label, xid))
    throw new CommitError(`secret with label ${quote(label)} already exists`);
}

function create(state: ModelState, unit: string, change: SecretCreateChange, now: Date): void {
  const app = unitApp(unit);
  const owner: SecretOwner =
    change.owner === "unit" ? { kind: "unit", name: unit } : { kind: "application", name: app };
  if (owner.kind === "application" && state.apps.get(app)?.leader !== unit) {
    throw new CommitError(NOT_LEADER);
  }
  if (Object.keys(change.content).length === 0) throw new CommitError("empty secret value not valid");
  if (change.label !== undefined) checkOwnerLabel(state, owner, change.label, change.xid);
  const secret = newSecretRecord(change.xid, owner, change.content, now, change.expireTime);
  if (change.label !== undefined) secret.label = change.label;
  if (change.description !== undefined) secret.description = change.description;
  if (change.rotatePolicy !== undefined) {
    secret.rotatePolicy = change.rotatePolicy;
    const next = nextRotateTime(change.rotatePolicy, now);
    if (next) secret.nextRotateTime = next;
  }
  state.secrets.set(secret.xid, secret);
}

function update(state: ModelState, unit: string, change: SecretUpdateChange, now: Date): void {
  const secret = managed(state, unit, change.xid);
  const { content, label, description, rotatePolicy, expireTime } = change;
  const hasContent = content !== undefined && Object.keys(content).length > 0;
  if (!hasContent && label === undefined && description === undefined && !rotatePolicy && !expireTime) {
    throw new CommitError("at least one attribute to update must be specified");
  }
  if (label !== undefined) {
    checkOwnerLabel(state, secret.owner, label, secret.xid);
    secret.label = label;
  }
  if (description !== undefined) secret.description = description;
  if (rotatePolicy !== undefined) {
    // A new policy only (re)schedules a secret that was not rotating; `never` cancels.
    if (!willRotate(rotatePolicy)) delete secret.nextRotateTime;
    else if (!willRotate(secret.rotatePolicy)) {
      const next = nextRotateTime(rotatePolicy, now);
      if (next) secret.nextRotateTime = next;
    }
    secret.rotatePolicy = rotatePolicy;
  }
  const latest = secret.revisions.get(secret.latestRevision);
  if (hasContent && !(latest && sameSecretContent(latest.content, content))) {
    const revision = secret.latestRevision + 1;
    secret.revisions.set(revision, {
      revision,
      content,
      createdAt: now,
      ...(expireTime ? { expireTime } : {}),
    });
    secret.latestRevision = revision;
  } else if (expireTime && latest) {
    latest.expireTime = expireTime;
  }
  secret.updatedAt = now;
}

function remove(state: ModelState, unit: string, xid: string, revisions: number[] | null): void {
  const secret = managed(state, unit, xid);
  if (revisions === null) {
    state.secrets.delete(xid);
    return;
  }
  for (const revision of revisions) {
    secret.revisions.delete(revision);
    secret.obsoleteNotified.delete(revision);
  }
  if (secret.revisions.size === 0) state.secrets.delete(xid);
}

function grant(state: ModelState, unit: string, change: SecretGrantChange): void {
  const secret = managed(state, unit, change.xid);
  const relation = state.relations.get(change.relationId);
  if (!relation || relation.life !== "alive") throw new CommitError("relation not found");
  const sameScope = secret.grants.filter((g) => g.relationId === change.relationId);
  if (sameScope.some((g) => g.target.kind === change.target.kind && g.target.name === change.target.name))
    return;
  if (sameScope.some((g) => g.target.kind === "application") && change.target.kind === "unit") return;
  if (change.target.kind === "application" && sameScope.some((g) => g.target.kind === "unit")) {
    throw new CommitError(UNIT_GRANTS_FIRST);
  }
  secret.grants.push({ target: change.target, relationId: change.relationId, role: "view" });
}

function consume(state: ModelState, unit: string, xid: string, pinRevision?: number, label?: string): void {
  const secret = state.secrets.get(xid);
  if (!secret) throw new CommitError(`secret ${quote(xid)} not found`);
  if (pinRevision !== undefined && !secret.consumers.has(unit)) {
    secret.consumers.set(unit, { currentRevision: pinRevision, notifiedRevision: pinRevision });
  }
  if (label !== undefined) {
    const app = unitApp(unit);
    if (consumerLabelHolder(state, app, label, xid))
      throw new CommitError(`secret with label ${quote(label)} already exists`);
    secret.consumerLabels.set(app, label);
  }
}

function trackLatest(state: ModelState, unit: string, xid: string): void {
  const secret = state.secrets.get(xid);
  if (!secret) return;
  const latest = secret.latestRevision;
  const consumer = secret.consumers.get(unit);
  secret.consumers.set(unit, {
    currentRevision: latest,
    notifiedRevision: Math.max(latest, consumer?.notifiedRevision ?? latest),
  });
}

/** Applies the hook's secret changes in Juju's order, then records the hooks now owed. */
export function applySecretChanges(state: ModelState, unit: string, changes: HookChanges, now: Date): void {
  const latestBefore = new Map([...state.secrets.values()].map((s) => [s.xid, s.latestRevision]));
  for (const change of changes.secretCreates) create(state, unit, change, now);
  for (const change of changes.secretUpdates) update(state, unit, change, now);
  for (const change of changes.secretDeletes) remove(state, unit, change.xid, change.revisions);
  for (const change of changes.secretGrants) grant(state, unit, change);
  for (const change of changes.secretRevokes) {
    const secret = managed(state, unit, change.xid);
    secret.grants = secret.grants.filter(
      (g) => g.target.kind !== change.target.kind || g.target.name !== change.target.name,
    );
  }
  for (const change of changes.secretConsumers)
    consume(state, unit, change.xid, change.pinRevision, change.label);
  for (const xid of changes.secretTrackLatest) trackLatest(state, unit, xid);
  if (changes.rotated) {
    const secret = state.secrets.get(changes.rotated.xid);
    if (secret) rescheduleAfterRotate(secret, changes.rotated.originalRevision, now);
  }
  for (const secret of state.secrets.values()) {
    if (secret.latestRevision !== latestBefore.get(secret.xid)) notifySecretChanged(state, secret);
  }
  notifyObsoleteRevisions(state);
}
