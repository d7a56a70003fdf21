import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Model } from "../model/model";
import { KubeApi, type KubeResponse } from "./kube-api";
import { KubernetesCluster } from "./kubernetes-cluster";

const RADARR = `
name: radarr
containers:
  radarr:
    resource: radarr-image
resources:
  radarr-image: {type: oci-image, upstream-source: "lscr.io/linuxserver/radarr:6"}
`;
const TLS = { caCert: "CA", serverCert: "", serverKey: "" };
const STS = "/apis/apps/v1/namespaces/media/statefulsets/radarr";
const CLAIMS = "/api/v1/namespaces/media/persistentvolumeclaims";
// biome-ignore lint/suspicious/noExplicitAny: test reads of JSON bodies
type Any = any;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cluster-snapshot-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function clusterOn(model: Model) {
  const cluster = new KubernetesCluster({ model, stateDir: dir, tls: TLS });
  const api = new KubeApi(cluster);
  const call = (
    app: string,
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ): KubeResponse =>
    api.handle({
      method,
      path,
      headers: {
        authorization: `Bearer ${cluster.serviceAccounts.of(app).token}`,
        ...(body === undefined ? {} : { contentType: contentType ?? "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { cluster, call };
}

describe("KubernetesCluster snapshot", () => {
  it("a new cluster on the restored model serves the same StatefulSet template, claims and volumes; versions go on", () => {
    const model = new Model({ name: "media" });
    model.deploy("radarr", RADARR, { trust: true });
    const first = clusterOn(model);
    const patch = {
      spec: {
        template: {
          spec: {
            volumes: [{ name: "media", persistentVolumeClaim: { claimName: "radarr-data" } }],
            containers: [{ name: "radarr", volumeMounts: [{ name: "media", mountPath: "/data" }] }],
          },
        },
      },
    };
    expect(first.call("radarr", "PATCH", STS, patch, "application/strategic-merge-patch+json").code).toBe(
      200,
    );
    const created = first.call("radarr", "POST", CLAIMS, {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "radarr-data" },
      spec: {
        accessModes: ["ReadWriteMany"],
        storageClassName: "nfs-csi",
        resources: { requests: { storage: "1Ti" } },
      },
    });
    expect(created.code).toBe(201);
    const sts = first.call("radarr", "GET", STS).body as Any;
    const claims = first.call("radarr", "GET", CLAIMS).body as Any;
    const volumes = first.cluster.storage.listVolumes();
    expect(volumes).toHaveLength(1);

    const saved = deserialize(serialize({ state: model.state, cluster: first.cluster.snapshot() }));
    const restored = new Model({ name: "media", uuid: model.uuid });
    restored.restoreState(saved.state);
    const second = clusterOn(restored);
    second.cluster.restore(saved.cluster);
    const stsAgain = second.call("radarr", "GET", STS).body as Any;
    expect(stsAgain.spec.template).toEqual(sts.spec.template);
    expect(stsAgain.metadata.resourceVersion).toBe(sts.metadata.resourceVersion);
    expect(stsAgain.status.updateRevision).toBe(sts.status.updateRevision);
    expect((second.call("radarr", "GET", CLAIMS).body as Any).items).toEqual(claims.items);
    expect(second.cluster.storage.listVolumes()).toEqual(volumes);
    expect(second.cluster.claimDir("radarr-data")).toBe(first.cluster.claimDir("radarr-data"));
    // A change after the restart gets a version above every version handed out before it.
    const grown = second.call(
      "radarr",
      "PATCH",
      `${CLAIMS}/radarr-data`,
      { spec: { resources: { requests: { storage: "2Ti" } } } },
      "application/merge-patch+json",
    ).body as Any;
    const before = Math.max(
      Number(sts.metadata.resourceVersion),
      ...claims.items.map((c: Any) => Number(c.metadata.resourceVersion)),
    );
    expect(Number(grown.metadata.resourceVersion)).toBeGreaterThan(before);
    // The restored cluster schedules the unit's pod with the claim's volume mounted.
    const placement = second.cluster.schedule("radarr/0");
    expect(placement.ok && placement.mounts.radarr?.some((m) => m.containerPath === "/data")).toBe(true);
  });
});
