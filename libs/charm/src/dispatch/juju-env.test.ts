import { describe, expect, it } from "vitest";
import { eventFromEnv, JujuEnvError, jujuContextFromEnv } from "./juju-env";

const base = {
  JUJU_UNIT_NAME: "radarr/1",
  JUJU_MODEL_NAME: "media",
  JUJU_MODEL_UUID: "5a7c1c8e-0000-4000-8000-000000000001",
  JUJU_VERSION: "3.6.4",
  JUJU_CHARM_DIR: "/var/lib/juju/agents/unit-radarr-1/charm",
};
const hook = (name: string, extra: Record<string, string> = {}) => ({
  ...base,
  JUJU_HOOK_NAME: name,
  JUJU_DISPATCH_PATH: `hooks/${name}`,
  ...extra,
});

describe("jujuContextFromEnv", () => {
  it("reads the unit, app, model and charm dir", () => {
    const ctx = jujuContextFromEnv(hook("install"));
    expect(ctx).toMatchObject({
      unitName: "radarr/1",
      appName: "radarr",
      unitNumber: 1,
      modelName: "media",
      jujuVersion: "3.6.4",
      charmDir: base.JUJU_CHARM_DIR,
      dispatchPath: "hooks/install",
      event: { kind: "install" },
    });
  });

  it("refuses to run without Juju's variables", () => {
    expect(() => jujuContextFromEnv({ JUJU_DISPATCH_PATH: "hooks/install" })).toThrow(JujuEnvError);
    expect(() => jujuContextFromEnv({ JUJU_UNIT_NAME: "a/0" })).toThrow(/JUJU_DISPATCH_PATH/);
  });
});

describe("eventFromEnv", () => {
  it.each([
    "install",
    "start",
    "stop",
    "remove",
    "config-changed",
    "update-status",
    "upgrade-charm",
    "leader-elected",
    "leader-settings-changed",
  ])("lifecycle hook %s", (name) => {
    expect(eventFromEnv(hook(name))).toEqual({ kind: name });
  });

  it("relation events carry endpoint, id, remote app and unit", () => {
    const env = hook("media-indexer-relation-changed", {
      JUJU_RELATION: "media-indexer",
      JUJU_RELATION_ID: "media-indexer:7",
      JUJU_REMOTE_APP: "prowlarr",
      JUJU_REMOTE_UNIT: "prowlarr/0",
    });
    expect(eventFromEnv(env)).toEqual({
      kind: "relation-changed",
      endpoint: "media-indexer",
      relationId: 7,
      remoteApp: "prowlarr",
      remoteUnit: "prowlarr/0",
      departingUnit: undefined,
    });
  });

  it.each(["created", "joined", "changed", "departed", "broken"])("relation-%s", (what) => {
    const env = hook(`db-relation-${what}`, {
      JUJU_RELATION: "db",
      JUJU_RELATION_ID: "3",
      JUJU_REMOTE_APP: "pg",
      JUJU_REMOTE_UNIT: what === "created" || what === "broken" ? "" : "pg/0",
      ...(what === "departed" ? { JUJU_DEPARTING_UNIT: "pg/0" } : {}),
    });
    const event = eventFromEnv(env);
    expect(event).toMatchObject({ kind: `relation-${what}`, endpoint: "db", relationId: 3, remoteApp: "pg" });
    // An empty JUJU_REMOTE_UNIT means "none" (contract §8 item 4).
    if (what === "created" || what === "broken") expect(event).toMatchObject({ remoteUnit: undefined });
    if (what === "departed") expect(event).toMatchObject({ departingUnit: "pg/0" });
  });

  it("secret events carry id, label and revision", () => {
    expect(
      eventFromEnv(
        hook("secret-remove", {
          JUJU_SECRET_ID: "secret://5a7c/9m4e2mr0ui3e8a215n4g",
          JUJU_SECRET_LABEL: "api-key",
          JUJU_SECRET_REVISION: "3",
        }),
      ),
    ).toEqual({
      kind: "secret-remove",
      secretId: "secret://5a7c/9m4e2mr0ui3e8a215n4g",
      label: "api-key",
      revision: 3,
    });
    expect(
      eventFromEnv(
        hook("secret-changed", { JUJU_SECRET_ID: "secret:9m4e2mr0ui3e8a215n4g", JUJU_SECRET_LABEL: "" }),
      ),
    ).toEqual({
      kind: "secret-changed",
      secretId: "secret:9m4e2mr0ui3e8a215n4g",
      label: undefined,
      revision: undefined,
    });
    expect(eventFromEnv(hook("secret-rotate", { JUJU_SECRET_ID: "9m4e2mr0ui3e8a215n4g" }))).toMatchObject({
      kind: "secret-rotate",
    });
    expect(
      eventFromEnv(
        hook("secret-expired", { JUJU_SECRET_ID: "9m4e2mr0ui3e8a215n4g", JUJU_SECRET_REVISION: "2" }),
      ),
    ).toMatchObject({ kind: "secret-expired", revision: 2 });
  });

  it("storage events", () => {
    expect(
      eventFromEnv(
        hook("config-storage-attached", {
          JUJU_STORAGE_ID: "config/0",
          JUJU_STORAGE_LOCATION: "/config",
          JUJU_STORAGE_KIND: "filesystem",
        }),
      ),
    ).toEqual({
      kind: "storage-attached",
      storageName: "config",
      storageId: "config/0",
      location: "/config",
      storageKind: "filesystem",
    });
    expect(eventFromEnv(hook("config-storage-detaching", { JUJU_STORAGE_ID: "config/0" }))).toMatchObject({
      kind: "storage-detaching",
    });
  });

  it("workload events", () => {
    expect(eventFromEnv(hook("radarr-pebble-ready", { JUJU_WORKLOAD_NAME: "radarr" }))).toEqual({
      kind: "pebble-ready",
      container: "radarr",
    });
    expect(
      eventFromEnv(
        hook("radarr-pebble-custom-notice", {
          JUJU_WORKLOAD_NAME: "radarr",
          JUJU_NOTICE_ID: "12",
          JUJU_NOTICE_TYPE: "custom",
          JUJU_NOTICE_KEY: "charmarr.io/restarted",
        }),
      ),
    ).toEqual({
      kind: "pebble-custom-notice",
      container: "radarr",
      noticeId: "12",
      noticeType: "custom",
      noticeKey: "charmarr.io/restarted",
    });
    for (const kind of ["pebble-check-failed", "pebble-check-recovered"] as const) {
      expect(
        eventFromEnv(
          hook(`radarr-${kind}`, { JUJU_WORKLOAD_NAME: "radarr", JUJU_PEBBLE_CHECK_NAME: "ready" }),
        ),
      ).toEqual({ kind, container: "radarr", checkName: "ready" });
    }
  });

  it("actions come from JUJU_DISPATCH_PATH, with an empty JUJU_HOOK_NAME", () => {
    const env = {
      ...base,
      JUJU_HOOK_NAME: "",
      JUJU_DISPATCH_PATH: "actions/rotate-credentials",
      JUJU_ACTION_NAME: "rotate-credentials",
      JUJU_ACTION_UUID: "42",
    };
    expect(eventFromEnv(env)).toEqual({ kind: "action", name: "rotate-credentials", id: "42" });
  });

  it("an unknown hook is reported as such, not as an error", () => {
    expect(eventFromEnv(hook("something-new"))).toEqual({ kind: "unknown", hookName: "something-new" });
  });
});
