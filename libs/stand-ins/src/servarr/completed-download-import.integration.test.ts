import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  freePort,
  SEEDING_STATES,
  startTorrentSeeder,
  TorrentPeer,
  type TorrentSeeder,
} from "@charmarr/workloads/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, cleanUp, tempDir } from "./test-support";

// A download reaching the library, with real qbittorrent-nox on both ends: a seeder (the
// workloads' seeding fixture, its embedded tracker on loopback), a downloader standing in for the
// charm-managed qBittorrent, and the Radarr stand-in as a process (the bundle), polling every half
// second. The download and the library share one filesystem (TRaSH's /data tree), so the import is
// a hardlink and the torrent keeps seeding.

const ENTRY = join(import.meta.dirname, "../../bin/servarr.mjs");
const KEY = "0123456789abcdef0123456789abcdef";

let seeder: TorrentSeeder;
let downloader: TorrentPeer;
let radarr: ChildProcess;
let radarrUrl: string;
let stdout = "";
let data: string;

beforeAll(async () => {
  seeder = await startTorrentSeeder();
  downloader = await TorrentPeer.startPeer();
  data = tempDir("data-");
  mkdirSync(join(data, "torrents", "movies"), { recursive: true });
  mkdirSync(join(data, "media", "movies"), { recursive: true });
  const dataDir = tempDir("radarr-config-");
  const port = await freePort();
  writeFileSync(
    join(dataDir, "config.xml"),
    `<Config>\n  <Port>${port}</Port>\n  <BindAddress>127.0.0.1</BindAddress>\n  <ApiKey>${KEY}</ApiKey>\n</Config>\n`,
  );
  radarr = spawn(process.execPath, [ENTRY, "radarr", "-nobrowser", `-data=${dataDir}`], {
    env: { ...process.env, STAND_IN_DOWNLOAD_CHECK_INTERVAL_SECONDS: "0.5" },
  });
  radarr.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  for (let i = 0; i < 400 && !/Now listening on/.test(stdout); i++) await sleep(50);
  radarrUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  if (radarr && radarr.exitCode === null) {
    const exited = new Promise((resolve) => radarr.once("exit", resolve));
    radarr.kill("SIGTERM");
    await exited;
  }
  await downloader?.destroy();
  await seeder?.close();
  await cleanUp();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("Radarr stand-in: completed download handling with real qBittorrent", () => {
  it("imports the downloaded file into its root folder as a hardlink, once, while it keeps seeding", async () => {
    const downloads = join(data, "torrents", "movies");
    const root = join(data, "media", "movies");
    // The charm's part: qBittorrent's category on the shared tree, then the registrations.
    await downloader.api("torrents/createCategory", {
      body: new URLSearchParams({ category: "radarr", savePath: downloads }),
    });
    const client = await call(radarrUrl, "POST", "/api/v3/downloadclient", {
      key: KEY,
      body: {
        name: "qbittorrent",
        implementation: "QBittorrent",
        configContract: "QBittorrentSettings",
        enable: true,
        priority: 1,
        fields: [
          { name: "host", value: "127.0.0.1" },
          { name: "port", value: downloader.port },
          { name: "username", value: downloader.credentials.username },
          { name: "password", value: downloader.credentials.password },
          { name: "movieCategory", value: "radarr" },
        ],
      },
    });
    expect(client.status).toBe(201);
    expect(
      (await call(radarrUrl, "POST", "/api/v3/rootfolder", { key: KEY, body: { path: root } })).status,
    ).toBe(201);

    await downloader.addTorrent(seeder.torrent, { savePath: downloads, category: "radarr" });
    await downloader.waitForTorrent(seeder.infoHash, (t) => t.progress === 1, 60_000);

    const source = join(downloads, seeder.name);
    const target = join(root, "Charmarr Test Movie (2024)", seeder.name);
    for (let i = 0; i < 200 && !statSync(target, { throwIfNoEntry: false }); i++) await sleep(50);
    expect(statSync(target).ino).toBe(statSync(source).ino);
    expect(createHash("sha256").update(readFileSync(target)).digest("hex")).toBe(seeder.contentSha256);
    expect(stdout).toContain(`[Info] MovieFileMovingService: Hardlinking movie file: ${source} to ${target}`);

    // More polls: still one import; the torrent still seeds from its own path.
    await sleep(1500);
    const history = await call(radarrUrl, "GET", "/api/v3/history?eventType=3", { key: KEY });
    expect(history.json).toMatchObject({
      totalRecords: 1,
      records: [{ downloadId: seeder.infoHash.toUpperCase(), eventType: "downloadFolderImported" }],
    });
    const torrent = await downloader.torrent(seeder.infoHash);
    expect(SEEDING_STATES.has(torrent?.state ?? "")).toBe(true);
    expect(statSync(source).nlink).toBe(2);
    expect((await call(radarrUrl, "GET", "/api/v3/health", { key: KEY })).json).toEqual([]);
  });
});
