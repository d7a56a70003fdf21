// The pod side of the embedded Juju: workload containers with their images' files, storage and Pebble.
export { BUILTIN_IMAGES, CHARM_BASE_IMAGE } from "./builtin-images";
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
export {
  type PodMetadata,
  type PodStorage,
  startWorkloadPod,
  type WorkloadContainer,
  type WorkloadPod,
  WorkloadPodError,
  type WorkloadPodOptions,
} from "./workload-pod";
