import { declareMetadata, defineCharm } from "@charmarr/charm";
import { apiKeyContent, ownedSecret } from "@charmarr/secrets";
import { type TestModel, testModel } from "@charmarr/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type ManagerCategory, provideDownloadClient } from "./download-client-provider";

// The provider side of download-client, in-process: a downloader whose app is always up and
// takes whatever key it is given, and managers that publish good, bad or no data.

const PROVIDER_YAML = `
name: downloader
summary: a downloader
description: test charm
config:
  options:
    rotation-interval: {type: string, default: monthly, description: rotation}
provides:
  download-client:
    interface: download-client
`;

const MANAGER_YAML = `
name: manager
summary: a manager
description: test charm
config:
  options:
    manager: {type: string, default: radarr, description: the kind it publishes (or garbage)}
    silent: {type: boolean, default: false, description: publish nothing}
    claim: {type: string, description: the instance-name it claims instead of its own}
requires:
  download-client:
    interface: download-client
`;

let appKey = "0123456789abcdef0123456789abcdef";
const categories = new Map<string, ManagerCategory[]>();

const key = ownedSecret({
  label: "api-key",
  description: "test key",
  schema: apiKeyContent,
  generate: () => ({ "api-key": `${Date.now()}-fresh-key-for-tests` }),
  workload: async () => ({
    apply: async (next) => {
      appKey = next["api-key"];
    },
    accepts: async (value) => value["api-key"] === appKey,
    readLive: async () => ({ "api-key": appKey }),
  }),
});

const downloader = defineCharm({
  metadata: declareMetadata<{ "rotation-interval": string }>(parse(PROVIDER_YAML)),
  features: [key.feature],
  async reconcile(ctx) {
    if (!(await ctx.isLeader())) return;
    const found = await key.get(ctx);
    if (!found.ok) return ctx.status.waiting(found.reason);
    const provided = await provideDownloadClient(ctx, {
      client: "sabnzbd",
      secret: found.secret,
      apiUrl: "http://10.1.2.3:8080",
    });
    categories.set(ctx.unit.name, provided.categories);
    if (provided.waiting.length > 0) ctx.status.waiting(provided.waiting.join("; "));
    else ctx.status.active();
  },
});

const manager = defineCharm({
  metadata: declareMetadata<{ manager: string; silent: boolean; claim?: string }>(parse(MANAGER_YAML)),
  async reconcile(ctx) {
    if (!(await ctx.isLeader()) || ctx.config.silent) return;
    for (const relation of await ctx.relations("download-client")) {
      await relation.setAppData({
        manager: ctx.config.manager,
        "instance-name": ctx.config.claim ?? ctx.app.name,
      });
    }
  },
});

let m: TestModel;
beforeEach(async () => {
  m = await testModel();
  categories.clear();
  appKey = "0123456789abcdef0123456789abcdef";
});
afterEach(async () => {
  await m.close();
});

function deploy(managers: Record<string, Record<string, unknown>>): Record<string, number> {
  m.deploy("sab", { charm: downloader });
  const ids: Record<string, number> = {};
  for (const [name, config] of Object.entries(managers)) {
    m.deploy(name, { charm: manager, config });
    ids[name] = m.integrate(`${name}:download-client`, "sab:download-client").id;
  }
  return ids;
}

const failed = () => m.hookLog.filter((h) => h.result !== "ok").map((h) => `${h.unit} ${h.hook}`);

