// The engine's Kubernetes API subset: what a charm meets in a Juju pod (in-cluster config,
// StatefulSet patches, claims and volumes), with the pods and rollouts behind it.

export type { JsonObject, JsonValue } from "./json-value";
export {
  KubeApi,
  type KubeRequest,
  type KubeRequestFault,
  type KubeRequestRecord,
  type KubeResponse,
} from "./kube-api";
export { type KubeApiServer, type KubeApiServerOptions, startKubeApiServer } from "./kube-api-server";
export { allowedByJujuRbac, serviceAccountUser } from "./kube-rbac";
export { type KubeTls, makeKubeTls } from "./kube-tls";
export {
  KubernetesCluster,
  type KubernetesClusterOptions,
  type KubernetesClusterSnapshot,
  podName,
} from "./kubernetes-cluster";
export { PersistentStorage, type PersistentStorageSnapshot } from "./persistent-volumes";
export { SERVICE_ACCOUNT_DIR, type ServiceAccount, ServiceAccounts } from "./service-accounts";
export { jujuStatefulSet, templateRevision } from "./stateful-set";
export { KubeApiError, type KubeStatus, type StatusCause } from "./status-objects";
export { DEFAULT_STORAGE_CLASSES, type StorageClassFixture } from "./storage-classes";
