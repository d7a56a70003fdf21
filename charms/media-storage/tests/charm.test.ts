// The storage charm's decisions, in-process, against a fake of the Kubernetes storage API
// (@charmarr/kubernetes/testing) until the engine serves the real subset.
import { declareMetadata, defineCharm } from "@charmarr/charm";
import { type FakeKubeApi, fakeKubeApi } from "@charmarr/kubernetes/testing";
import { type TestModel, testModel } from "@charmarr/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mediaStorageCharm } from "../src/media-storage-charm";
import { volumeNameFor } from "../src/storage-config";
import { CONSUMER_METADATA, consumerCharm } from "./consumer-charm";

let m: TestModel;
let k: FakeKubeApi;
beforeEach(async () => {
  [m, k] = await Promise.all([testModel({ name: "media" }), fakeKubeApi({ namespace: "media" })]);
});
afterEach(async () => {
  await Promise.all([m.close(), k.close()]);
});

const NFS = { backend: "nfs", "nfs-server": "192.168.1.10", "nfs-path": "/export/media" };
const HOSTPATH = { backend: "hostpath", hostpath: "/srv/media" };
const NFS_CLASS = { backend: "storage-class", "storage-class": "nfs-csi" };

/** Deploy the storage charm (and a consumer related to it), settle. */
async function deploy(config: Record<string, unknown>, opts: { units?: number; consumer?: boolean } = {}) {
  m.deploy("storage", { charm: mediaStorageCharm(k.connect), config, units: opts.units ?? 1 });
  let relation: number | undefined;
  if (opts.consumer !== false) {
    m.deploy("radarr", { charm: consumerCharm, metadata: CONSUMER_METADATA });
    relation = m.integrate("radarr:media-storage", "storage:media-storage").id;
  }
  await m.settle();
  return relation;
}

const status = (unit = "storage/0") => m.unitStatus(unit);
const published = (relation: number | undefined) => m.databag(relation!, "storage");
const PUBLISHED = {
  "pvc-name": "storage-data",
  "mount-path": "/data",
  puid: "1000",
  pgid: "1000",
  umask: "002",
  "access-mode": "ReadWriteMany",
};