describe("provideDownloadClient", () => {
  it("grants the secret, publishes on every relation and asks for one category per manager", async () => {
    const ids = deploy({ radarr: {}, "sonarr-4k": { manager: "sonarr" } });
    await m.settle();
    expect(failed()).toEqual([]);
    const secret = m.secret("api-key", { owner: "sab" })!;
    expect(secret.grants.map((g) => g.app).sort()).toEqual(["radarr", "sonarr-4k"]);
    for (const id of Object.values(ids)) {
      expect(m.databag(id, "sab")).toEqual({
        "api-url": "http://10.1.2.3:8080",
        client: "sabnzbd",
        "instance-name": "sab",
        "api-key-secret-id": secret.id,
      });
    }
    expect(categories.get("sab/0")).toEqual([
      { name: "radarr", manager: "radarr", folder: "movies", relation: `download-client:${ids.radarr}` },
      { name: "sonarr-4k", manager: "sonarr", folder: "tv", relation: `download-client:${ids["sonarr-4k"]}` },
    ]);
    expect(m.unitStatus("sab/0")).toMatchObject({ status: "active", message: "" });

    // Steady state: no grant, no relation-set.
    m.advance(6 * 60_000);
    const ran = await m.settle();
    const tools = ran.filter((h) => h.unit === "sab/0").flatMap((h) => h.toolCalls.map((c) => c.tool));
    expect(tools).not.toContain("secret-grant");
    expect(tools).not.toContain("relation-set");
  });

  it("names each category after the related application as Juju knows it, never the name it claims", async () => {
    const ids = deploy({ radarr: {}, evil: { claim: "radarr" } });
    await m.settle();
    expect(failed()).toEqual([]);
    expect(categories.get("sab/0")).toEqual([
      { name: "evil", manager: "radarr", folder: "movies", relation: `download-client:${ids.evil}` },
      { name: "radarr", manager: "radarr", folder: "movies", relation: `download-client:${ids.radarr}` },
    ]);
  });

  it("waits, without failing, for a manager that says nothing or says garbage", async () => {
    const ids = deploy({ radarr: { silent: true }, plex: { manager: "plex" } });
    await m.settle();
    expect(failed()).toEqual([]);
    const status = m.unitStatus("sab/0");
    expect(status.status).toBe("waiting");
    expect(status.message).toContain(
      `waiting for radarr to say which manager it is on download-client:${ids.radarr}`,
    );
    expect(status.message).toContain(`invalid data from plex on download-client:${ids.plex}: manager`);
    expect(categories.get("sab/0")).toEqual([]);
    // Both still get the secret and the data: a manager can use the client before it says who it is.
    expect(
      m
        .secret("api-key", { owner: "sab" })!
        .grants.map((g) => g.app)
        .sort(),
    ).toEqual(["plex", "radarr"]);
    expect(m.logs("sab/0").some((l) => l.level === "WARNING" && l.message.includes("plex"))).toBe(true);

    m.config("plex", { manager: "whisparr" });
    m.config("radarr", { silent: false });
    await m.settle();
    expect(m.unitStatus("sab/0").status).toBe("active");
    expect(categories.get("sab/0")?.map((c) => [c.name, c.folder])).toEqual([
      ["plex", "xxx"],
      ["radarr", "movies"],
    ]);
  });

  it("a removed relation loses its grant, with no failed hook on the way", async () => {
    const ids = deploy({ radarr: {}, sonarr: { manager: "sonarr" } });
    await m.settle();
    m.removeRelation(ids.radarr!);
    await m.settle();
    expect(failed()).toEqual([]);
    const secret = m.secret("api-key", { owner: "sab" })!;
    expect(secret.grants.map((g) => g.app)).toEqual(["sonarr"]);
    const probe = await m.readSecretAs("radarr/0", secret.id);
    expect(probe.exitCode).toBe(1);
    expect(probe.stderr).toContain("permission denied");
    expect(categories.get("sab/0")?.map((c) => c.name)).toEqual(["sonarr"]);
    expect(m.unitStatus("sab/0").status).toBe("active");
  });

  it("a manager that scales down keeps its grant", async () => {
    m.deploy("sab", { charm: downloader });
    m.deploy("radarr", { charm: manager, units: 2 });
    m.integrate("radarr:download-client", "sab:download-client");
    await m.settle();
    m.removeUnit("radarr/1");
    await m.settle();
    expect(failed()).toEqual([]);
    expect(m.secret("api-key", { owner: "sab" })!.grants.map((g) => g.app)).toEqual(["radarr"]);
  });
});
