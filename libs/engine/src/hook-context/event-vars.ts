import type { ContextRelation } from "../hook-tools/tool-context";
import type { StorageAttachment } from "../model/state";
import type { HookEnv } from "./hook-env";

/**
 * The per-event JUJU_* variables of contract §1.2's second table (relation, secret, storage,
 * workload) for a hook; the common ones and the action ones are the process runner's.
 */
export function eventVars(
  env: HookEnv,
  relation: ContextRelation | undefined,
  storage: StorageAttachment | undefined,
): Record<string, string> {
  const vars: Record<string, string> = {};
  if (relation) {
    vars.JUJU_RELATION = relation.endpoint;
    vars.JUJU_RELATION_ID = relation.fakeId;
    vars.JUJU_REMOTE_UNIT = env.remoteUnit ?? "";
    vars.JUJU_REMOTE_APP = env.remoteApp ?? relation.remoteApp;
    if (env.departingUnit) vars.JUJU_DEPARTING_UNIT = env.departingUnit;
  }
  if (env.secret) {
    vars.JUJU_SECRET_ID = env.secret.uri;
    vars.JUJU_SECRET_LABEL = env.secret.label ?? "";
    if (env.secret.revision !== undefined && env.secret.revision > 0) {
      vars.JUJU_SECRET_REVISION = String(env.secret.revision);
    }
  }
  if (storage) {
    vars.JUJU_STORAGE_ID = storage.id;
    vars.JUJU_STORAGE_LOCATION = storage.location;
    vars.JUJU_STORAGE_KIND = storage.kind;
  }
  if (env.workload) {
    vars.JUJU_WORKLOAD_NAME = env.workload;
    if (env.notice) {
      vars.JUJU_NOTICE_ID = env.notice.id;
      vars.JUJU_NOTICE_TYPE = env.notice.type;
      vars.JUJU_NOTICE_KEY = env.notice.key;
    }
    if (env.checkName) vars.JUJU_PEBBLE_CHECK_NAME = env.checkName;
  }
  return vars;
}
