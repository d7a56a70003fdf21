/**
 * The wrappers through ProcessToolRunner against real executables: one fake tool
 * (fixtures/fake-hook-tool.mjs) symlinked under every hook-tool name on a temp PATH. The
 * fake checks argv, stdin and key#file= files against a scenario, answers as Juju would,
 * and records whether any secret value reached its command line.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  NotLeaderError,
  PermissionDeniedError,
  RelationNotFoundError,
  SecretNotFoundError,
  UsageError,
} from "./hook-tool-error";
import { HookTools } from "./hook-tools";
import { ProcessToolRunner } from "./process-runner";
import type { ToolOutput } from "./tool-runner";

const FAKE = join(import.meta.dirname, "../../testing/fixtures/fake-hook-tool.mjs");
// biome-ignore format: one list of short names
const TOOL_NAMES = [
  "action-fail", "action-get", "action-log", "action-set", "application-version-set", "close-port",
  "config-get", "credential-get", "goal-state", "is-leader", "juju-log", "network-get", "open-port",
  "opened-ports", "relation-get", "relation-ids", "relation-list", "relation-model-get", "relation-set",
  "resource-get", "secret-add", "secret-get", "secret-grant", "secret-ids", "secret-info-get", "secret-remove",
  "secret-revoke", "secret-set", "state-delete", "state-get", "state-set", "status-get", "status-set",
  "storage-add", "storage-get", "storage-list",
];

const XID = "9m4e2mr0ui3e8a215n4g";
const URI = `secret://5a7c1c8e-0000-4000-8000-000000000001/${XID}`;
const PASSWORD = "correct horse battery staple";
const API_KEY = "0123456789abcdef0123456789abcdef";
const SECRETS = [PASSWORD, API_KEY];

interface ExpectedCall {
  tool: string;
  /** `<key>#file=*` matches any path; the fake checks the file against `files`. */
  args: string[];
  /** Exact text, or a value the stdin JSON must equal; absent: stdin must be empty. */
  stdin?: string | object;
  files?: Record<string, string>;
  reply?: Partial<ToolOutput>;
}

interface LoggedCall {
  tool: string;
  args: string[];
  problems: string[];
  secretInArgv: boolean;
  files: Record<string, { path: string; dirMode: number; fileMode: number }>;
}

let work: string;
let scenarios = 0;
const savedPath = process.env.PATH;
const runner = new ProcessToolRunner();
const tools = new HookTools(runner);

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "hook-tools-it-"));
  const bin = join(work, "bin");
  mkdirSync(bin);
  for (const tool of TOOL_NAMES) symlinkSync(FAKE, join(bin, tool));
  process.env.PATH = `${bin}:${savedPath}`;
});

afterAll(() => {
  process.env.PATH = savedPath;
  delete process.env.FAKE_HOOK_TOOL_SCENARIO;
  rmSync(work, { recursive: true, force: true });
});

/** Run `use` against a fresh scenario; resolves with its result (or error) and what the fakes logged. */
async function runScenario<T>(
  calls: ExpectedCall[],
  use: (t: HookTools) => Promise<T>,
): Promise<{ outcome: T | unknown; logged: LoggedCall[] }> {
  const log = join(work, `calls-${++scenarios}.jsonl`);
  const path = join(work, `scenario-${scenarios}.json`);
  writeFileSync(path, JSON.stringify({ log, secrets: SECRETS, calls }));
  process.env.FAKE_HOOK_TOOL_SCENARIO = path;
  const outcome = await use(tools).catch((err: unknown) => err);
  const lines = existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : [];
  return { outcome, logged: lines.map((line) => JSON.parse(line) as LoggedCall) };
}

/**
 * runScenario, then check what the fakes saw: exactly the expected calls, nothing amiss,
 * no secret value on argv, every key#file= directory private and gone afterwards.
 */
