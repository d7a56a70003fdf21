import type { CharmContext } from "@charmarr/charm";

/**
 * Where this unit's app is reached. The app itself binds every address of its pod, as an app in a
 * Kubernetes pod does (each charm writes its app's spelling of "all": `*`, `0.0.0.0`).
 */
export interface AppAddress {
  /** Where this charm talks to its app: the pod's loopback, which the charm container shares. */
  local: string;
  /**
   * Where other applications reach it, published in relation data: the unit's ingress address
   * (the pod IP). It changes when the pod is recreated; the new pod's hooks publish the new one
   * and the remote units get relation-changed (docs/interfaces.md).
   */
  ingress: string;
}

/** The pod's loopback: an IP rather than `localhost`, so nothing depends on name resolution. */
export const POD_LOOPBACK = "127.0.0.1";

const ADDRESS = Symbol("app address");

/** The unit's ingress address from `network-get juju-info` (every charm has that binding), asked once per hook. */
export function appAddress(ctx: CharmContext<unknown>): Promise<AppAddress> {
  return ctx.memo(ADDRESS, () =>
    ctx.tools.networkGet("juju-info").then((info) => {
      const bound = info.bindAddresses.flatMap((b) => b.addresses).find((a) => a.value)?.value;
      const ingress = info.ingressAddresses[0] ?? bound;
      if (!ingress) throw new Error("network-get juju-info gave no address for this unit");
      return { local: POD_LOOPBACK, ingress };
    }),
  );
}

/** `http://host:port`, with IPv6 hosts bracketed. */
export function httpUrl(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}
