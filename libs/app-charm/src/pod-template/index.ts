export {
  ensureOwnPodTemplate,
  type PodTemplateChange,
  patchOwnPodTemplate,
  podName,
  withKube,
} from "./own-pod-template";