async function exercise<T>(calls: ExpectedCall[], use: (t: HookTools) => Promise<T>): Promise<T | unknown> {
  const { outcome, logged } = await runScenario(calls, use);
  expect(logged.map((c) => c.problems)).toEqual(calls.map(() => []));
  expect(logged.map((c) => c.tool)).toEqual(calls.map((c) => c.tool));
  for (const call of logged) {
    expect(call.secretInArgv).toBe(false);
    for (const file of Object.values(call.files)) {
      expect(file.dirMode).toBe(0o700);
      expect(file.fileMode).toBe(0o600);
      expect(existsSync(dirname(file.path))).toBe(false);
    }
  }
  return outcome;
}

const json = (value: unknown) => ({ stdout: `${JSON.stringify(value)}\n` });
const refuse = (message: string, exitCode = 1) => ({ stderr: `ERROR ${message}\n`, exitCode });

describe("config, leadership, status, logging", () => {
  it("config-get (all and one key)", async () => {
    const result = await exercise(
      [
        {
          tool: "config-get",
          args: ["--format=json"],
          reply: json({ "rotation-interval": "monthly", port: 7878 }),
        },
        { tool: "config-get", args: ["--format=json", "port"], reply: json(7878) },
      ],
      async (t) => [await t.configGet(), await t.configGetKey("port")],
    );
    expect(result).toEqual([{ "rotation-interval": "monthly", port: 7878 }, 7878]);
  });

  it("is-leader", async () => {
    expect(
      await exercise([{ tool: "is-leader", args: ["--format=json"], reply: { stdout: "true\n" } }], (t) =>
        t.isLeader(),
      ),
    ).toBe(true);
  });

  it("status-set, status-get (unit and app), application-version-set, juju-log", async () => {
    const unit = { status: "active", message: "", "status-data": {} };
    const result = await exercise(
      [
        { tool: "status-set", args: ["--application=False", "waiting", "--", "waiting for prowlarr"] },
        { tool: "status-get", args: ["--format=json", "--include-data"], reply: json(unit) },
        {
          tool: "status-get",
          args: ["--format=json", "--include-data", "--application"],
          reply: json({ "application-status": { ...unit, units: { "radarr/0": unit } } }),
        },
        { tool: "application-version-set", args: ["--", "5.2.6"] },
        { tool: "juju-log", args: ["--log-level", "ERROR", "--", "it broke"] },
      ],
      async (t) => {
        await t.statusSet("waiting", "waiting for prowlarr");
        const own = await t.statusGet();
        const app = await t.statusGetApplication();
        await t.applicationVersionSet("5.2.6");
        await t.jujuLog("ERROR", "it broke");
        return [own.status, Object.keys(app.units)];
      },
    );
    expect(result).toEqual(["active", ["radarr/0"]]);
  });

  it("maps a usage error (exit 2)", async () => {
    const error = await exercise(
      [
        {
          tool: "status-set",
          args: ["--application=True", "active"],
          reply: refuse('invalid status "x", expected one of [maintenance blocked waiting active]', 2),
        },
      ],
      (t) => t.statusSet("active", "", { application: true }),
    );
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ exitCode: 2, tool: "status-set" });
  });
});