describe("media-storage: backends", () => {
  it("storage-class: creates the claim from the class, publishes it once bound", async () => {
    const rel = await deploy(NFS_CLASS);
    const claim = k.claims.get("storage-data")!;
    expect(claim.spec).toMatchObject({
      accessModes: ["ReadWriteMany"],
      storageClassName: "nfs-csi",
      resources: { requests: { storage: "100Gi" } },
    });
    expect(claim.metadata.labels).toEqual({
      "app.kubernetes.io/managed-by": "charmarr",
      "app.kubernetes.io/name": "storage",
      "charmarr.io/model": "media",
    });
    expect(status()).toMatchObject({
      status: "active",
      message: "claim storage-data bound (100Gi); serving radarr",
    });
    expect(published(rel)).toEqual(PUBLISHED);
    expect(m.databag(rel!, "radarr")).toEqual({ "instance-name": "radarr" });
    expect(status("radarr/0")).toMatchObject({
      status: "active",
      message: "storage-data at /data as 1000:1000 umask 002",
    });
  });

  it("storage-class with WaitForFirstConsumer: publishes the Pending claim (it binds when an app mounts it)", async () => {
    const rel = await deploy({
      backend: "storage-class",
      "storage-class": "local-path",
      "access-mode": "ReadWriteOnce",
    });
    expect(k.claims.get("storage-data")!.status?.phase).toBe("Pending");
    expect(status()).toMatchObject({ status: "active" });
    expect(status().message).toContain("WaitForFirstConsumer");
    expect(published(rel)).toEqual({ ...PUBLISHED, "access-mode": "ReadWriteOnce" });
  });

  it("storage-class that does not exist: Blocked naming it, nothing created", async () => {
    const rel = await deploy({ backend: "storage-class", "storage-class": "fast-ssd" });
    expect(status()).toMatchObject({
      status: "blocked",
      message: expect.stringContaining('storage-class "fast-ssd" does not exist'),
    });
    expect(k.claims.size).toBe(0);
    expect(published(rel)).toEqual({});
  });

  it("nfs: a Retain volume reserved for the claim, named after the model, then the claim bound to it", async () => {
    const rel = await deploy({ ...NFS, size: "4Ti" });
    const name = volumeNameFor("storage", m.model.uuid);
    expect(name).toMatch(/^storage-data-[0-9a-f]{8}$/);
    const pv = k.volumes.get(name)!;
    expect(pv.spec).toMatchObject({
      capacity: { storage: "4Ti" },
      accessModes: ["ReadWriteMany"],
      persistentVolumeReclaimPolicy: "Retain",
      storageClassName: "",
      nfs: { server: "192.168.1.10", path: "/export/media" },
      claimRef: { namespace: "media", name: "storage-data" },
    });
    expect(k.claims.get("storage-data")!.spec).toMatchObject({ storageClassName: "", volumeName: name });
    expect(status()).toMatchObject({ status: "active" });
    expect(published(rel)).toEqual(PUBLISHED);
  });

  it("hostpath: a Directory hostPath volume", async () => {
    await deploy(HOSTPATH);
    const pv = k.volumes.get(volumeNameFor("storage", m.model.uuid))!;
    expect(pv.spec.hostPath).toEqual({ path: "/srv/media", type: "Directory" });
    expect(status()).toMatchObject({ status: "active" });
  });

  it("existing-claim: only looks for it, and hands it out once it exists", async () => {
    const rel = await deploy({ backend: "existing-claim", "existing-claim": "my-media" });
    expect(status()).toMatchObject({
      status: "blocked",
      message: expect.stringContaining('existing-claim "my-media" not found in namespace media'),
    });
    expect(published(rel)).toEqual({});
    expect(k.calls.filter((c) => !c.startsWith("GET"))).toEqual([]);
    k.claims.set("my-media", {
      metadata: { name: "my-media" },
      spec: {
        accessModes: ["ReadWriteMany"],
        storageClassName: "nfs-csi",
        resources: { requests: { storage: "1Ti" } },
      },
      status: { phase: "Bound", capacity: { storage: "1Ti" } },
    });
    m.advance(5 * 60_000);
    await m.settle();
    expect(status()).toMatchObject({
      status: "active",
      message: "claim my-media bound (1Ti); serving radarr",
    });
    expect(published(rel)).toEqual({ ...PUBLISHED, "pvc-name": "my-media" });
  });

  it("steady state: one GET of the claim per hook, nothing else; update-status reads no relation", async () => {
    await deploy(NFS_CLASS);
    const before = status();
    k.calls.length = 0;
    m.advance(5 * 60_000);
    const [update] = (await m.settle()).filter((h) => h.unit === "storage/0");
    expect(k.calls).toEqual(["GET /api/v1/namespaces/media/persistentvolumeclaims/storage-data"]);
    // What it published changes only with a relation's or config's own event, or with the claim.
    expect(update?.hook).toBe("update-status");
    expect(update?.toolCalls.map((c) => c.tool)).toEqual(["is-leader", "config-get", "status-get"]);
    expect(status()).toEqual(before);
  });

  it("non-leaders stand by and make no call", async () => {
    await deploy(NFS_CLASS, { units: 2 });
    expect(status("storage/1")).toMatchObject({
      status: "active",
      message: "standby: the leader manages the claim",
    });
    expect(k.claims.size).toBe(1);
  });
});

