// The one change a consumer makes to its own pod template (specs/kubernetes-and-storage.md §3.4,
// §6.3): the shared claim as volume `charmarr-media`, mounted at /data in the workload container
// only. Strategic merge patches keyed by name and mount path: Juju's own volumes and mounts are
// never touched, and an identical re-patch changes nothing.

/** The volume's name in the pod template. */
export const SHARED_VOLUME = "charmarr-media";
/** Where every media app sees the shared filesystem: one mount, so imports can be hardlinks. */
export const SHARED_MOUNT_PATH = "/data";

/** What of a pod spec (a pod's, or a StatefulSet's template) this reads. */
export interface PodSpecView {
  readonly volumes?: readonly {
    readonly name: string;
    readonly persistentVolumeClaim?: { readonly claimName: string; readonly readOnly?: boolean };
  }[];
  readonly containers: readonly {
    readonly name: string;
    readonly volumeMounts?: readonly {
      readonly name: string;
      readonly mountPath: string;
      readonly subPath?: string;
      readonly readOnly?: boolean;
    }[];
  }[];
}

/**
 * `mounted`: the claim is at /data in the container, writable; `absent`: none of ours is there;
 * `different`: ours is there but not as wanted (another claim, read-only, a sub-path, a mount
 * without its volume).
 */
export type SharedVolumeState = "mounted" | "absent" | "different";

export function sharedVolumeState(spec: PodSpecView, container: string, claim: string): SharedVolumeState {
  const volume = spec.volumes?.find((v) => v.name === SHARED_VOLUME);
  const mounts = spec.containers.find((c) => c.name === container)?.volumeMounts ?? [];
  const mount = mounts.find((m) => m.mountPath === SHARED_MOUNT_PATH || m.name === SHARED_VOLUME);
  if (!volume && !mount) return "absent";
  const wanted =
    volume?.persistentVolumeClaim?.claimName === claim &&
    volume.persistentVolumeClaim.readOnly !== true &&
    mount?.name === SHARED_VOLUME &&
    mount.mountPath === SHARED_MOUNT_PATH &&
    !mount.subPath &&
    mount.readOnly !== true;
  return wanted ? "mounted" : "different";
}

/**
 * The strategic merge patch that mounts `claim` at /data in `container`, replacing what was ours
 * (a mount of ours at another path is deleted: a new mount path alone would add a second mount).
 */
export function mountPatch(spec: PodSpecView, container: string, claim: string): Record<string, unknown> {
  const mounts = spec.containers.find((c) => c.name === container)?.volumeMounts ?? [];
  const stale = mounts
    .filter((m) => m.name === SHARED_VOLUME && m.mountPath !== SHARED_MOUNT_PATH)
    .map((m) => ({ mountPath: m.mountPath, $patch: "delete" }));
  return {
    spec: {
      template: {
        spec: {
          // `volumes` has retainKeys: our entry's source is replaced whole.
          volumes: [{ name: SHARED_VOLUME, persistentVolumeClaim: { claimName: claim } }],
          containers: [
            {
              name: container,
              volumeMounts: [
                ...stale,
                { name: SHARED_VOLUME, mountPath: SHARED_MOUNT_PATH, readOnly: false },
              ],
            },
          ],
        },
      },
    },
  };
}

/**
 * The strategic merge patch that takes our volume and its mount out of the template, or
 * undefined when neither is there. Deleting by key needs no index, so nothing races.
 */
export function unmountPatch(spec: PodSpecView, container: string): Record<string, unknown> | undefined {
  const hasVolume = spec.volumes?.some((v) => v.name === SHARED_VOLUME) ?? false;
  const mounts = spec.containers.find((c) => c.name === container)?.volumeMounts ?? [];
  const ours = mounts.filter((m) => m.name === SHARED_VOLUME);
  if (!hasVolume && ours.length === 0) return undefined;
  const patch: { volumes?: object[]; containers?: object[] } = {};
  if (hasVolume) patch.volumes = [{ name: SHARED_VOLUME, $patch: "delete" }];
  if (ours.length > 0) {
    patch.containers = [
      { name: container, volumeMounts: ours.map((m) => ({ mountPath: m.mountPath, $patch: "delete" })) },
    ];
  }
  return { spec: { template: { spec: patch } } };
}
