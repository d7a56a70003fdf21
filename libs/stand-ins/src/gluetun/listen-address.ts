import { isIP } from "node:net";

// Gluetun's listening addresses are Go `host:port` strings: ":8000" (every address), "127.0.0.1:9999",
// "[::1]:8000". An empty host means every address of the pod.

export interface ListenAddress {
  /** undefined: every address. */
  host: string | undefined;
  port: number;
}

/** Parses `host:port`; undefined when it is not one. */
export function parseListenAddress(value: string): ListenAddress | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value);
  if (!match) return undefined;
  const host = match[1] ?? match[2] ?? "";
  const port = Number(match[3]);
  if (port > 65535) return undefined;
  if (match[1] !== undefined && isIP(host) !== 6) return undefined;
  if (host !== "" && host !== "localhost" && isIP(host) === 0) return undefined;
  return { host: host === "" ? undefined : host, port };
}
