import type { Kube } from "@charmarr/kubernetes";
import type { StoragePlan } from "./storage-config";

/**
 * `juju remove-application` with cleanup-on-remove=true: delete the claim this charm made, then
 * its static volume. Only objects labelled as this app's are deleted; an existing claim is the
 * operator's and never is. What is already gone is no error.
 */
export async function removeClaim(kube: Kube, plan: StoragePlan, app: string): Promise<string[]> {
  if (plan.backend === "existing-claim") return [];
  const ours = (labels: Record<string, string> | undefined) =>
    labels?.["app.kubernetes.io/managed-by"] === "charmarr" && labels["app.kubernetes.io/name"] === app;
  const deleted: string[] = [];
  const claim = await kube.persistentVolumeClaims.get(plan.claimName);
  if (claim && ours(claim.metadata.labels) && (await kube.persistentVolumeClaims.delete(plan.claimName))) {
    deleted.push(`PersistentVolumeClaim ${plan.claimName}`);
  }
  if (plan.volume) {
    const pv = await kube.persistentVolumes.get(plan.volume.name);
    if (pv && ours(pv.metadata.labels) && (await kube.persistentVolumes.delete(plan.volume.name))) {
      deleted.push(`PersistentVolume ${plan.volume.name}`);
    }
  }
  return deleted;
}
