import type { CharmContext } from "@charmarr/charm";

/** Where this unit's app listens and where others reach it. */
export interface AppAddress {
  /** The address the app binds to: the pod IP in Kubernetes, 127.<block>.x.y in the embedded engine. */
  bind: string;
  /** The address other applications use (published in relation data). */
  ingress: string;
}

const ADDRESS = Symbol("app address");

/**
 * The unit's addresses from `network-get juju-info` (every charm has that binding), asked once
 * per hook. The app binds to the unit's own address rather than 0.0.0.0: the engine's pods share
 * one network namespace, and in Kubernetes the pod IP is what the service routes to anyway.
 */
export function appAddress(ctx: CharmContext<unknown>): Promise<AppAddress> {
  return ctx.memo(ADDRESS, () =>
    ctx.tools.networkGet("juju-info").then((info) => {
      const bind = info.bindAddresses.flatMap((b) => b.addresses).find((a) => a.value)?.value;
      const ingress = info.ingressAddresses[0] ?? bind;
      if (!bind || !ingress) throw new Error("network-get juju-info gave no address for this unit");
      return { bind, ingress };
    }),
  );
}

/** `http://host:port`, with IPv6 hosts bracketed. */
export function httpUrl(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}
