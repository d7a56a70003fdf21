import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { CredentialWorkload } from "../src/credential-workload";
import type { FakeCredentialApp } from "./fake-credential-workload";
import type { Token } from "./token-owner-definition";

/**
 * A FakeCredentialApp served over HTTP on loopback, so a keeper running as a real process
 * can reach it as a charm reaches its workload's API. Values travel in request bodies only.
 */
export async function serveCredentialApp(
  app: FakeCredentialApp,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", async () => {
      const reply = (status: number, value?: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(value === undefined ? "" : JSON.stringify(value));
      };
      const workload = app.workload();
      if (!workload) return reply(503);
      try {
        const input = body ? (JSON.parse(body) as { next?: Token; current?: Token; value?: Token }) : {};
        if (req.url === "/live") {
          const live = await workload.readLive?.();
          return workload.readLive ? reply(200, { live: live ?? null }) : reply(404);
        }
        if (req.url === "/apply" && input.next) {
          await workload.apply(input.next, input.current);
          return reply(204);
        }
        if (req.url === "/accepts" && input.value)
          return reply(200, { ok: await workload.accepts(input.value) });
        if (req.url === "/seed" && input.value) {
          if (app.credential === undefined) app.credential = input.value.token;
          return reply(204);
        }
        return reply(404);
      } catch (err) {
        return reply(500, { error: (err as Error).message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The keeper's side: the app's API as a CredentialWorkload; undefined when the app is down. */
export async function httpCredentialWorkload(
  url: string,
): Promise<{ workload: CredentialWorkload<Token> | undefined; seed(token: string): Promise<void> }> {
  const call = (path: string, body?: unknown) =>
    fetch(`${url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const probe = await call("/live").catch(() => undefined);
  const seed = async (token: string) => {
    await call("/seed", { value: { token } });
  };
  if (!probe || probe.status === 503) return { workload: undefined, seed };
  const readable = probe.status === 200;
  const workload: CredentialWorkload<Token> = {
    apply: async (next, current) => {
      const res = await call("/apply", { next, current });
      if (res.status !== 204) throw new Error(`the app refused the change (HTTP ${res.status})`);
    },
    accepts: async (value) => ((await (await call("/accepts", { value })).json()) as { ok: boolean }).ok,
    ...(readable
      ? {
          readLive: async () => {
            const { live } = (await (await call("/live")).json()) as { live: Token | null };
            return live ?? undefined;
          },
        }
      : {}),
  };
  return { workload, seed };
}
