export { type MediaStorageMount, type MediaStorageOptions, mountMediaStorage } from "./media-storage-mount";
export {
  makeMediaDirs,
  prepareMediaTree,
  sharedChmodMode,
  sharedDirMode,
  sharedFileMode,
} from "./media-tree";
export {
  mountPatch,
  type PodSpecView,
  SHARED_MOUNT_PATH,
  SHARED_VOLUME,
  type SharedVolumeState,
  sharedVolume,
  sharedVolumeState,
  unmountPatch,
} from "./shared-volume-template";