describe("media-storage: bad config", () => {
  it.each([
    [{}, "backend is not set"],
    [{ backend: "ceph" }, 'backend="ceph"'],
    [{ backend: "storage-class" }, "backend=storage-class needs storage-class"],
    [{ backend: "hostpath" }, "backend=hostpath needs hostpath"],
    [{ backend: "nfs", "nfs-path": "/x" }, "backend=nfs needs nfs-server"],
    [{ backend: "nfs", "nfs-server": "nas" }, "backend=nfs needs nfs-path"],
    [{ backend: "existing-claim" }, "backend=existing-claim needs existing-claim"],
    [{ ...NFS_CLASS, "storage-class": "Fast SSD" }, 'storage-class="Fast SSD"'],
    [
      { ...NFS_CLASS, "access-mode": "ReadOnlyMany" },
      'access-mode="ReadOnlyMany" (allowed: one of ReadWriteMany, ReadWriteOnce)',
    ],
    [{ ...NFS_CLASS, size: "lots" }, 'size="lots" (allowed: a size of at least 1Mi'],
    [{ ...HOSTPATH, hostpath: "srv/media" }, 'hostpath="srv/media"'],
    [{ ...HOSTPATH, hostpath: "/srv/../etc" }, "hostpath="],
    [{ ...NFS, "nfs-server": "nas;rm -rf" }, "nfs-server="],
    [{ ...NFS, "nfs-path": "export" }, 'nfs-path="export"'],
    [{ backend: "existing-claim", "existing-claim": "My_Claim" }, 'existing-claim="My_Claim"'],
    [{ ...NFS_CLASS, puid: 0 }, "puid=0 (allowed: a whole number from 1 to 2147483647 (0 is root"],
    [{ ...NFS_CLASS, pgid: 0 }, "pgid=0"],
    [{ ...NFS_CLASS, pgid: -5 }, "pgid=-5"],
    [{ ...NFS_CLASS, umask: "0022" }, 'umask="0022" (allowed: three octal digits'],
    [{ ...NFS_CLASS, umask: "008" }, 'umask="008"'],
  ])("%j: Blocked naming the option, its value and what is allowed; no call", async (config, message) => {
    const rel = await deploy(config);
    expect(status().status).toBe("blocked");
    expect(status().message).toContain(message);
    expect(k.calls).toEqual([]);
    expect(published(rel)).toEqual({});
  });
});

describe("media-storage: trust", () => {
  it("untrusted: Blocked with the trust command; trusted later: recovers", async () => {
    k.trusted = false;
    const rel = await deploy(NFS_CLASS);
    expect(status()).toMatchObject({
      status: "blocked",
      message: "needs cluster trust: juju trust storage --scope=cluster",
    });
    expect(m.hookLog.every((h) => h.result === "ok")).toBe(true);
    expect(published(rel)).toEqual({});
    // `juju trust` fires config-changed.
    k.trusted = true;
    m.model.setTrust("storage", true);
    m.config("storage", { umask: "002" });
    m.advance(5 * 60_000);
    await m.settle();
    expect(status()).toMatchObject({ status: "active" });
    expect(published(rel)).toEqual(PUBLISHED);
  });

  it("outside a cluster (no service-account token): Blocked, never a failed hook", async () => {
    m.deploy("storage", {
      charm: mediaStorageCharm({ env: {}, root: "/nonexistent" }),
      config: NFS_CLASS,
    });
    await m.settle();
    expect(status()).toMatchObject({
      status: "blocked",
      message: expect.stringContaining("cannot reach the Kubernetes API"),
    });
    expect(m.hookLog.every((h) => h.result === "ok")).toBe(true);
  });

  it("an API outage is Waiting and keeps what was published", async () => {
    const rel = await deploy(NFS_CLASS);
    for (let i = 0; i < 4; i++) k.failNext({ method: "GET" }, { code: 503, reason: "ServiceUnavailable" });
    m.advance(5 * 60_000);
    await m.settle();
    expect(status()).toMatchObject({
      status: "waiting",
      message: expect.stringContaining("Kubernetes API unavailable"),
    });
    expect(published(rel)).toEqual(PUBLISHED);
  });
});

