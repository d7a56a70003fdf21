import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import {
  type HttpsTestServer,
  httpsTestServer,
  serviceAccountDir,
  type TestHandler,
  testCertificate,
} from "../testing";
import { connectInCluster, type Kube } from "./connect";
import { isForbidden, isNotFound, KubeApiError, KubeRequestError } from "./kube-errors";
import type { PersistentVolumeClaim } from "./resource-types";

let server: HttpsTestServer | undefined;
let kube: Kube | undefined;
afterEach(async () => {
  kube?.close();
  await server?.close();
  server = kube = undefined;
});

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  auth: string | undefined;
  body: string;
}

/** A server answering with `handler`, and a client of it; every request is recorded in `seen`. */
async function setup(handler: TestHandler, opts: { ca?: string; timeoutMs?: number } = {}) {
  const seen: Seen[] = [];
  server = await httpsTestServer((req, res) => {
    seen.push({
      method: req.method ?? "",
      url: req.url ?? "",
      contentType: req.headers["content-type"],
      auth: req.headers.authorization,
      body: req.body,
    });
    return handler(req, res);
  });
  const root = serviceAccountDir({ token: "sekret-token", ca: opts.ca ?? server.ca, namespace: "media" });
  const env = { KUBERNETES_SERVICE_HOST: server.host, KUBERNETES_SERVICE_PORT: String(server.port) };
  const connected = await connectInCluster({ env, root, retryDelayMs: 1, timeoutMs: opts.timeoutMs ?? 2000 });
  if (!connected.ok) throw new Error(connected.reason);
  kube = connected.kube;
  return { kube, seen };
}

function json(res: ServerResponse, code: number, body: unknown, type = "application/json") {
  res.writeHead(code, { "Content-Type": type });
  res.end(JSON.stringify(body));
}

function statusBody(code: number, reason: string, message: string, details?: object) {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    details,
    code,
  };
}

const PVC: PersistentVolumeClaim = {
  metadata: { name: "storage-data" },
  spec: { accessModes: ["ReadWriteMany"] },
};

