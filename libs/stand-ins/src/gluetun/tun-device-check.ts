import { readFileSync, statSync } from "node:fs";

// Gluetun opens /dev/net/tun and configures routes and the firewall at start: without the device or
// CAP_NET_ADMIN it logs the failure and exits 1. The stand-in checks the same two things.

const CAP_NET_ADMIN = 12n;

export interface TunCheckPaths {
  tunDevice?: string;
  procStatus?: string;
}

/** Gluetun's error line when the container cannot run a tunnel; undefined when it can. */
export function tunDeviceProblem(paths: TunCheckPaths = {}): string | undefined {
  const device = paths.tunDevice ?? "/dev/net/tun";
  try {
    if (!statSync(device).isCharacterDevice()) return `creating tun device: open ${device}: no such device`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `creating tun device: open ${device}: ${code === "ENOENT" ? "no such file or directory" : "permission denied"}`;
  }
  const status = readFileSync(paths.procStatus ?? "/proc/self/status", "utf8");
  const effective = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  if (effective === undefined || ((BigInt(`0x${effective}`) >> CAP_NET_ADMIN) & 1n) === 0n)
    return `creating tun device: open ${device}: operation not permitted`;
  return undefined;
}