describe("media-storage: the claim's life", () => {
  it("Pending without WaitForFirstConsumer: Waiting, nothing published; Bound later: published", async () => {
    k.classes.set("slow", { metadata: { name: "slow" }, provisioner: "x", volumeBindingMode: "Immediate" });
    // An Immediate class the fake cannot provision from stays Pending: take it away after creation.
    const rel = await deploy({ backend: "storage-class", "storage-class": "slow" });
    const claim = k.claims.get("storage-data")!;
    claim.status = { phase: "Pending" };
    m.advance(5 * 60_000);
    await m.settle();
    expect(status()).toMatchObject({ status: "waiting", message: "claim storage-data is Pending" });
    expect(published(rel)).toEqual({});
    expect(status("radarr/0")).toMatchObject({ status: "waiting" });
    claim.status = { phase: "Bound", capacity: { storage: "100Gi" } };
    m.advance(5 * 60_000);
    await m.settle();
    expect(published(rel)).toEqual(PUBLISHED);
  });

  it("Lost: Blocked, and the claim is withdrawn from the apps", async () => {
    const rel = await deploy(NFS_CLASS);
    k.claims.get("storage-data")!.status = { phase: "Lost" };
    m.advance(5 * 60_000);
    await m.settle();
    expect(status()).toMatchObject({
      status: "blocked",
      message: expect.stringContaining("claim storage-data is Lost"),
    });
    expect(published(rel)).toEqual({});
  });

  it("a Failed volume of a Pending claim: Blocked", async () => {
    await deploy(NFS);
    const claim = k.claims.get("storage-data")!;
    claim.status = { phase: "Pending" };
    k.volumes.get(claim.spec.volumeName!)!.status = { phase: "Failed", message: "recycler failed" };
    m.advance(5 * 60_000);
    await m.settle();
    expect(status()).toMatchObject({
      status: "blocked",
      message: expect.stringContaining("failed: recycler failed"),
    });
  });

  it("a Released volume (its claim deleted by hand) is freed and bound to the new claim", async () => {
    await deploy(NFS);
    const name = volumeNameFor("storage", m.model.uuid);
    k.claims.delete("storage-data");
    k.volumes.get(name)!.status = { phase: "Released" };
    m.advance(5 * 60_000);
    await m.settle();
    expect(k.calls).toContain(`PATCH /api/v1/persistentvolumes/${name}`);
    expect(k.volumes.get(name)!.status?.phase).toBe("Bound");
    expect(k.claims.get("storage-data")!.status?.phase).toBe("Bound");
    expect(k.volumes.get(name)!.spec.claimRef).toMatchObject({ namespace: "media", name: "storage-data" });
    expect(status()).toMatchObject({ status: "active" });
  });

  it("a volume of that name reserved for another claim is not taken", async () => {
    const name = volumeNameFor("storage", m.model.uuid);
    k.volumes.set(name, {
      metadata: { name, annotations: { "charmarr.io/source": "nfs 192.168.1.10:/export/media" } },
      spec: { claimRef: { namespace: "other", name: "their-data" } },
      status: { phase: "Bound" },
    });
    await deploy(NFS);
    expect(status()).toMatchObject({
      status: "blocked",
      message: expect.stringContaining("reserved for another claim (other/their-data)"),
    });
    expect(k.claims.size).toBe(0);
  });
});