describe("relations", () => {
  it("relation-ids, relation-list (units and app), relation-get (unit and app), relation-model-get", async () => {
    const result = await exercise(
      [
        { tool: "relation-ids", args: ["--format=json", "media-indexer"], reply: json(["media-indexer:4"]) },
        { tool: "relation-list", args: ["--format=json", "-r", "4"], reply: json(["prowlarr/0"]) },
        {
          tool: "relation-list",
          args: ["--format=json", "-r", "media-indexer:4", "--app"],
          reply: json("prowlarr"),
        },
        {
          tool: "relation-get",
          args: ["--format=json", "-r", "4", "-", "prowlarr/0"],
          reply: json({ "ingress-address": "10.1.0.7" }),
        },
        {
          tool: "relation-get",
          args: ["--format=json", "-r", "4", "--app", "-", "prowlarr"],
          reply: json({ "api-key-secret-id": URI }),
        },
        { tool: "relation-model-get", args: ["--format=json", "-r", "4"], reply: json({ uuid: "m-1" }) },
      ],
      async (t) => [
        await t.relationIds("media-indexer"),
        await t.relationList(4),
        await t.relationListApp("media-indexer:4"),
        await t.relationGet(4, "prowlarr/0"),
        await t.relationGet(4, "prowlarr", { app: true }),
        await t.relationModelGet(4),
      ],
    );
    expect(result).toEqual([
      ["media-indexer:4"],
      ["prowlarr/0"],
      "prowlarr",
      { "ingress-address": "10.1.0.7" },
      { "api-key-secret-id": URI },
      { uuid: "m-1" },
    ]);
  });

  it("relation-set sends the map on stdin", async () => {
    await exercise(
      [
        {
          tool: "relation-set",
          args: ["-r", "4", "--app", "--file", "-"],
          stdin: { url: "http://radarr:7878", x: "" },
        },
      ],
      (t) => t.relationSet(4, { url: "http://radarr:7878", x: "" }, { app: true }),
    );
  });

  it("maps a non-leader write and an unknown relation", async () => {
    const errors = await exercise(
      [
        {
          tool: "relation-set",
          args: ["-r", "4", "--app", "--file", "-"],
          stdin: { a: "b" },
          reply: refuse("cannot write relation settings"),
        },
        {
          tool: "relation-get",
          args: ["--format=json", "-r", "9", "-", "x/0"],
          reply: refuse('invalid value "9" for option -r: relation not found', 2),
        },
      ],
      async (t) => [
        await t.relationSet(4, { a: "b" }, { app: true }).catch((e: unknown) => e),
        await t.relationGet(9, "x/0").catch((e: unknown) => e),
      ],
    );
    expect((errors as unknown[])[0]).toBeInstanceOf(NotLeaderError);
    expect((errors as unknown[])[1]).toBeInstanceOf(RelationNotFoundError);
  });
});

describe("ports, network, goal state, cloud", () => {
  it("open-port, close-port, opened-ports", async () => {
    const result = await exercise(
      [
        { tool: "open-port", args: ["7878/tcp"] },
        { tool: "open-port", args: ["--endpoints=vpn-gateway", "8888/tcp"] },
        { tool: "close-port", args: ["icmp"] },
        { tool: "opened-ports", args: ["--format=json"], reply: json(["7878/tcp", "8888/tcp"]) },
      ],
      async (t) => {
        await t.openPort(7878);
        await t.openPort({ protocol: "tcp", port: 8888 }, { endpoints: ["vpn-gateway"] });
        await t.closePort({ protocol: "icmp" });
        return t.openedPorts();
      },
    );
    expect(result).toEqual([
      { protocol: "tcp", port: 7878 },
      { protocol: "tcp", port: 8888 },
    ]);
  });

  it("network-get, goal-state, credential-get", async () => {
    const result = await exercise(
      [
        {
          tool: "network-get",
          args: ["--format=json", "-r", "4", "media-manager"],
          reply: json({
            "bind-addresses": [
              { "interface-name": "eth0", addresses: [{ address: "10.1.0.5", cidr: "10.1.0.0/16" }] },
            ],
            "ingress-addresses": ["10.1.0.5"],
          }),
        },
        {
          tool: "goal-state",
          args: ["--format=json"],
          reply: json({ units: { "radarr/0": { status: "active" } } }),
        },
        {
          tool: "credential-get",
          args: ["--format=json"],
          reply: json({ type: "kubernetes", name: "k8s", credential: { "auth-type": "oauth2", attrs: {} } }),
        },
      ],
      async (t) => [
        await t.networkGet("media-manager", { relationId: 4 }),
        await t.goalState(),
        await t.credentialGet(),
      ],
    );
    expect(result).toEqual([
      {
        bindAddresses: [
          {
            macAddress: "",
            interfaceName: "eth0",
            addresses: [{ hostname: "", value: "10.1.0.5", cidr: "10.1.0.0/16" }],
          },
        ],
        egressSubnets: [],
        ingressAddresses: ["10.1.0.5"],
      },
      { units: { "radarr/0": { status: "active" } }, relations: {} },
      {
        type: "kubernetes",
        name: "k8s",
        credential: { authType: "oauth2", attrs: {}, redacted: [] },
        caCertificates: [],
        skipTlsVerify: false,
        isControllerCloud: false,
      },
    ]);
  });
});

