import { gluetunCharm } from "./gluetun-charm";

/** The charm as Juju runs it: the Kubernetes API from the pod's in-cluster settings. */
export default gluetunCharm();