describe("media-storage: changes to an existing claim", () => {
  it.each([
    [
      { backend: "storage-class", "storage-class": "local-path" },
      "storage-class cannot change on an existing claim (storage-data has nfs-csi, config says local-path)",
    ],
    [{ "access-mode": "ReadWriteOnce" }, "access-mode cannot change on an existing claim"],
    [
      { ...HOSTPATH },
      "backend cannot change on an existing claim (storage-data has storage-class, config says hostpath)",
    ],
  ])("%j: Blocked, never patched; the bound claim stays published", async (change, message) => {
    const rel = await deploy(NFS_CLASS);
    k.calls.length = 0;
    m.config("storage", change);
    await m.settle();
    expect(status()).toMatchObject({ status: "blocked", message: expect.stringContaining(message) });
    expect(status().message).toContain("remove and redeploy");
    expect(k.calls.filter((c) => !c.startsWith("GET"))).toEqual([]);
    expect(published(rel)).toEqual(PUBLISHED);
  });

  it("a new NFS source: Blocked, the volume untouched", async () => {
    await deploy(NFS);
    m.config("storage", { "nfs-path": "/export/other" });
    await m.settle();
    expect(status().message).toContain("the volume source cannot change on an existing claim");
  });

  it("a claim of that name not made by this charm: Blocked, suggesting existing-claim", async () => {
    k.claims.set("storage-data", {
      metadata: { name: "storage-data" },
      spec: {},
      status: { phase: "Bound" },
    });
    await deploy(NFS_CLASS);
    expect(status().message).toContain("use it with backend=existing-claim existing-claim=storage-data");
  });

  it("a larger size on an expandable class: merge-patches the request", async () => {
    await deploy(NFS_CLASS);
    m.config("storage", { size: "2Ti" });
    await m.settle();
    expect(k.claims.get("storage-data")!.spec.resources).toEqual({ requests: { storage: "2Ti" } });
    expect(status()).toMatchObject({ status: "active", message: expect.stringContaining("bound (2Ti)") });
  });

  it("a larger size on a class without allowVolumeExpansion: Blocked naming it", async () => {
    await deploy({ backend: "storage-class", "storage-class": "local-path" });
    m.config("storage", { size: "200Gi" });
    await m.settle();
    expect(status()).toMatchObject({
      status: "blocked",
      message: expect.stringContaining("StorageClass local-path does not set allowVolumeExpansion: true"),
    });
    expect(k.claims.get("storage-data")!.spec.resources).toEqual({ requests: { storage: "100Gi" } });
  });

  it("a smaller size: Blocked, never patched", async () => {
    await deploy(NFS_CLASS);
    k.calls.length = 0;
    m.config("storage", { size: "50Gi" });
    await m.settle();
    expect(status().message).toContain(
      "size=50Gi is smaller than claim storage-data's 100Gi: a claim never shrinks",
    );
    expect(k.calls.filter((c) => c.startsWith("PATCH"))).toEqual([]);
  });

  it("a larger size on a static volume: Blocked", async () => {
    await deploy(HOSTPATH);
    m.config("storage", { size: "1Ti" });
    await m.settle();
    expect(status().message).toContain("size can only grow with backend=storage-class");
  });

  it("new puid/pgid/umask reach the apps", async () => {
    const rel = await deploy(NFS_CLASS);
    m.config("storage", { puid: 1001, pgid: 1002, umask: "022" });
    await m.settle();
    expect(published(rel)).toMatchObject({ puid: "1001", pgid: "1002", umask: "022" });
    expect(status("radarr/0").message).toBe("storage-data at /data as 1001:1002 umask 022");
  });
});

