export { GPU_VOLUME, reconcileGpuDevices } from "./host-gpu-devices";
export { type KubeSessionOptions, podName, withKube } from "./kube-session";
export {
  type PodSpecView,
  removeTemplateVolumePatch,
  type TemplateVolume,
  type TemplateVolumeState,
  templateVolumePatch,
  templateVolumeState,
  type VolumeSource,
} from "./template-volume";
export { ensureTemplateVolume, removeTemplateVolume } from "./template-volume-mount";
