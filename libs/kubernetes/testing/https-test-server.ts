import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { testCertificate } from "./test-certificate";

export type TestHandler = (
  req: IncomingMessage & { body: string },
  res: ServerResponse,
) => void | Promise<void>;

export interface HttpsTestServer {
  host: string;
  port: number;
  /** The CA that verifies it (PEM). */
  ca: string;
  server: Server;
  close(): Promise<void>;
}

/** An HTTPS server on 127.0.0.1 (or `host`), certified by testCertificate(). */
export async function httpsTestServer(handler: TestHandler, host = "127.0.0.1"): Promise<HttpsTestServer> {
  const { cert, key } = testCertificate();
  const server = createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const withBody = Object.assign(req, { body: Buffer.concat(chunks).toString("utf8") });
      Promise.resolve(handler(withBody, res)).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host,
    port,
    ca: cert,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
