import { type ModelState, type SecretOwner, type SecretRecord, unitApp } from "./state";

// Who may do what with a secret (apiserver/common/secrets: CanRead, CanManage).

/** Manage (set, grant, revoke, remove, info-get): the owning unit, or the leader of the owning app. */
export function canManage(state: ModelState, secret: SecretRecord, unit: string): boolean {
  switch (secret.owner.kind) {
    case "unit":
      return secret.owner.name === unit;
    case "application":
      return unitApp(unit) === secret.owner.name && state.apps.get(secret.owner.name)?.leader === unit;
    case "model":
      return false;
  }
}

/** Read content: the owner (any unit of an owning app), or a grantee through a live grant. */
export function canRead(secret: SecretRecord, unit: string): boolean {
  const app = unitApp(unit);
  if (secret.owner.kind === "unit" && secret.owner.name === unit) return true;
  if (secret.owner.kind === "application" && secret.owner.name === app) return true;
  return secret.grants.some(
    (g) =>
      (g.target.kind === "application" && g.target.name === app) ||
      (g.target.kind === "unit" && g.target.name === unit),
  );
}

/** Whether `unit` sees the secret as its own (secret-ids, secret-info-get, owner labels). */
export const ownsSecret = canManage;

/** Owners whose labels share a namespace: a unit and its application. */
function sameLabelNamespace(a: SecretOwner, b: SecretOwner): boolean {
  if (a.kind === "model" || b.kind === "model") return a.kind === b.kind;
  const appOf = (o: SecretOwner) => (o.kind === "unit" ? unitApp(o.name) : o.name);
  if (appOf(a) !== appOf(b)) return false;
  // Two different units of one app may reuse a label; a unit and its app may not.
  return !(a.kind === "unit" && b.kind === "unit" && a.name !== b.name);
}

/** The secret that already carries owner label `label` for `owner`, other than `exceptXid`. */
export function ownerLabelHolder(
  state: ModelState,
  owner: SecretOwner,
  label: string,
  exceptXid?: string,
): SecretRecord | undefined {
  for (const secret of state.secrets.values()) {
    if (secret.xid !== exceptXid && secret.label === label && sameLabelNamespace(secret.owner, owner))
      return secret;
  }
  return undefined;
}

/** The secret that `app` already uses consumer label `label` for, other than `exceptXid`. */
export function consumerLabelHolder(
  state: ModelState,
  app: string,
  label: string,
  exceptXid?: string,
): SecretRecord | undefined {
  for (const secret of state.secrets.values()) {
    if (secret.xid !== exceptXid && secret.consumerLabels.get(app) === label) return secret;
  }
  return undefined;
}

/** The label a unit knows a secret by: its app's consumer label, else the owner label for its own app. */
export function labelSeenBy(secret: SecretRecord, unit: string): string {
  const app = unitApp(unit);
  const consumer = secret.consumerLabels.get(app);
  if (consumer !== undefined) return consumer;
  if (secret.owner.kind === "application" && secret.owner.name === app) return secret.label ?? "";
  if (secret.owner.kind === "unit" && secret.owner.name === unit) return secret.label ?? "";
  return "";
}
