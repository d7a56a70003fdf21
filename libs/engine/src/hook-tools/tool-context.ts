import type { ConfigOptionType, ConfigValue } from "../model/charm-meta";
import type { CloudSpec } from "../model/model";
import type { PortRange } from "../model/ports";
import type { LogLevel } from "../model/records";
import type { RotatePolicy } from "../model/rotate-policy";
import type { StatusInfo, StorageAttachment } from "../model/state";

// What hook tools ask of the hook context (Juju's jujuc.Context): reads that see the hook's own
// pending writes where Juju's do, buffered writes, and the few immediate effects. Methods throw
// ToolError (exit 1) for runtime failures.

export interface ContextRelation {
  id: number;
  /** This unit's endpoint name. */
  endpoint: string;
  /** `<endpoint>:<id>`. */
  fakeId: string;
  /** Juju's relation key, e.g. `radarr:media-indexer prowlarr:media-indexer`. */
  key: string;
  remoteApp: string;
}

export interface SecretUpsertArgs {
  content?: Record<string, string>;
  label?: string;
  description?: string;
  rotatePolicy?: RotatePolicy;
  expireTime?: Date;
}

export interface SecretCreateArgs extends SecretUpsertArgs {
  owner: "application" | "unit";
  content: Record<string, string>;
}

export interface SecretAccess {
  target: string;
  scope: string;
  role: string;
}

/** secret-info-get's view of an owned secret, pending changes included. */
export interface SecretMetadataView {
  latestRevision: number;
  label: string;
  owner: "application" | "unit";
  description: string;
  rotatePolicy?: RotatePolicy;
  latestExpireTime?: Date;
  nextRotateTime?: Date;
  access: SecretAccess[];
}

export interface GoalState {
  units: Record<string, { status: string; since: Date }>;
  relations: Record<string, Record<string, { status: string; since: Date }>>;
}

export interface ToolContext {
  readonly unitName: string;
  readonly appName: string;
  /** The charm directory; relative paths resolve against it. */
  readonly cwd: string;
  now(): Date;

  // config and leadership
  config(): Record<string, { type: ConfigOptionType; value: ConfigValue | null }>;
  isLeader(): boolean;

  // relations
  hookRelationId(): number | undefined;
  relation(id: number): ContextRelation | undefined;
  relationIds(): number[];
  relationMembers(id: number): string[];
  remoteUnitName(): string | undefined;
  remoteAppName(): string | undefined;
  readRelationSettings(id: number, target: { unit: string } | { app: string }): Record<string, string>;
  setRelationSettings(id: number, app: boolean, settings: ReadonlyMap<string, string>): void;
  relationModelUuid(id: number): string;

  // status, version, logging (immediate)
  setStatus(target: "unit" | "application", status: string, message: string): void;
  unitStatus(): StatusInfo;
  applicationStatus(): { application: StatusInfo; units: [string, StatusInfo][] };
  setWorkloadVersion(version: string): void;
  log(level: LogLevel, message: string): void;

  // network and ports
  openPort(endpoint: string, range: PortRange): void;
  closePort(endpoint: string, range: PortRange): void;
  openedPorts(): ReadonlyMap<string, readonly PortRange[]>;
  networkAddress(binding: string): string;
  goalState(): GoalState;
  cloudSpec(): CloudSpec;
  resourcePath(name: string): Promise<string>;

  // storage
  hookStorageId(): string | undefined;
  storage(id: string): StorageAttachment | undefined;
  storageAttachments(): StorageAttachment[];
  addStorage(name: string, count: number): void;

  // actions
  actionParams(): Record<string, unknown>;
  setActionResult(keys: readonly string[], value: string): void;
  failAction(message: string): void;
  logAction(message: string): void;

  // charm state
  charmState(): ReadonlyMap<string, string>;
  setCharmState(key: string, value: string): void;
  deleteCharmState(key: string): void;

  // secrets
  createSecret(args: SecretCreateArgs): string;
  updateSecret(xid: string, args: SecretUpsertArgs): void;
  removeSecret(xid: string, revision?: number): void;
  /** Base64 content of the revision this read resolves to. */
  getSecret(xid: string | undefined, label: string, refresh: boolean, peek: boolean): Record<string, string>;
  secretMetadata(): Map<string, SecretMetadataView>;
  grantSecret(xid: string, relationId: number, unit?: string): void;
  revokeSecret(xid: string, target: { app?: string; unit?: string }): void;
}
