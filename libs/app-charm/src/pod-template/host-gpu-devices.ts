import type { CharmContext } from "@charmarr/charm";
import { type KubeSessionOptions, withKube } from "./own-pod-template";
import { ensureTemplateVolume, removeTemplateVolume, type TemplateVolume } from "./template-volume";

// The node's GPU devices (/dev/dri: Intel Quick Sync, AMD VA-API) in the workload container,
// for hardware transcoding: a hostPath volume of ours in the pod template, added or taken out by
// the leader as an option says (pod-template/template-volume.ts). The device nodes must be
// usable by the app's PUID:PGID (docs/charms/plex.md).

export const GPU_VOLUME: TemplateVolume = {
  name: "charmarr-dri",
  mountPath: "/dev/dri",
  source: { hostPath: { path: "/dev/dri", type: "Directory" } },
};

/**
 * True when this pod has /dev/dri mounted in `container` as `enabled` says; false while the pod
 * is recreated to follow it, or when the API could not be used (a status says which). Steady
 * state: one GET (this pod).
 */
export async function reconcileGpuDevices(
  ctx: CharmContext<unknown>,
  container: string,
  enabled: boolean,
  options: KubeSessionOptions = {},
): Promise<boolean> {
  if (!(await ctx.isLeader())) return true;
  return withKube(ctx, options.kubernetes, (kube) =>
    enabled
      ? ensureTemplateVolume(
          ctx,
          kube,
          container,
          GPU_VOLUME,
          "Restarting to mount /dev/dri for hardware transcoding",
        )
      : removeTemplateVolume(
          ctx,
          kube,
          container,
          GPU_VOLUME.name,
          "Restarting to unmount /dev/dri (hardware transcoding off)",
        ),
  );
}
