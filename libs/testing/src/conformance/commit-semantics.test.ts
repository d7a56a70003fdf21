// §8 behaviours 9–14: what a hook's exit status does to its changes.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type Behaviour, must, probe, SECOND, useModel } from "./helpers";

const model = useModel();

const APP_YAML = "name: app\npeers: {p: {interface: p}}\nprovides: {out: {interface: out}}\n";
const OTHER_YAML = "name: other\nrequires: {in: {interface: out}}\n";

/** `app` runs `behaviour` on config-changed when its config `go` is set; `other` relates to it. */
function deploy(behaviour: Behaviour, otherBehaviour?: Behaviour, units = 1) {
  const m = model();
  const yaml = `${APP_YAML}config: {options: {go: {type: string}}}\nactions: {ping: {}}\n`;
  m.deploy("app", {
    charm: probe(
      yaml,
      async (ctx) => {
        if (ctx.event.kind === "config-changed" && (ctx.config as { go?: string }).go) await behaviour(ctx);
      },
      { ping: { params: z.object({}), run: async (_ctx, action) => action.setResults({ pong: "yes" }) } },
    ),
    units,
  });
  m.deploy("other", { charm: probe(OTHER_YAML, otherBehaviour) });
  const rel = m.integrate("app", "other");
  return { m, rel };
}

/** Buffers one of each kind of change, sets status, logs, then fails (or not). */
const everything =
  (fail: boolean): Behaviour =>
  async (ctx) => {
    const rel = (await ctx.relations("out"))[0]!;
    await must(ctx, "relation-set", "-r", String(rel.id), "k=v");
    await must(ctx, "secret-add", "--label", "made", "key=val");
    await must(ctx, "open-port", "8080");
    await must(ctx, "state-set", "sk=sv");
    await must(ctx, "status-set", "blocked", "set before exit");
    await must(ctx, "application-version-set", "9.9");
    await must(ctx, "juju-log", "logged before exit");
    if (fail) throw new Error("boom");
  };

