import type { CharmContext } from "@charmarr/charm";
import { type ConnectOptions, connectInCluster, type Kube, reportKubeFailure } from "@charmarr/kubernetes";

/** Where the tests' Kubernetes API is; a charm in a pod uses its in-cluster settings. */
export interface KubeSessionOptions {
  kubernetes?: ConnectOptions;
}

/**
 * Runs `use` with this hook's API connection; false (a status set) when it cannot be had or a
 * call failed the way Kubernetes calls fail (no trust, API down).
 */
export async function withKube(
  ctx: CharmContext<unknown>,
  options: KubeSessionOptions,
  use: (kube: Kube) => Promise<boolean>,
): Promise<boolean> {
  const connected = await connectInCluster(options.kubernetes);
  if (!connected.ok) {
    ctx.status.blocked(`cannot reach the Kubernetes API: ${connected.reason}`);
    return false;
  }
  try {
    return await use(connected.kube);
  } catch (err) {
    if (!reportKubeFailure(ctx, ctx.app.name, err)) throw err;
    return false;
  } finally {
    connected.kube.close();
  }
}

/** This unit's pod, as Kubernetes names a StatefulSet's pods. */
export const podName = (ctx: CharmContext<unknown>) => `${ctx.app.name}-${ctx.unit.number}`;
