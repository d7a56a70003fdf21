import type { JsonObject } from "./json-value";

/** What the engine's provisioners need of a StorageClass. */
export interface StorageClassFixture {
  name: string;
  provisioner: string;
  reclaimPolicy: "Delete" | "Retain";
  volumeBindingMode: "Immediate" | "WaitForFirstConsumer";
  allowVolumeExpansion: boolean;
  /** Access modes its volumes support. */
  accessModes: readonly string[];
  isDefault: boolean;
}

/**
 * The classes a test cluster has: Rancher's `local-path` (node-local, RWO, bound at first
 * consumer, no expansion; the default class) and `nfs-csi` (shared RWX, bound at once, expandable).
 */
export const DEFAULT_STORAGE_CLASSES: readonly StorageClassFixture[] = [
  {
    name: "local-path",
    provisioner: "rancher.io/local-path",
    reclaimPolicy: "Delete",
    volumeBindingMode: "WaitForFirstConsumer",
    allowVolumeExpansion: false,
    accessModes: ["ReadWriteOnce", "ReadWriteOncePod"],
    isDefault: true,
  },
  {
    name: "nfs-csi",
    provisioner: "nfs.csi.k8s.io",
    reclaimPolicy: "Delete",
    volumeBindingMode: "Immediate",
    allowVolumeExpansion: true,
    accessModes: ["ReadWriteOnce", "ReadWriteMany", "ReadOnlyMany", "ReadWriteOncePod"],
    isDefault: false,
  },
];

/** The StorageClass object GET answers with. */
export function storageClassObject(fixture: StorageClassFixture, uid: string, created: string): JsonObject {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: {
      name: fixture.name,
      uid,
      resourceVersion: "1",
      creationTimestamp: created,
      ...(fixture.isDefault
        ? { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } }
        : {}),
    },
    provisioner: fixture.provisioner,
    reclaimPolicy: fixture.reclaimPolicy,
    volumeBindingMode: fixture.volumeBindingMode,
    allowVolumeExpansion: fixture.allowVolumeExpansion,
  };
}
