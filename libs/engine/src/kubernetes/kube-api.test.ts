import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Model } from "../model/model";
import { KubeApi, type KubeResponse } from "./kube-api";
import { KubernetesCluster } from "./kubernetes-cluster";

const RADARR = `
name: radarr
containers:
  radarr:
    resource: radarr-image
    mounts: [{storage: config, location: /config}]
resources:
  radarr-image: {type: oci-image, upstream-source: "lscr.io/linuxserver/radarr:6"}
storage:
  config: {type: filesystem}
`;
const STORAGE = "name: storage\n";

let dir: string;
let model: Model;
let cluster: KubernetesCluster;
let api: KubeApi;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kube-api-"));
  model = new Model({ name: "media" });
  model.deploy("radarr", RADARR, { trust: true });
  model.deploy("storage", STORAGE, { trust: true });
  model.deploy("sonarr", RADARR.replace("name: radarr", "name: sonarr"));
  cluster = new KubernetesCluster({
    model,
    stateDir: dir,
    tls: { caCert: "CA", serverCert: "", serverKey: "" },
  });
  api = new KubeApi(cluster);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const token = (app: string) => `Bearer ${cluster.serviceAccounts.of(app).token}`;

function call(
  app: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
): KubeResponse {
  return api.handle({
    method,
    path,
    headers: {
      ...(app === undefined ? {} : { authorization: token(app) }),
      ...(contentType === undefined
        ? body === undefined
          ? {}
          : { contentType: "application/json" }
        : { contentType }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const STS = "/apis/apps/v1/namespaces/media/statefulsets/radarr";
const SMP = "application/strategic-merge-patch+json";
const CLAIMS = "/api/v1/namespaces/media/persistentvolumeclaims";
const VOLUMES = "/api/v1/persistentvolumes";
// biome-ignore lint/suspicious/noExplicitAny: test reads of JSON bodies
type Any = any;

const addMedia = (claimName = "storage-data") => ({
  spec: {
    template: {
      spec: {
        volumes: [{ name: "charmarr-media", persistentVolumeClaim: { claimName } }],
        containers: [{ name: "radarr", volumeMounts: [{ name: "charmarr-media", mountPath: "/data" }] }],
      },
    },
  },
});

describe("authentication and authorization", () => {
  it("answers 401 without a token or with an unknown one", () => {
    const none = call(undefined, "GET", STS);
    expect(none).toEqual({
      code: 401,
      body: {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: "Unauthorized",
        reason: "Unauthorized",
        code: 401,
      },
      headers: {},
    });
    const bad = api.handle({ method: "GET", path: STS, headers: { authorization: "Bearer nope" } });
    expect(bad.code).toBe(401);
  });

  it("answers 403 to an untrusted app in Kubernetes' words, and serves it once trusted", () => {
    const denied = call(
      "sonarr",
      "PATCH",
      "/apis/apps/v1/namespaces/media/statefulsets/sonarr",
      addMedia(),
      SMP,
    );
    expect(denied.code).toBe(403);
    expect(denied.body).toMatchObject({
      reason: "Forbidden",
      message:
        'statefulsets.apps "sonarr" is forbidden: User "system:serviceaccount:media:sonarr" cannot patch resource "statefulsets" in API group "apps" in the namespace "media"',
      details: { name: "sonarr", group: "apps", kind: "statefulsets" },
    });
    expect(call("sonarr", "GET", "/apis/apps/v1/namespaces/media/statefulsets/sonarr").code).toBe(403);
    expect((call("sonarr", "POST", CLAIMS, {}).body as Any).message).toBe(
      'persistentvolumeclaims is forbidden: User "system:serviceaccount:media:sonarr" cannot create resource "persistentvolumeclaims" in API group "" in the namespace "media"',
    );
    expect((call("sonarr", "GET", `${VOLUMES}/x`).body as Any).message).toBe(
      'persistentvolumes "x" is forbidden: User "system:serviceaccount:media:sonarr" cannot get resource "persistentvolumes" in API group "" at the cluster scope',
    );
    // What Juju's untrusted Role still allows: its pods and its namespace.
    expect(call("sonarr", "GET", "/api/v1/namespaces/media/pods/sonarr-0").code).toBe(200);
    expect(call("sonarr", "GET", "/api/v1/namespaces/media").code).toBe(200);
    model.setTrust("sonarr", true);
    expect(call("sonarr", "GET", "/apis/apps/v1/namespaces/media/statefulsets/sonarr").code).toBe(200);
  });

  it("logs each request by app with its answer's code", () => {
    call("radarr", "GET", STS);
    call("sonarr", "GET", STS);
    expect(api.requestsOf("radarr")).toMatchObject([
      { app: "radarr", verb: "get", resource: "statefulsets", name: "radarr", code: 200 },
    ]);
    expect(api.requestsOf("sonarr")).toMatchObject([{ code: 403 }]);
  });
});

describe("StatefulSet", () => {
  it("is Juju's: charm container, one per metadata container, charm-data, storage templates", () => {
    const sts = call("radarr", "GET", STS).body as Any;
    expect(sts.metadata).toMatchObject({ name: "radarr", namespace: "media", generation: 1 });
    expect(sts.metadata.labels).toEqual({
      "app.kubernetes.io/name": "radarr",
      "app.kubernetes.io/managed-by": "juju",
    });
    expect(sts.spec.serviceName).toBe("radarr-endpoints");
    expect(sts.spec.template.spec.containers.map((c: Any) => c.name)).toEqual(["charm", "radarr"]);
    expect(sts.spec.template.spec.volumes).toEqual([{ name: "charm-data", emptyDir: {} }]);
    expect(sts.spec.volumeClaimTemplates[0].metadata.name).toBe("radarr-config");
    expect(sts.spec.template.spec.containers[1].image).toBe("lscr.io/linuxserver/radarr:6");
  });

  it("a template patch bumps generation and updateRevision; the same patch again changes nothing", () => {
    const before = call("radarr", "GET", STS).body as Any;
    const first = call("radarr", "PATCH", STS, addMedia(), SMP);
    expect(first.code).toBe(200);
    const after = first.body as Any;
    expect(after.metadata.generation).toBe(2);
    expect(after.metadata.resourceVersion).not.toBe(before.metadata.resourceVersion);
    expect(after.status.updateRevision).not.toBe(before.status.updateRevision);
    expect(cluster.takeRestarts()).toEqual(["radarr/0"]);
    const again = call("radarr", "PATCH", STS, addMedia(), SMP).body as Any;
    expect(again.metadata.resourceVersion).toBe(after.metadata.resourceVersion);
    expect(again.metadata.generation).toBe(2);
    expect(cluster.takeRestarts()).toEqual([]);
  });

  it("metadata changes bump resourceVersion, not generation", () => {
    const patched = call(
      "radarr",
      "PATCH",
      STS,
      { metadata: { annotations: { a: "b" } } },
      "application/merge-patch+json",
    ).body as Any;
    expect(patched.metadata.generation).toBe(1);
  });

  it("answers 422 for a mount without its volume, a duplicate mountPath, an unknown container, other spec fields", () => {
    const noVolume = call(
      "radarr",
      "PATCH",
      STS,
      {
        spec: {
          template: {
            spec: {
              containers: [
                { name: "radarr", volumeMounts: [{ name: "charmarr-media", mountPath: "/data" }] },
              ],
            },
          },
        },
      },
      SMP,
    );
    expect(noVolume.code).toBe(422);
    expect((noVolume.body as Any).message).toBe(
      'StatefulSet.apps "radarr" is invalid: spec.template.spec.containers[1].volumeMounts[3].name: Not found: "charmarr-media"',
    );
    expect((noVolume.body as Any).details).toMatchObject({
      name: "radarr",
      group: "apps",
      kind: "StatefulSet",
      causes: [
        { reason: "FieldValueNotFound", field: "spec.template.spec.containers[1].volumeMounts[3].name" },
      ],
    });
    const duplicate = call(
      "radarr",
      "PATCH",
      STS,
      {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: "radarr",
                  volumeMounts: [{ name: "radarr-config", mountPath: "/config", subPath: "x" }],
                },
              ],
            },
          },
        },
      },
      SMP,
    );
    // Same mountPath is the same entry (merge key): it is updated, not duplicated.
    expect(duplicate.code).toBe(200);
    const dup = call(
      "radarr",
      "PATCH",
      STS,
      [
        {
          op: "add",
          path: "/spec/template/spec/containers/1/volumeMounts/-",
          value: { name: "charm-data", mountPath: "/config" },
        },
      ],
      "application/json-patch+json",
    );
    expect((dup.body as Any).message).toBe(
      'StatefulSet.apps "radarr" is invalid: spec.template.spec.containers[1].volumeMounts[3].mountPath: Invalid value: "/config": must be unique',
    );
    const unknown = call(
      "radarr",
      "PATCH",
      STS,
      { spec: { template: { spec: { containers: [{ name: "radarr-4k", volumeMounts: [] }] } } } },
      SMP,
    );
    expect((unknown.body as Any).message).toBe(
      'StatefulSet.apps "radarr" is invalid: spec.template.spec.containers[2].image: Required value',
    );
    const forbidden = call("radarr", "PATCH", STS, { spec: { serviceName: "x" } }, SMP);
    expect(forbidden.code).toBe(422);
    expect((forbidden.body as Any).message).toMatch(
      /^StatefulSet.apps "radarr" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas'/,
    );
  });

  it("JSON patch test failures are 422; stale resourceVersion is 409; SSA and unknown types 415", () => {
    const failed = call(
      "radarr",
      "PATCH",
      STS,
      [{ op: "test", path: "/spec/replicas", value: 7 }],
      "application/json-patch+json",
    );
    expect(failed.code).toBe(422);
    const stale = call(
      "radarr",
      "PATCH",
      STS,
      { metadata: { resourceVersion: "1" }, spec: { replicas: 1 } },
      SMP,
    );
    expect(stale.code).toBe(409);
    expect((stale.body as Any).message).toBe(
      'Operation cannot be fulfilled on statefulsets.apps "radarr": the object has been modified; please apply your changes to the latest version and try again',
    );
    const ssa = call("radarr", "PATCH", STS, addMedia(), "application/apply-patch+yaml");
    expect(ssa.code).toBe(415);
    expect(ssa.body).toMatchObject({ reason: "UnsupportedMediaType", code: 415 });
    expect(call("radarr", "PATCH", STS, addMedia(), "text/plain").code).toBe(415);
    expect(call("radarr", "GET", "/apis/apps/v1/namespaces/media/statefulsets/nope").body).toMatchObject({
      code: 404,
      reason: "NotFound",
      message: 'statefulsets.apps "nope" not found',
      details: { name: "nope", group: "apps", kind: "statefulsets" },
    });
  });
});

