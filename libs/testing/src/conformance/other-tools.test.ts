// §8 behaviours 41–48: relation, state, config, status, action and leadership tools.
import { defineCharm } from "@charmarr/charm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { driven, lastHook, must, probe, tool, useModel } from "./helpers";

const model = useModel();
const server = driven("name: server\nprovides: {db: {interface: db}}");
const client = driven("name: client\nrequires: {db: {interface: db}}");

/** server (2 units, server/0 leads) related to client; the server leader publishes app data. */
async function related() {
  const m = model();
  m.deploy("server", { charm: server.charm, units: 2 });
  m.deploy("client", { charm: client.charm });
  const rel = m.integrate("server", "client");
  await m.settle();
  await server.act(m, "server/0", async (ctx) => {
    await must(ctx, "relation-set", "-r", String(rel.id), "--app", "who=server");
    await must(ctx, "relation-set", "-r", String(rel.id), "unit=zero");
  });
  return { m, rel, r: String(rel.id) };
}

describe("§8 other tools", () => {
  it("41: relation-get defaults to the remote unit, else the remote app; non-leaders can't read their own app bag", async () => {
    const { m, rel } = await related();
    const seen: Record<string, string> = {};
    const yaml = "name: writer\nprovides: {db: {interface: db}}\nconfig: {options: {v: {type: string}}}\n";
    const writer = probe(yaml, async (ctx) => {
      const v = (ctx.config as { v?: string }).v ?? "one";
      for (const r of await ctx.relations("db")) {
        await r.setUnitData({ unit: "zero" });
        if (await ctx.isLeader()) await r.setAppData({ who: v });
      }
    });
    const reader = probe("name: reader\nrequires: {db: {interface: db}}\n", async (ctx) => {
      if (ctx.event.kind !== "relation-changed") return;
      if (ctx.event.remoteUnit) seen.unit = await must(ctx, "relation-get", "unit");
      else seen.app = await must(ctx, "relation-get", "who");
    });
    m.deploy("writer", { charm: writer });
    m.deploy("reader", { charm: reader });
    m.integrate("writer", "reader");
    await m.settle();
    m.config("writer", { v: "two" }); // an app-bag-only change: relation-changed without a remote unit
    await m.settle();
    expect(seen).toEqual({ unit: "zero\n", app: "two\n" });
    const own = await m.runTool("server/1", "relation-get", ["-r", String(rel.id), "--app", "-", "server"]);
    expect(own.exitCode).toBe(1);
  });

  it("42: an empty value deletes the key; --app needs the leader", async () => {
    const { m, rel, r } = await related();
    await server.act(m, "server/0", (ctx) =>
      must(ctx, "relation-set", "-r", r, "unit=").then(() => undefined),
    );
    expect(m.databag(rel.id, "server/0")).not.toHaveProperty("unit");
    let out = { exitCode: 0, stderr: "" };
    await server.act(m, "server/1", async (ctx) => {
      out = await tool(ctx, "relation-set", "-r", r, "--app", "who=me");
    });
    expect(out.exitCode !== 0 || lastHook(m, "server/1")?.result === "failed").toBe(true);
    expect(m.databag(rel.id, "server")).toEqual({ who: "server" });
  });

  it("43: relation-list --app prints one application name, not a list", async () => {
    const { m, r } = await related();
    expect((await m.runTool("client/0", "relation-list", ["-r", r, "--app"])).stdout).toBe("server\n");
    expect((await m.runTool("client/0", "relation-list", ["-r", r, "--app", "--format=json"])).stdout).toBe(
      '"server"\n',
    );
  });

  it("44: state-get: null for an empty store, empty string for a missing key, an error with --strict", async () => {
    const { m } = await related();
    const get = (...args: string[]) => m.runTool("client/0", "state-get", args);
    expect((await get("--format=json")).stdout).toBe("null\n");
    expect(await get("nope", "--format=json")).toMatchObject({ exitCode: 0, stdout: '""\n' });
    const strict = await get("nope", "--strict");
    expect(strict.exitCode).toBe(1);
    // §5 quotes `key "<k>" not found`; the engine follows Juju 3.6's NotFoundf("%q", key).
    expect(strict.stderr).toContain('"nope" not found');
  });

  it("45: config-get omits unset options without defaults; an unknown key is not an error", async () => {
    const m = model();
    const yaml = "name: cfg\nconfig: {options: {a: {type: string}, b: {type: int, default: 3}}}\n";
    m.deploy("cfg", { charm: probe(yaml) });
    await m.settle();
    expect(JSON.parse((await m.runTool("cfg/0", "config-get", ["--format=json"])).stdout)).toEqual({ b: 3 });
    expect(await m.runTool("cfg/0", "config-get", ["nope"])).toMatchObject({ exitCode: 0, stdout: "" });
  });

  it("46: status-set accepts only maintenance/blocked/waiting/active; --application needs the leader", async () => {
    const { m } = await related();
    const bad = await m.runTool("server/0", "status-set", ["error", "x"]);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain(
      'invalid status "error", expected one of [maintenance blocked waiting active]',
    );
    expect((await m.runTool("server/1", "status-set", ["--application", "active"])).exitCode).toBe(1);
    expect((await m.runTool("server/0", "status-set", ["--application", "active"])).exitCode).toBe(0);
  });

  it("47: action-fail does not stop the action; with exit 0 results and changes commit; non-zero drops them", async () => {
    const m = model();
    const charm = defineCharm({
      metadata: { name: "act", actions: { go: {}, crash: {} } },
      actions: {
        go: {
          params: z.object({}),
          async run(ctx) {
            await must(ctx, "action-fail", "partly");
            await must(ctx, "action-set", "done=yes");
            await must(ctx, "state-set", "k=kept");
          },
        },
        crash: {
          params: z.object({}),
          async run(ctx) {
            await must(ctx, "state-set", "k=dropped");
            throw new Error("crash");
          },
        },
      },
    });
    m.deploy("act", { charm });
    await m.settle();
    expect(await m.runAction("act/0", "go")).toMatchObject({
      status: "failed",
      message: "partly",
      results: { done: "yes" },
    });
    expect((await m.runTool("act/0", "state-get", ["k"])).stdout).toBe("kept\n");
    const crashed = await m.runAction("act/0", "crash");
    expect(crashed.status).toBe("failed");
    expect(crashed.returnCode).not.toBe(0);
    expect((await m.runTool("act/0", "state-get", ["k"])).stdout).toBe("kept\n");
  });

  it("48: leadership can change mid-hook: is-leader answers afresh", async () => {
    const m = model();
    const answers: string[] = [];
    m.deploy("server", { charm: server.charm, units: 2 });
    await m.settle();
    await server.act(m, "server/0", async (ctx) => {
      answers.push(await must(ctx, "is-leader"));
      m.setLeader("server/1");
      answers.push(await must(ctx, "is-leader"));
    });
    // [~] Juju guarantees a true answer for ~30 s (lease); the engine moves leadership at once.
    expect(answers).toEqual(["True\n", "False\n"]);
  });
});
