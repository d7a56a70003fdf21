import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEEDING_STATES, TorrentPeer } from "../../testing/torrent-peer";
import { startTorrentSeeder, type TorrentSeeder } from "../../testing/torrent-seeder";

// The seeding fixture (libs/workloads/testing/torrent-seeder.ts) with two real qbittorrent-nox:
// the seeder with its embedded tracker, and a plain leecher that has only the .torrent. Loopback
// only; DHT, LSD, PeX and UPnP off; the torrent is private besides, so the tracker is the only way
// the two can find each other.

let seeder: TorrentSeeder;
let leecher: TorrentPeer;

beforeAll(async () => {
  seeder = await startTorrentSeeder();
  leecher = await TorrentPeer.startPeer();
});

afterAll(async () => {
  await leecher?.destroy();
  await seeder?.close();
});

describe("torrent seeder fixture", () => {
  it("seeds on the listen address with its tracker on, and nothing else that reaches out", async () => {
    const prefs = await seeder.peer.preferences();
    expect(prefs).toMatchObject({
      dht: false,
      lsd: false,
      pex: false,
      upnp: false,
      encryption: 0,
      announce_ip: "127.0.0.1",
      enable_embedded_tracker: true,
      embedded_tracker_port: seeder.peer.trackerPort,
      current_interface_address: "127.0.0.1",
      listen_port: seeder.peer.torrentPort,
    });
    // The URL names the recording front, which passes announces to the embedded tracker.
    expect(seeder.announceUrl).toBe(`http://127.0.0.1:${seeder.trackerPort}/announce`);
    expect(seeder.trackerPort).not.toBe(seeder.peer.trackerPort);
    // Only the seeder has announced: it is there, and not counted as another peer's source.
    expect(seeder.announces()).toContainEqual(
      expect.objectContaining({
        infoHash: seeder.infoHash,
        port: seeder.peer.torrentPort,
        claimedIp: "127.0.0.1",
      }),
    );
    expect(seeder.announcesFrom()).toEqual([]);
    expect(await seeder.peersFrom()).toEqual([]);
    const info = await seeder.peer.torrent(seeder.infoHash);
    expect(info?.progress).toBe(1);
    expect(SEEDING_STATES.has(info?.state ?? "")).toBe(true);
  });

  it("a leecher given only the .torrent downloads the file completely, byte for byte", async () => {
    const savePath = join(leecher.dir, "downloads", "movies");
    await leecher.addTorrent(seeder.torrent, { savePath, category: "radarr" });
    const done = await leecher.waitForTorrent(seeder.infoHash, (t) => t.progress === 1, 60_000);
    expect(done.category).toBe("radarr");
    const written = readFileSync(join(savePath, seeder.name));
    expect(written.length).toBe(seeder.size);
    expect(createHash("sha256").update(written).digest("hex")).toBe(seeder.contentSha256);
  });

  it("a second leecher on the same address gets it too (both connections accepted)", async () => {
    const second = await TorrentPeer.startPeer();
    try {
      const savePath = join(second.dir, "downloads");
      await second.addTorrent(seeder.torrent, { savePath });
      await second.waitForTorrent(seeder.infoHash, (t) => t.progress === 1, 40_000);
      const written = readFileSync(join(savePath, seeder.name));
      expect(createHash("sha256").update(written).digest("hex")).toBe(seeder.contentSha256);
    } finally {
      await second.destroy();
    }
  });

  it("listens and announces on the address it is given (127.0.0.2 here; a bridge address in a pod test)", async () => {
    const other = await startTorrentSeeder({
      listenAddress: "127.0.0.2",
      fileName: "Other.Address.2022.mkv",
    });
    const second = await TorrentPeer.startPeer();
    try {
      expect(other.announceUrl).toBe(`http://127.0.0.2:${other.trackerPort}/announce`);
      expect(await other.peer.preferences()).toMatchObject({ current_interface_address: "127.0.0.2" });
      const savePath = join(second.dir, "downloads");
      await second.addTorrent(other.torrent, { savePath });
      await second.waitForTorrent(other.infoHash, (t) => t.progress === 1, 40_000);
      const written = readFileSync(join(savePath, other.name));
      expect(createHash("sha256").update(written).digest("hex")).toBe(other.contentSha256);
      // The leecher on 127.0.0.1 announced and connected from there; the seeder's own announces
      // (from 127.0.0.2) are not counted.
      expect(other.announces().map((a) => a.from)).toContain("127.0.0.2");
      expect(other.announcesFrom()).toEqual(["127.0.0.1"]);
      expect(other.announces()).toContainEqual(
        expect.objectContaining({ from: "127.0.0.1", infoHash: other.infoHash, port: second.torrentPort }),
      );
      expect(await other.peersFrom()).toEqual(["127.0.0.1"]);
    } finally {
      await second.destroy();
      await other.close();
    }
  });

  it("a magnet link works for a public torrent (metadata from the seeder, found via the tracker)", async () => {
    const open = await startTorrentSeeder({ private: false, fileName: "Public.Test.2023.mkv", size: 50_000 });
    const second = await TorrentPeer.startPeer();
    try {
      const savePath = join(second.dir, "downloads");
      await second.addTorrent(open.magnet, { savePath });
      await second.waitForTorrent(open.infoHash, (t) => t.progress === 1, 40_000);
      const written = readFileSync(join(savePath, open.name));
      expect(createHash("sha256").update(written).digest("hex")).toBe(open.contentSha256);
    } finally {
      await second.destroy();
      await open.close();
    }
  });
});
