// The API server against bad input over real sockets: wrong credentials, calls before login,
// unknown facades, malformed and huge frames, foreign Host and Origin headers, HTTP without
// auth, and two clients (one blocked in AllWatcher.Next) at the same time.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { basicAuth, http, RawRpc, type TestHost, testHost } from "../../testing";
import { type ApiServer, startApiServer } from "./api-server";

const PASSWORD = "another-long-admin-password-9876543210";
let host: TestHost;
let server: ApiServer;
const logLines: string[] = [];

beforeAll(async () => {
  host = await testHost();
  server = await startApiServer({
    host,
    password: PASSWORD,
    modelName: "charmarr",
    log: (l) => logLines.push(l),
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await host?.close();
});

const modelUrl = () => `${server.url}/model/${host.model.uuid}/api`;

async function loggedIn(url = modelUrl()): Promise<RawRpc> {
  const rpc = await RawRpc.open(url);
  const reply = await rpc.login(PASSWORD);
  expect(reply.error).toBeUndefined();
  return rpc;
}

/** The HTTP status an upgrade attempt is refused with. */
function upgradeRefusal(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once("open", () => reject(new Error("upgrade accepted")));
    ws.once("error", () => undefined);
  });
}

describe("the API server refuses", () => {
  it("a wrong password and a wrong user alike, then closes the socket", async () => {
    const replies = [];
    for (const [tag, password] of [
      ["user-admin", "not-the-password"],
      ["user-bob", PASSWORD],
      ["admin", PASSWORD],
    ] as const) {
      const rpc = await RawRpc.open(modelUrl());
      const reply = await rpc.login(password, tag);
      replies.push([reply.error, reply["error-code"], reply.response]);
      expect((await rpc.closed).code).toBe(1008);
    }
    expect(replies).toEqual(Array(3).fill(["invalid entity name or password", "unauthorized access", {}]));
    // Refusals are throttled: the next attempt from this address waits.
    const rpc = await RawRpc.open(modelUrl());
    const started = Date.now();
    expect((await rpc.login("still-wrong")).error).toBe("invalid entity name or password");
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(logLines.join("\n")).not.toMatch(/not-the-password|still-wrong/);
    // A right login afterwards works (and clears the throttle).
    (await loggedIn()).close();
  });

  it("calls before login, unknown facades, versions and methods, with Juju's errors", async () => {
    const anonymous = await RawRpc.open(modelUrl());
    expect(await anonymous.call("Client", 8, "FullStatus", { patterns: [] })).toEqual({
      "request-id": 1,
      error: "unauthorized access",
      "error-code": "unauthorized access",
      response: {},
    });
    anonymous.close();

    const rpc = await loggedIn();
    const errors = await Promise.all([
      rpc.call("Foo", 1, "Bar"),
      rpc.call("Application", 9, "Deploy"),
      rpc.call("Application", 22, "Foo"),
      rpc.call("Secrets", 1, "CreateSecrets", { args: [] }),
      rpc.call("ModelManager", 10, "ListModels", { tag: "user-admin" }),
    ]);
    expect(errors.map((r) => [r.error, r["error-code"]])).toEqual([
      ['unknown object type "Foo"', "not implemented"],
      ['unknown version (9) of interface "Application"', "not implemented"],
      ["no such request - method Application.Foo is not implemented", "not implemented"],
      ["no such request - method Secrets.CreateSecrets is not implemented", "not implemented"],
      ['unknown object type "ModelManager"', "not implemented"],
    ]);
    expect((await rpc.call("Pinger", 1, "Ping", null)).response).toEqual({});
    rpc.close();

    const controller = await loggedIn(`${server.url}/api`);
    expect((await controller.call("Client", 8, "FullStatus", {})).error).toBe('unknown object type "Client"');
    const models = await controller.call("ModelManager", 10, "ListModels", { tag: "user-admin" });
    expect(models.response).toMatchObject({ "user-models": [{ model: { uuid: host.model.uuid } }] });
    controller.close();
  });

  it("malformed JSON (1007) and a message over 1 MiB (1009), logging no payload", async () => {
    const rpc = await loggedIn();
    rpc.ws.send('{"request-id": 2, "type": "Pinger", secret-ish-payload');
    expect((await rpc.closed).code).toBe(1007);
    expect(logLines.some((l) => l.includes("malformed JSON"))).toBe(true);
    expect(logLines.join("\n")).not.toContain("secret-ish-payload");

    const big = await loggedIn();
    big.ws.send(
      JSON.stringify({
        "request-id": 2,
        type: "Pinger",
        version: 1,
        request: "Ping",
        params: { pad: "x".repeat(1024 * 1024) },
      }),
    );
    expect((await big.closed).code).toBe(1009);
  });

  it("unknown paths, foreign Host headers and browser Origins", async () => {
    expect(await upgradeRefusal(`${server.url}/model/not-this-model/api`, {})).toBe(404);
    expect(await upgradeRefusal(`${server.url}/elsewhere`, {})).toBe(404);
    expect(await upgradeRefusal(modelUrl(), { Host: `evil.example:${server.port}` })).toBe(403);
    expect(await upgradeRefusal(modelUrl(), { Host: "127.0.0.1:1" })).toBe(403);
    expect(await upgradeRefusal(modelUrl(), { Origin: "http://127.0.0.1" })).toBe(403);
    const localhost = await RawRpc.open(modelUrl(), { headers: { Host: `localhost:${server.port}` } });
    expect((await localhost.login(PASSWORD)).error).toBeUndefined();
    localhost.close();
    const viaOrigin = await http(server.port, "GET", "/", {
      origin: "http://evil.example",
      authorization: basicAuth(PASSWORD),
    });
    expect(viaOrigin.status).toBe(403);
    const viaHost = await http(server.port, "GET", "/", {
      host: "evil.example",
      authorization: basicAuth(PASSWORD),
    });
    expect(viaHost.status).toBe(403);
  });

  it("HTTP without or with wrong credentials (401), bad uploads (400, 404, 413)", async () => {
    const charmPath = `/model-${host.model.uuid}/charms/hello-0123456`;
    const zip = { "content-type": "application/zip" };
    const none = await http(server.port, "PUT", charmPath, zip, "PK");
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toEqual({
      error: "invalid entity name or password",
      "error-code": "unauthorized access",
    });
    expect(
      (await http(server.port, "PUT", charmPath, { ...zip, authorization: basicAuth("wrong") }, "PK")).status,
    ).toBe(401);
    expect(
      (
        await http(
          server.port,
          "PUT",
          charmPath,
          { ...zip, authorization: basicAuth(PASSWORD, "user-bob") },
          "PK",
        )
      ).status,
    ).toBe(401);
    const auth = { authorization: basicAuth(PASSWORD) };
    const wrongType = await http(
      server.port,
      "PUT",
      charmPath,
      { ...auth, "content-type": "text/plain" },
      "PK",
    );
    expect(wrongType.status).toBe(400);
    const wrongSha = await http(server.port, "PUT", charmPath, { ...auth, ...zip }, "PK");
    expect(wrongSha.status).toBe(400);
    expect(JSON.parse(wrongSha.body).error).toMatch(
      /^Uploaded charm sha256 \([0-9a-f]{64}\) does not match sha in url \(0123456\)$/,
    );
    const notACharm = await http(
      server.port,
      "POST",
      `/model/${host.model.uuid}/charms?schema=local&revision=0`,
      { ...auth, ...zip },
      "PK",
    );
    expect(notACharm.status).toBe(400);
    const resourcePath = `/model/${host.model.uuid}/applications/nope/resources/img?pendingid=unknown`;
    expect((await http(server.port, "PUT", resourcePath, auth, "registrypath: x")).status).toBe(404);
    const rpc = await loggedIn();
    const pending = await rpc.call("Resources", 3, "AddPendingResources", {
      tag: "application-nope",
      url: "local:nope-0",
      resources: [
        { name: "img", type: "oci-image", origin: "upload", revision: 0, fingerprint: null, size: 0 },
      ],
    });
    rpc.close();
    const pendingId = (pending.response as { "pending-ids": string[] })["pending-ids"][0];
    const pendingPath = `/model/${host.model.uuid}/applications/nope/resources/img?pendingid=${pendingId}`;
    const huge = await http(server.port, "PUT", pendingPath, auth, Buffer.alloc(1024 * 1024 + 1, 0x61));
    expect(huge.status).toBe(413);
    const badSha = await http(
      server.port,
      "PUT",
      pendingPath,
      { ...auth, "content-sha384": "00" },
      "registrypath: a/b",
    );
    expect(badSha.status).toBe(400);
    const ok = await http(server.port, "PUT", pendingPath, auth, '{"ImageName": "a/b:1"}');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).resource).toMatchObject({
      name: "img",
      "pending-id": pendingId,
      type: "oci-image",
    });
    expect((await http(server.port, "GET", "/nowhere", auth)).status).toBe(404);
  });

  it("serves two clients at once, one of them blocked in AllWatcher.Next; Stop ends its Next", async () => {
    const a = await loggedIn();
    const b = await loggedIn();
    const watch = await a.call("Client", 8, "WatchAll", null);
    const id = (watch.response as { "watcher-id": string })["watcher-id"];
    const first = await a.call("AllWatcher", 3, "Next", {}, id);
    expect((first.response as { deltas: unknown[] }).deltas.length).toBeGreaterThan(0);
    const blocked = a.call("AllWatcher", 3, "Next", {}, id);
    let settled = false;
    void blocked.then(() => {
      settled = true;
    });
    // The same connection and another one are both answered meanwhile.
    expect((await a.call("Pinger", 1, "Ping")).response).toEqual({});
    expect((await b.call("Client", 8, "FullStatus", { patterns: [] })).response).toMatchObject({
      applications: {},
    });
    expect(settled).toBe(false);
    expect((await a.call("AllWatcher", 3, "Stop", {}, id)).response).toEqual({});
    expect(await blocked).toMatchObject({ error: "watcher was stopped", "error-code": "stopped" });
    expect((await a.call("AllWatcher", 3, "Next", {}, id))["error-code"]).toBe("stopped");
    // A watcher blocked when its connection goes does not hold the server up.
    const watch2 = await b.call("Client", 8, "WatchAll", null);
    const id2 = (watch2.response as { "watcher-id": string })["watcher-id"];
    await b.call("AllWatcher", 3, "Next", {}, id2);
    void b.call("AllWatcher", 3, "Next", {}, id2);
    b.close();
    await b.closed;
    expect((await a.call("Pinger", 1, "Ping")).response).toEqual({});
    a.close();
  });
});
