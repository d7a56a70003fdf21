import { type KubeClient, PATCH_TYPES } from "./kube-client";
import { isNotFound } from "./kube-errors";
import type {
  JsonPatchOperation,
  ObjectPatch,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  StatefulSet,
  StorageClass,
} from "./resource-types";

/**
 * The resources the charms touch, one typed handle each. `get` answers undefined for an absent
 * object, `delete` false; every other failure is thrown (KubeApiError / KubeRequestError).
 */
export interface KubeResources {
  statefulSets: {
    get(name: string): Promise<StatefulSet | undefined>;
    /** Strategic merge (lists merged by key: volumes by name, volumeMounts by mountPath). */
    patch(name: string, patch: ObjectPatch): Promise<StatefulSet>;
    /** JSON Patch (lists by index: `test` first). Not retried: it may not apply twice. */
    jsonPatch(name: string, operations: JsonPatchOperation[]): Promise<StatefulSet>;
  };
  persistentVolumeClaims: {
    get(name: string): Promise<PersistentVolumeClaim | undefined>;
    create(claim: PersistentVolumeClaim): Promise<PersistentVolumeClaim>;
    /** JSON merge patch: lists are replaced whole (resize, labels). */
    patch(name: string, patch: ObjectPatch): Promise<PersistentVolumeClaim>;
    delete(name: string): Promise<boolean>;
  };
  persistentVolumes: {
    get(name: string): Promise<PersistentVolume | undefined>;
    create(volume: PersistentVolume): Promise<PersistentVolume>;
    /** JSON merge patch (`{spec:{claimRef:null}}` frees a Released volume). */
    patch(name: string, patch: ObjectPatch): Promise<PersistentVolume>;
    delete(name: string): Promise<boolean>;
  };
  storageClasses: { get(name: string): Promise<StorageClass | undefined> };
  pods: { get(name: string): Promise<Pod | undefined> };
}

const enc = encodeURIComponent;

async function getOrUndefined<T>(client: KubeClient, path: string): Promise<T | undefined> {
  try {
    return await client.request<T>({ method: "GET", path, idempotent: true });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function deleteOrFalse(client: KubeClient, path: string): Promise<boolean> {
  try {
    // Background: dependents go after the object, as kubectl's default.
    await client.request({
      method: "DELETE",
      path,
      body: { propagationPolicy: "Background" },
      idempotent: true,
    });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

function patchWith<T>(client: KubeClient, path: string, type: "strategic" | "merge", patch: ObjectPatch) {
  return client.request<T>({
    method: "PATCH",
    path,
    body: patch,
    contentType: PATCH_TYPES[type],
    idempotent: true,
  });
}

/** Typed handles over one client, in the client's namespace for namespaced kinds. */
export function kubeResources(client: KubeClient): KubeResources {
  const ns = `/api/v1/namespaces/${enc(client.namespace)}`;
  const sts = (name: string) => `/apis/apps/v1/namespaces/${enc(client.namespace)}/statefulsets/${enc(name)}`;
  const pvcs = `${ns}/persistentvolumeclaims`;
  const pvs = "/api/v1/persistentvolumes";
  return {
    statefulSets: {
      get: (name) => getOrUndefined(client, sts(name)),
      patch: (name, patch) => patchWith(client, sts(name), "strategic", patch),
      jsonPatch: (name, operations) =>
        client.request({
          method: "PATCH",
          path: sts(name),
          body: operations,
          contentType: PATCH_TYPES.json,
          idempotent: false,
        }),
    },
    persistentVolumeClaims: {
      get: (name) => getOrUndefined(client, `${pvcs}/${enc(name)}`),
      create: (claim) =>
        client.request({
          method: "POST",
          path: pvcs,
          body: { apiVersion: "v1", kind: "PersistentVolumeClaim", ...claim },
          idempotent: false,
        }),
      patch: (name, patch) => patchWith(client, `${pvcs}/${enc(name)}`, "merge", patch),
      delete: (name) => deleteOrFalse(client, `${pvcs}/${enc(name)}`),
    },
    persistentVolumes: {
      get: (name) => getOrUndefined(client, `${pvs}/${enc(name)}`),
      create: (volume) =>
        client.request({
          method: "POST",
          path: pvs,
          body: { apiVersion: "v1", kind: "PersistentVolume", ...volume },
          idempotent: false,
        }),
      patch: (name, patch) => patchWith(client, `${pvs}/${enc(name)}`, "merge", patch),
      delete: (name) => deleteOrFalse(client, `${pvs}/${enc(name)}`),
    },
    storageClasses: {
      get: (name) => getOrUndefined(client, `/apis/storage.k8s.io/v1/storageclasses/${enc(name)}`),
    },
    pods: { get: (name) => getOrUndefined(client, `${ns}/pods/${enc(name)}`) },
  };
}
