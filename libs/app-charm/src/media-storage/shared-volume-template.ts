import {
  type PodSpecView,
  removeTemplateVolumePatch,
  type TemplateVolume,
  type TemplateVolumeState,
  templateVolumePatch,
  templateVolumeState,
} from "../pod-template/template-volume";

// The one change a consumer makes to its own pod template for media-storage
// (specs/kubernetes-and-storage.md §3.4, §6.3): the shared claim as volume `charmarr-media`,
// mounted at /data in the workload container only (pod-template/template-volume.ts does the rest).

export type { PodSpecView } from "../pod-template/template-volume";

/** The volume's name in the pod template. */
export const SHARED_VOLUME = "charmarr-media";
/** Where every media app sees the shared filesystem: one mount, so imports can be hardlinks. */
export const SHARED_MOUNT_PATH = "/data";

export type SharedVolumeState = TemplateVolumeState;

/** The shared claim as a volume of ours at /data. */
export function sharedVolume(claim: string): TemplateVolume {
  return {
    name: SHARED_VOLUME,
    mountPath: SHARED_MOUNT_PATH,
    source: { persistentVolumeClaim: { claimName: claim } },
  };
}

export function sharedVolumeState(spec: PodSpecView, container: string, claim: string): SharedVolumeState {
  return templateVolumeState(spec, container, sharedVolume(claim));
}

/** The strategic merge patch that mounts `claim` at /data in `container`, replacing what was ours. */
export function mountPatch(spec: PodSpecView, container: string, claim: string): Record<string, unknown> {
  return templateVolumePatch(spec, container, sharedVolume(claim));
}

/** The strategic merge patch that takes our volume and its mount out, or undefined when neither is there. */
export function unmountPatch(spec: PodSpecView, container: string): Record<string, unknown> | undefined {
  return removeTemplateVolumePatch(spec, container, SHARED_VOLUME);
}
