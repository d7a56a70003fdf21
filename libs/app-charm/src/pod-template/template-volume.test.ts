import type { PodSpec } from "@charmarr/kubernetes";
import { describe, expect, it } from "vitest";
import { jujuPodSpec, withOurVolume } from "../../testing/pod-spec";
import { GPU_VOLUME } from "./host-gpu-devices";
import {
  hasTemplateVolume,
  type PodSpecView,
  removeTemplateVolumePatch,
  templateVolumeChange,
  templateVolumePatch,
  templateVolumeRemoval,
  templateVolumeState,
} from "./template-volume";

const juju = jujuPodSpec("plex");

const withGpu = (hostPath: { path: string; type?: string }, mount: Record<string, unknown> = {}) =>
  withOurVolume("plex", { name: "charmarr-dri", hostPath }, "/dev/dri", mount);

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

  it("is a pod-template change, and its removal another: present when the pod needs nothing", () => {
    // A pod's spec as the API gives it: what these read of it is all there.
    const asPodSpec = (view: PodSpecView) => view as unknown as PodSpec;
    const mounted = asPodSpec(withGpu({ path: "/dev/dri", type: "Directory" }));
    const mount = templateVolumeChange("plex", GPU_VOLUME, "Restarting");
    expect(mount.present(mounted)).toBe(true);
    expect(mount.present(asPodSpec(juju))).toBe(false);
    expect(mount.patch(asPodSpec(juju))).toEqual(templateVolumePatch(juju, "plex", GPU_VOLUME));
    expect(mount.restarting).toBe("Restarting");

    const removal = templateVolumeRemoval("plex", GPU_VOLUME.name);
    expect(hasTemplateVolume(mounted, "plex", "charmarr-dri")).toBe(true);
    expect(removal.present(mounted)).toBe(false);
    expect(removal.present(asPodSpec(juju))).toBe(true);
    expect(removal.patch(mounted)).toEqual(removeTemplateVolumePatch(mounted, "plex", "charmarr-dri"));
    // With no Maintenance of its own: the caller's status says why it goes.
    expect(removal.restarting).toBeUndefined();
  });
});
