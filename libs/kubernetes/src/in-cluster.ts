import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** Where Kubernetes mounts a pod's service-account token, CA bundle and namespace. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/** How a pod reaches the API server, from its environment and service-account files. */
export interface InClusterConfig {
  /** `https://<host>:<port>`, an IPv6 host in brackets. */
  server: string;
  /** The model's namespace (equals JUJU_MODEL_NAME). */
  namespace: string;
  /** PEM CA bundle that signed the API server's certificate. */
  ca: string;
  /** The bearer token. Kept off every log: only the client reads it. */
  readonly token: string;
}

/** The config, or why this is not a pod of a cluster (the charm turns that into Blocked). */
export type InClusterResult = { ok: true; config: InClusterConfig } | { ok: false; reason: string };

export interface InClusterOptions {
  /** Defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Defaults to SERVICE_ACCOUNT_DIR; tests point it at a directory of their own. */
  root?: string;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * The in-cluster settings, as client-go's InClusterConfig reads them. The token is read anew on
 * every call (kubelet rotates the projected token), so a charm loads this once per hook.
 * Never throws: missing variables or files are a reason, not an exception in the hook.
 */
export async function inClusterConfig(options: InClusterOptions = {}): Promise<InClusterResult> {
  const env = options.env ?? process.env;
  const root = options.root ?? SERVICE_ACCOUNT_DIR;
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    return {
      ok: false,
      reason: "KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT are not set: not in a Kubernetes pod",
    };
  }
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
    return { ok: false, reason: `KUBERNETES_SERVICE_PORT is not a port number` };
  }
  const [token, ca, namespace] = await Promise.all(
    ["token", "ca.crt", "namespace"].map((file) => readOptional(join(root, file))),
  );
  if (!token?.trim()) return { ok: false, reason: `no service-account token in ${root}` };
  if (!ca?.trim()) return { ok: false, reason: `no CA bundle (ca.crt) in ${root}` };
  if (!namespace?.trim()) return { ok: false, reason: `no namespace file in ${root}` };
  const server = `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const config = { server, namespace: namespace.trim(), ca } as InClusterConfig;
  // Not enumerable: a config that reaches a log record or JSON.stringify leaves the token out.
  Object.defineProperty(config, "token", { value: token.trim(), enumerable: false });
  return { ok: true, config };
}
