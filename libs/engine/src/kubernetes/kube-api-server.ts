import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { KubeApi, type KubeResponse } from "./kube-api";
import type { KubernetesCluster } from "./kubernetes-cluster";

export interface KubeApiServerOptions {
  /** Listen address; default 127.0.0.1 (the server certificate must name it). */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
}

/** The engine's Kubernetes API over HTTPS, as a pod meets it at KUBERNETES_SERVICE_HOST:_PORT. */
export interface KubeApiServer {
  readonly api: KubeApi;
  readonly cluster: KubernetesCluster;
  readonly host: string;
  readonly port: number;
  /** `https://<host>:<port>` (IPv6 bracketed). */
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY = 3 * 1024 * 1024;

/** Starts the HTTPS server with the cluster's CA-signed certificate; JSON in, JSON out. */
export async function startKubeApiServer(
  cluster: KubernetesCluster,
  options: KubeApiServerOptions = {},
): Promise<KubeApiServer> {
  const api = new KubeApi(cluster);
  const server: Server = createServer(
    { cert: cluster.tls.serverCert, key: cluster.tls.serverKey },
    (req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY) chunks.push(chunk);
      });
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "https://kubernetes");
        let answer: KubeResponse;
        if (url.pathname === "/version") {
          answer = {
            code: 200,
            body: { major: "1", minor: "31", gitVersion: "v1.31.0", platform: "linux/amd64" },
          };
        } else {
          answer = api.handle({
            method: req.method ?? "GET",
            path: url.pathname,
            query: url.searchParams,
            headers: {
              ...(req.headers.authorization === undefined
                ? {}
                : { authorization: req.headers.authorization }),
              ...(req.headers["content-type"] === undefined
                ? {}
                : { contentType: req.headers["content-type"] }),
            },
            body: Buffer.concat(chunks).toString("utf8"),
          });
        }
        const body = JSON.stringify(answer.body);
        // Exactly application/json: lightkube raises ApiError only for that content type.
        res.writeHead(answer.code, {
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(body),
          "Cache-Control": "no-cache, private",
          ...answer.headers,
        });
        res.end(body);
      });
    },
  );
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    api,
    cluster,
    host,
    port,
    url: `https://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
