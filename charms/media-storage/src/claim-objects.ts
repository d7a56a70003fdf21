import type { PersistentVolume, PersistentVolumeClaim } from "@charmarr/kubernetes";
import type { StoragePlan, VolumeSource } from "./storage-config";

/**
 * What the claim was made from, kept on it: a later config that differs is refused (a claim's
 * class, access modes and volume are immutable, a PV's source too; spec §3.1 422s), never patched.
 */
export const BACKEND_ANNOTATION = "charmarr.io/backend";
export const SOURCE_ANNOTATION = "charmarr.io/source";

/** How a volume source reads in an annotation and a status message. */
export function describeSource(source: VolumeSource): string {
  return source.kind === "hostpath" ? `hostpath ${source.path}` : `nfs ${source.server}:${source.path}`;
}

/** A static volume for the claim: Retain (deleting the claim never deletes the media), reserved by claimRef. */
export function staticVolume(plan: StoragePlan, namespace: string): PersistentVolume {
  const volume = plan.volume!;
  const source =
    volume.source.kind === "hostpath"
      ? { hostPath: { path: volume.source.path, type: "Directory" } }
      : { nfs: { server: volume.source.server, path: volume.source.path } };
  return {
    metadata: {
      name: volume.name,
      labels: plan.labels,
      annotations: { [SOURCE_ANNOTATION]: describeSource(volume.source) },
    },
    spec: {
      capacity: { storage: plan.size },
      accessModes: [plan.accessMode],
      volumeMode: "Filesystem",
      persistentVolumeReclaimPolicy: "Retain",
      storageClassName: "",
      // Without a reservation any class-less claim in the cluster could take it.
      claimRef: { namespace, name: plan.claimName },
      ...source,
    },
  };
}

export function claimFor(plan: StoragePlan): PersistentVolumeClaim {
  const annotations: Record<string, string> = { [BACKEND_ANNOTATION]: plan.backend };
  if (plan.volume) annotations[SOURCE_ANNOTATION] = describeSource(plan.volume.source);
  return {
    metadata: { name: plan.claimName, labels: plan.labels, annotations },
    spec: {
      accessModes: [plan.accessMode],
      // "" (not absent) so a static claim never gets the default class.
      storageClassName: plan.storageClass ?? "",
      ...(plan.volume ? { volumeName: plan.volume.name } : {}),
      resources: { requests: { storage: plan.size } },
    },
  };
}
