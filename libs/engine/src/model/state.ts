import type { CharmMeta, ConfigValue, RelationRole } from "./charm-meta";
import type { ModelNotification } from "./notifications";
import type { PortRange } from "./ports";
import type { RotatePolicy } from "./rotate-policy";

// The model's world state as plain data (Maps, Sets, Dates only), so a commit can snapshot it
// with structuredClone and roll back if the controller side rejects the hook's changes.

export interface StatusInfo {
  status: string;
  message: string;
  data: Record<string, unknown>;
  since: Date;
}

export type ResourceRecord =
  | { kind: "oci-image"; image: string; username?: string; password?: string }
  | { kind: "file"; path: string };

export interface AppRecord {
  name: string;
  meta: CharmMeta;
  /** Operator-set values only; defaults come from meta. */
  config: Map<string, ConfigValue>;
  leader: string | undefined;
  status: StatusInfo;
  version: string;
  trusted: boolean;
  resources: Map<string, ResourceRecord>;
  nextUnit: number;
  createdAt: Date;
}

export interface StorageAttachment {
  /** `<name>/<n>`, as JUJU_STORAGE_ID. */
  id: string;
  kind: "filesystem" | "block";
  location: string;
}

export interface UnitRecord {
  name: string;
  app: string;
  number: number;
  address: string;
  workloadStatus: StatusInfo;
  workloadVersion: string;
  /** Endpoint ("" = all endpoints) to opened port ranges. */
  openedPorts: Map<string, PortRange[]>;
  /** The unit's server-side charm state (state-get/state-set). */
  state: Map<string, string>;
  storage: StorageAttachment[];
  createdAt: Date;
}

export interface RelationEndpointRef {
  app: string;
  endpoint: string;
  role: RelationRole;
  interface: string;
}

export interface RelationRecord {
  id: number;
  /** Juju's relation key: `req:ep prov:ep` (requirer first) or `app:ep` for peers. */
  key: string;
  endpoints: RelationEndpointRef[];
  /** `dying` after removal until the broken hooks have run and the relation is purged. */
  life: "alive" | "dying";
  unitData: Map<string, Map<string, string>>;
  appData: Map<string, Map<string, string>>;
  createdAt: Date;
}

export type SecretOwner =
  | { kind: "application"; name: string }
  | { kind: "unit"; name: string }
  | { kind: "model"; name: string };

export interface SecretTarget {
  kind: "application" | "unit";
  name: string;
}

export interface SecretRevisionRecord {
  revision: number;
  /** Key to base64 value, as Juju stores it. */
  content: Record<string, string>;
  createdAt: Date;
  expireTime?: Date;
}

export interface SecretGrantRecord {
  target: SecretTarget;
  /** The relation scoping the grant; undefined for `juju grant-secret` on user secrets. */
  relationId?: number;
  role: "view";
}

export interface SecretConsumerRecord {
  /** The revision this unit reads without --peek/--refresh. */
  currentRevision: number;
  /** The latest revision this unit has been sent secret-changed for (or started tracking at). */
  notifiedRevision: number;
}

export interface SecretRecord {
  xid: string;
  owner: SecretOwner;
  /** Owner label (for user secrets, the secret's name). */
  label?: string;
  description?: string;
  rotatePolicy?: RotatePolicy;
  nextRotateTime?: Date;
  revisions: Map<number, SecretRevisionRecord>;
  latestRevision: number;
  grants: SecretGrantRecord[];
  /** Keyed by unit name; units of the owning app that read the secret have one too. */
  consumers: Map<string, SecretConsumerRecord>;
  /** Consumer labels, app-wide: application name to label. */
  consumerLabels: Map<string, string>;
  /** Obsolete revisions the owner has already been told about (secret-remove). */
  obsoleteNotified: Set<number>;
  createdAt: Date;
  updatedAt: Date;
}

/** A secret as it is right after creation: revision 1 holding `content` (base64 values), no grants or consumers. */
export function newSecretRecord(
  xid: string,
  owner: SecretOwner,
  content: Record<string, string>,
  now: Date,
  expireTime?: Date,
): SecretRecord {
  return {
    xid,
    owner,
    revisions: new Map([
      [1, { revision: 1, content, createdAt: now, ...(expireTime ? { expireTime } : {}) }],
    ]),
    latestRevision: 1,
    grants: [],
    consumers: new Map(),
    consumerLabels: new Map(),
    obsoleteNotified: new Set(),
    createdAt: now,
    updatedAt: now,
  };
}

export interface ModelState {
  apps: Map<string, AppRecord>;
  units: Map<string, UnitRecord>;
  relations: Map<number, RelationRecord>;
  secrets: Map<string, SecretRecord>;
  notifications: ModelNotification[];
  nextRelationId: number;
  nextUnitAddress: number;
  nextStorage: Map<string, number>;
}

export function emptyModelState(): ModelState {
  return {
    apps: new Map(),
    units: new Map(),
    relations: new Map(),
    secrets: new Map(),
    notifications: [],
    nextRelationId: 0,
    nextUnitAddress: 1,
    nextStorage: new Map(),
  };
}

/** The application part of a unit name (`app/0` -> `app`). */
export const unitApp = (unit: string): string => unit.slice(0, unit.lastIndexOf("/"));
