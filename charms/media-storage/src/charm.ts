import { mediaStorageCharm } from "./media-storage-charm";

/** The charm as Juju runs it: the API from the pod's in-cluster settings. */
export default mediaStorageCharm();
