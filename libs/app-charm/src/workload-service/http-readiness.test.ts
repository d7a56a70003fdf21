import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { answersHttp, waitUntilServing } from "./http-readiness";

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

function serve(status: number, port = 0): Promise<string> {
  server = createServer((_req, res) => res.writeHead(status).end("x"));
  return new Promise((done) =>
    server?.listen(port, "127.0.0.1", () =>
      done(`http://127.0.0.1:${(server?.address() as AddressInfo).port}`),
    ),
  );
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, "127.0.0.1", done));
  const { port } = probe.address() as AddressInfo;
  await new Promise((done) => probe.close(done));
  return port;
}

describe("http readiness", () => {
  it("counts any answer below 500 as serving, credentials asked included", async () => {
    expect(await answersHttp(await serve(200))).toBe(true);
    await new Promise((done) => server?.close(done));
    expect(await answersHttp(await serve(401))).toBe(true);
  });

  it("does not count a 5xx or a refused connection", async () => {
    expect(await answersHttp(await serve(503))).toBe(false);
    expect(await answersHttp(`http://127.0.0.1:${await freePort()}`)).toBe(false);
  });

  it("waits for an app that starts late, and gives up at the deadline", async () => {
    const port = await freePort();
    setTimeout(() => void serve(204, port), 300);
    expect(await waitUntilServing(`http://127.0.0.1:${port}`, { deadlineMs: 5_000, intervalMs: 50 })).toBe(
      true,
    );
    const closed = await freePort();
    const started = Date.now();
    expect(await waitUntilServing(`http://127.0.0.1:${closed}`, { deadlineMs: 300, intervalMs: 50 })).toBe(
      false,
    );
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