describe("actions and charm state", () => {
  it("action-get, action-set (flattened), action-log, action-fail", async () => {
    const result = await exercise(
      [
        { tool: "action-get", args: ["--format=json"], reply: json({ force: true }) },
        { tool: "action-log", args: ["--", "rotating the API key"] },
        { tool: "action-set", args: ["result.revision=4", "result.ok=true"] },
        { tool: "action-fail", args: ["--", "consumers did not follow"] },
      ],
      async (t) => {
        const params = await t.actionGet();
        await t.actionLog("rotating the API key");
        await t.actionSet({ result: { revision: 4, ok: true } });
        await t.actionFail("consumers did not follow");
        return params;
      },
    );
    expect(result).toEqual({ force: true });
  });

  it("state-get (all and key), state-set on stdin, state-delete", async () => {
    const result = await exercise(
      [
        { tool: "state-get", args: ["--format=json"], reply: { stdout: "null\n" } },
        { tool: "state-set", args: ["--file", "-"], stdin: { phase: "applied" } },
        { tool: "state-get", args: ["--format=json", "phase"], reply: json("applied") },
        { tool: "state-delete", args: ["phase"] },
      ],
      async (t) => {
        const before = await t.stateGet();
        await t.stateSet({ phase: "applied" });
        const phase = await t.stateGetKey("phase");
        await t.stateDelete("phase");
        return [before, phase];
      },
    );
    expect(result).toEqual([{}, "applied"]);
  });
});

describe("secrets", () => {
  it("secret-add passes content only through private files that are gone afterwards", async () => {
    const result = await exercise(
      [
        {
          tool: "secret-add",
          args: [
            "--owner=application",
            "--label=credentials",
            "--rotate=monthly",
            "username#file=*",
            "password#file=*",
          ],
          files: { username: "admin", password: PASSWORD },
          reply: { stdout: `${URI}\n` },
        },
      ],
      (t) =>
        t.secretAdd({ username: "admin", password: PASSWORD }, { label: "credentials", rotate: "monthly" }),
    );
    expect(result).toBe(URI);
  });

  it("secret-set with new content through files, and metadata-only", async () => {
    await exercise(
      [
        { tool: "secret-set", args: [URI, "api-key#file=*"], files: { "api-key": API_KEY } },
        { tool: "secret-set", args: ["--rotate=never", URI] },
      ],
      async (t) => {
        await t.secretSet(URI, { content: { "api-key": API_KEY } });
        await t.secretSet(URI, { rotate: "never" });
      },
    );
  });

  it("secret-add cleans up its files when Juju refuses", async () => {
    const error = await exercise(
      [
        {
          tool: "secret-add",
          args: ["--owner=application", "api-key#file=*"],
          files: { "api-key": API_KEY },
          reply: refuse("this unit is not the leader"),
        },
      ],
      (t) => t.secretAdd({ "api-key": API_KEY }),
    );
    expect(error).toBeInstanceOf(NotLeaderError);
  });

  it("secret-get (content, one key, by label with refresh)", async () => {
    const result = await exercise(
      [
        { tool: "secret-get", args: ["--format=json", "--peek", URI], reply: json({ "api-key": API_KEY }) },
        {
          tool: "secret-get",
          args: ["--format=json", "--label=prowlarr", "--refresh", "api-key"],
          reply: json(API_KEY),
        },
      ],
      async (t) => [
        await t.secretGet({ id: URI }, { peek: true }),
        await t.secretGetValue({ label: "prowlarr" }, "api-key", { refresh: true }),
      ],
    );
    expect(result).toEqual([{ "api-key": API_KEY }, API_KEY]);
  });

  it("secret-get errors: not found (exit 1), permission denied", async () => {
    const errors = await exercise(
      [
        {
          tool: "secret-get",
          args: ["--format=json", URI],
          reply: refuse(`secret "${XID}" not found`),
        },
        { tool: "secret-get", args: ["--format=json", URI], reply: refuse("permission denied") },
      ],
      async (t) => [
        await t.secretGet({ id: URI }).catch((e: unknown) => e),
        await t.secretGet({ id: URI }).catch((e: unknown) => e),
      ],
    );
    const [notFound, denied] = errors as [Error, Error];
    expect(notFound).toBeInstanceOf(SecretNotFoundError);
    expect(notFound.message).toBe(`secret-get: secret "${XID}" not found`);
    expect(denied).toBeInstanceOf(PermissionDeniedError);
  });

  it("secret-grant, secret-revoke, secret-remove, secret-ids, secret-info-get", async () => {
    const result = await exercise(
      [
        { tool: "secret-grant", args: ["-r", "4", "--unit=radarr/0", URI] },
        { tool: "secret-revoke", args: ["-r", "4", URI] },
        { tool: "secret-remove", args: ["--revision=2", URI] },
        { tool: "secret-ids", args: ["--format=json"], reply: json([XID]) },
        {
          tool: "secret-info-get",
          args: ["--format=json", "--label=api-key"],
          reply: json({
            [XID]: { revision: 3, label: "api-key", owner: "application", rotation: "monthly" },
          }),
        },
      ],
      async (t) => {
        await t.secretGrant(URI, 4, { unit: "radarr/0" });
        await t.secretRevoke(URI, { relationId: 4 });
        await t.secretRemove(URI, { revision: 2 });
        return [await t.secretIds(), await t.secretInfoGet({ label: "api-key" })];
      },
    );
    expect(result).toEqual([
      [XID],
      { id: XID, revision: 3, label: "api-key", owner: "application", rotation: "monthly", access: [] },
    ]);
  });
});

