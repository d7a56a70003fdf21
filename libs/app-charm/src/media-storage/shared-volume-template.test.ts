import { describe, expect, it } from "vitest";
import { jujuPodSpec, withOurVolume } from "../../testing/pod-spec";
import { mountPatch, sharedVolumeState, unmountPatch } from "./shared-volume-template";

const juju = jujuPodSpec("radarr");

const withShared = (claim: string, mount: Record<string, unknown> = {}) =>
  withOurVolume(
    "radarr",
    { name: "charmarr-media", persistentVolumeClaim: { claimName: claim } },
    "/data",
    mount,
  );

describe("sharedVolumeState", () => {
  it("tells mounted, absent and different apart", () => {
    expect(sharedVolumeState(juju, "radarr", "storage-data")).toBe("absent");
    expect(sharedVolumeState(withShared("storage-data"), "radarr", "storage-data")).toBe("mounted");
    expect(sharedVolumeState(withShared("other-data"), "radarr", "storage-data")).toBe("different");
    expect(sharedVolumeState(withShared("storage-data", { readOnly: true }), "radarr", "storage-data")).toBe(
      "different",
    );
    expect(
      sharedVolumeState(withShared("storage-data", { subPath: "media" }), "radarr", "storage-data"),
    ).toBe("different");
    expect(
      sharedVolumeState(withShared("storage-data", { mountPath: "/media" }), "radarr", "storage-data"),
    ).toBe("different");
  });

  it("looks only at the named container", () => {
    expect(sharedVolumeState(withShared("storage-data"), "charm", "storage-data")).toBe("different");
  });
});

describe("mountPatch", () => {
  it("adds the volume and the mount by key, nothing else", () => {
    expect(mountPatch(juju, "radarr", "storage-data")).toEqual({
      spec: {
        template: {
          spec: {
            volumes: [{ name: "charmarr-media", persistentVolumeClaim: { claimName: "storage-data" } }],
            containers: [
              {
                name: "radarr",
                volumeMounts: [{ name: "charmarr-media", mountPath: "/data", readOnly: false }],
              },
            ],
          },
        },
      },
    });
  });

  it("deletes a mount of ours at another path", () => {
    const patch = mountPatch(
      withShared("storage-data", { mountPath: "/media" }),
      "radarr",
      "storage-data",
    ) as {
      spec: { template: { spec: { containers: { volumeMounts: unknown[] }[] } } };
    };
    expect(patch.spec.template.spec.containers[0]?.volumeMounts).toEqual([
      { mountPath: "/media", $patch: "delete" },
      { name: "charmarr-media", mountPath: "/data", readOnly: false },
    ]);
  });
});

describe("unmountPatch", () => {
  it("deletes our volume and mount by key", () => {
    expect(unmountPatch(withShared("storage-data"), "radarr")).toEqual({
      spec: {
        template: {
          spec: {
            volumes: [{ name: "charmarr-media", $patch: "delete" }],
            containers: [{ name: "radarr", volumeMounts: [{ mountPath: "/data", $patch: "delete" }] }],
          },
        },
      },
    });
  });

  it("is nothing when nothing of ours is there", () => {
    expect(unmountPatch(juju, "radarr")).toBeUndefined();
  });
});
