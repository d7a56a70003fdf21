import { describe, expect, it } from "vitest";
import type { JsonObject } from "./json-value";
import { strategicMergePatch } from "./strategic-merge-patch";

const podSpec = (): JsonObject => ({
  spec: {
    template: {
      spec: {
        volumes: [{ name: "charm-data", emptyDir: {} }],
        containers: [
          { name: "charm", image: "base", volumeMounts: [{ name: "charm-data", mountPath: "/charm/bin" }] },
          {
            name: "radarr",
            image: "radarr",
            env: [{ name: "A", value: "1" }],
            volumeMounts: [{ name: "charm-data", mountPath: "/charm/container" }],
          },
        ],
      },
    },
  },
});

const addMedia = {
  spec: {
    template: {
      spec: {
        volumes: [{ name: "charmarr-media", persistentVolumeClaim: { claimName: "storage-data" } }],
        containers: [{ name: "radarr", volumeMounts: [{ name: "charmarr-media", mountPath: "/data" }] }],
      },
    },
  },
};

describe("strategicMergePatch", () => {
  it("adds a volume and a mount by merge key, keeping every other entry", () => {
    const patched = strategicMergePatch(podSpec(), addMedia) as JsonObject;
    const spec = (patched.spec as JsonObject).template as JsonObject;
    const pod = spec.spec as JsonObject;
    expect(pod.volumes).toEqual([
      { name: "charm-data", emptyDir: {} },
      { name: "charmarr-media", persistentVolumeClaim: { claimName: "storage-data" } },
    ]);
    const radarr = (pod.containers as JsonObject[])[1];
    expect(radarr).toEqual({
      name: "radarr",
      image: "radarr",
      env: [{ name: "A", value: "1" }],
      volumeMounts: [
        { name: "charm-data", mountPath: "/charm/container" },
        { name: "charmarr-media", mountPath: "/data" },
      ],
    });
  });

  it("is idempotent: the same patch twice gives the same object", () => {
    const once = strategicMergePatch(podSpec(), addMedia);
    expect(strategicMergePatch(once, addMedia)).toEqual(once);
  });

  it("removes entries with $patch: delete (mounts by mountPath)", () => {
    const once = strategicMergePatch(podSpec(), addMedia);
    const removed = strategicMergePatch(once, {
      spec: {
        template: {
          spec: {
            volumes: [{ name: "charmarr-media", $patch: "delete" }],
            containers: [{ name: "radarr", volumeMounts: [{ mountPath: "/data", $patch: "delete" }] }],
          },
        },
      },
    });
    expect(removed).toEqual(podSpec());
  });

  it("replaces a patched volume's source (retainKeys) and deletes keys set to null", () => {
    const withHostPath = strategicMergePatch(podSpec(), {
      spec: { template: { spec: { volumes: [{ name: "charm-data", hostPath: { path: "/srv" } }] } } },
    }) as JsonObject;
    expect(JSON.stringify(withHostPath)).toContain('{"name":"charm-data","hostPath":{"path":"/srv"}}');
    const noTemplate = strategicMergePatch(podSpec(), { spec: { template: null } });
    expect(noTemplate).toEqual({ spec: {} });
  });

  it("a new container name adds a container (no image: the server then answers 422)", () => {
    const patched = strategicMergePatch(podSpec(), {
      spec: { template: { spec: { containers: [{ name: "radarr-4k", volumeMounts: [] }] } } },
    }) as JsonObject;
    const containers = ((patched.spec as JsonObject).template as JsonObject).spec as JsonObject;
    expect((containers.containers as JsonObject[]).map((c) => c.name)).toEqual([
      "charm",
      "radarr",
      "radarr-4k",
    ]);
  });

  it("other lists are replaced whole; $patch: replace replaces a keyed list", () => {
    expect(
      strategicMergePatch({ spec: { accessModes: ["A", "B"] } }, { spec: { accessModes: ["C"] } }),
    ).toEqual({
      spec: { accessModes: ["C"] },
    });
    expect(
      strategicMergePatch(
        { env: [{ name: "A" }, { name: "B" }] },
        { env: [{ $patch: "replace" }, { name: "C" }] },
      ),
    ).toEqual({ env: [{ name: "C" }] });
  });
});
