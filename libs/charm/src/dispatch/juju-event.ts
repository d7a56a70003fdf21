/**
 * Typed events: one variant per event of contract §2.1 that a K8s sidecar charm can see.
 * The hook name tells the kind; the env vars carry the payload (contract §1.2).
 */
export type LifecycleEventKind =
  | "install"
  | "start"
  | "stop"
  | "remove"
  | "config-changed"
  | "update-status"
  | "upgrade-charm"
  | "leader-elected"
  | "leader-settings-changed"
  | "collect-metrics"
  | "pre-series-upgrade"
  | "post-series-upgrade";

export interface LifecycleEvent {
  kind: LifecycleEventKind;
}

export type RelationEventKind =
  | "relation-created"
  | "relation-joined"
  | "relation-changed"
  | "relation-departed"
  | "relation-broken";

export interface RelationEvent {
  kind: RelationEventKind;
  endpoint: string;
  relationId: number;
  remoteApp: string;
  /** Empty for created/broken and for a change of the remote app's databag. */
  remoteUnit?: string;
  /** Only on departed: the unit that is leaving (may be this unit). */
  departingUnit?: string;
}

export type SecretEventKind = "secret-changed" | "secret-rotate" | "secret-remove" | "secret-expired";

export interface SecretEvent {
  kind: SecretEventKind;
  /** As Juju stored it: any of the three spellings; compare with `sameSecret`. */
  secretId: string;
  /** Empty labels are reported as undefined. */
  label?: string;
  /** Only for secret-remove and secret-expired. */
  revision?: number;
}

export interface StorageEvent {
  kind: "storage-attached" | "storage-detaching";
  storageName: string;
  storageId: string;
  location?: string;
  storageKind?: string;
}

export interface PebbleReadyEvent {
  kind: "pebble-ready";
  container: string;
}

export interface PebbleCustomNoticeEvent {
  kind: "pebble-custom-notice";
  container: string;
  noticeId: string;
  noticeType: string;
  noticeKey: string;
}

export interface PebbleCheckEvent {
  kind: "pebble-check-failed" | "pebble-check-recovered";
  container: string;
  checkName: string;
}

export interface ActionEvent {
  kind: "action";
  name: string;
  /** JUJU_ACTION_UUID: the task id. */
  id: string;
}

/** A hook this framework does not know; dispatch logs it and does nothing. */
export interface UnknownEvent {
  kind: "unknown";
  hookName: string;
}

export type JujuEvent =
  | LifecycleEvent
  | RelationEvent
  | SecretEvent
  | StorageEvent
  | PebbleReadyEvent
  | PebbleCustomNoticeEvent
  | PebbleCheckEvent
  | ActionEvent
  | UnknownEvent;

export type JujuEventKind = JujuEvent["kind"];