describe("claims and volumes", () => {
  const claim = (name: string, spec: object) => ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name },
    spec,
  });

  it("a claim gets defaults and binds at once under nfs-csi; resize grows it", () => {
    const created = call(
      "storage",
      "POST",
      CLAIMS,
      claim("storage-data", {
        accessModes: ["ReadWriteMany"],
        storageClassName: "nfs-csi",
        resources: { requests: { storage: "2Ti" } },
      }),
    );
    expect(created.code).toBe(201);
    const body = created.body as Any;
    expect(body.metadata.finalizers).toEqual(["kubernetes.io/pvc-protection"]);
    expect(body.spec.volumeMode).toBe("Filesystem");
    expect(body.status).toEqual({
      phase: "Bound",
      accessModes: ["ReadWriteMany"],
      capacity: { storage: "2Ti" },
    });
    expect(body.spec.volumeName).toBe(`pvc-${body.metadata.uid}`);
    expect(existsSync(cluster.claimDir("storage-data") ?? "/nope")).toBe(true);
    const grown = call(
      "storage",
      "PATCH",
      `${CLAIMS}/storage-data`,
      { spec: { resources: { requests: { storage: "3Ti" } } } },
      "application/merge-patch+json",
    );
    expect((grown.body as Any).status.capacity.storage).toBe("3Ti");
    const shrunk = call(
      "storage",
      "PATCH",
      `${CLAIMS}/storage-data`,
      { spec: { resources: { requests: { storage: "1Ti" } } } },
      "application/merge-patch+json",
    );
    expect((shrunk.body as Any).message).toBe(
      'PersistentVolumeClaim "storage-data" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity',
    );
    const modes = call(
      "storage",
      "PATCH",
      `${CLAIMS}/storage-data`,
      { spec: { accessModes: ["ReadWriteOnce"] } },
      "application/merge-patch+json",
    );
    expect((modes.body as Any).message).toBe(
      'PersistentVolumeClaim "storage-data" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    );
    expect(
      call(
        "storage",
        "POST",
        CLAIMS,
        claim("storage-data", {
          accessModes: ["ReadWriteMany"],
          resources: { requests: { storage: "1Gi" } },
        }),
      ).code,
    ).toBe(409);
  });

  it("local-path waits for the first consumer and cannot be resized; deleting it deletes the data", () => {
    const created = call(
      "storage",
      "POST",
      CLAIMS,
      claim("data", { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } }),
    ).body as Any;
    expect(created.spec.storageClassName).toBe("local-path");
    expect(created.status.phase).toBe("Pending");
    call("radarr", "PATCH", STS, addMedia("data"), SMP);
    const placement = cluster.schedule("radarr/0");
    expect(placement.ok).toBe(true);
    const bound = call("storage", "GET", `${CLAIMS}/data`).body as Any;
    expect(bound.status.phase).toBe("Bound");
    const dir = cluster.claimDir("data") ?? "";
    writeFileSync(join(dir, "file"), "x");
    const resize = call(
      "storage",
      "PATCH",
      `${CLAIMS}/data`,
      { spec: { resources: { requests: { storage: "2Gi" } } } },
      "application/merge-patch+json",
    );
    expect(resize.code).toBe(403);
    expect((resize.body as Any).message).toBe(
      'persistentvolumeclaims "data" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
    );
    cluster.podStarted("radarr/0");
    const deleting = call("storage", "DELETE", `${CLAIMS}/data`).body as Any;
    expect(deleting.metadata.deletionTimestamp).toBeDefined();
    expect(call("storage", "GET", `${CLAIMS}/data`).code).toBe(200); // Terminating while mounted
    cluster.podStopped("radarr/0");
    expect(call("storage", "GET", `${CLAIMS}/data`).code).toBe(404);
    expect(existsSync(dir)).toBe(false);
    expect(call("storage", "GET", `${VOLUMES}/${bound.spec.volumeName}`).code).toBe(404);
  });

  it("a static hostPath volume binds by claimRef, is Released with the stale uid, and is reused after claimRef: null", () => {
    const pv = {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: "storage-data-8f2a1c3e" },
      spec: {
        capacity: { storage: "4Ti" },
        accessModes: ["ReadWriteMany"],
        persistentVolumeReclaimPolicy: "Retain",
        storageClassName: "",
        claimRef: { namespace: "media", name: "storage-data" },
        hostPath: { path: "/srv/media", type: "DirectoryOrCreate" },
      },
    };
    const created = call("storage", "POST", VOLUMES, pv);
    expect(created.code).toBe(201);
    expect((created.body as Any).status.phase).toBe("Available");
    expect(call("storage", "POST", VOLUMES, pv).body).toMatchObject({
      code: 409,
      reason: "AlreadyExists",
      message: 'persistentvolumes "storage-data-8f2a1c3e" already exists',
    });
    const bound = call(
      "storage",
      "POST",
      CLAIMS,
      claim("storage-data", {
        accessModes: ["ReadWriteMany"],
        storageClassName: "",
        volumeName: "storage-data-8f2a1c3e",
        resources: { requests: { storage: "2Ti" } },
      }),
    ).body as Any;
    expect(bound.status).toEqual({
      phase: "Bound",
      accessModes: ["ReadWriteMany"],
      capacity: { storage: "4Ti" },
    });
    expect(cluster.claimDir("storage-data")).toBe(join(dir, "host", "srv", "media"));
    const source = call(
      "storage",
      "PATCH",
      `${VOLUMES}/storage-data-8f2a1c3e`,
      { spec: { hostPath: { path: "/elsewhere" } } },
      "application/merge-patch+json",
    );
    expect((source.body as Any).message).toBe(
      'PersistentVolume "storage-data-8f2a1c3e" is invalid: spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation',
    );
    const grow = call(
      "storage",
      "PATCH",
      `${CLAIMS}/storage-data`,
      { spec: { resources: { requests: { storage: "5Ti" } } } },
      "application/merge-patch+json",
    );
    expect(grow.code).toBe(403);
    expect(call("storage", "DELETE", `${CLAIMS}/storage-data`).body).toMatchObject({
      kind: "Status",
      status: "Success",
    });
    const released = call("storage", "GET", `${VOLUMES}/storage-data-8f2a1c3e`).body as Any;
    expect(released.status.phase).toBe("Released");
    expect(released.spec.claimRef.uid).toBe(bound.metadata.uid);
    // A new claim of the same name does not bind: the uid is stale.
    const again = call(
      "storage",
      "POST",
      CLAIMS,
      claim("storage-data", {
        accessModes: ["ReadWriteMany"],
        storageClassName: "",
        volumeName: "storage-data-8f2a1c3e",
        resources: { requests: { storage: "2Ti" } },
      }),
    ).body as Any;
    expect(again.status.phase).toBe("Pending");
    call(
      "storage",
      "PATCH",
      `${VOLUMES}/storage-data-8f2a1c3e`,
      [
        { op: "remove", path: "/spec/claimRef/uid" },
        { op: "remove", path: "/spec/claimRef/resourceVersion" },
      ],
      "application/json-patch+json",
    );
    expect((call("storage", "GET", `${CLAIMS}/storage-data`).body as Any).status.phase).toBe("Bound");
  });

  it("a bound volume deleted stays Terminating until its claim goes; a static Delete volume ends Failed; Lost is settable", () => {
    const pv = (name: string, policy: string) => ({
      metadata: { name },
      spec: {
        capacity: { storage: "1Gi" },
        accessModes: ["ReadWriteOnce"],
        persistentVolumeReclaimPolicy: policy,
        storageClassName: "",
        claimRef: { namespace: "media", name },
        hostPath: { path: `/srv/${name}` },
      },
    });
    const claim = (name: string) => ({
      metadata: { name },
      spec: {
        accessModes: ["ReadWriteOnce"],
        storageClassName: "",
        resources: { requests: { storage: "1Gi" } },
      },
    });
    call("storage", "POST", VOLUMES, pv("keep", "Retain"));
    call("storage", "POST", CLAIMS, claim("keep"));
    const terminating = call("storage", "DELETE", `${VOLUMES}/keep`).body as Any;
    expect(terminating.metadata.deletionTimestamp).toBeDefined();
    expect(call("storage", "GET", `${VOLUMES}/keep`).code).toBe(200);
    call("storage", "DELETE", `${CLAIMS}/keep`);
    expect(call("storage", "GET", `${VOLUMES}/keep`).code).toBe(404);
    call("storage", "POST", VOLUMES, pv("static", "Delete"));
    call("storage", "POST", CLAIMS, claim("static"));
    call("storage", "DELETE", `${CLAIMS}/static`);
    expect((call("storage", "GET", `${VOLUMES}/static`).body as Any).status.phase).toBe("Failed");
    call("storage", "POST", CLAIMS, claim("lost"));
    cluster.storage.setPhase("claim", "media/lost", "Lost");
    expect((call("storage", "GET", `${CLAIMS}/lost`).body as Any).status.phase).toBe("Lost");
  });

  it("local-path cannot provision ReadWriteMany: the claim stays Pending and the pod unschedulable", () => {
    call("storage", "POST", CLAIMS, {
      metadata: { name: "rwx" },
      spec: {
        accessModes: ["ReadWriteMany"],
        storageClassName: "local-path",
        resources: { requests: { storage: "1Gi" } },
      },
    });
    call("radarr", "PATCH", STS, addMedia("rwx"), SMP);
    expect(cluster.schedule("radarr/0")).toMatchObject({ ok: false, reason: "Unschedulable" });
    expect((call("storage", "GET", `${CLAIMS}/rwx`).body as Any).status.phase).toBe("Pending");
  });

  it("a claim held Pending answers Pending for N reads, then binds", () => {
    cluster.storage.holdPending("media", "slow", 2);
    call(
      "storage",
      "POST",
      CLAIMS,
      claim("slow", {
        accessModes: ["ReadWriteMany"],
        storageClassName: "nfs-csi",
        resources: { requests: { storage: "1Gi" } },
      }),
    );
    expect((call("storage", "GET", `${CLAIMS}/slow`).body as Any).status.phase).toBe("Pending");
    expect((call("storage", "GET", `${CLAIMS}/slow`).body as Any).status.phase).toBe("Pending");
    expect((call("storage", "GET", `${CLAIMS}/slow`).body as Any).status.phase).toBe("Bound");
  });

  it("validation errors are 422s naming the fields", () => {
    const bad = call("storage", "POST", CLAIMS, claim("x", {})).body as Any;
    expect(bad.message).toBe(
      'PersistentVolumeClaim "x" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]',
    );
    const noSource = call("storage", "POST", VOLUMES, {
      metadata: { name: "v" },
      spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"] },
    }).body as Any;
    expect(noSource.message).toBe(
      'PersistentVolume "v" is invalid: spec: Required value: must specify a volume type',
    );
  });

  it("faults: one 409, one 429, one 500", () => {
    api.failNextRequest({ app: "radarr", verb: "patch", code: 409 });
    api.failNextRequest({ app: "radarr", verb: "get", code: 429 });
    expect(call("radarr", "PATCH", STS, addMedia(), SMP).code).toBe(409);
    const limited = call("radarr", "GET", STS);
    expect(limited.code).toBe(429);
    expect(limited.headers).toEqual({ "Retry-After": "1" });
    api.failNextRequest({ resource: "persistentvolumeclaims", code: 500 });
    expect(call("storage", "GET", `${CLAIMS}/x`).body).toMatchObject({ code: 500, reason: "InternalError" });
    expect(call("radarr", "GET", STS).code).toBe(200);
  });

  it("a pod on an NFS volume whose server is down does not start (FailedMount); it starts once the server answers", () => {
    call(
      "radarr",
      "PATCH",
      STS,
      {
        spec: {
          template: {
            spec: {
              volumes: [{ name: "media", nfs: { server: "10.0.0.5", path: "/export/media" } }],
              containers: [
                { name: "radarr", volumeMounts: [{ name: "media", mountPath: "/data", subPath: "movies" }] },
              ],
            },
          },
        },
      },
      SMP,
    );
    cluster.storage.setNfsReachable("10.0.0.5", false);
    expect(cluster.schedule("radarr/0")).toMatchObject({ ok: false, reason: "FailedMount" });
    const pod = call("radarr", "GET", "/api/v1/namespaces/media/pods/radarr-0").body as Any;
    expect(pod.status.phase).toBe("Pending");
    cluster.storage.setNfsReachable("10.0.0.5", true);
    const placement = cluster.schedule("radarr/0");
    expect(placement).toEqual({
      ok: true,
      mounts: {
        radarr: [
          {
            containerPath: "/data",
            hostPath: join(dir, "nfs", "10.0.0.5", "export", "media", "movies"),
            readOnly: false,
          },
          {
            containerPath: "/var/run/secrets/kubernetes.io/serviceaccount",
            hostPath: join(dir, "serviceaccounts", "radarr"),
            readOnly: true,
          },
        ],
      },
    });
  });

  it("securityContext capabilities of a workload container reach its placement", () => {
    call(
      "radarr",
      "PATCH",
      STS,
      {
        spec: {
          template: {
            spec: {
              containers: [{ name: "radarr", securityContext: { capabilities: { add: ["NET_ADMIN"] } } }],
            },
          },
        },
      },
      SMP,
    );
    expect(cluster.schedule("radarr/0")).toMatchObject({ ok: true, capabilities: { radarr: ["NET_ADMIN"] } });
  });

  it("a hostPath CharDevice volume (Gluetun's TUN device) reaches the placement as the host's device, never made", () => {
    const patchTun = (path: string) =>
      call(
        "radarr",
        "PATCH",
        STS,
        {
          spec: {
            template: {
              spec: {
                volumes: [{ name: "tun", hostPath: { path, type: "CharDevice" } }],
                containers: [
                  {
                    name: "radarr",
                    securityContext: { capabilities: { add: ["NET_ADMIN"] } },
                    volumeMounts: [{ name: "tun", mountPath: "/dev/net/tun" }],
                  },
                ],
              },
            },
          },
        },
        SMP,
      );
    patchTun("/dev/net/tun");
    expect(cluster.schedule("radarr/0")).toMatchObject({
      ok: true,
      capabilities: { radarr: ["NET_ADMIN"] },
      mounts: {
        radarr: [
          { containerPath: "/dev/net/tun", hostPath: "/dev/net/tun", readOnly: false, device: true },
          { containerPath: "/var/run/secrets/kubernetes.io/serviceaccount", readOnly: true },
        ],
      },
    });
    expect(existsSync(join(dir, "host", "dev"))).toBe(false);
    patchTun("/dev/net/tap");
    expect(cluster.schedule("radarr/0")).toEqual({
      ok: false,
      reason: "FailedMount",
      message:
        'MountVolume.SetUp failed for volume "tun" : hostPath type check failed: /dev/net/tap is not a character device',
    });
  });

  it("watch is not served", () => {
    const watch = api.handle({
      method: "GET",
      path: CLAIMS,
      query: new URLSearchParams("watch=true"),
      headers: { authorization: token("storage") },
    });
    expect(watch.body).toMatchObject({ code: 405, reason: "MethodNotAllowed" });
  });

  it("serves storage classes and pods", () => {
    expect(call("storage", "GET", "/apis/storage.k8s.io/v1/storageclasses/nfs-csi").body).toMatchObject({
      provisioner: "nfs.csi.k8s.io",
      volumeBindingMode: "Immediate",
      allowVolumeExpansion: true,
      reclaimPolicy: "Delete",
    });
    cluster.podStarted("radarr/0");
    const pod = call("radarr", "GET", "/api/v1/namespaces/media/pods/radarr-0").body as Any;
    expect(pod.status.phase).toBe("Running");
    expect(pod.status.podIP).toBe(model.unit("radarr/0").address);
    expect(pod.status.conditions.find((c: Any) => c.type === "Ready").status).toBe("True");
  });
});
