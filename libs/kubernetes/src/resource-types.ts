/**
 * The parts of the Kubernetes objects the charms read and write (core/v1, apps/v1,
 * storage.k8s.io/v1), typed as far as we use them; the rest passes through untyped.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
}

export type AccessMode = "ReadWriteOnce" | "ReadOnlyMany" | "ReadWriteMany" | "ReadWriteOncePod";

export interface ObjectReference {
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
}

export interface PersistentVolumeClaim {
  apiVersion?: "v1";
  kind?: "PersistentVolumeClaim";
  metadata: ObjectMeta;
  spec: {
    accessModes?: AccessMode[];
    /** `""` binds only to PVs without a class; absent means the cluster's default class. */
    storageClassName?: string;
    volumeName?: string;
    volumeMode?: "Filesystem" | "Block";
    resources?: { requests?: { storage?: string } };
  };
  status?: {
    phase?: "Pending" | "Bound" | "Lost";
    accessModes?: AccessMode[];
    capacity?: { storage?: string };
  };
}

export interface PersistentVolume {
  apiVersion?: "v1";
  kind?: "PersistentVolume";
  metadata: ObjectMeta;
  spec: {
    capacity?: { storage?: string };
    accessModes?: AccessMode[];
    volumeMode?: "Filesystem" | "Block";
    persistentVolumeReclaimPolicy?: "Retain" | "Delete" | "Recycle";
    storageClassName?: string;
    claimRef?: ObjectReference | null;
    hostPath?: { path: string; type?: string };
    nfs?: { server: string; path: string; readOnly?: boolean };
    mountOptions?: string[];
  };
  status?: { phase?: "Pending" | "Available" | "Bound" | "Released" | "Failed"; message?: string };
}

export interface StorageClass {
  metadata: ObjectMeta;
  provisioner: string;
  reclaimPolicy?: "Retain" | "Delete";
  volumeBindingMode?: "Immediate" | "WaitForFirstConsumer";
  allowVolumeExpansion?: boolean;
}

export interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  [source: string]: unknown;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly?: boolean;
}

export interface Container {
  name: string;
  image?: string;
  volumeMounts?: VolumeMount[];
  [field: string]: unknown;
}

export interface PodSpec {
  volumes?: Volume[];
  containers: Container[];
  initContainers?: Container[];
  serviceAccountName?: string;
  [field: string]: unknown;
}

export interface StatefulSet {
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    serviceName?: string;
    template: { metadata?: Partial<ObjectMeta>; spec: PodSpec };
    [field: string]: unknown;
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    readyReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
  };
}

export interface Pod {
  metadata: ObjectMeta;
  spec: PodSpec;
  status?: {
    phase?: "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";
    podIP?: string;
    conditions?: { type: string; status: "True" | "False" | "Unknown"; reason?: string; message?: string }[];
  };
}

/** One RFC 6902 operation (JSON Patch); `test` an entry's key before removing it by index. */
export type JsonPatchOperation =
  | { op: "add" | "replace" | "test"; path: string; value: unknown }
  | { op: "remove"; path: string }
  | { op: "move" | "copy"; from: string; path: string };

/** A JSON merge patch or strategic-merge patch: a partial object (null deletes a key). */
export type ObjectPatch = Record<string, unknown>;