describe("§8 commit semantics", () => {
  it("9: buffered changes commit on exit 0; status, version and juju-log are immediate", async () => {
    const { m, rel } = deploy(everything(false));
    m.config("app", { go: "1" });
    await m.settle();
    expect(m.databag(rel.id, "app/0")).toMatchObject({ k: "v" });
    expect(m.secret("made", { owner: "app" })).toBeDefined();
    expect((await m.runTool("app/0", "opened-ports", [])).stdout).toBe("8080/tcp\n");
    expect((await m.runTool("app/0", "state-get", ["sk"])).stdout).toBe("sv\n");
  });

  it("10: a non-zero exit drops buffered changes, keeps immediate ones, errors the unit and blocks other hooks until a retry succeeds", async () => {
    let fail = true;
    const { m, rel } = deploy(async (ctx) => everything(fail)(ctx));
    m.config("app", { go: "1" });
    await m.settle();
    expect(m.unitStatus("app/0")).toMatchObject({
      status: "error",
      message: 'hook failed: "config-changed"',
    });
    expect(m.databag(rel.id, "app/0")).not.toHaveProperty("k");
    expect(m.secret("made", { owner: "app" })).toBeUndefined();
    expect((await m.runTool("app/0", "opened-ports", [])).stdout).toBe("");
    expect((await m.runTool("app/0", "state-get", ["sk"])).stdout).toBe("");
    expect(m.model.app("app").version).toBe("9.9");
    expect(m.logs("app/0").some((l) => l.message.includes("logged before exit"))).toBe(true);
    expect(m.unitStatus("app/0").workload).toMatchObject({ status: "blocked" });

    m.config("app", { go: "2" }); // queued behind the failed hook
    const before = m.hookLog.length;
    await m.settle();
    expect(m.hookLog.length).toBe(before);
    // Actions still run on a unit in hook error.
    expect(await m.runAction("app/0", "ping")).toMatchObject({
      status: "completed",
      results: { pong: "yes" },
    });
    expect(m.hookLog.slice(before).map((h) => h.hook)).toEqual(["ping-action"]);
    m.advance(5 * SECOND - 1);
    expect(await m.settle()).toEqual([]);
    m.advance(1);
    fail = false;
    const retried = await m.settle();
    expect(retried[0]).toMatchObject({ unit: "app/0", hook: "config-changed", attempt: 2, result: "ok" });
  });

  it("10: `juju resolve` re-runs the failed hook at once; with automatic retries off the unit stays in error until then", async () => {
    let fail = true;
    const { m } = deploy(async () => {
      if (fail) throw new Error("boom");
    });
    await m.settle();
    m.modelConfig({ "automatically-retry-hooks": false });
    m.config("app", { go: "1" });
    await m.settle();
    expect(m.unitStatus("app/0")).toMatchObject({
      status: "error",
      message: 'hook failed: "config-changed"',
    });
    m.config("app", { go: "2" }); // queued behind the failed hook
    m.advance(60 * 60 * SECOND); // no automatic retry, however long
    expect((await m.settle()).filter((h) => h.unit === "app/0")).toEqual([]);
    expect(m.unitStatus("app/0").status).toBe("error");
    fail = false;
    m.resolve("app/0");
    const ran = (await m.settle()).filter((h) => h.unit === "app/0");
    expect(ran[0]).toMatchObject({ unit: "app/0", hook: "config-changed", attempt: 2, result: "ok" });
    expect(m.unitStatus("app/0").agent.status).toBe("idle");
    expect(() => m.resolve("app/0")).toThrow('unit "app/0" is not in an error state');
  });

  it("10: `juju resolve --no-retry` skips the failed hook and moves on; its changes stay dropped", async () => {
    const { m, rel } = deploy(async (ctx) => {
      const relation = (await ctx.relations("out"))[0]!;
      await must(ctx, "relation-set", "-r", String(relation.id), "k=v");
      throw new Error("boom");
    });
    await m.settle();
    m.config("app", { go: "1" });
    await m.settle();
    expect(m.unitStatus("app/0").status).toBe("error");
    const before = m.hookLog.length;
    m.resolve("app/0", { noRetry: true });
    expect(await m.settle()).toEqual([]); // nothing runs: the hook counts as done
    expect(m.hookLog.length).toBe(before);
    expect(m.unitStatus("app/0").agent).toEqual({ status: "idle", message: "" });
    expect(m.databag(rel.id, "app/0")).not.toHaveProperty("k");
    // The unit moves on: the next event runs (and fails again, as the charm still does).
    m.config("app", { go: "2" });
    expect((await m.settle()).map((h) => [h.hook, h.attempt])).toEqual([["config-changed", 1]]);
  });

  it("11: reads within a hook see its own pending relation, secret-ids and secret writes", async () => {
    const seen: Record<string, string> = {};
    const { m } = deploy(async (ctx) => {
      const rel = (await ctx.relations("out"))[0]!;
      const r = String(rel.id);
      await must(ctx, "relation-set", "-r", r, "mine=1");
      await must(ctx, "relation-set", "-r", r, "--app", "ours=1");
      const id = (await must(ctx, "secret-add", "--label", "fresh", "key=one")).trim();
      seen.unit = await must(ctx, "relation-get", "-r", r, "mine", ctx.unit.name);
      seen.app = await must(ctx, "relation-get", "-r", r, "--app", "ours", ctx.app.name);
      seen.ids = await must(ctx, "secret-ids", "--format=json");
      seen.get = await must(ctx, "secret-get", id, "key");
      await must(ctx, "secret-set", id, "key=two");
      seen.peek = await must(ctx, "secret-get", id, "key", "--peek");
      seen.info = await must(ctx, "secret-info-get", "--label", "fresh", "--format=json");
      await must(ctx, "open-port", "9000");
      seen.ports = await must(ctx, "opened-ports");
    });
    m.config("app", { go: "1" });
    await m.settle();
    expect(seen).toMatchObject({ unit: "1\n", app: "1\n", get: "one\n", peek: "two\n" });
    expect(JSON.parse(seen.ids!)).toHaveLength(1);
    expect(Object.values(JSON.parse(seen.info!) as Record<string, { label: string }>)[0]?.label).toBe(
      "fresh",
    );
    expect(seen.ports).toBe(""); // [~] opened-ports does not show this hook's open-port
  });

  it("12: relation-changed only when committed data differs, and never to the writer (peers included)", async () => {
    let value = "a";
    const { m } = deploy(
      async (ctx) => {
        if (!(await ctx.isLeader())) return;
        for (const r of [...(await ctx.relations("out")), ...(await ctx.relations("p"))]) {
          await r.setAppData({ v: value });
        }
      },
      undefined,
      2,
    );
    await m.settle();
    const appChanged = () =>
      m.hookLog.filter((h) => h.hook.endsWith("-relation-changed") && !h.env.remoteUnit).map((h) => h.unit);
    m.config("app", { go: "1" });
    await m.settle();
    expect(appChanged().sort()).toEqual(["app/1", "other/0"]);
    m.config("app", { go: "2" }); // writes the same value again
    await m.settle();
    expect(appChanged()).toHaveLength(2);
    value = "b";
    m.config("app", { go: "3" });
    await m.settle();
    expect(appChanged().sort()).toEqual(["app/1", "app/1", "other/0", "other/0"]);
  });

  it("13: secret-add prints a URI at once; if the hook fails the secret never existed", async () => {
    let uri = "";
    const { m } = deploy(async (ctx) => {
      uri = (await must(ctx, "secret-add", "key=val")).trim();
      throw new Error("fail after secret-add");
    });
    m.config("app", { go: "1" });
    await m.settle();
    expect(uri).toMatch(/^secret:/);
    expect(m.secret(uri)).toBeUndefined();
    expect((await m.readSecretAs("app/0", uri)).stderr).toContain("not found");
  });

  it("14: a refused flush turns exit 0 into a hook failure", async () => {
    // The leader writes its app bag, then loses leadership before the hook ends: the controller
    // refuses the commit although the charm exited 0.
    const { m, rel } = deploy(
      async (ctx) => {
        if (ctx.unit.name !== "app/0") return;
        await must(ctx, "relation-set", "-r", String((await ctx.relations("out"))[0]!.id), "--app", "x=1");
        model().setLeader("app/1");
      },
      undefined,
      2,
    );
    await m.settle();
    m.config("app", { go: "1" });
    await m.settle();
    const hook = m.hookLog.find(
      (h) => h.unit === "app/0" && h.hook === "config-changed" && h.attempt === 1 && h.error,
    );
    expect(hook).toMatchObject({ result: "failed", exitCode: 0 });
    expect(m.databag(rel.id, "app")).not.toHaveProperty("x");
  });
});
