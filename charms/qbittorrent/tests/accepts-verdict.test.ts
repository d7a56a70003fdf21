// qbittorrentAccepts (the tests' "is this password refused?" probe) says false only when the app
// refused the login: an app that is down, banning, or failing otherwise makes the probe throw, so
// a test asserting a refusal cannot pass without the app.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { QbittorrentBannedError } from "@charmarr/workloads";
import { afterEach, describe, expect, it } from "vitest";
import { qbittorrentAccepts } from "../testing/qbittorrent-stack";

const creds = { username: "charm", password: "a-password-of-32-characters-long" };
let server: Server | undefined;

afterEach(async () => {
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

/** A qBittorrent WebUI stand-in whose login answers `status` `body` (and whose API works). */
async function webUi(status: number, body: string): Promise<string> {
  server = createServer((req, res) => {
    if (req.url?.endsWith("/auth/login")) {
      res.writeHead(status, body === "Ok." ? { "set-cookie": "SID=abc; HttpOnly; path=/" } : {});
      res.end(body);
    } else if (req.url?.endsWith("/auth/logout")) res.end();
    else res.end("v4.6.3");
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("qbittorrentAccepts", () => {
  it("true when the login and a call go through", async () => {
    expect(await qbittorrentAccepts(await webUi(200, "Ok."), creds)).toBe(true);
  });

  it("false when the app refuses the login (200 or 401 `Fails.`)", async () => {
    expect(await qbittorrentAccepts(await webUi(200, "Fails."), creds)).toBe(false);
    await new Promise((r) => server!.close(r));
    expect(await qbittorrentAccepts(await webUi(401, "Fails."), creds)).toBe(false);
  });

  it("throws when the app is not there, bans this address or fails otherwise", async () => {
    const url = await webUi(200, "Ok.");
    await new Promise((r) => server!.close(r));
    server = undefined;
    await expect(qbittorrentAccepts(url, creds)).rejects.toThrow();
    await expect(
      qbittorrentAccepts(
        await webUi(403, "Your IP address has been banned after too many failed authentication attempts."),
        creds,
      ),
    ).rejects.toBeInstanceOf(QbittorrentBannedError);
    await new Promise((r) => server!.close(r));
    await expect(qbittorrentAccepts(await webUi(500, "Internal Server Error"), creds)).rejects.toThrow();
  });
});
