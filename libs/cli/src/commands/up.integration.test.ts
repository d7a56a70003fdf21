import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fakeHome, MODEL_UUID, packTinyCharm } from "../../testing/fake-home";
import { type FakeJuju, SILENT, startFakeJuju } from "../../testing/fake-juju-server";
import { main } from "../main";

let fake: FakeJuju | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface App {
  charm: string;
  trusted: boolean;
  settled: boolean;
}

/** A fake model: Deploy adds an app with one unit, AddRelation a relation; WatchAll reports units. */
async function fakeModel() {
  const apps = new Map<string, App>();
  const relations: [string, string][] = [];
  const server = await startFakeJuju({
    password: "s3cret",
    http: (call) =>
      call.url.includes("/charms/")
        ? { status: 200, body: { "charm-url": `local:${/charms\/(.+)-[0-9a-f]{7}$/.exec(call.url)![1]}-0` } }
        : { status: 200, body: { resource: {} } },
  });
  const unit = (name: string, app: App, i: number) => ({
    "workload-status": { status: app.settled ? "active" : "waiting", info: app.settled ? "" : "installing" },
    "agent-status": { status: "idle" },
    leader: true,
    address: `10.1.0.${i + 10}`,
    "opened-ports": [`${8000 + i}/tcp`],
    name,
  });
  server.handlers.set("Resources.AddPendingResources", (p) => ({
    "pending-ids": (p as { resources: unknown[] }).resources.map((_, i) => `p-${i}`),
  }));
  server.handlers.set("Application.Deploy", (p) => {
    const [a] = (p as { applications: { application: string; "charm-url": string }[] }).applications;
    apps.set(a!.application, { charm: a!["charm-url"], trusted: false, settled: false });
    return { results: [{}] };
  });
  server.handlers.set("Application.SetConfigs", (p) => {
    const [a] = (p as { Args: { application: string; config: Record<string, string> }[] }).Args;
    if (a!.config.trust === "true") apps.get(a!.application)!.trusted = true;
    return { results: [{}] };
  });
  server.handlers.set("Application.AddRelation", (p) => {
    const [x, y] = (p as { endpoints: [string, string] }).endpoints;
    relations.push([x, y]);
    return { endpoints: {} };
  });
  server.handlers.set("Client.FullStatus", () => ({
    model: { name: "charmarr", type: "caas" },
    applications: Object.fromEntries(
      [...apps].map(([name, app], i) => [
        name,
        {
          charm: app.charm,
          status: { status: "active" },
          int: 1,
          units: { [`${name}/0`]: unit(`${name}/0`, app, i) },
        },
      ]),
    ),
    relations: relations.map(([x, y], id) => ({
      id,
      key: `${x} ${y}`,
      interface: "i",
      endpoints: [x, y].map((e) => ({
        application: e.split(":")[0],
        name: e.split(":")[1],
        role: "provider",
      })),
    })),
  }));
  let nexts = 0;
  server.handlers.set("Client.WatchAll", () => ({ "watcher-id": "7" }));
  server.handlers.set("AllWatcher.Stop", () => ({}));
  server.handlers.set("AllWatcher.Next", (_p, _s, req) => {
    expect(req.id).toBe("7");
    nexts++;
    if (nexts > 2) return SILENT;
    if (nexts === 2) for (const app of apps.values()) app.settled = true;
    return {
      deltas: [...apps].map(([name, app], i) => [
        "unit",
        "change",
        {
          name: `${name}/0`,
          application: name,
          "private-address": `10.1.0.${i + 10}`,
          "workload-status": {
            current: app.settled ? "active" : "waiting",
            message: app.settled ? "" : "installing",
          },
          "agent-status": { current: app.settled ? "idle" : "executing", message: "" },
        },
      ]),
    };
  });
  return { server, apps, relations };
}

async function charmarr(argv: string[], repoRoot: string) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    repoRoot,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

