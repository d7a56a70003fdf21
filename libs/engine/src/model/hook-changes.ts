import type { PortRange } from "./ports";
import type { RotatePolicy } from "./rotate-policy";
import type { SecretTarget } from "./state";

// Everything a hook buffered, as the uniter would send it in one CommitHookChanges call.

export interface RelationSettingsChange {
  relationId: number;
  /** Key to new value; null deletes the key. */
  unit?: ReadonlyMap<string, string | null>;
  app?: ReadonlyMap<string, string | null>;
}

export interface SecretCreateChange {
  xid: string;
  owner: "application" | "unit";
  content: Record<string, string>;
  label?: string;
  description?: string;
  rotatePolicy?: RotatePolicy;
  expireTime?: Date;
}

export interface SecretUpdateChange {
  xid: string;
  content?: Record<string, string>;
  label?: string;
  description?: string;
  rotatePolicy?: RotatePolicy;
  expireTime?: Date;
}

export interface SecretDeleteChange {
  xid: string;
  /** null: the whole secret. */
  revisions: number[] | null;
}

export interface SecretGrantChange {
  xid: string;
  relationId: number;
  target: SecretTarget;
}

export interface SecretRevokeChange {
  xid: string;
  target: SecretTarget;
}

/** Consumer-side effects of secret-get: first-read tracking and consumer labels. */
export interface SecretConsumerChange {
  xid: string;
  /** Start tracking the given revision (first read). */
  pinRevision?: number;
  label?: string;
}

export interface PortChange {
  endpoint: string;
  range: PortRange;
}

export interface HookChanges {
  relationSettings: RelationSettingsChange[];
  openPorts: PortChange[];
  closePorts: PortChange[];
  /** The unit's whole new charm state, when state-set/state-delete changed it. */
  charmState?: ReadonlyMap<string, string>;
  storageAdds: { storage: string; count: number }[];
  secretCreates: SecretCreateChange[];
  secretUpdates: SecretUpdateChange[];
  secretDeletes: SecretDeleteChange[];
  secretGrants: SecretGrantChange[];
  secretRevokes: SecretRevokeChange[];
  secretConsumers: SecretConsumerChange[];
  /** Secrets whose tracking moves to the latest revision (--refresh). */
  secretTrackLatest: string[];
  /** Set when the hook was secret-rotate: reschedule by whether it made a new revision. */
  rotated?: { xid: string; originalRevision: number };
}

export function emptyHookChanges(): HookChanges {
  return {
    relationSettings: [],
    openPorts: [],
    closePorts: [],
    storageAdds: [],
    secretCreates: [],
    secretUpdates: [],
    secretDeletes: [],
    secretGrants: [],
    secretRevokes: [],
    secretConsumers: [],
    secretTrackLatest: [],
  };
}
