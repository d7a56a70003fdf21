import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { isPrivateAddress } from "./private-address";

// Where a proxied request goes: resolved first, then refused unless the address is inside this
// machine's networks, so no test ever reaches the internet through the stand-in.

export type Destination = { ok: true; address: string; port: number } | { ok: false; reason: string };

/** Splits `host:port` (`[v6]:port`); undefined when it is not one. */
export function splitHostPort(value: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!host || !(port > 0 && port <= 65535)) return undefined;
  return { host, port };
}

export async function resolveDestination(host: string, port: number): Promise<Destination> {
  let address = host;
  if (isIP(host) === 0) {
    try {
      address = (await lookup(host)).address;
    } catch {
      return { ok: false, reason: `cannot resolve ${host}` };
    }
  }
  if (!isPrivateAddress(address))
    return {
      ok: false,
      reason: `${host} is outside this machine's networks: the stand-in does not forward there`,
    };
  return { ok: true, address, port };
}
