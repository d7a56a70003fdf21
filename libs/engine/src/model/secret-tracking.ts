import { canRead, labelSeenBy } from "./secret-access";
import type { ModelState, SecretRecord } from "./state";

/**
 * After a new latest revision: every unit with a consumer record behind it, that may still
 * read the secret, is owed one secret-changed for that revision (remembered, so not twice).
 */
export function notifySecretChanged(state: ModelState, secret: SecretRecord): void {
  for (const [unit, consumer] of secret.consumers) {
    if (!state.units.has(unit)) continue;
    if (
      consumer.currentRevision >= secret.latestRevision ||
      consumer.notifiedRevision >= secret.latestRevision
    )
      continue;
    if (!canRead(secret, unit)) continue;
    consumer.notifiedRevision = secret.latestRevision;
    state.notifications.push({
      kind: "secret-changed",
      unit,
      xid: secret.xid,
      label: labelSeenBy(secret, unit),
      revision: secret.latestRevision,
    });
  }
}

/**
 * A revision is obsolete when it is not the latest and no consumer tracks it. The owner hears
 * about each obsolete revision once (secret-remove); user secrets have no owner hooks.
 */
export function notifyObsoleteRevisions(state: ModelState): void {
  for (const secret of state.secrets.values()) {
    const owner = secret.owner;
    if (owner.kind === "model") continue;
    const tracked = new Set([...secret.consumers.values()].map((c) => c.currentRevision));
    for (const revision of [...secret.revisions.keys()].sort((a, b) => a - b)) {
      if (revision >= secret.latestRevision || tracked.has(revision) || secret.obsoleteNotified.has(revision))
        continue;
      secret.obsoleteNotified.add(revision);
      state.notifications.push({
        kind: "secret-remove",
        owner: { kind: owner.kind, name: owner.name },
        xid: secret.xid,
        label: secret.label ?? "",
        revision,
      });
    }
  }
}
