// @charmarr/kubernetes: a small typed Kubernetes API client for charms (in-cluster config, the
// resources the charms touch, Status errors). It is bundled into every charm that uses it, so
// it stays small: node:https, no dependencies.
export { type ConnectOptions, connectInCluster, type Kube, type KubeConnection } from "./connect";
export {
  type InClusterConfig,
  type InClusterOptions,
  type InClusterResult,
  inClusterConfig,
  SERVICE_ACCOUNT_DIR,
} from "./in-cluster";
export {
  KubeClient,
  type KubeClientOptions,
  type KubeRequest,
  PATCH_TYPES,
  type PatchType,
} from "./kube-client";
export {
  isForbidden,
  isNotFound,
  KubeApiError,
  KubeRequestError,
  type StatusDetails,
  statusError,
} from "./kube-errors";
export {
  type FailureReporter,
  type KubeFailure,
  kubeFailure,
  reportKubeFailure,
  trustHint,
} from "./kube-failure";
export { type KubeResources, kubeResources } from "./kube-resources";
export { quantityBytes } from "./quantity";
export type * from "./resource-types";
