import { type Model, parseSecretUri, type RotatePolicy, type SecretRecord } from "@charmarr/engine";

/** A secret as a test reads it: metadata, revisions, content, who tracks what, grants, labels. */
export interface SecretView {
  /** `secret:<xid>`. */
  id: string;
  xid: string;
  owner: "application" | "unit" | "model";
  /** The owning application or unit; the model's name for user secrets. */
  ownerName: string;
  /** The owner label (a user secret's name). */
  label?: string;
  description?: string;
  rotatePolicy?: RotatePolicy;
  nextRotateTime?: Date;
  latestRevision: number;
  revisions: ReadonlyMap<number, { revision: number; createdAt: Date; expireTime?: Date }>;
  /** Decoded content of a revision, the latest by default. */
  content(revision?: number): Record<string, string>;
  /** Consumer unit → the revision it reads. */
  tracking: ReadonlyMap<string, number>;
  grants: { app: string; unit?: string; relationId?: number }[];
  /** Consumer application → its label for the secret. */
  consumerLabels: ReadonlyMap<string, string>;
}

const appOf = (unit: string) => unit.slice(0, unit.lastIndexOf("/"));

function view(model: Model, secret: SecretRecord): SecretView {
  return {
    id: `secret:${secret.xid}`,
    xid: secret.xid,
    owner: secret.owner.kind,
    ownerName: secret.owner.kind === "model" ? model.name : secret.owner.name,
    ...(secret.label === undefined ? {} : { label: secret.label }),
    ...(secret.description === undefined ? {} : { description: secret.description }),
    ...(secret.rotatePolicy === undefined ? {} : { rotatePolicy: secret.rotatePolicy }),
    ...(secret.nextRotateTime === undefined ? {} : { nextRotateTime: secret.nextRotateTime }),
    latestRevision: secret.latestRevision,
    revisions: new Map(
      [...secret.revisions].map(([n, r]) => [
        n,
        { revision: n, createdAt: r.createdAt, ...(r.expireTime ? { expireTime: r.expireTime } : {}) },
      ]),
    ),
    content: (revision) => model.secretContent(secret.xid, revision),
    tracking: new Map([...secret.consumers].map(([unit, c]) => [unit, c.currentRevision])),
    grants: secret.grants.map((g) => ({
      app: g.target.kind === "unit" ? appOf(g.target.name) : g.target.name,
      ...(g.target.kind === "unit" ? { unit: g.target.name } : {}),
      ...(g.relationId === undefined ? {} : { relationId: g.relationId }),
    })),
    consumerLabels: new Map(secret.consumerLabels),
  };
}

/** Owned by `owner`: the application or unit of that name, or a unit of that application. */
function ownedBy(secret: SecretRecord, owner: string | undefined): boolean {
  if (owner === undefined) return true;
  const name = secret.owner.name;
  return name === owner || (secret.owner.kind === "unit" && appOf(name) === owner);
}

/** Every secret, optionally only those `owner` owns. */
export function secretViews(model: Model, owner?: string): SecretView[] {
  return [...model.state.secrets.values()].filter((s) => ownedBy(s, owner)).map((s) => view(model, s));
}

/**
 * A secret by ID (any spelling), owner label, consumer label or user-secret name; undefined if
 * none matches, an error if several do (narrow with `owner`).
 */
export function findSecret(model: Model, ref: string, owner?: string): SecretView | undefined {
  const uri = parseSecretUri(ref);
  const byId = uri ? model.state.secrets.get(uri.xid) : undefined;
  if (byId) return ownedBy(byId, owner) ? view(model, byId) : undefined;
  const matches = [...model.state.secrets.values()].filter(
    (s) => ownedBy(s, owner) && (s.label === ref || [...s.consumerLabels.values()].includes(ref)),
  );
  if (matches.length > 1) {
    throw new Error(
      `${matches.length} secrets are known as ${JSON.stringify(ref)}: pass { owner } to pick one`,
    );
  }
  const [match] = matches;
  return match && view(model, match);
}
