import { type InClusterOptions, inClusterConfig } from "./in-cluster";
import { KubeClient, type KubeClientOptions } from "./kube-client";
import { type KubeResources, kubeResources } from "./kube-resources";

/** The API as a charm uses it: typed resources in the model's namespace. */
export interface Kube extends KubeResources {
  readonly namespace: string;
  readonly client: KubeClient;
  /** Drop kept-alive connections (end of hook). */
  close(): void;
}

export type KubeConnection = { ok: true; kube: Kube } | { ok: false; reason: string };

export type ConnectOptions = InClusterOptions & KubeClientOptions;

/**
 * The cluster this pod runs in, from its environment and service-account files (token read
 * now: call it once per hook). Outside a cluster: `{ok:false, reason}`, never a throw.
 */
export async function connectInCluster(options: ConnectOptions = {}): Promise<KubeConnection> {
  const found = await inClusterConfig(options);
  if (!found.ok) return found;
  const client = new KubeClient(found.config, options);
  return {
    ok: true,
    kube: { ...kubeResources(client), namespace: client.namespace, client, close: () => client.close() },
  };
}
