import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";
import { createTorrentMetainfo } from "./torrent-metainfo";
import { SEEDING_STATES, TorrentPeer } from "./torrent-peer";
import { startTrackerFront, type TrackerAnnounce, type TrackerFront } from "./tracker-front";

// A seeder for end-to-end download tests: a standalone real qbittorrent-nox (torrent-peer.ts) with
// its embedded tracker, seeding one generated file. The .torrent announces that tracker on the
// listen address, so a leecher needs nothing but the .torrent (or the magnet) and a route to
// that address: 127.0.0.1 for a process on this machine, the host side of the engine's bridge
// for a pod.
//
// Where the swarm's traffic comes from is observable, so a test can show that a leecher behind a
// VPN gateway reaches the seeder only from the gateway's address: the tracker URL points at a
// recording front (tracker-front.ts) before the embedded tracker, and the seeder's incoming peer
// connections are sampled from its WebUI while it runs.

export interface TorrentSeederOptions {
  /** BitTorrent listens here and the tracker is announced here. Default 127.0.0.1. */
  listenAddress?: string;
  /** Announce this address instead (the tracker URL's host, the seeder's announced ip), when it listens on 0.0.0.0. */
  announceAddress?: string;
  /** The tracker URL's port (the recording front's); a free one by default. */
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
  /**
   * The seeder's upload limit in bytes/s, default 1 MiB/s (0: none). Over loopback or a bridge the
   * default 300 KiB would otherwise be sent in a few milliseconds, between two samples of
   * `peersFrom()`; at this rate the connection is seen for the download's whole length.
   */
  uploadLimit?: number;
}

export interface TorrentSeeder {
  readonly peer: TorrentPeer;
  readonly announceUrl: string;
  /** The tracker URL's port (the recording front; the embedded tracker is on `peer.trackerPort`). */
  readonly trackerPort: number;
  /** Every announce the tracker got, the seeder's own included, oldest first. */
  announces(): TrackerAnnounce[];
  /** The distinct source addresses of the announces of other peers than the seeder, in first-seen order. */
  announcesFrom(): string[];
  /**
   * The distinct source addresses of the peer connections the seeder accepted (qBittorrent's
   * incoming flag "I"), in first-seen order. Sampled from the WebUI every 50 ms while the seeder
   * runs, and once more by this call: a connection that opened and closed between two samples is
   * missed, which a download (connected for its whole length) never is.
   */
  peersFrom(): Promise<string[]>;
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
    trackerPort: 0,
  });
  let front: TrackerFront | undefined;
  let sampler: PeerSampler | undefined;
  try {
    front = await startTrackerFront({
      listenAddress: peer.listenAddress,
      port: options.trackerPort ?? 0,
      trackerPort: peer.trackerPort ?? 0,
    });
    const name = options.fileName ?? DEFAULT_SEEDED_NAME;
    const content = options.content ?? randomBytes(options.size ?? 300 * 1024 + 123);
    const dataDir = join(peer.dir, "seed");
    mkdirSync(dataDir, { recursive: true });
    const filePath = join(dataDir, name);
    writeFileSync(filePath, content);
    const host = peer.announceAddress.includes(":") ? `[${peer.announceAddress}]` : peer.announceAddress;
    const announceUrl = `http://${host}:${front.port}/announce`;
    const meta = createTorrentMetainfo({ file: filePath, announce: announceUrl, private: options.private });
    // qBittorrent's defaults apply the limit to LAN peers and to μTP as well.
    await peer.setPreferences({ up_limit: options.uploadLimit ?? 1024 * 1024 });
    await peer.addTorrent(meta.torrent, { savePath: dataDir, skipChecking: true });
    await peer.waitForTorrent(meta.infoHash, (t) => t.progress === 1 && SEEDING_STATES.has(t.state));
    // Seeding and announced: a leecher's first announce already returns this peer.
    await waitForAnnounce(peer, meta.infoHash, announceUrl);
    const tracker = front;
    const peers = new PeerSampler(peer, meta.infoHash);
    sampler = peers;
    const own = (a: TrackerAnnounce) => a.port === peer.torrentPort && a.claimedIp === peer.announceAddress;
    return {
      peer,
      announceUrl,
      trackerPort: tracker.port,
      announces: () => tracker.announces(),
      announcesFrom: () => [...new Set(tracker.announces().flatMap((a) => (own(a) ? [] : [a.from])))],
      peersFrom: () => peers.sources(),
      torrent: meta.torrent,
      magnet: meta.magnet,
      infoHash: meta.infoHash,
      name,
      size: content.length,
      contentSha256: createHash("sha256").update(content).digest("hex"),
      filePath,
      close: async () => {
        peers.stop();
        await tracker.close();
        await peer.destroy();
      },
    };
  } catch (error) {
    sampler?.stop();
    await front?.close();
    await peer.destroy();
    throw error;
  }
}

const torrentPeersSchema = z.looseObject({
  peers: z
    .record(z.string(), z.looseObject({ ip: z.string().optional(), flags: z.string().optional() }))
    .optional(),
});

/** Samples the seeder's connected peers (WebUI `sync/torrentPeers`) and keeps the incoming ones' addresses. */
class PeerSampler {
  readonly #seen = new Set<string>();
  readonly #timer: NodeJS.Timeout;
  #stopped = false;

  constructor(
    private readonly peer: TorrentPeer,
    private readonly infoHash: string,
  ) {
    this.#timer = setInterval(() => void this.sample().catch(() => undefined), 50);
  }

  async sample(): Promise<void> {
    if (this.#stopped) return;
    const answer = torrentPeersSchema.parse(
      JSON.parse(await this.peer.api(`sync/torrentPeers?hash=${this.infoHash}&rid=0`)),
    );
    for (const info of Object.values(answer.peers ?? {}))
      if (info.ip && (info.flags ?? "").split(" ").includes("I"))
        this.#seen.add(info.ip.replace(/^::ffff:/, ""));
  }

  async sources(): Promise<string[]> {
    await this.sample().catch(() => undefined);
    return [...this.#seen];
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
  }
}

async function waitForAnnounce(
  peer: TorrentPeer,
  hash: string,
  url: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const trackers = await peer.trackers(hash);
    const ours = trackers.find((t) => t.url === url);
    if (ours?.status === 2) return;
    if (Date.now() > deadline) {
      throw new Error(`the seeder never announced to ${url}: ${JSON.stringify(ours)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
