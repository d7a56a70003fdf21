import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { fakeHome, MODEL_UUID, packTinyCharm } from "../testing/fake-home";
import { closedPort, DROP, type FakeJuju, startFakeJuju } from "../testing/fake-juju-server";
import { main } from "./main";

const REPO = join(import.meta.dirname, "../../..");
let fake: (FakeJuju & { http: unknown[] }) | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function charmarr(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    repoRoot: REPO,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

function home(port: number, password = "s3cret") {
  const h = fakeHome(port, password);
  dirs.push(h);
  return h;
}

describe("charmarr commands against a fake Juju server", () => {
  it("status prints the table from FullStatus", async () => {
    fake = await startFakeJuju({ password: "s3cret" });
    fake.handlers.set("Client.FullStatus", () => ({
      model: { name: "charmarr", type: "caas" },
      applications: {
        prowlarr: {
          charm: "local:prowlarr-0",
          status: { status: "active" },
          units: {
            "prowlarr/0": { "workload-status": { status: "active" }, "agent-status": { status: "idle" } },
          },
        },
      },
      relations: [],
    }));
    const r = await charmarr(["status", "--home", home(fake.port)]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^prowlarr\/0 +active +idle/m);
  });

  it("a stopped controller says run charmarr up; a wrong password says so; both in one line, exit 1", async () => {
    const port = await closedPort();
    const refused = await charmarr(["status", "--home", home(port)]);
    expect(refused).toEqual({
      code: 1,
      stdout: "",
      stderr: `ERROR cannot reach the controller at 127.0.0.1:${port} (nothing listens there): run charmarr up\n`,
    });
    const none = mkdtempSync(join(tmpdir(), "charmarr-empty-"));
    dirs.push(none);
    expect((await charmarr(["status", "--home", none])).stderr).toBe(
      "ERROR the embedded controller is not running: run charmarr up\n",
    );
    fake = await startFakeJuju({ password: "s3cret" });
    const wrong = await charmarr(["status", "--home", home(fake.port, "nope")]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^ERROR login as admin refused: wrong user or password[^\n]*\n$/);
  });

  it("a call that hangs times out with --timeout", async () => {
    fake = await startFakeJuju({ password: "s3cret" });
    fake.handlers.set("Client.FullStatus", () => new Promise(() => {}));
    const r = await charmarr(["status", "--home", home(fake.port), "--timeout", "300ms"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ERROR Client\.FullStatus got no answer within 0 s.*--timeout\n$/);
  });

  it("add-secret sends base64 values from a file and prints the URI; grant-secret finds it by name", async () => {
    fake = await startFakeJuju({ password: "s3cret" });
    fake.handlers.set("Secrets.CreateSecrets", () => ({
      results: [{ result: "secret:d0cv6bnmp25c77drq7b0" }],
    }));
    fake.handlers.set("Secrets.ListSecrets", () => ({
      results: [
        {
          uri: "secret:d0cv6bnmp25c77drq7b0",
          "owner-tag": `model-${MODEL_UUID}`,
          label: "vpn-key",
          "latest-revision": 1,
        },
      ],
    }));
    fake.handlers.set("Secrets.GrantSecret", () => ({ results: [{}] }));
    const h = home(fake.port);
    const keyFile = join(h, "wg");
    writeFileSync(keyFile, "wg-private-key");
    const added = await charmarr(["add-secret", "vpn-key", `private-key#file=${keyFile}`, "--home", h]);
    expect(added).toMatchObject({ code: 0, stdout: "secret:d0cv6bnmp25c77drq7b0\n" });
    const create = fake.calls.find((c) => c.request === "CreateSecrets")!;
    expect(create.params).toEqual({
      args: [
        {
          label: "vpn-key",
          description: "",
          "owner-tag": "",
          content: { data: { "private-key": Buffer.from("wg-private-key").toString("base64") } },
        },
      ],
    });
    const granted = await charmarr(["grant-secret", "vpn-key", "gluetun", "--home", h]);
    expect(granted.code).toBe(0);
    expect(fake.calls.find((c) => c.request === "GrantSecret")!.params).toEqual({
      uri: "secret:d0cv6bnmp25c77drq7b0",
      label: "",
      applications: ["gluetun"],
    });
  });

  it("config with an unknown app fails in one line naming where to look", async () => {
    fake = await startFakeJuju({ password: "s3cret" });
    fake.handlers.set("Application.SetConfigs", () => ({
      results: [{ error: { message: 'application "radar" not found', code: "not found" } }],
    }));
    const r = await charmarr(["config", "radar", "rotation-interval=weekly", "--home", home(fake.port)]);
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr:
        'ERROR Application.SetConfigs (radar): application "radar" not found (charmarr status lists the apps and units)\n',
    });
  });

  it("rotate enqueues rotate-credentials on the leader and prints the result", async () => {
    fake = await startFakeJuju({ password: "s3cret" });
    let polls = 0;
    fake.handlers.set("Action.EnqueueOperation", () => ({
      operation: "11",
      actions: [
        {
          action: { tag: "action-12", receiver: "unit-radarr-0", name: "rotate-credentials" },
          status: "pending",
        },
      ],
    }));
    fake.handlers.set("Action.Actions", () => {
      polls++;
      return {
        results: [
          {
            action: { tag: "action-12", receiver: "unit-radarr-0", name: "rotate-credentials" },
            status: polls < 3 ? "running" : "completed",
            output: { "return-code": 0, rotated: "api-key" },
          },
        ],
      };
    });
    const r = await charmarr(["rotate", "radarr", "--home", home(fake.port)]);
    expect(r.stdout).toBe("radarr/0: rotate-credentials completed\n  rotated: api-key\n");
    expect(fake.calls.find((c) => c.request === "EnqueueOperation")!.params).toEqual({
      actions: [{ receiver: "radarr/leader", name: "rotate-credentials", parameters: {}, tag: "" }],
    });
  });

  it("deploy uploads the charm and its image, deploys and trusts", async () => {
    fake = await startFakeJuju({
      password: "s3cret",
      http: (call) =>
        call.method === "PUT" && call.url.startsWith(`/model-${MODEL_UUID}/charms/tiny-`)
          ? { status: 200, body: { "charm-url": "local:tiny-0" } }
          : call.url.includes("/resources/")
            ? { status: 200, body: { resource: {} } }
            : { status: 404, body: {} },
    });
    fake.handlers.set("Resources.AddPendingResources", () => ({ "pending-ids": ["p-1"] }));
    fake.handlers.set("Application.Deploy", () => ({ results: [{}] }));
    fake.handlers.set("Application.SetConfigs", () => ({ results: [{}] }));
    const h = home(fake.port);
    const charm = await packTinyCharm(h, "tiny", "example.org/tiny:1");
    const r = await charmarr(["deploy", charm, "small", "--trust", "--config", "a=b", "--home", h]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const uploads = fake.http as {
      method: string;
      url: string;
      headers: Record<string, string>;
      body: Buffer;
    }[];
    expect(uploads[0]!.headers["juju-curl"]).toBe("local:tiny--1");
    expect(uploads[1]!.url).toBe(
      `/model/${MODEL_UUID}/applications/small/resources/tiny-image?pendingid=p-1`,
    );
    expect(uploads[1]!.body.toString()).toBe("registrypath: example.org/tiny:1\n");
    const deploy = fake.calls.find((c) => c.request === "Deploy")!.params as {
      applications: Record<string, unknown>[];
    };
    expect(deploy.applications[0]).toMatchObject({
      application: "small",
      "charm-url": "local:tiny-0",
      config: { a: "b" },
      resources: { "tiny-image": "p-1" },
    });
    expect(fake.calls.find((c) => c.request === "SetConfigs")!.params).toMatchObject({
      Args: [{ application: "small", config: { trust: "true" } }],
    });
  });
});

describe("a real controller", () => {
  it("resolves --model through ModelManager.ListModels on /api, then works on the model", async () => {
    fake = await startFakeJuju({ password: "s3cret" });
    fake.handlers.set("ModelManager.ListModels", () => ({
      "user-models": [
        { model: { name: "other", uuid: "00000000-0000-4000-8000-000000000000", "owner-tag": "user-admin" } },
        { model: { name: "media", uuid: MODEL_UUID, "owner-tag": "user-admin" } },
      ],
    }));
    fake.handlers.set("Client.FullStatus", () => ({ model: { name: "media" }, applications: {} }));
    const dir = mkdtempSync(join(tmpdir(), "charmarr-real-"));
    dirs.push(dir);
    writeFileSync(join(dir, "password"), "s3cret\n", { mode: 0o600 });
    const common = [
      "--controller",
      `ws://127.0.0.1:${fake.port}`,
      "--password-file",
      join(dir, "password"),
      "--home",
      dir,
    ];
    const r = await charmarr(["status", "--model", "media", ...common]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("Model has no applications");
    expect(fake.calls.find((c) => c.request === "ListModels")!.params).toEqual({ tag: "user-admin" });
    const missing = await charmarr(["status", "--model", "films", ...common]);
    expect(missing.stderr).toBe(
      `ERROR no model films for admin on 127.0.0.1:${fake.port}: check --model (juju models)\n`,
    );
    const noPassword = await charmarr([
      "status",
      "--model",
      "media",
      "--controller",
      `ws://127.0.0.1:${fake.port}`,
    ]);
    expect(noPassword.stderr).toBe(
      "ERROR no password for admin: give --password-file <file> (or run in a terminal to be asked)\n",
    );
    expect((await charmarr(["down", ...common])).stderr).toMatch(
      /^ERROR down is for the embedded controller only/,
    );
  });
});

describe("secrets, watching, down and destroy", () => {
  it("secrets --reveal asks values for the operator's own secrets only", async () => {
    fake = await startFakeJuju({ password: "s3cret" });
    fake.handlers.set("Secrets.ListSecrets", (p) => {
      const { filter, "show-secrets": show } = p as { filter: { uri?: string }; "show-secrets": boolean };
      const all = [
        {
          uri: "secret:aaaaaaaaaaaaaaaaaaaa",
          "owner-tag": "application-radarr",
          label: "api-key",
          "latest-revision": 2,
        },
        {
          uri: "secret:bbbbbbbbbbbbbbbbbbbb",
          "owner-tag": `model-${MODEL_UUID}`,
          label: "vpn-key",
          "latest-revision": 1,
        },
      ];
      const picked = filter.uri ? all.filter((s) => s.uri === filter.uri) : all;
      return {
        results: picked.map((s) =>
          show ? { ...s, value: { data: { "private-key": Buffer.from("wg").toString("base64") } } } : s,
        ),
      };
    });
    const r = await charmarr(["secrets", "--reveal", "--home", home(fake.port)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("vpn-key:\n  private-key: wg\n");
    expect(r.stdout).not.toContain("api-key:\n");
    const revealed = fake.calls.filter((c) => (c.params as { "show-secrets"?: boolean })["show-secrets"]);
    expect(revealed.map((c) => (c.params as { filter: unknown }).filter)).toEqual([
      { uri: "secret:bbbbbbbbbbbbbbbbbbbb" },
    ]);
    expect(r.stderr).toContain("your own (model-owned) secrets only");
  });

  it("status --watch prints unit changes and fails in one line when the controller goes away", async () => {
    fake = await startFakeJuju({ password: "s3cret" });
    fake.handlers.set("Client.FullStatus", () => ({ model: { name: "charmarr" }, applications: {} }));
    fake.handlers.set("Client.WatchAll", () => ({ "watcher-id": "1" }));
    let n = 0;
    const delta = (workload: string) => ({
      deltas: [
        [
          "unit",
          "change",
          {
            name: "radarr/0",
            application: "radarr",
            "workload-status": { current: workload, message: "" },
            "agent-status": { current: "idle" },
          },
        ],
      ],
    });
    fake.handlers.set("AllWatcher.Next", () => {
      n++;
      return n === 1 ? delta("waiting") : n === 2 ? delta("active") : DROP;
    });
    const r = await charmarr(["status", "--watch", "--home", home(fake.port), "--timeout", "60s"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\d\d:\d\d:\d\d {2}radarr\/0 +active +idle\n$/);
    expect(r.stdout).not.toMatch(/radarr\/0 +waiting/);
    expect(r.stderr).toMatch(
      /\nERROR the connection to the controller closed \(code \d+\): is it still running\?[^\n]*\n$/,
    );
  });

  it("down stops the embedded controller with SIGTERM; destroy --yes removes the home", async () => {
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    await new Promise((r) => child.once("spawn", r));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once("exit", (_c, signal) => r(signal)));
    const h = fakeHome(await closedPort(), "s3cret", child.pid);
    dirs.push(h);
    const down = await charmarr(["down", "--home", h]);
    expect(down).toMatchObject({ code: 0, stderr: "" });
    expect(down.stdout).toContain("Stopped the embedded controller; its state stays in");
    expect(await exited).toBe("SIGTERM");
    expect(existsSync(join(h, "controller/controller.json"))).toBe(true);
    expect((await charmarr(["down", "--home", h])).stdout).toBe("The embedded controller is not running\n");
    const refused = await charmarr(["destroy", "--home", h]);
    expect(refused.stderr).toMatch(/^ERROR destroy removes .* for good: confirm with --yes\n$/);
    expect(existsSync(h)).toBe(true);
    expect((await charmarr(["destroy", "--yes", "--home", h])).code).toBe(0);
    expect(existsSync(h)).toBe(false);
  });
});

describe("the charmarr bin", () => {
  it("runs the bundled CLI: one error line and exit 1 when no controller runs", async () => {
    const none = mkdtempSync(join(tmpdir(), "charmarr-empty-"));
    dirs.push(none);
    const err = await promisify(execFile)(process.execPath, [
      join(REPO, "libs/cli/bin/charmarr.mjs"),
      "status",
      "--home",
      none,
    ]).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(err).toMatchObject({
      code: 1,
      stdout: "",
      stderr: "ERROR the embedded controller is not running: run charmarr up\n",
    });
  });
});
