import { describe, expect, it } from "vitest";
import { GPU_VOLUME } from "./host-gpu-devices";
import {
  type PodSpecView,
  removeTemplateVolumePatch,
  templateVolumePatch,
  templateVolumeState,
} from "./template-volume";

const juju: PodSpecView = {
  volumes: [{ name: "charm-data" }],
  containers: [
    { name: "charm", volumeMounts: [{ name: "charm-data", mountPath: "/charm/bin" }] },
    { name: "plex", volumeMounts: [{ name: "plex-config", mountPath: "/config" }] },
  ],
};

const withGpu = (
  hostPath: { path: string; type?: string },
  mount: Record<string, unknown> = {},
): PodSpecView => ({
  volumes: [...(juju.volumes ?? []), { name: "charmarr-dri", hostPath }],
  containers: [
    juju.containers[0]!,
    {
      name: "plex",
      volumeMounts: [
        { name: "plex-config", mountPath: "/config" },
        { name: "charmarr-dri", mountPath: "/dev/dri", ...mount },
      ],
    },
  ],
});

describe("a hostPath volume of ours", () => {
  it("tells mounted, absent and different apart, by path and type", () => {
    expect(templateVolumeState(juju, "plex", GPU_VOLUME)).toBe("absent");
    expect(templateVolumeState(withGpu({ path: "/dev/dri", type: "Directory" }), "plex", GPU_VOLUME)).toBe(
      "mounted",
    );
    expect(templateVolumeState(withGpu({ path: "/dev/dri" }), "plex", GPU_VOLUME)).toBe("different");
    expect(templateVolumeState(withGpu({ path: "/dev", type: "Directory" }), "plex", GPU_VOLUME)).toBe(
      "different",
    );
    expect(
      templateVolumeState(
        withGpu({ path: "/dev/dri", type: "Directory" }, { readOnly: true }),
        "plex",
        GPU_VOLUME,
      ),
    ).toBe("different");
    expect(templateVolumeState(withGpu({ path: "/dev/dri", type: "Directory" }), "charm", GPU_VOLUME)).toBe(
      "different",
    );
  });

  it("patches in the volume and the mount by key, and takes them out again", () => {
    expect(templateVolumePatch(juju, "plex", GPU_VOLUME)).toEqual({
      spec: {
        template: {
          spec: {
            volumes: [{ name: "charmarr-dri", hostPath: { path: "/dev/dri", type: "Directory" } }],
            containers: [
              {
                name: "plex",
                volumeMounts: [{ name: "charmarr-dri", mountPath: "/dev/dri", readOnly: false }],
              },
            ],
          },
        },
      },
    });
    expect(
      removeTemplateVolumePatch(withGpu({ path: "/dev/dri", type: "Directory" }), "plex", "charmarr-dri"),
    ).toEqual({
      spec: {
        template: {
          spec: {
            volumes: [{ name: "charmarr-dri", $patch: "delete" }],
            containers: [{ name: "plex", volumeMounts: [{ mountPath: "/dev/dri", $patch: "delete" }] }],
          },
        },
      },
    });
    expect(removeTemplateVolumePatch(juju, "plex", "charmarr-dri")).toBeUndefined();
  });
});
