// The pod side of the embedded Juju: workload containers with their images' files, storage and
// Pebble, and the pods' network (a namespace per pod, names, Services).
export { BUILTIN_IMAGES, CHARM_BASE_IMAGE } from "./builtin-images";
export { ClusterNetwork, type ClusterView, type PodAttachment } from "./cluster-network";
export { type DebianPackage, installCommand, MissingPackageError } from "./debian-packages";
export {
  type HostCommand,
  ImageCatalog,
  ImageCatalogError,
  type ImageEntry,
  type ImageGroup,
  type ImageLauncher,
  type ImageUser,
  imageCatalog,
  type LauncherLanguage,
  type ResolvedImage,
  type ResolvedLauncher,
  registerStandIn,
  StandInNotRegisteredError,
  UnknownImageError,
} from "./image-catalog";
export {
  type ImageReference,
  ImageReferenceError,
  imageRepository,
  parseImageReference,
} from "./image-reference";
export { CLUSTER_DOMAIN, type ClusterNames, podHostsFile, podResolvConf } from "./pod-hosts-file";
export {
  createPodNetwork,
  type PodNamespace,
  type PodNetwork,
  PodNetworkError,
  type PodNetworkOptions,
  sweepStalePodNetworks,
} from "./pod-network";
export { type ServiceProxy, serviceProxy } from "./service-proxy";
export {
  type PodMetadata,
  type PodNetworkAttachment,
  type PodStorage,
  startWorkloadPod,
  type WorkloadContainer,
  type WorkloadPod,
  WorkloadPodError,
  type WorkloadPodOptions,
} from "./workload-pod";