describe("resources and storage", () => {
  it("resource-get, storage-get, storage-list, storage-add", async () => {
    const result = await exercise(
      [
        {
          tool: "resource-get",
          args: ["radarr-image"],
          reply: { stdout: "/var/lib/juju/resources/radarr-image\n" },
        },
        {
          tool: "storage-get",
          args: ["--format=json", "-s", "config/0"],
          reply: json({ kind: "filesystem", location: "/config" }),
        },
        { tool: "storage-list", args: ["--format=json", "config"], reply: json(["config/0"]) },
        { tool: "storage-add", args: ["config=1"] },
      ],
      async (t) => {
        const out = [
          await t.resourceGet("radarr-image"),
          await t.storageGet("config/0"),
          await t.storageList("config"),
        ];
        await t.storageAdd("config");
        return out;
      },
    );
    expect(result).toEqual([
      "/var/lib/juju/resources/radarr-image",
      { kind: "filesystem", location: "/config" },
      ["config/0"],
    ]);
  });
});

describe("the fake tool itself", () => {
  it("notices a secret value on argv", async () => {
    const { logged } = await runScenario([{ tool: "action-set", args: [`password=${PASSWORD}`] }], (t) =>
      t.actionSet({ password: PASSWORD }),
    );
    expect(logged).toMatchObject([{ tool: "action-set", problems: [], secretInArgv: true }]);
  });

  it("refuses argv, stdin or file content it did not expect", async () => {
    const { outcome, logged } = await runScenario(
      [
        { tool: "relation-set", args: ["-r", "1", "--file", "-"], stdin: { a: "other" } },
        { tool: "secret-set", args: [URI, "api-key#file=*"], files: { "api-key": "other" } },
        { tool: "is-leader", args: ["--format=yaml"] },
      ],
      async (t) => [
        await t.relationSet(1, { a: "b" }).catch((e: Error) => e.message),
        await t.secretSet(URI, { content: { "api-key": API_KEY } }).catch((e: Error) => e.message),
        await t.isLeader().catch((e: Error) => e.message),
      ],
    );
    expect(logged.map((c) => c.problems)).toEqual([
      ['stdin: expected {"a":"other"}'],
      ["file for api-key: unexpected content"],
      ['args: expected ["--format=yaml"]'],
    ]);
    expect(outcome).toEqual([
      expect.stringContaining("fake relation-set"),
      expect.stringContaining("fake secret-set"),
      expect.stringContaining("fake is-leader"),
    ]);
  });
});

it("spawned one process per call, and covered every hook tool", () => {
  expect([...runner.callsByTool.keys()].sort()).toEqual([...TOOL_NAMES].sort());
  expect(runner.calls).toBe([...runner.callsByTool.values()].reduce((a, b) => a + b, 0));
});
