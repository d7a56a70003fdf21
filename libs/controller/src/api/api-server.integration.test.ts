// jujulib 9.1 itself against the API server: a packed charm uploaded and deployed (run as
// processes), a second charm with an oci-image resource, relations, config, status, secrets
// with revisions and grants, an action, AllWatcher deltas, and the errors jujulib sees.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { connectAndLogin } from "@canonical/jujulib/dist/api/client.js";
import type ActionV7 from "@canonical/jujulib/dist/api/facades/action/ActionV7.js";
import Action from "@canonical/jujulib/dist/api/facades/action/index.js";
import type AllWatcherV3 from "@canonical/jujulib/dist/api/facades/all-watcher/AllWatcherV3.js";
import AllWatcher from "@canonical/jujulib/dist/api/facades/all-watcher/index.js";
import type ApplicationV22 from "@canonical/jujulib/dist/api/facades/application/ApplicationV22.js";
import Application from "@canonical/jujulib/dist/api/facades/application/index.js";
import type ClientV8 from "@canonical/jujulib/dist/api/facades/client/ClientV8.js";
import Client from "@canonical/jujulib/dist/api/facades/client/index.js";
import ModelManager from "@canonical/jujulib/dist/api/facades/model-manager/index.js";
import type ModelManagerV9 from "@canonical/jujulib/dist/api/facades/model-manager/ModelManagerV9.js";
import Pinger from "@canonical/jujulib/dist/api/facades/pinger/index.js";
import Resources from "@canonical/jujulib/dist/api/facades/resources/index.js";
import type ResourcesV3 from "@canonical/jujulib/dist/api/facades/resources/ResourcesV3.js";
import Secrets from "@canonical/jujulib/dist/api/facades/secrets/index.js";
import type SecretsV2 from "@canonical/jujulib/dist/api/facades/secrets/SecretsV2.js";
import { packCharm } from "@charmarr/build/pack";
import { type CharmMetadata, defineCharm } from "@charmarr/charm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { parse } from "yaml";
import yazl from "yazl";
import { basicAuth, http, type TestHost, testHost } from "../../testing";
import { type ApiServer, startApiServer } from "./api-server";

const EXAMPLE = resolve(import.meta.dirname, "../../../charm/example");
const PASSWORD = "a-long-random-admin-password-0123456789";
const FACADES = [Action, AllWatcher, Application, Client, ModelManager, Pinger, Resources, Secrets];

const LISTENER_YAML = `
name: listener
requires:
  greetings:
    interface: greeting
resources:
  listener-image:
    type: oci-image
    description: The listener's image.
`;

/** The other end of the example charm's `greetings`, run in-process: says what it heard. */
const listener = defineCharm({
  metadata: parse(LISTENER_YAML) as CharmMetadata,
  async reconcile(ctx) {
    const heard: string[] = [];
    for (const relation of await ctx.relations("greetings")) {
      const greeting = (await relation.remoteAppData()).greeting;
      if (greeting) heard.push(greeting);
    }
    ctx.status.active(heard.length ? `heard ${heard.join(", ")}` : "nobody greeted");
  },
});

/** A charm archive holding the listener's metadata (its hooks run in-process). */
function listenerArchive(): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(LISTENER_YAML), "metadata.yaml");
  zip.addBuffer(Buffer.from("#!/bin/sh\nexit 0\n"), "dispatch", { mode: 0o100755 });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on("error", reject);
  });
}

let work: string;
let host: TestHost;
let server: ApiServer;
const logLines: string[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "api-server-"));
  host = await testHost({ inProcessCharms: { listener } });
  server = await startApiServer({
    host,
    password: PASSWORD,
    modelName: "charmarr",
    log: (l) => logLines.push(l),
  });
}, 180_000);

afterAll(async () => {
  await server?.close();
  await host?.close();
  rmSync(work, { recursive: true, force: true });
});

async function login(path: string, password = PASSWORD) {
  const { conn, logout } = await connectAndLogin(
    `${server.url}${path}`,
    {
      wsclass: WebSocket as unknown as typeof globalThis.WebSocket,
      facades: FACADES,
      closeCallback: () => undefined,
    },
    { username: "admin", password },
    "3.6.0",
  );
  if (!conn) throw new Error("no connection");
  return { conn, logout };
}