describe("charmarr up", () => {
  it("deploys, relates, follows the units to active, and changes nothing the second time", async () => {
    const model = await fakeModel();
    fake = model.server;
    const home = fakeHome(fake.port, "s3cret");
    dirs.push(home);
    const repo = join(home, "repo");
    mkdirSync(join(repo, "charms/alpha"), { recursive: true });
    mkdirSync(join(repo, "charms/beta"), { recursive: true });
    await packTinyCharm(join(repo, "charms/alpha"), "alpha", "example.org/alpha:1");
    await packTinyCharm(join(repo, "charms/beta"), "beta", "example.org/beta:1");
    writeFileSync(
      join(repo, "bundle.yaml"),
      [
        "bundle: kubernetes",
        "applications:",
        "  alpha:",
        "    charm: ./charms/alpha/alpha_amd64.charm",
        "    trust: true",
        "    resources: {alpha-image: example.org/alpha:2}",
        "  beta:",
        "    charm: ./charms/beta/beta_amd64.charm",
        "relations:",
        "  - [alpha:x, beta:y]",
        "",
      ].join("\n"),
    );
    const first = await charmarr(["up", "--home", home], repo);
    expect(first.code, first.stderr).toBe(0);
    expect([...model.apps.keys()]).toEqual(["alpha", "beta"]);
    expect(model.apps.get("alpha")!.trusted).toBe(true);
    expect(model.apps.get("beta")!.trusted).toBe(false);
    expect(model.relations).toEqual([["alpha:x", "beta:y"]]);
    const uploads = (fake as FakeJuju & { http: { url: string; body: Buffer }[] }).http;
    expect(uploads.find((u) => u.url.includes("/alpha/resources/"))!.body.toString()).toBe(
      "registrypath: example.org/alpha:2\n",
    );
    expect(first.stderr).toMatch(/alpha\/0 +waiting +executing +installing/);
    expect(first.stderr).toMatch(/alpha\/0 +active +idle/);
    expect(first.stdout).toMatch(/^alpha\/0\* +active +idle +10\.1\.0\.10/m);
    expect(first.stdout).toContain(
      "Web UIs:\n  alpha        http://10.1.0.10:8000\n  beta         http://10.1.0.11:8001\n",
    );
    expect(fake.calls.filter((c) => c.request === "Stop")).toHaveLength(1);

    const deploysBefore = fake.calls.filter((c) => c.request === "Deploy").length;
    const second = await charmarr(["up", "--home", home], repo);
    expect(second.code, second.stderr).toBe(0);
    expect(fake.calls.filter((c) => c.request === "Deploy")).toHaveLength(deploysBefore);
    expect(fake.calls.filter((c) => c.request === "AddRelation")).toHaveLength(1);
    expect(second.stderr).toContain("Already deployed (kept as they are): alpha, beta");
    expect(second.stderr).toContain("Nothing to deploy or relate");

    await packTinyCharm(join(repo, "charms/beta"), "beta", "example.org/beta:changed");
    const third = await charmarr(["up", "--home", home], repo);
    expect(third.code).toBe(0);
    expect(third.stderr).toMatch(
      /NOT redeployed: \.\/charms\/beta\/beta_amd64\.charm changed since beta was deployed/,
    );
    expect(fake.calls.filter((c) => c.request === "Deploy")).toHaveLength(deploysBefore);
    expect(MODEL_UUID).toBeTruthy();
  });

  it("stops before changing anything when an archive is missing", async () => {
    const model = await fakeModel();
    fake = model.server;
    const home = fakeHome(fake.port, "s3cret");
    dirs.push(home);
    writeFileSync(
      join(home, "bundle.yaml"),
      "applications:\n  alpha:\n    charm: ./charms/alpha/alpha_amd64.charm\n",
    );
    const r = await charmarr(["up", "--home", home, "--bundle", join(home, "bundle.yaml")], home);
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: `ERROR ${join(home, "charms/alpha/alpha_amd64.charm")} does not exist: pack the charms first (npm run pack)\n`,
    });
    expect(fake.calls).toEqual([]);
  });
});
