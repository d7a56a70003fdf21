import { request } from "node:http";
import { isIP } from "node:net";
import { VPN_PROXY_PORT } from "@charmarr/interfaces";
import { CONTROL_URL, HEALTH_URL } from "./gluetun-app";

/** One HTTP answer: status and body; undefined when nothing answered. */
async function call(
  url: string,
  options: { headers?: Record<string, string>; path?: string; timeoutMs?: number } = {},
): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: options.path ?? `${target.pathname}${target.search}`,
        method: "GET",
        timeout: options.timeoutMs ?? 3_000,
        headers: { Connection: "close", ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", () => resolve(undefined));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve(undefined));
    req.end();
  });
}

function jsonField(body: string, field: string): string | undefined {
  try {
    const value = (JSON.parse(body) as Record<string, unknown>)[field];
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

/** What the charm tells the related apps: is the tunnel up, and where does traffic leave from. */
export interface TunnelState {
  tunnel: "up" | "down";
  exitIp?: string;
  /** Why it is down, for the status (never a secret). */
  why?: string;
}

/**
 * The tunnel as Gluetun reports it through its control server (X-API-Key, the charm's role):
 * up when the VPN is `running` and the health server says the connection works; the exit IP
 * from Gluetun's public IP lookup, when it has one.
 */
export async function tunnelState(apiKey: string): Promise<TunnelState> {
  const headers = { "X-API-Key": apiKey };
  const [vpn, ip, health] = await Promise.all([
    call(`${CONTROL_URL}/v1/vpn/status`, { headers }),
    call(`${CONTROL_URL}/v1/publicip/ip`, { headers }),
    call(HEALTH_URL),
  ]);
  if (!vpn) return { tunnel: "down", why: "Gluetun's control server does not answer" };
  if (vpn.status === 401) return { tunnel: "down", why: "Gluetun refuses the charm's control API key" };
  const status = vpn.status === 200 ? jsonField(vpn.body, "status") : undefined;
  const exit = ip?.status === 200 ? jsonField(ip.body, "public_ip") : undefined;
  const exitIp = exit && isIP(exit) !== 0 ? exit : undefined;
  if (status !== "running") return { tunnel: "down", why: `VPN ${status ?? "status unknown"}` };
  if (health?.status !== 200) return { tunnel: "down", why: "Gluetun's health check fails" };
  return { tunnel: "up", ...(exitIp ? { exitIp } : {}) };
}

/**
 * Does Gluetun's HTTP proxy take these credentials? One request through it (to its own health
 * server, so nothing leaves the pod): 407 (no or unusable credentials) or 401 (wrong ones) is a
 * refusal, any other answer a yes. Waits up to `waitMs` for the proxy to listen (after a restart).
 */
export async function proxyAccepts(
  credentials: { username: string; password: string },
  waitMs = 20_000,
): Promise<boolean> {
  const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
  const until = Date.now() + waitMs;
  for (;;) {
    const answer = await call(`http://127.0.0.1:${VPN_PROXY_PORT}`, {
      path: HEALTH_URL,
      headers: { "Proxy-Authorization": `Basic ${auth}`, Host: new URL(HEALTH_URL).host },
    });
    if (answer) return answer.status !== 407 && answer.status !== 401;
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
}