const modelPath = () => `/model/${host.model.uuid}/api`;

async function uploadCharm(archive: Buffer, name: string): Promise<string> {
  const sha = createHash("sha256").update(archive).digest("hex").slice(0, 7);
  const reply = await http(
    server.port,
    "PUT",
    `/model-${host.model.uuid}/charms/${name}-${sha}`,
    {
      authorization: basicAuth(PASSWORD),
      "content-type": "application/zip",
      "juju-curl": `local:${name}--1`,
    },
    archive,
  );
  expect(reply.status).toBe(200);
  const url = (JSON.parse(reply.body) as { "charm-url": string })["charm-url"];
  expect(reply.headers["juju-curl"]).toBe(url);
  return url;
}

/** Waits until `check` passes (the model settles in the background after each call). */
async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe("jujulib against the API server", () => {
  it("logs in on the controller endpoint and finds the model by name", async () => {
    const { conn, logout } = await login("/api");
    try {
      expect(conn.info.serverVersion).toBe("3.6.14");
      expect(conn.info.controllerTag).toBe(`controller-${host.controllerUuid}`);
      expect(conn.facades.application).toBeUndefined(); // model facades are not on /api
      const modelManager = conn.facades.modelManager as ModelManagerV9;
      // jujulib's generic ModelManager lists its classes in file-name order (V10 before V9) and
      // takes the last one both sides know: 9, although the server offers 9 and 10.
      expect(modelManager.VERSION).toBe(9);
      const models = await modelManager.listModels({ tag: "user-admin" });
      expect(models["user-models"]?.map((m) => [m.model.name, m.model.uuid, m.model.type])).toEqual([
        ["charmarr", host.model.uuid, "caas"],
      ]);
    } finally {
      logout();
    }
  });

  it("picks the facade versions of the spec on the model endpoint", async () => {
    const { conn, logout } = await login(modelPath());
    try {
      const versions = Object.fromEntries(Object.entries(conn.facades).map(([name, f]) => [name, f.VERSION]));
      expect(versions).toEqual({
        action: 7,
        allWatcher: 3,
        application: 22,
        client: 8,
        pinger: 1,
        resources: 3,
        secrets: 2,
      });
    } finally {
      logout();
    }
  });

  it("uploads, deploys, relates, configures and shows status; watches; runs an action; keeps secrets", async () => {
    const { path: helloFile } = await packCharm(EXAMPLE, work);
    const helloUrl = await uploadCharm(readFileSync(helloFile), "hello");
    expect(helloUrl).toBe("local:hello-0");
    // The listener through the older POST route (the Go client's fallback).
    const posted = await http(
      server.port,
      "POST",
      `/model/${host.model.uuid}/charms?series=&schema=local&revision=0`,
      { authorization: basicAuth(PASSWORD), "content-type": "application/zip" },
      await listenerArchive(),
    );
    expect(posted.status).toBe(200);
    const listenerUrl = (JSON.parse(posted.body) as { "charm-url": string })["charm-url"];
    expect(listenerUrl).toBe("local:listener-0");
    expect(await uploadCharm(readFileSync(helloFile), "hello")).toBe("local:hello-0"); // the same archive again

    const { conn, logout } = await login(modelPath());
    try {
      const application = conn.facades.application as ApplicationV22;
      const client = conn.facades.client as ClientV8;
      const resources = conn.facades.resources as ResourcesV3;
      const secrets = conn.facades.secrets as SecretsV2;
      const action = conn.facades.action as ActionV7;
      const allWatcher = conn.facades.allWatcher as AllWatcherV3;

      // The listener's oci-image: pending, uploaded as the Go CLI does (YAML, sha384), then deployed.
      const origin = {
        source: "local",
        type: "charm",
        id: "",
        revision: 0,
        architecture: "amd64",
        base: { name: "ubuntu", channel: "22.04/stable" },
      };
      const pending = await resources.addPendingResources({
        tag: "application-listener",
        url: listenerUrl,
        "charm-origin": origin,
        resources: [
          {
            name: "listener-image",
            type: "oci-image",
            path: "",
            description: "",
            origin: "upload",
            revision: 0,
            fingerprint: null,
            size: 0,
          },
        ],
      } as never);
      const pendingId = pending["pending-ids"][0]!;
      const document = Buffer.from(
        "registrypath: registry.example/listener:1.0\nusername: bob\npassword: hunter2-registry-pass\n",
      );
      const put = await http(
        server.port,
        "PUT",
        `/model/${host.model.uuid}/applications/listener/resources/listener-image?pendingid=${pendingId}`,
        {
          authorization: basicAuth(PASSWORD),
          "content-type": "application/octet-stream",
          "content-sha384": createHash("sha384").update(document).digest("hex"),
        },
        document,
      );
      expect(put.status).toBe(200);

      const deploy = (app: string, url: string, extra: Record<string, unknown> = {}) => ({
        application: app,
        "charm-url": url,
        channel: "",
        "num-units": 1,
        "charm-origin": origin,
        config: {},
        "config-yaml": "",
        constraints: {},
        placement: [],
        resources: {},
        storage: {},
        Force: false,
        ...extra,
      });
      const deployed = await application.deploy({
        applications: [
          deploy("hello", helloUrl, { "num-units": 2, config: { greeting: "hey" } }),
          deploy("listener", listenerUrl, { resources: { "listener-image": pendingId } }),
        ],
      } as never);
      expect(deployed.results).toEqual([{}, {}]);
      expect(host.model.app("listener").resources.get("listener-image")).toEqual({
        kind: "oci-image",
        image: "registry.example/listener:1.0",
        username: "bob",
        password: "hunter2-registry-pass",
      });
      const listed = await resources.listResources({ entities: [{ tag: "application-listener" }] });
      expect(listed.results[0]?.resources?.map((r) => [r.name, r.type, r.revision])).toEqual([
        ["listener-image", "oci-image", 1],
      ]);

      const again = await application.deploy({ applications: [deploy("hello", helloUrl)] } as never);
      expect(again.results[0]?.error).toMatchObject({
        code: "already exists",
        message: 'application "hello" already exists',
      });

      // The watcher starts before the relation: its first Next is everything there is.
      const watcherId = (await client.watchAll(null as never))["watcher-id"];
      const first = (await allWatcher.next({ id: watcherId })).deltas as unknown as [
        string,
        string,
        Record<string, unknown>,
      ][];
      expect(
        first
          .filter(([k]) => k === "application")
          .map(([, , e]) => e.name)
          .sort(),
      ).toEqual(["hello", "listener"]);
      expect(
        first
          .filter(([k]) => k === "unit")
          .map(([, c, e]) => [c, e.name])
          .sort(),
      ).toEqual([
        ["change", "hello/0"],
        ["change", "hello/1"],
        ["change", "listener/0"],
      ]);

      const related = await application.addRelation({ endpoints: ["listener", "hello"] } as never);
      expect(related.endpoints).toMatchObject({
        hello: { name: "greetings", role: "provider", interface: "greeting" },
        listener: { name: "greetings", role: "requirer", interface: "greeting" },
      });
      await expect(application.addRelation({ endpoints: ["listener", "hello"] } as never)).rejects.toThrow(
        /already exists/,
      );

      const status = await eventually(async () => {
        const s = await client.fullStatus({ patterns: [] } as never);
        expect(s.applications.listener?.units?.["listener/0"]?.["workload-status"].info).toBe("heard hey");
        for (const unit of ["hello/0", "hello/1"])
          expect(s.applications.hello?.units?.[unit]?.["agent-status"].status).toBe("idle");
        return s;
      });
      const hello = status.applications.hello!;
      expect(hello.charm).toBe("local:hello-0");
      expect(hello.int).toBe(2);
      expect(hello.relations).toEqual({ greetings: ["listener"] });
      expect(hello.units?.["hello/0"]).toMatchObject({
        leader: true,
        "agent-status": { status: "idle" },
        "workload-status": { status: "active" },
      });
      expect(hello.units?.["hello/1"]?.leader).toBe(false);
      expect(status.relations.map((r) => [r.key, r.interface, r.status.status])).toEqual([
        ["listener:greetings hello:greetings", "greeting", "joined"],
      ]);
      expect(status.model.name).toBe("charmarr");

      // Config: a change arrives at the watcher, as config and as the listener's new status.
      await application.setConfigs({
        Args: [
          {
            application: "hello",
            config: { style: "loud", trust: "true" },
            "config-yaml": "",
            generation: "master",
          },
        ],
      } as never);
      const got = await application.get({ application: "hello", branch: "master" });
      expect(got.config.style).toMatchObject({ value: "loud", source: "user", default: "plain" });
      expect(got.config.repeat).toMatchObject({ value: 1, source: "default" });
      expect(got["application-config"]?.trust).toMatchObject({ value: true });
      const bad = await application.setConfigs({
        Args: [{ application: "hello", config: { nope: "1" }, "config-yaml": "", generation: "" }],
      } as never);
      expect(bad.results[0]?.error?.message).toMatch(/unknown option "nope"/);
      await eventually(async () => {
        const { deltas } = await allWatcher.next({ id: watcherId });
        const units = (deltas as unknown as [string, string, Record<string, unknown>][]).filter(
          ([k]) => k === "unit",
        );
        const listenerUnit = units.find(([, , e]) => e.name === "listener/0");
        expect((listenerUnit?.[2]["workload-status"] as { message: string }).message).toBe("heard HEY");
      });
      await application.unsetApplicationsConfig({
        Args: [{ application: "hello", branch: "master", options: ["style", "trust"] }],
      } as never);
      const reset = await application.get({ application: "hello", branch: "" });
      expect(reset.config.style).toMatchObject({ value: "plain", source: "default" });
      expect(reset["application-config"]?.trust).toMatchObject({ value: false });
      await expect(application.get({ application: "nope", branch: "" })).rejects.toThrow(
        'application "nope" not found',
      );

      // Secrets: a user secret, granted, updated; the list shows both revisions and the grant.
      const b64 = (s: string) => Buffer.from(s).toString("base64");
      const value1 = "vpn-private-key-value-one-0123456789";
      const value2 = "vpn-private-key-value-two-9876543210";
      const created = await secrets.createSecrets({
        args: [
          {
            label: "vpn-key",
            description: "WireGuard key",
            "owner-tag": "",
            content: { data: { "private-key": b64(value1) } },
          },
          { label: "empty", description: "", "owner-tag": "", content: { data: {} } },
          {
            label: "vpn-key",
            description: "",
            "owner-tag": "",
            content: { data: { "private-key": b64("x") } },
          },
          {
            label: "owned",
            description: "",
            "owner-tag": `model-${host.model.uuid}`,
            content: { data: { key: b64("x") } },
          },
          { label: "badkey", description: "", "owner-tag": "", content: { data: { K: b64("x") } } },
        ],
      } as never);
      const uri = created.results[0]?.result as string;
      expect(uri).toMatch(/^secret:[0-9a-v]{20}$/);
      expect(created.results.slice(1).map((r) => [r.error?.code, r.error?.message])).toEqual([
        ["not valid", "empty secret value"],
        ["already exists", 'secret with name "vpn-key" already exists'],
        ["not valid", expect.stringMatching(/owner tag/)],
        ["not valid", 'invalid key "K"'],
      ]);
      expect(
        (await secrets.grantSecret({ uri, label: "", applications: ["hello", "nope"] })).results,
      ).toEqual([{}, { error: expect.objectContaining({ code: "not found" }) }]);
      expect(
        (
          await secrets.updateSecrets({
            args: [
              {
                uri,
                "existing-label": "",
                content: { data: { "private-key": b64(value2) } },
                "auto-prune": false,
              },
            ],
          } as never)
        ).results,
      ).toEqual([{}]);
      const list = await secrets.listSecrets({ filter: {}, "show-secrets": false } as never);
      const listedSecret = list.results.find((s) => s.uri === uri)!;
      expect(listedSecret).toMatchObject({
        label: "vpn-key",
        description: "WireGuard key",
        "owner-tag": `model-${host.model.uuid}`,
        "latest-revision": 2,
        access: [
          { "target-tag": "application-hello", "scope-tag": `model-${host.model.uuid}`, role: "view" },
        ],
      });
      expect(listedSecret.revisions.map((r) => r.revision)).toEqual([1, 2]);
      expect(listedSecret.value).toBeUndefined();
      const revealed = await secrets.listSecrets({
        filter: { label: "vpn-key" },
        "show-secrets": true,
      } as never);
      expect(revealed.results[0]?.value?.data).toEqual({ "private-key": b64(value2) });
      const old = await secrets.listSecrets({ filter: { uri, revision: 1 }, "show-secrets": true } as never);
      expect(old.results[0]?.value?.data).toEqual({ "private-key": b64(value1) });
      await eventually(() => expect(host.settleErrors).toEqual([]));
      expect((await secrets.revokeSecret({ uri, label: "", applications: ["hello"] })).results).toEqual([{}]);
      expect(
        (await secrets.listSecrets({ filter: { uri }, "show-secrets": false } as never)).results[0]?.access ??
          [],
      ).toEqual([]);

      // An action on the leader, polled to completion.
      const enqueued = await action.enqueueOperation({
        actions: [
          { receiver: "hello/leader", name: "greet", parameters: { name: "Ada" }, tag: "" },
          { receiver: "unit-hello-7", name: "greet", parameters: {}, tag: "" },
        ],
      } as never);
      expect(enqueued.actions?.[0]?.action).toMatchObject({
        receiver: "unit-hello-0",
        name: "greet",
        parameters: { name: "Ada" },
      });
      expect(enqueued.actions?.[1]?.error?.code).toBe("not found");
      const tag = enqueued.actions![0]!.action!.tag;
      expect(Number(tag.slice("action-".length))).toBeGreaterThan(Number(enqueued.operation));
      const done = await eventually(async () => {
        const r = (await action.actions({ entities: [{ tag }] })).results![0]!;
        expect(r.status).toBe("completed");
        return r;
      });
      expect(done.output).toEqual({ greeting: "hey, Ada", "return-code": 0 });
      const ops = await action.operations({
        entities: [{ tag: `operation-${enqueued.operation}` }],
      } as never);
      expect(ops.results?.[0]).toMatchObject({ operation: enqueued.operation, status: "completed" });
      const specs = await action.applicationsCharmsActions({ entities: [{ tag: "application-hello" }] });
      expect(Object.keys(specs.results?.[0]?.actions ?? {})).toEqual(["greet"]);

      // Scale down and remove the relation; the watcher reports the removals.
      const scaled = await application.scaleApplications({
        applications: [{ "application-tag": "application-hello", scale: 1, "scale-change": 0, force: false }],
      } as never);
      expect(scaled.results?.[0]?.info?.["num-units"]).toBe(1);
      await application.destroyRelation({ endpoints: ["hello", "listener:greetings"] } as never);
      await eventually(async () => {
        const { deltas } = await allWatcher.next({ id: watcherId });
        const removed = (deltas as unknown as [string, string, Record<string, unknown>][]).filter(
          ([, c]) => c === "remove",
        );
        expect(removed.map(([k, , e]) => `${k}:${e.name ?? e.key}`)).toEqual(
          expect.arrayContaining(["unit:hello/1"]),
        );
      });
      await eventually(() => expect(host.model.state.relations.size).toBe(0));
      await allWatcher.stop({ id: watcherId });
      await expect(allWatcher.next({ id: watcherId })).rejects.toThrow("watcher was stopped");
      expect(host.settleErrors).toEqual([]);

      // Nothing secret reached the server's log.
      const log = logLines.join("\n");
      for (const secret of [PASSWORD, value1, value2, b64(value1), b64(value2), "hunter2-registry-pass"])
        expect(log).not.toContain(secret);
    } finally {
      logout();
    }
  });

  it("refuses a wrong password through jujulib with its rewritten message", async () => {
    await expect(login(modelPath(), "wrong")).rejects.toThrow(/granted permission/);
  });
});
