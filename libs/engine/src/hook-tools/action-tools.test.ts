import { describe, expect, it } from "vitest";
import { failure, fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";
import { resolveActionParams } from "../model/action-params";

// action-get, action-set, action-fail and action-log, which only work in an action context.

function actionContext() {
  const f = fixture();
  const params = resolveActionParams(f.model.app("indexer").meta, "indexer/0", "rotate-credentials", {
    reason: "drift",
    extra: { nested: { deep: 1 } },
  });
  const ctx = f.model.openContext("indexer/0", {
    hook: "",
    action: { name: "rotate-credentials", id: "7", params },
  });
  return { ...f, ctx };
}

describe("action-get", () => {
  it("prints the params with schema defaults, or one dotted key", async () => {
    const { ctx } = actionContext();
    expect(await tool(ctx, "action-get", "--format=json")).toEqual(
      ok('{"extra":{"nested":{"deep":1}},"force":false,"reason":"drift"}\n'),
    );
    expect(await tool(ctx, "action-get", "reason")).toEqual(ok("drift\n"));
    expect(await tool(ctx, "action-get", "extra.nested.deep")).toEqual(ok("1\n"));
    expect(await tool(ctx, "action-get", "extra.missing")).toEqual(ok(""));
    expect(await tool(ctx, "action-get", "a", "b")).toEqual(usage('unrecognized args: ["b"]'));
  });

  it("fails outside an action", async () => {
    const { model } = fixture();
    expect(await tool(model.openContext("indexer/0", { hook: "x" }), "action-get")).toEqual(
      failure("not running an action"),
    );
  });
});

describe("action-set", () => {
  it("nests dotted keys; later sets overwrite; results reach the task on commit", async () => {
    const { model, ctx } = actionContext();
    expect(await tool(ctx, "action-set", "outfile.size=10G", "foo.bar=2")).toEqual(ok());
    expect(await tool(ctx, "action-set", "foo.bar=3", "foo.baz=1", "msg=a=b")).toEqual(ok());
    expect(ctx.commit()).toEqual({ ok: true });
    expect(model.tasks.get("7")).toMatchObject({
      status: "completed",
      results: { outfile: { size: "10G" }, foo: { bar: "3", baz: "1" }, msg: "a=b" },
    });
  });

  it("validates keys (exit 2)", async () => {
    const { ctx } = actionContext();
    expect(await tool(ctx, "action-set", "novalue")).toEqual(
      usage('argument "novalue" must be of the form key...=value'),
    );
    expect(await tool(ctx, "action-set", "Bad=1")).toEqual(
      usage(
        'key "Bad" must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods',
      ),
    );
    expect(await tool(ctx, "action-set", "a.-b=1")).toEqual(
      usage(
        'key "-b" must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods',
      ),
    );
    expect(await tool(ctx, "action-set", "stdout=x")).toEqual(
      usage('cannot set reserved action key "stdout"'),
    );
  });

  it("fails outside an action (exit 1)", async () => {
    const { model } = fixture();
    expect(await tool(model.openContext("indexer/0", { hook: "x" }), "action-set", "a=b")).toEqual(
      failure("not running an action"),
    );
  });
});

describe("action-fail", () => {
  it("marks the task failed, yet exit 0 still commits the other changes", async () => {
    const { model, ctx, relationId } = actionContext();
    await tool(ctx, "relation-set", "-r", String(relationId), "k=v");
    expect(await tool(ctx, "action-fail", "could not rotate")).toEqual(ok());
    expect(ctx.commit()).toEqual({ ok: true });
    expect(model.tasks.get("7")).toMatchObject({ status: "failed", message: "could not rotate" });
    expect(model.relation(relationId).unitData.get("indexer/0")?.get("k")).toBe("v");
  });

  it("uses Juju's default message and takes one argument", async () => {
    const { model, ctx } = actionContext();
    expect(await tool(ctx, "action-fail", "a", "b")).toEqual(usage('unrecognized args: ["b"]'));
    await tool(ctx, "action-fail");
    ctx.commit();
    expect(model.tasks.get("7")?.message).toBe("action failed without reason given, check action for errors");
  });

  it("a non-zero exit fails the task, drops buffered changes, keeps action-set results [~]", async () => {
    // [~] The contract says results are reported also when the task failed; that is followed here.
    const { model, ctx, relationId } = actionContext();
    await tool(ctx, "relation-set", "-r", String(relationId), "k=v");
    await tool(ctx, "action-set", "partial=yes");
    ctx.discard("exit status 3");
    expect(model.tasks.get("7")).toMatchObject({
      status: "failed",
      message: "exit status 3",
      results: { partial: "yes" },
    });
    expect(model.relation(relationId).unitData.get("indexer/0")?.has("k")).toBe(false);
  });
});

describe("action-log", () => {
  it("records progress messages at once", async () => {
    const { model, ctx, clock } = actionContext();
    clock.advance(5000);
    expect(await tool(ctx, "action-log", "step", "one")).toEqual(ok());
    expect(model.tasks.get("7")?.log).toEqual([{ time: clock.now(), message: "step one" }]);
    ctx.discard();
    expect(model.tasks.get("7")?.log).toHaveLength(1);
  });

  it("needs a message and an action", async () => {
    const { ctx, model } = actionContext();
    expect(await tool(ctx, "action-log")).toEqual(usage("no message specified"));
    expect(await tool(model.openContext("indexer/0", { hook: "x" }), "action-log", "m")).toEqual(
      failure("not running an action"),
    );
  });
});
