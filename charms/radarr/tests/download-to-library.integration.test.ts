/**
 * A download reaches the library. A second, local qBittorrent seeds a file with its embedded
 * tracker on an engine address (DHT, LSD, PeX, UPnP off); the charm-managed REAL qBittorrent, in
 * a pod of its own, downloads it into Radarr's category on the shared volume; the Radarr
 * stand-in, in another pod, imports it into its root folder as a hardlink (same inode), owned by
 * the stack's PUID:PGID and readable by the other pods; Plex (its stand-in, claimed through the
 * model's proxy) finds it in Radarr's library; every pod is recreated and the files stay.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { PGID, PUID } from "@charmarr/media-storage-charm/testing";
import {
  deployClaimedPlex,
  type PackedPlex,
  packPlex,
  plexClient,
  plexModel,
} from "@charmarr/plex-charm/testing";
import { deployServarr, type PackedCharms, packServarrCharms } from "@charmarr/prowlarr-charm/testing";
import { packQbittorrent, webUiSession } from "@charmarr/qbittorrent-charm/testing";
import type { TestModel } from "@charmarr/testing";
import { startTorrentSeeder, type TorrentSeeder } from "@charmarr/workloads/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const QBT_CONF = "/config/qBittorrent/config/qBittorrent.conf";

let servarr: PackedCharms;
let qbittorrent: { charmFile: string; close(): void };
let plex: PackedPlex;
let m: TestModel | undefined;
let closeStack: (() => Promise<void>) | undefined;
let seeder: TorrentSeeder | undefined;

beforeAll(async () => {
  [servarr, qbittorrent, plex] = await Promise.all([
    packServarrCharms(["radarr"]),
    packQbittorrent(),
    packPlex(),
  ]);
}, 300_000);
afterAll(() => {
  servarr?.close();
  qbittorrent?.close();
  plex?.close();
});
afterEach(async () => {
  await seeder?.close();
  seeder = undefined;
  await closeStack?.();
  closeStack = undefined;
  m = undefined;
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("a download reaches the library", () => {
  it(
    "qBittorrent downloads into Radarr's category; Radarr imports a hardlink; every pod is recreated and the files stay",
    { timeout: 300_000 },
    async () => {
      // The model of the Plex tests: the shared storage, and plex.tv behind the model's proxy.
      const stack = await plexModel();
      const model = stack.m;
      m = model;
      closeStack = () => stack.close();
      const { storage } = stack;
      model.deploy("qbittorrent", {
        charmFile: qbittorrent.charmFile,
        trust: true,
        config: { "peer-discovery": false, "kill-switch": false },
      });
      model.declareCredentialFile("qbittorrent/0", "qbittorrent", QBT_CONF);
      model.declareCredentialFile(
        "qbittorrent/0",
        "qbittorrent",
        "/config/qBittorrent/config/qBittorrent_new.conf",
      );
      model.integrate("storage:media-storage", "qbittorrent:media-storage");
      deployServarr(model, servarr, "radarr");
      model.integrate("radarr:download-client", "qbittorrent:download-client");
      deployClaimedPlex(stack, plex.file);
      model.integrate("radarr:media-manager", "plex:media-manager");
      const deployStarted = Date.now();
      await model.settle();
      const deployMs = Date.now() - deployStarted;
      for (const unit of ["storage/0", "qbittorrent/0", "radarr/0", "plex/0"]) {
        expect(model.unitStatus(unit).status, `${unit}: ${model.unitStatus(unit).message}`).toBe("active");
      }
      expect(model.hookLog.filter((h) => h.result !== "ok")).toEqual([]);

      // The seeder on an address of the engine's pod bridge: the pods reach it, nothing leaves the machine.
      const bridge = await model.agents.podProvider?.hostService?.();
      if (!bridge) throw new Error("the pods have no network of their own");
      const started = Date.now();
      seeder = await startTorrentSeeder({
        listenAddress: bridge.address,
        fileName: "Charmarr.Test.Movie.2024.1080p.WEB-DL.mkv",
      });

      const qbt = await webUiSession(
        `http://${model.model.unit("qbittorrent/0").address}:8080`,
        model.secret("credentials", { owner: "qbittorrent" })?.content() ?? {},
      );
      await qbt.add(seeder.torrent, "radarr");
      const done = await until("the download", async () => {
        const t = await qbt.torrent(seeder?.infoHash ?? "");
        return t && t.progress === 1 ? t : undefined;
      });
      expect(done.content_path).toBe(`/data/torrents/movies/${seeder.name}`);
      const downloaded = join(storage.hostDir, "torrents", "movies", seeder.name);

      // Radarr's completed-download handling (the periodic check, run now through its API).
      const radarrUrl = `http://${model.model.unit("radarr/0").address}:7878`;
      const apiKey = model.secret("api-key", { owner: "radarr" })?.content()["api-key"] ?? "";
      const command = await fetch(`${radarrUrl}/api/v3/command`, {
        method: "POST",
        headers: { "X-Api-Key": apiKey, "content-type": "application/json" },
        body: JSON.stringify({ name: "RefreshMonitoredDownloads" }),
      });
      expect(command.status).toBe(201);
      const imported = join(storage.hostDir, "media", "movies", "Charmarr Test Movie (2024)", seeder.name);
      await until("the import", async () => {
        try {
          return statSync(imported);
        } catch {
          return undefined;
        }
      });
      const importMs = Date.now() - started;

      // A hardlink, not a copy: one inode, two names; the stack's ids; readable by the group.
      const [source, target] = [statSync(downloaded), statSync(imported)];
      expect(target.ino).toBe(source.ino);
      expect(target.nlink).toBe(2);
      expect([target.uid, target.gid]).toEqual([PUID, PGID]);
      expect(target.mode & 0o040).toBe(0o040);
      const folder = statSync(join(storage.hostDir, "media", "movies", "Charmarr Test Movie (2024)"));
      expect([folder.uid, folder.gid, (folder.mode & 0o777).toString(8)]).toEqual([PUID, PGID, "775"]);

      // Plex's library for Radarr (made from media-manager) finds the imported movie at Radarr's path.
      const plexApi = await plexClient(model);
      const movies = (await plexApi.sections()).find((section) => section.title === "radarr");
      expect(movies?.locations).toEqual(["/data/media/movies"]);
      await plexApi.scanSection(movies?.key ?? "");
      expect(await plexApi.sectionFiles(movies?.key ?? "")).toEqual([
        `/data/media/movies/Charmarr Test Movie (2024)/${seeder.name}`,
      ]);
      const inPlexMs = Date.now() - started;

      // Every pod is recreated: the files and the link stay.
      for (const unit of ["storage/0", "qbittorrent/0", "radarr/0"]) model.restartPod(unit);
      await model.settle();
      expect(statSync(imported).ino).toBe(source.ino);
      expect(statSync(downloaded).nlink).toBe(2);
      expect(model.hookLog.filter((h) => h.result !== "ok")).toEqual([]);

      console.log(
        JSON.stringify({
          figure: "download-to-library",
          deployToActiveMs: deployMs,
          seederToImportedHardlinkMs: importMs,
          seederToInPlexLibraryMs: inPlexMs,
          hooksRun: model.hookLog.length,
        }),
      );
    },
  );
});
