export { GPU_VOLUME, reconcileGpuDevices } from "./host-gpu-devices";
export {
  ensureOwnPodTemplate,
  type KubeSessionOptions,
  type PodTemplateChange,
  patchOwnPodTemplate,
  podName,
  withKube,
} from "./own-pod-template";
export {
  ensureTemplateVolume,
  hasTemplateVolume,
  type PodSpecView,
  removeTemplateVolume,
  removeTemplateVolumePatch,
  type TemplateVolume,
  type TemplateVolumeState,
  templateVolumeChange,
  templateVolumePatch,
  templateVolumeRemoval,
  templateVolumeState,
  type VolumeSource,
} from "./template-volume";
