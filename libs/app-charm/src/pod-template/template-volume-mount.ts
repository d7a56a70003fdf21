import type { CharmContext } from "@charmarr/charm";
import type { Kube } from "@charmarr/kubernetes";
import { podName } from "./kube-session";
import {
  removeTemplateVolumePatch,
  type TemplateVolume,
  templateVolumePatch,
  templateVolumeState,
} from "./template-volume";

// Bringing this unit's pod to a template with (or without) one volume of ours. A template patch
// recreates the pod (Kubernetes rolls it; Juju then runs upgrade-charm, config-changed, start,
// pebble-ready in the new one), so the hook reports Maintenance with `restarting` and the caller
// returns. Steady state: one GET (this pod).

/** True when this pod already has it as wanted; false when the pod is being recreated (a status says so). */
export async function ensureTemplateVolume(
  ctx: CharmContext<unknown>,
  kube: Kube,
  container: string,
  volume: TemplateVolume,
  restarting: string,
): Promise<boolean> {
  const pod = await kube.pods.get(podName(ctx));
  if (pod && templateVolumeState(pod.spec, container, volume) === "mounted") return true;
  const statefulSet = await kube.statefulSets.get(ctx.app.name);
  if (!statefulSet) {
    ctx.status.waiting(`StatefulSet ${ctx.app.name} not found`);
    return false;
  }
  const template = statefulSet.spec.template.spec;
  if (templateVolumeState(template, container, volume) !== "mounted") {
    await kube.statefulSets.patch(ctx.app.name, templateVolumePatch(template, container, volume));
    ctx.log.info({ volume: volume.name, container }, "patched the pod template to mount a volume");
  }
  // This pod has no such mount; the next one will.
  ctx.status.maintenance(restarting);
  return false;
}

/**
 * Takes the volume `name` out of the template, if it is there: true when neither the template
 * nor this pod has it (nothing to wait for), false while the pod is recreated without it (the
 * caller's status says why it goes).
 */
export async function removeTemplateVolume(
  ctx: CharmContext<unknown>,
  kube: Kube,
  container: string,
  name: string,
): Promise<boolean> {
  const [statefulSet, pod] = await Promise.all([
    kube.statefulSets.get(ctx.app.name),
    kube.pods.get(podName(ctx)),
  ]);
  const patch = statefulSet && removeTemplateVolumePatch(statefulSet.spec.template.spec, container, name);
  if (patch) {
    await kube.statefulSets.patch(ctx.app.name, patch);
    ctx.log.info({ volume: name, container }, "took a volume out of the pod template");
  }
  const podHasIt = pod?.spec.volumes?.some((v) => v.name === name) ?? false;
  return !patch && !podHasIt;
}
