import type { PodTemplateChange } from "@charmarr/app-charm";
import type { PodSpec } from "@charmarr/kubernetes";
import { CONTAINER } from "./gluetun-app";

// What a tunnel needs of the pod (specs/kubernetes-and-storage.md §3.4): the NET_ADMIN capability
// in the gluetun container (routes, firewall rules, the tun interface) and the node's TUN device,
// a hostPath CharDevice volume at /dev/net/tun. No privileged container, nothing in other containers.

export const TUN_VOLUME = "dev-net-tun";
export const TUN_PATH = "/dev/net/tun";
const CAPABILITY = "NET_ADMIN";

interface SecurityContextView {
  capabilities?: { add?: string[] };
}

function gluetunContainer(spec: PodSpec) {
  return spec.containers.find((c) => c.name === CONTAINER);
}

function capabilitiesOf(spec: PodSpec): string[] {
  const context = gluetunContainer(spec)?.securityContext as SecurityContextView | undefined;
  return context?.capabilities?.add ?? [];
}

/** Has this pod spec the capability, the device volume and its mount? */
export function hasTunDevice(spec: PodSpec): boolean {
  const volume = spec.volumes?.find((v) => v.name === TUN_VOLUME) as
    | { hostPath?: { path?: string; type?: string } }
    | undefined;
  const mount = gluetunContainer(spec)?.volumeMounts?.find((m) => m.mountPath === TUN_PATH);
  return (
    capabilitiesOf(spec).includes(CAPABILITY) &&
    volume?.hostPath?.path === TUN_PATH &&
    volume.hostPath.type === "CharDevice" &&
    mount?.name === TUN_VOLUME &&
    mount.readOnly !== true &&
    !mount.subPath
  );
}

/**
 * The strategic merge patch: the volume (by name), the mount (by path) and the capability. A
 * capability list is replaced whole by a strategic merge, so the ones already there are kept.
 */
export function tunDevicePatch(template: PodSpec): Record<string, unknown> {
  const add = [...new Set([...capabilitiesOf(template), CAPABILITY])];
  return {
    spec: {
      template: {
        spec: {
          volumes: [{ name: TUN_VOLUME, hostPath: { path: TUN_PATH, type: "CharDevice" } }],
          containers: [
            {
              name: CONTAINER,
              securityContext: { capabilities: { add } },
              volumeMounts: [{ name: TUN_VOLUME, mountPath: TUN_PATH }],
            },
          ],
        },
      },
    },
  };
}

export const tunDevice: PodTemplateChange = {
  present: hasTunDevice,
  patch: tunDevicePatch,
  restarting: "Restarting to add NET_ADMIN and /dev/net/tun to the gluetun container",
  patched: "patched the pod template: NET_ADMIN and /dev/net/tun for the gluetun container",
};
