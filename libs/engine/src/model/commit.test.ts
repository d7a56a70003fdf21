import { describe, expect, it } from "vitest";
import { fixture } from "../../testing/hook-context/test-fixtures";
import { emptyHookChanges } from "./hook-changes";

describe("commitHookChanges", () => {
  it("is all or nothing: a later failure undoes earlier parts", () => {
    const { model, relationId } = fixture();
    const changes = emptyHookChanges();
    changes.relationSettings.push({ relationId, unit: new Map([["a", "1"]]) });
    changes.charmState = new Map([["k", "v"]]);
    changes.secretUpdates.push({ xid: "9m4e2mr0ui3e8a215n4g", label: "x" });
    expect(model.commitHookChanges("indexer/0", changes)).toEqual({
      ok: false,
      error: 'secret "9m4e2mr0ui3e8a215n4g" not found',
    });
    expect(model.relation(relationId).unitData.get("indexer/0")?.has("a")).toBe(false);
    expect(model.unit("indexer/0").state.size).toBe(0);
    expect(model.notifications).toEqual([]);
  });

  it("fails for a unit that no longer exists", () => {
    const { model } = fixture();
    model.removeUnit("indexer/1");
    expect(model.commitHookChanges("indexer/1", emptyHookChanges())).toEqual({
      ok: false,
      error: 'unit "indexer/1" not found',
    });
  });

  it("ignores writes to a relation purged while the hook ran", () => {
    const { model, relationId } = fixture();
    model.purgeRelation(relationId);
    const changes = emptyHookChanges();
    changes.relationSettings.push({ relationId, unit: new Map([["a", "1"]]) });
    expect(model.commitHookChanges("indexer/0", changes)).toEqual({ ok: true });
  });
});
