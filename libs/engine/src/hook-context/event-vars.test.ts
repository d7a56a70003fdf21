import { describe, expect, it } from "vitest";
import { fixture } from "../../testing/hook-context/test-fixtures";

describe("eventVars", () => {
  it("gives relation hooks JUJU_RELATION, _RELATION_ID, _REMOTE_UNIT (maybe empty) and _REMOTE_APP", () => {
    const { model, relationId } = fixture();
    const created = model.openContext("indexer/0", {
      hook: "media-indexer-relation-created",
      relationId,
      remoteApp: "manager",
    });
    expect(created.eventVars()).toEqual({
      JUJU_RELATION: "media-indexer",
      JUJU_RELATION_ID: `media-indexer:${relationId}`,
      JUJU_REMOTE_UNIT: "",
      JUJU_REMOTE_APP: "manager",
    });
    const departed = model.openContext("indexer/0", {
      hook: "media-indexer-relation-departed",
      relationId,
      remoteUnit: "manager/1",
      remoteApp: "manager",
      departingUnit: "manager/1",
    });
    expect(departed.eventVars()).toMatchObject({
      JUJU_REMOTE_UNIT: "manager/1",
      JUJU_DEPARTING_UNIT: "manager/1",
    });
  });

  it("always sets JUJU_SECRET_LABEL for secret hooks, and the revision only when given", () => {
    const { model } = fixture();
    const changed = model.openContext("indexer/0", {
      hook: "secret-changed",
      secret: { uri: "secret:9m4e2mr0ui3e8a215n4g" },
    });
    expect(changed.eventVars()).toEqual({
      JUJU_SECRET_ID: "secret:9m4e2mr0ui3e8a215n4g",
      JUJU_SECRET_LABEL: "",
    });
    const removed = model.openContext("indexer/0", {
      hook: "secret-remove",
      secret: { uri: "secret:9m4e2mr0ui3e8a215n4g", label: "k", revision: 2 },
    });
    expect(removed.eventVars()).toMatchObject({ JUJU_SECRET_LABEL: "k", JUJU_SECRET_REVISION: "2" });
  });

  it("describes storage and workload hooks", () => {
    const { model } = fixture();
    const storage = model.openContext("indexer/1", {
      hook: "config-storage-attached",
      storageId: "config/1",
    });
    expect(storage.eventVars()).toEqual({
      JUJU_STORAGE_ID: "config/1",
      JUJU_STORAGE_LOCATION: "/config",
      JUJU_STORAGE_KIND: "filesystem",
    });
    const notice = model.openContext("indexer/0", {
      hook: "indexer-pebble-custom-notice",
      workload: "indexer",
      notice: { id: "3", type: "custom", key: "example.com/rotated" },
    });
    expect(notice.eventVars()).toEqual({
      JUJU_WORKLOAD_NAME: "indexer",
      JUJU_NOTICE_ID: "3",
      JUJU_NOTICE_TYPE: "custom",
      JUJU_NOTICE_KEY: "example.com/rotated",
    });
  });
});