describe("KubeClient over HTTPS", () => {
  it("GETs with the bearer token, verifying the server against the service-account CA", async () => {
    const { kube, seen } = await setup((_req, res) => json(res, 200, PVC));
    await expect(kube.persistentVolumeClaims.get("storage-data")).resolves.toEqual(PVC);
    expect(seen).toEqual([
      {
        method: "GET",
        url: "/api/v1/namespaces/media/persistentvolumeclaims/storage-data",
        contentType: undefined,
        auth: "Bearer sekret-token",
        body: "",
      },
    ]);
  });

  it("refuses a server its CA did not sign", async () => {
    const other = testCertificate({ fresh: true }).cert;
    await expect(setup((_req, res) => json(res, 200, PVC), { ca: other })).resolves.toBeDefined();
    const err = await kube!.persistentVolumeClaims.get("x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeRequestError);
    expect((err as KubeRequestError).kind).toBe("network");
    expect((err as Error).message).toMatch(/certificate|signature/i);
  });

  it("sends each kind to its path with its patch type", async () => {
    const { kube, seen } = await setup((req, res) => json(res, req.method === "POST" ? 201 : 200, PVC));
    await kube.statefulSets.get("radarr");
    await kube.statefulSets.patch("radarr", { spec: {} });
    await kube.statefulSets.jsonPatch("radarr", [{ op: "test", path: "/spec/replicas", value: 1 }]);
    await kube.persistentVolumeClaims.create({ metadata: { name: "c" }, spec: {} });
    await kube.persistentVolumeClaims.patch("c", { spec: { resources: { requests: { storage: "2Gi" } } } });
    await kube.persistentVolumes.get("pv");
    await kube.persistentVolumes.create({ metadata: { name: "pv" }, spec: {} });
    await kube.persistentVolumes.patch("pv", { spec: { claimRef: null } });
    await kube.storageClasses.get("nfs-csi");
    await kube.pods.get("radarr-0");
    expect(seen.map((s) => `${s.method} ${s.url} ${s.contentType ?? "-"}`)).toEqual([
      "GET /apis/apps/v1/namespaces/media/statefulsets/radarr -",
      "PATCH /apis/apps/v1/namespaces/media/statefulsets/radarr application/strategic-merge-patch+json",
      "PATCH /apis/apps/v1/namespaces/media/statefulsets/radarr application/json-patch+json",
      "POST /api/v1/namespaces/media/persistentvolumeclaims application/json",
      "PATCH /api/v1/namespaces/media/persistentvolumeclaims/c application/merge-patch+json",
      "GET /api/v1/persistentvolumes/pv -",
      "POST /api/v1/persistentvolumes application/json",
      "PATCH /api/v1/persistentvolumes/pv application/merge-patch+json",
      "GET /apis/storage.k8s.io/v1/storageclasses/nfs-csi -",
      "GET /api/v1/namespaces/media/pods/radarr-0 -",
    ]);
    expect(JSON.parse(seen[3]!.body)).toEqual({
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "c" },
      spec: {},
    });
    expect(JSON.parse(seen[7]!.body)).toEqual({ spec: { claimRef: null } });
  });

  it("answers undefined for an absent object and false for deleting one", async () => {
    const { kube } = await setup((_req, res) =>
      json(
        res,
        404,
        statusBody(404, "NotFound", 'persistentvolumeclaims "x" not found', {
          name: "x",
          kind: "persistentvolumeclaims",
        }),
      ),
    );
    await expect(kube.persistentVolumeClaims.get("x")).resolves.toBeUndefined();
    await expect(kube.persistentVolumeClaims.delete("x")).resolves.toBe(false);
    await expect(kube.persistentVolumes.delete("x")).resolves.toBe(false);
  });

  it("deletes in the background and answers true", async () => {
    const { kube, seen } = await setup((_req, res) => json(res, 200, { kind: "Status", status: "Success" }));
    await expect(kube.persistentVolumes.delete("pv")).resolves.toBe(true);
    expect(JSON.parse(seen[0]!.body)).toEqual({ propagationPolicy: "Background" });
  });

  it.each([
    [401, "Unauthorized", "Unauthorized"],
    [
      403,
      "Forbidden",
      'persistentvolumeclaims "x" is forbidden: User "system:serviceaccount:media:storage" cannot get resource "persistentvolumeclaims" in API group "" in the namespace "media"',
    ],
    [409, "AlreadyExists", 'persistentvolumes "pv" already exists'],
    [
      422,
      "Invalid",
      'PersistentVolumeClaim "x" is invalid: spec: Forbidden: spec is immutable after creation',
    ],
  ])("turns a %i Status into a KubeApiError (code, reason, message, details)", async (code, reason, message) => {
    const details = {
      name: "x",
      kind: "persistentvolumeclaims",
      causes: [{ reason: "FieldValueForbidden", field: "spec" }],
    };
    const { kube, seen } = await setup((_req, res) =>
      json(res, code, statusBody(code, reason, message, details)),
    );
    const err = await kube.persistentVolumeClaims
      .create({ metadata: { name: "x" }, spec: {} })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err).toMatchObject({ code, reason, message, details });
    expect(isForbidden(err)).toBe(code === 403);
    expect(isNotFound(err)).toBe(false);
    expect(seen).toHaveLength(1); // a create is never sent twice
  });

  it("takes a Status only from an application/json body", async () => {
    const { kube } = await setup((_req, res) =>
      json(res, 403, statusBody(403, "Forbidden", "forbidden"), "text/plain"),
    );
    const err = await kube.persistentVolumes.get("pv").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeRequestError);
    expect(err).toMatchObject({ kind: "http", httpStatus: 403 });
  });

  it("reports an HTML error page as an http error, without its text", async () => {
    const { kube } = await setup((_req, res) => {
      res.writeHead(502, { "Content-Type": "text/html" });
      res.end("<html>Bad gateway: secret-ish details</html>");
    });
    const err = await kube.persistentVolumeClaims
      .create({ metadata: { name: "x" }, spec: {} })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "http", httpStatus: 502 });
    expect((err as Error).message).not.toContain("secret-ish");
  });

  it("retries an idempotent call on 429, 5xx and 409 Conflict, a bounded number of times", async () => {
    const answers = [429, 503, 409, 200];
    const { kube, seen } = await setup((_req, res) => {
      const code = answers.shift() ?? 500;
      if (code === 200) return json(res, 200, PVC);
      json(res, code, statusBody(code, code === 409 ? "Conflict" : "TooManyRequests", "try again"));
    });
    await expect(kube.persistentVolumeClaims.patch("c", { metadata: { labels: {} } })).resolves.toEqual(PVC);
    expect(seen).toHaveLength(4);
  });

  it("gives up after the retries", async () => {
    const { kube, seen } = await setup((_req, res) =>
      json(res, 500, statusBody(500, "InternalError", "boom")),
    );
    await expect(kube.persistentVolumeClaims.get("c")).rejects.toMatchObject({ code: 500 });
    expect(seen).toHaveLength(4);
  });

  it("retries a dropped connection on a GET, never on a create", async () => {
    let drops = 1;
    const { kube, seen } = await setup((req, res) => {
      if (drops-- > 0) return void req.socket.destroy();
      json(res, 200, PVC);
    });
    await expect(kube.persistentVolumeClaims.get("c")).resolves.toEqual(PVC);
    expect(seen).toHaveLength(2);
    drops = 1;
    await expect(kube.persistentVolumeClaims.create(PVC)).rejects.toMatchObject({ kind: "network" });
    expect(seen).toHaveLength(3);
  });

  it("times out a call that gets no answer", async () => {
    const { kube } = await setup(() => undefined, { timeoutMs: 100 });
    const started = Date.now();
    const err = await kube.persistentVolumeClaims.create(PVC).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "timeout" });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("never puts the token in an error", async () => {
    const { kube } = await setup((_req, res) =>
      json(res, 401, statusBody(401, "Unauthorized", "Unauthorized")),
    );
    const err = await kube.pods.get("p").catch((e: unknown) => e);
    expect(JSON.stringify(err)).not.toContain("sekret-token");
    expect(String(err)).not.toContain("sekret-token");
    expect(JSON.stringify(kube.client)).not.toContain("sekret-token");
  });
});
