import type { PodSpecView } from "../src/pod-template/template-volume";

// Pod specs for the pod-template tests: what Juju puts in a charm's pod, and the same with one
// volume of ours mounted in the app's container.

type VolumeView = NonNullable<PodSpecView["volumes"]>[number];

/** Juju's own pod for `app`: the charm container and the workload container, each with a volume. */
export function jujuPodSpec(app: string): PodSpecView {
  return {
    volumes: [{ name: "charm-data" }],
    containers: [
      { name: "charm", volumeMounts: [{ name: "charm-data", mountPath: "/charm/bin" }] },
      { name: app, volumeMounts: [{ name: `${app}-config`, mountPath: "/config" }] },
    ],
  };
}

/** `jujuPodSpec(app)` with `volume` mounted at `mountPath` in the app's container (`mount` overrides). */
export function withOurVolume(
  app: string,
  volume: VolumeView,
  mountPath: string,
  mount: Record<string, unknown> = {},
): PodSpecView {
  const juju = jujuPodSpec(app);
  return {
    volumes: [...(juju.volumes ?? []), volume],
    containers: [
      juju.containers[0]!,
      {
        name: app,
        volumeMounts: [
          { name: `${app}-config`, mountPath: "/config" },
          { name: volume.name, mountPath, ...mount },
        ],
      },
    ],
  };
}
