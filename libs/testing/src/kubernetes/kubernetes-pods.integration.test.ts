// The engine's Kubernetes API as a charm meets it in a pod: in-cluster files and env in the
// hook's sandbox, Juju's RBAC by trust, and a pod-template patch that recreates the pod with
// the claim mounted, then Juju's post-recreation hooks.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PebbleTestClient } from "@charmarr/engine/testing";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type TestModel, testModel } from "../test-model";
import { writeMounterCharm } from "./mounter-charm";

const work = mkdtempSync(join(tmpdir(), "k8s-pods-"));
const charmDir = writeMounterCharm(join(work, "mounter"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let m: TestModel | undefined;
afterEach(async () => {
  await m?.close();
  m = undefined;
});

async function deployed(options: { units?: number; trust?: boolean } = {}): Promise<TestModel> {
  m = await testModel({ kubernetes: true, name: "media" });
  m.deploy("mounter", { charmDir, units: options.units ?? 1, trust: options.trust ?? false });
  await m.settle();
  return m;
}

/** A claim on the nfs-csi class (bound at once), made as the trusted storage charm would. */
function makeClaim(model: TestModel, name = "media"): string {
  model.kube.cluster.storage.createClaim("media", {
    metadata: { name },
    spec: {
      accessModes: ["ReadWriteMany"],
      storageClassName: "nfs-csi",
      resources: { requests: { storage: "1Gi" } },
    },
  });
  const dir = model.kube.cluster.claimDir(name);
  if (!dir) throw new Error("claim not bound");
  return dir;
}

const hooksSince = (model: TestModel, seq: number, unit: string): string[] =>
  model.hookLog.filter((h) => h.seq > seq && h.unit === unit).map((h) => h.hook);

const lastSeq = (model: TestModel): number => model.hookLog.at(-1)?.seq ?? 0;

function pebble(model: TestModel, unit: string): PebbleTestClient {
  const dir = model.agents.pods().get(unit)?.containerSocketDirs.app;
  if (!dir) throw new Error(`${unit} has no pod`);
  return new PebbleTestClient(join(dir, "pebble.socket"));
}

/** GET from the host with the served CA and an app's token, as the charm would. */
function hostGet(
  model: TestModel,
  path: string,
  token?: string,
): Promise<{ code: number; type: string; body: unknown }> {
  const url = new URL(path, model.kube.url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { ca: model.kube.cluster.tls.caCert, headers: token ? { Authorization: `Bearer ${token}` } : {} },
      (res) => {
        let text = "";
        res.on("data", (c) => {
          text += c;
        });
        res.on("end", () =>
          resolve({
            code: res.statusCode ?? 0,
            type: String(res.headers["content-type"]),
            body: JSON.parse(text),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("the Kubernetes API from a hook", () => {
  it("is reached over HTTPS with the in-cluster files: 403 untrusted (Blocked), served once trusted (config-changed)", async () => {
    const model = await deployed();
    expect(model.unitStatus("mounter/0")).toMatchObject({
      status: "blocked",
      message: "trust this app: juju trust mounter --scope=cluster",
    });
    const denied = model.kube.api.requestsOf("mounter");
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((r) => r.code === 403 && r.verb === "get" && r.resource === "statefulsets")).toBe(
      true,
    );
    const line = model.hookLog.flatMap((h) => h.output).find((l) => l.text.includes('"call"'));
    expect(JSON.parse(line?.text ?? "{}")).toMatchObject({ code: 403, type: "application/json" });
    const seq = lastSeq(model);
    model.kube.api.clearRequests();
    model.trust("mounter");
    await model.settle();
    expect(hooksSince(model, seq, "mounter/0")).toEqual(["config-changed"]);
    expect(model.unitStatus("mounter/0")).toMatchObject({ status: "active", message: "generation 1" });
    // Steady state: one GET per hook, no patch.
    expect(model.kube.api.requestsOf("mounter").map((r) => `${r.verb} ${r.code}`)).toEqual(["get 200"]);
    expect(model.kube.api.callsPerHook("mounter")).toEqual([
      { unit: "mounter/0", hook: "config-changed", calls: 1 },
    ]);
  }, 60_000);

  it("the token is a secret to the leak scanner", async () => {
    const model = await deployed({ trust: true });
    model.config("mounter", { mode: "leak" });
    await expect(model.settle()).rejects.toThrow(/service-account-token/);
    model.config("mounter", { mode: "none" });
    model.scanner.takeUnreported();
  }, 60_000);

  it("answers the host too: 401 without a token, Status objects with application/json exactly", async () => {
    const model = await deployed({ trust: true });
    const sts = "/apis/apps/v1/namespaces/media/statefulsets/mounter";
    const none = await hostGet(model, sts);
    expect(none).toMatchObject({
      code: 401,
      type: "application/json",
      body: { kind: "Status", reason: "Unauthorized" },
    });
    const token = readFileSync(join(model.kube.cluster.serviceAccountDir("mounter") ?? "", "token"), "utf8");
    const ok = await hostGet(model, sts, token);
    expect(ok.code).toBe(200);
    expect(ok.body).toMatchObject({ metadata: { name: "mounter" }, status: { readyReplicas: 1 } });
    const pod = await hostGet(model, "/api/v1/namespaces/media/pods/mounter-0", token);
    expect(pod.body).toMatchObject({
      status: { phase: "Running", podIP: model.model.unit("mounter/0").address },
    });
  }, 60_000);
});

describe("a pod-template patch", () => {
  it("recreates the pod with the claim at /data (one mount: hardlinks work), once; $patch: delete removes it, the data stays", async () => {
    const model = await deployed({ trust: true });
    const data = makeClaim(model);
    writeFileSync(join(data, "movie.mkv"), "frames");
    const seq = lastSeq(model);
    model.config("mounter", { mode: "add" });
    await model.settle();
    // The patching hook ends; stop on the old pod; the new pod's hooks as Juju runs them.
    expect(hooksSince(model, seq, "mounter/0")).toEqual([
      "config-changed",
      "stop",
      "upgrade-charm",
      "config-changed",
      "start",
      "app-pebble-ready",
    ]);
    expect(model.unitStatus("mounter/0")).toMatchObject({ status: "active", message: "generation 2" });
    // The patching hook went on after its PATCH: its pod's containers were already going.
    const patching = model.hookLog.find(
      (h) => h.seq > seq && h.unit === "mounter/0" && h.hook === "config-changed",
    );
    expect(patching?.output.map((l) => l.text)).toContain(JSON.stringify({ pebble: "unreachable" }));
    const patches = model.kube.api.requestsOf("mounter").filter((r) => r.verb === "patch");
    expect(patches).toHaveLength(2); // the second, from the new pod, changed nothing
    const sts = model.kube.cluster.getStatefulSet("media", "mounter");
    expect(sts).toMatchObject({ metadata: { generation: 2 }, status: { readyReplicas: 1 } });
    const status = sts.status as { currentRevision: string; updateRevision: string };
    expect(status.currentRevision).toBe(status.updateRevision);

    const app = pebble(model, "mounter/0");
    const seen = await app.exec(["cat", "/data/movie.mkv"]);
    expect(seen.stdout).toBe("frames");
    const linked = await app.exec([
      "sh",
      "-c",
      "mkdir -p /data/media/movies && ln /data/movie.mkv /data/media/movies/movie.mkv && stat -c %h /data/movie.mkv",
    ]);
    expect(linked).toMatchObject({ exitCode: 0, stdout: "2\n" });
    // automountServiceAccountToken: the workload container sees the service-account files too.
    const account = await app.exec(["cat", "/var/run/secrets/kubernetes.io/serviceaccount/namespace"]);
    expect(account.stdout).toBe("media");
    // Juju storage survived the recreation.
    expect((await app.exec(["sh", "-c", "test -d /state && echo ok"])).stdout).toBe("ok\n");

    const removeSeq = lastSeq(model);
    model.config("mounter", { mode: "remove" });
    await model.settle();
    expect(hooksSince(model, removeSeq, "mounter/0")).toEqual([
      "config-changed",
      "stop",
      "upgrade-charm",
      "config-changed",
      "start",
      "app-pebble-ready",
    ]);
    const gone = await pebble(model, "mounter/0").exec([
      "sh",
      "-c",
      "test -e /data/movie.mkv && echo there || echo gone",
    ]);
    expect(gone.stdout).toBe("gone\n");
    expect(readFileSync(join(data, "media/movies/movie.mkv"), "utf8")).toBe("frames");
  }, 120_000);

  it("recreates the highest ordinal first; the non-leader also gets leader-settings-changed", async () => {
    const model = await deployed({ units: 2, trust: true });
    makeClaim(model);
    const seq = lastSeq(model);
    model.config("mounter", { mode: "add" });
    await model.settle();
    const stops = model.hookLog.filter((h) => h.seq > seq && h.hook === "stop").map((h) => h.unit);
    expect(stops).toEqual(["mounter/1", "mounter/0"]);
    // mounter/1's own config-changed was due when the rollout reached it: its pod went first.
    const second = hooksSince(model, seq, "mounter/1");
    expect(second.slice(second.indexOf("stop"))).toEqual([
      "stop",
      "upgrade-charm",
      "config-changed",
      "leader-settings-changed",
      "start",
      "app-pebble-ready",
    ]);
    expect(model.kube.cluster.getStatefulSet("media", "mounter")).toMatchObject({
      status: { readyReplicas: 2 },
    });
  }, 120_000);

  it("a pod that cannot mount (hostPath Directory missing) runs no hook until the directory exists", async () => {
    const model = await deployed({ trust: true });
    const seq = lastSeq(model);
    model.config("mounter", { mode: "hostpath" });
    await model.settle();
    expect(hooksSince(model, seq, "mounter/0")).toEqual(["config-changed", "stop"]);
    expect(model.agents.podProblem("mounter/0")).toEqual({
      reason: "FailedMount",
      message:
        'MountVolume.SetUp failed for volume "media" : hostPath type check failed: /srv/missing is not a directory',
    });
    expect(model.kube.cluster.getStatefulSet("media", "mounter")).toMatchObject({
      status: { readyReplicas: 0 },
    });
    expect(model.kube.cluster.getPod("media", "mounter-0")).toMatchObject({
      status: {
        phase: "Pending",
        conditions: expect.arrayContaining([expect.objectContaining({ type: "Ready", status: "False" })]),
      },
    });
    model.advance(10 * 60_000);
    expect(await model.settle()).toEqual([]);
    mkdirSync(model.kube.cluster.hostPathDir("/srv/missing"), { recursive: true });
    writeFileSync(join(model.kube.cluster.hostPathDir("/srv/missing"), "x"), "host");
    await model.settle();
    expect(hooksSince(model, seq, "mounter/0").slice(2, 6)).toEqual([
      "upgrade-charm",
      "config-changed",
      "start",
      "app-pebble-ready",
    ]);
    expect((await pebble(model, "mounter/0").exec(["cat", "/data/x"])).stdout).toBe("host");
  }, 120_000);

  it("a pod waiting for a missing claim starts once the claim exists", async () => {
    const model = await deployed({ trust: true });
    const seq = lastSeq(model);
    model.config("mounter", { mode: "add", claim: "later" });
    await model.settle();
    expect(hooksSince(model, seq, "mounter/0")).toEqual(["config-changed", "stop"]);
    expect(model.agents.podProblem("mounter/0")?.message).toMatch(/persistentvolumeclaim "later" not found/);
    makeClaim(model, "later");
    await model.settle();
    expect(hooksSince(model, seq, "mounter/0")).toContain("app-pebble-ready");
    expect(existsSync(model.kube.cluster.claimDir("later") ?? "/nope")).toBe(true);
  }, 120_000);
});
