import { networkInterfaces } from "node:os";

// The "exit IP": with no VPN, a connection the proxy forwards leaves from the pod's own address,
// so that is what Gluetun's public IP lookup would report.

/** The first non-internal IPv4 address of this network namespace; "" when there is none. */
export function podAddress(interfaces = networkInterfaces()): string {
  for (const addresses of Object.values(interfaces))
    for (const address of addresses ?? [])
      if (address.family === "IPv4" && !address.internal) return address.address;
  return "";
}
