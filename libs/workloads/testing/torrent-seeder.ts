import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTorrentMetainfo } from "./torrent-metainfo";
import { SEEDING_STATES, TorrentPeer } from "./torrent-peer";

// A seeder for end-to-end download tests: a standalone real qbittorrent-nox (torrent-peer.ts) with
// its embedded tracker, seeding one generated file. The .torrent announces that tracker on the
// listen address, so a leecher needs nothing but the .torrent (or the magnet) and a route to
// that address: 127.0.0.1 for a process on this machine, the host side of the engine's bridge
// for a pod.

export interface TorrentSeederOptions {
  /** BitTorrent listens here and the tracker is announced here. Default 127.0.0.1. */
  listenAddress?: string;
  /** Announce this address instead (the tracker URL's host, the seeder's announced ip), when it listens on 0.0.0.0. */
  announceAddress?: string;
  /** The tracker's port; a free one by default. */
  trackerPort?: number;
  /** The shared file's name (a release-like name, as the managers parse it). */
  fileName?: string;
  /** Bytes of random content; default 300 KiB + 123 (several pieces, a short last one). */
  size?: number;
  /** The exact content instead of random bytes. */
  content?: Buffer;
  /**
   * BEP 27 private flag, default true: no client ever takes this torrent to DHT, PeX or LSD, even
   * one with them on. libtorrent serves no metadata (ut_metadata) for a private torrent, so the
   * magnet link works only with `private: false`; give leechers the .torrent otherwise.
   */
  private?: boolean;
}

export interface TorrentSeeder {
  readonly peer: TorrentPeer;
  readonly announceUrl: string;
  /** The .torrent file's bytes. */
  readonly torrent: Buffer;
  /** Usable only when the torrent is not private (see TorrentSeederOptions.private). */
  readonly magnet: string;
  /** Lower-case hex, as qBittorrent's `hash`. */
  readonly infoHash: string;
  /** The torrent's (and the file's) name. */
  readonly name: string;
  readonly size: number;
  /** Hex SHA-256 of the file's content, to compare with what a leecher wrote. */
  readonly contentSha256: string;
  /** The seeded file on disk. */
  readonly filePath: string;
  /** Stops the seeder and removes its profile and data. */
  close(): Promise<void>;
}

export const DEFAULT_SEEDED_NAME = "Charmarr.Test.Movie.2024.1080p.WEB-DL.mkv";

export async function startTorrentSeeder(options: TorrentSeederOptions = {}): Promise<TorrentSeeder> {
  const peer = await TorrentPeer.startPeer({
    listenAddress: options.listenAddress,
    announceAddress: options.announceAddress,
    trackerPort: options.trackerPort ?? 0,
  });
  try {
    const name = options.fileName ?? DEFAULT_SEEDED_NAME;
    const content = options.content ?? randomBytes(options.size ?? 300 * 1024 + 123);
    const dataDir = join(peer.dir, "seed");
    mkdirSync(dataDir, { recursive: true });
    const filePath = join(dataDir, name);
    writeFileSync(filePath, content);
    const announceUrl = peer.announceUrl;
    const meta = createTorrentMetainfo({ file: filePath, announce: announceUrl, private: options.private });
    await peer.addTorrent(meta.torrent, { savePath: dataDir, skipChecking: true });
    await peer.waitForTorrent(meta.infoHash, (t) => t.progress === 1 && SEEDING_STATES.has(t.state));
    // Seeding and announced: a leecher's first announce already returns this peer.
    await waitForAnnounce(peer, meta.infoHash);
    return {
      peer,
      announceUrl,
      torrent: meta.torrent,
      magnet: meta.magnet,
      infoHash: meta.infoHash,
      name,
      size: content.length,
      contentSha256: createHash("sha256").update(content).digest("hex"),
      filePath,
      close: () => peer.destroy(),
    };
  } catch (error) {
    await peer.destroy();
    throw error;
  }
}

async function waitForAnnounce(peer: TorrentPeer, hash: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const trackers = await peer.trackers(hash);
    const ours = trackers.find((t) => t.url === peer.announceUrl);
    if (ours?.status === 2) return;
    if (Date.now() > deadline) {
      throw new Error(`the seeder never announced to ${peer.announceUrl}: ${JSON.stringify(ours)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