describe("media-storage: removal", () => {
  /** Juju's goal-state while the application is being removed: every unit dying. */
  function dyingGoalState(unit = "storage/0") {
    m.failToolCall({
      unit,
      hook: "remove",
      tool: "goal-state",
      nth: 1,
      output: {
        stdout: JSON.stringify({ units: { [unit]: { status: "dying" } }, relations: {} }),
        exitCode: 0,
      },
    });
  }

  it("keeps the claim and volume by default", async () => {
    await deploy(NFS, { consumer: false });
    dyingGoalState();
    m.removeApp("storage");
    await m.settle();
    expect(k.claims.has("storage-data")).toBe(true);
    expect(k.volumes.size).toBe(1);
    expect(k.calls.filter((c) => c.startsWith("DELETE"))).toEqual([]);
  });

  it("cleanup-on-remove=true: deletes the claim, then the static volume, when no unit is planned", async () => {
    await deploy({ ...NFS, "cleanup-on-remove": true }, { consumer: false });
    dyingGoalState();
    m.removeApp("storage");
    await m.settle();
    expect(k.calls.filter((c) => c.startsWith("DELETE"))).toEqual([
      "DELETE /api/v1/namespaces/media/persistentvolumeclaims/storage-data",
      `DELETE /api/v1/persistentvolumes/${volumeNameFor("storage", m.model.uuid)}`,
    ]);
    expect(k.claims.size + k.volumes.size).toBe(0);
  });

  it("cleanup-on-remove=true but units still planned (a scale-down): deletes nothing", async () => {
    await deploy({ ...NFS_CLASS, "cleanup-on-remove": true }, { consumer: false });
    m.removeApp("storage"); // the engine's goal-state still lists the units as active
    await m.settle();
    expect(k.claims.has("storage-data")).toBe(true);
  });

  it("never deletes an existing claim", async () => {
    k.claims.set("my-media", { metadata: { name: "my-media" }, spec: {}, status: { phase: "Bound" } });
    await deploy(
      { backend: "existing-claim", "existing-claim": "my-media", "cleanup-on-remove": true },
      { consumer: false },
    );
    dyingGoalState();
    m.removeApp("storage");
    await m.settle();
    expect(k.claims.has("my-media")).toBe(true);
    expect(k.calls.filter((c) => c.startsWith("DELETE"))).toEqual([]);
  });
});

describe("media-storage: what consumers publish", () => {
  it("names a consumer as Juju does, whatever instance-name it claims", async () => {
    const liar = defineCharm({
      metadata: declareMetadata(CONSUMER_METADATA),
      async reconcile(ctx) {
        for (const relation of await ctx.relations("media-storage")) {
          await relation.setAppData({ "instance-name": "sonarr" });
        }
      },
    });
    m.deploy("storage", { charm: mediaStorageCharm(k.connect), config: NFS_CLASS });
    m.deploy("radarr", { charm: liar, metadata: CONSUMER_METADATA });
    m.integrate("radarr:media-storage", "storage:media-storage");
    await m.settle();
    expect(status().message).toContain("serving radarr");
    expect(status().message).not.toContain("sonarr");
    expect(
      m.logs("storage/0").some((l) => l.message.includes("instance-name is not its application name")),
    ).toBe(true);
  });
});

describe("media-storage: API faults", () => {
  it("a 409 Conflict on the resize is retried and the claim grows", async () => {
    await deploy(NFS_CLASS);
    k.failNext(
      { method: "PATCH" },
      { code: 409, reason: "Conflict", message: "the object has been modified" },
    );
    m.config("storage", { size: "200Gi" });
    await m.settle();
    expect(k.calls.filter((c) => c.startsWith("PATCH"))).toHaveLength(2);
    expect(status()).toMatchObject({ status: "active", message: expect.stringContaining("(200Gi)") });
  });

  it("a PersistentVolume name taken between our GET and POST: Blocked, no claim made", async () => {
    k.failNext(
      { method: "POST", path: "persistentvolumes" },
      { code: 409, reason: "AlreadyExists", message: "persistentvolumes already exists" },
      Infinity,
    );
    await deploy(NFS);
    expect(status()).toMatchObject({
      status: "blocked",
      message: expect.stringContaining("already exists and was not made by this charm"),
    });
    expect(k.claims.size).toBe(0);
  });

  it("a 422 on creating the claim: Blocked with the API's message", async () => {
    k.failNext(
      { method: "POST", path: "persistentvolumeclaims" },
      {
        code: 422,
        reason: "Invalid",
        message: 'PersistentVolumeClaim "storage-data" is invalid: spec.resources',
      },
      Infinity,
    );
    await deploy(NFS_CLASS);
    expect(status()).toMatchObject({ status: "blocked", message: expect.stringContaining("(422 Invalid)") });
    expect(m.hookLog.every((h) => h.result === "ok")).toBe(true);
  });
});
