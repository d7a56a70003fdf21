import type { JujuEvent, LifecycleEventKind, RelationEventKind, SecretEventKind } from "./juju-event";
import { type ModelProxy, modelProxyFromEnv } from "./model-proxy";

/** What every hook knows about where it runs (contract §1.2). */
export interface JujuContext {
  unitName: string;
  appName: string;
  unitNumber: number;
  modelName: string;
  modelUuid: string;
  jujuVersion: string;
  charmDir: string;
  /** `hooks/<name>` or `actions/<name>`. */
  dispatchPath: string;
  event: JujuEvent;
  /** The model's proxy settings (JUJU_CHARM_*_PROXY): what calls out of the cluster go through. */
  proxy: ModelProxy;
}

export class JujuEnvError extends Error {}

const LIFECYCLE = new Set<string>([
  "install",
  "start",
  "stop",
  "remove",
  "config-changed",
  "update-status",
  "upgrade-charm",
  "leader-elected",
  "leader-settings-changed",
  "collect-metrics",
  "pre-series-upgrade",
  "post-series-upgrade",
]);
const SECRET = new Set<string>(["secret-changed", "secret-rotate", "secret-remove", "secret-expired"]);
const RELATION_SUFFIX = /-(relation-(?:created|joined|changed|departed|broken))$/;
const STORAGE_SUFFIX = /^(.+)-(storage-(?:attached|detaching))$/;
const PEBBLE_SUFFIX = /^(.+)-(pebble-(?:ready|custom-notice|check-failed|check-recovered))$/;

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new JujuEnvError(`${name} is not set: this process was not started by Juju`);
  return value;
}

/** Empty string and unset are the same to Juju (contract §8 item 4). */
function optional(env: Env, name: string): string | undefined {
  const value = env[name];
  return value ? value : undefined;
}

function trailingInt(value: string, name: string): number {
  const n = Number.parseInt(value.slice(value.lastIndexOf(":") + 1), 10);
  if (!Number.isInteger(n)) throw new JujuEnvError(`${name}=${JSON.stringify(value)} has no relation number`);
  return n;
}

/** The event of this hook, from JUJU_DISPATCH_PATH and the per-kind variables. */
export function eventFromEnv(env: Env): JujuEvent {
  const dispatchPath = required(env, "JUJU_DISPATCH_PATH");
  const slash = dispatchPath.indexOf("/");
  const kind = dispatchPath.slice(0, slash);
  const name = dispatchPath.slice(slash + 1);
  if (kind === "actions") {
    return { kind: "action", name, id: optional(env, "JUJU_ACTION_UUID") ?? "" };
  }
  if (kind !== "hooks" || !name)
    throw new JujuEnvError(`JUJU_DISPATCH_PATH=${dispatchPath} is not a hook or action`);

  if (LIFECYCLE.has(name)) return { kind: name as LifecycleEventKind };
  if (SECRET.has(name)) {
    const revision = optional(env, "JUJU_SECRET_REVISION");
    return {
      kind: name as SecretEventKind,
      secretId: required(env, "JUJU_SECRET_ID"),
      label: optional(env, "JUJU_SECRET_LABEL"),
      revision: revision === undefined ? undefined : Number.parseInt(revision, 10),
    };
  }
  const relation = RELATION_SUFFIX.exec(name);
  if (relation && env.JUJU_RELATION_ID) {
    return {
      kind: relation[1] as RelationEventKind,
      endpoint: optional(env, "JUJU_RELATION") ?? name.slice(0, relation.index),
      relationId: trailingInt(env.JUJU_RELATION_ID, "JUJU_RELATION_ID"),
      remoteApp: optional(env, "JUJU_REMOTE_APP") ?? "",
      remoteUnit: optional(env, "JUJU_REMOTE_UNIT"),
      departingUnit: optional(env, "JUJU_DEPARTING_UNIT"),
    };
  }
  const storage = STORAGE_SUFFIX.exec(name);
  if (storage) {
    const storageId = required(env, "JUJU_STORAGE_ID");
    return {
      kind: storage[2] as "storage-attached" | "storage-detaching",
      storageName: storageId.split("/")[0] ?? storage[1]!,
      storageId,
      location: optional(env, "JUJU_STORAGE_LOCATION"),
      storageKind: optional(env, "JUJU_STORAGE_KIND"),
    };
  }
  const pebble = PEBBLE_SUFFIX.exec(name);
  if (pebble) {
    const container = optional(env, "JUJU_WORKLOAD_NAME") ?? pebble[1]!;
    switch (pebble[2]) {
      case "pebble-ready":
        return { kind: "pebble-ready", container };
      case "pebble-custom-notice":
        return {
          kind: "pebble-custom-notice",
          container,
          noticeId: optional(env, "JUJU_NOTICE_ID") ?? "",
          noticeType: optional(env, "JUJU_NOTICE_TYPE") ?? "custom",
          noticeKey: optional(env, "JUJU_NOTICE_KEY") ?? "",
        };
      default:
        return {
          kind: pebble[2] as "pebble-check-failed" | "pebble-check-recovered",
          container,
          checkName: required(env, "JUJU_PEBBLE_CHECK_NAME"),
        };
    }
  }
  return { kind: "unknown", hookName: name };
}

/** Everything the charm needs to know about this invocation, read once from the env. */
export function jujuContextFromEnv(env: Env): JujuContext {
  const unitName = required(env, "JUJU_UNIT_NAME");
  const [appName, unitNumber] = unitName.split("/");
  return {
    unitName,
    appName: appName!,
    unitNumber: Number.parseInt(unitNumber ?? "0", 10),
    modelName: env.JUJU_MODEL_NAME ?? "",
    modelUuid: env.JUJU_MODEL_UUID ?? "",
    jujuVersion: env.JUJU_VERSION ?? "",
    charmDir: env.JUJU_CHARM_DIR ?? env.CHARM_DIR ?? process.cwd(),
    dispatchPath: required(env, "JUJU_DISPATCH_PATH"),
    event: eventFromEnv(env),
    proxy: modelProxyFromEnv(env),
  };
}
