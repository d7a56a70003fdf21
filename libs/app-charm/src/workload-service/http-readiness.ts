import { request } from "node:http";

/**
 * Does something serve HTTP at `url`? Any answer below 500 counts (an app that asks for
 * credentials is up); a refused connection, a timeout or a 5xx does not. Never follows redirects
 * and never sends credentials.
 */
export function answersHttp(url: string, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: "GET", timeout: timeoutMs, headers: { Connection: "close" } },
      (res) => {
        res.resume();
        resolve((res.statusCode ?? 500) < 500);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve(false));
    req.end();
  });
}

/** Poll until the app answers or `deadlineMs` passed; true when it answered. */
export async function waitUntilServing(
  url: string,
  { deadlineMs = 60_000, intervalMs = 100 }: { deadlineMs?: number; intervalMs?: number } = {},
): Promise<boolean> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    if (await answersHttp(url, Math.min(2_000, Math.max(100, until - Date.now())))) return true;
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
