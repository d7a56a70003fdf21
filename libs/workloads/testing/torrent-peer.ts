import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";
import { createPasswordHash } from "../src/qbittorrent/password-hash";
import {
  QBITTORRENT_OFFLINE,
  QBITTORRENT_PROTECTIONS,
  QbittorrentConf,
  type QbittorrentCredentials,
} from "../src/qbittorrent/qbittorrent-conf";
import { freePort, tempDir } from "./app-test-instance";
import { QbittorrentTestInstance, requireQbittorrentNox } from "./qbittorrent-test-instance";

// A standalone real qbittorrent-nox that takes part in a swarm for a test: the seeder of
// torrent-seeder.ts, or a plain leecher. Its own profile in a temporary directory, the WebUI on a
// free 127.0.0.1 port, BitTorrent listening on ONE given address only (127.0.0.1 by default; the
// host side of the engine's bridge when the other peer runs in a pod), DHT, LSD, PeX, UPnP/NAT-PMP
// and GeoIP off, encryption allowed (not forced). Optionally the embedded tracker: qBittorrent
// binds it on every interface (4.5 has no setting for its address), so tests announce it on the
// listen address and nothing outside the machine is ever told about it.

export interface TorrentPeerOptions {
  /** The one address BitTorrent listens on. Default 127.0.0.1; `0.0.0.0` for every IPv4 address. */
  listenAddress?: string;
  /**
   * The address other peers reach this one at: the tracker URL's host, and the `ip` this peer
   * announces (qBittorrent's announce_ip). Default: the listen address.
   */
  announceAddress?: string;
  /** Run the embedded tracker on this port (0: a free one); undefined: no tracker. */
  trackerPort?: number;
  /** WebUI login; random ones by default. */
  credentials?: QbittorrentCredentials;
}

export const torrentInfoSchema = z.looseObject({
  hash: z.string(),
  name: z.string(),
  state: z.string(),
  progress: z.number(),
  save_path: z.string(),
  content_path: z.string().optional(),
  category: z.string().optional(),
  size: z.number().optional(),
  amount_left: z.number().optional(),
});
export type TorrentInfo = z.infer<typeof torrentInfoSchema>;

const trackerSchema = z.looseObject({ url: z.string(), status: z.number(), msg: z.string().optional() });

/** States of a torrent that has all its data (4.x names and 5.x's stopped*). */
export const SEEDING_STATES: ReadonlySet<string> = new Set([
  "uploading",
  "stalledUP",
  "pausedUP",
  "stoppedUP",
  "queuedUP",
  "forcedUP",
  "checkingUP",
]);

export interface AddTorrentOptions {
  /** Where the data is (seeder) or goes (leecher). */
  savePath: string;
  category?: string;
  /** The data is already complete at savePath: seed without a hash check. */
  skipChecking?: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TorrentPeer extends QbittorrentTestInstance {
  private cookie: string | undefined;
  listenAddress = "127.0.0.1";
  announceAddress = "127.0.0.1";
  torrentPort = 0;
  trackerPort: number | undefined;
  credentials: QbittorrentCredentials = { username: "", password: "" };

  /** Creates the profile, starts the app, turns the tracker on if asked; ready to add torrents. */
  static async startPeer(options: TorrentPeerOptions = {}): Promise<TorrentPeer> {
    requireQbittorrentNox();
    const profile = tempDir("qbt-peer-");
    const peer = new TorrentPeer(profile, await freePort());
    peer.listenAddress = options.listenAddress ?? "127.0.0.1";
    peer.announceAddress = options.announceAddress ?? peer.listenAddress;
    peer.torrentPort = await freePort();
    peer.credentials = options.credentials ?? {
      username: "peer",
      password: randomBytes(12).toString("base64url"),
    };
    const conf = QbittorrentConf.create({
      legalNoticeAccepted: true,
      username: peer.credentials.username,
      passwordHash: await createPasswordHash(peer.credentials.password),
      webUiEnabled: true,
      webUiAddress: "127.0.0.1",
      webUiPort: peer.port,
      serverDomains: "*",
      ...QBITTORRENT_PROTECTIONS,
      ...QBITTORRENT_OFFLINE,
      torrentPort: peer.torrentPort,
      // No interface name and one address: qBittorrent listens on exactly that address.
      networkInterfaceAddress: peer.listenAddress,
      defaultSavePath: join(profile, "downloads"),
    });
    peer.writeConfig(conf.toString());
    try {
      await peer.start();
      const tracker =
        options.trackerPort === undefined
          ? {}
          : {
              enable_embedded_tracker: true,
              embedded_tracker_port: options.trackerPort || (await freePort()),
              embedded_tracker_port_forwarding: false,
            };
      await peer.setPreferences({
        // 0: encryption preferred but not required (1 forces it, 2 disables it).
        encryption: 0,
        upnp: false,
        announce_ip: peer.announceAddress,
        // Every peer of a test shares an address (127.0.0.1, or the host side of the bridge):
        // accept each of them, not just the first (libtorrent's default is one per IP).
        enable_multi_connections_from_same_ip: true,
        ...tracker,
      });
      peer.trackerPort = tracker.embedded_tracker_port;
      return peer;
    } catch (error) {
      await peer.destroy();
      throw error;
    }
  }

  /** `http://<announceAddress>:<trackerPort>/announce`, when the tracker runs. */
  get announceUrl(): string {
    if (this.trackerPort === undefined) throw new Error("this peer runs no tracker");
    const host = this.announceAddress.includes(":") ? `[${this.announceAddress}]` : this.announceAddress;
    return `http://${host}:${this.trackerPort}/announce`;
  }

  /** A WebUI API v2 call with this peer's session (logs in on first use). */
  async api(path: string, init: { method?: "GET" | "POST"; body?: URLSearchParams | FormData } = {}) {
    if (!this.cookie) {
      const login = await fetch(`${this.url}/api/v2/auth/login`, {
        method: "POST",
        body: new URLSearchParams({ ...this.credentials }),
      });
      const text = await login.text();
      const cookie = login.headers.getSetCookie()[0]?.split(";")[0];
      if (text !== "Ok." || !cookie)
        throw new Error(`qBittorrent peer login failed: ${login.status} ${text}`);
      this.cookie = cookie;
    }
    const response = await fetch(`${this.url}/api/v2/${path}`, {
      method: init.method ?? (init.body ? "POST" : "GET"),
      headers: { cookie: this.cookie },
      body: init.body,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`qBittorrent peer ${path}: HTTP ${response.status} ${text}`);
    return text;
  }

  async setPreferences(preferences: Record<string, unknown>): Promise<void> {
    await this.api("app/setPreferences", {
      body: new URLSearchParams({ json: JSON.stringify(preferences) }),
    });
  }

  async preferences(): Promise<Record<string, unknown>> {
    return JSON.parse(await this.api("app/preferences")) as Record<string, unknown>;
  }

  /** Adds a .torrent file (or a magnet link) and starts it. */
  async addTorrent(torrent: Buffer | string, options: AddTorrentOptions): Promise<void> {
    mkdirSync(options.savePath, { recursive: true });
    const form = new FormData();
    if (typeof torrent === "string") form.append("urls", torrent);
    else form.append("torrents", new Blob([torrent], { type: "application/x-bittorrent" }), "file.torrent");
    form.append("savepath", options.savePath);
    form.append("autoTMM", "false");
    if (options.category) form.append("category", options.category);
    if (options.skipChecking) form.append("skip_checking", "true");
    const answer = await this.api("torrents/add", { body: form });
    if (answer.trim() !== "Ok.") throw new Error(`qBittorrent refused the torrent: ${answer}`);
  }

  async torrent(hash: string): Promise<TorrentInfo | undefined> {
    const list = z
      .array(torrentInfoSchema)
      .parse(JSON.parse(await this.api(`torrents/info?hashes=${hash.toLowerCase()}`)));
    return list[0];
  }

  /** The torrent's tracker entries (status 2: working, 4: not working). */
  async trackers(hash: string): Promise<z.infer<typeof trackerSchema>[]> {
    return z.array(trackerSchema).parse(JSON.parse(await this.api(`torrents/trackers?hash=${hash}`)));
  }

  /** Polls the torrent until `done` holds; the last state in the error when it never does. */
  async waitForTorrent(
    hash: string,
    done: (info: TorrentInfo) => boolean,
    timeoutMs = 60_000,
  ): Promise<TorrentInfo> {
    const deadline = Date.now() + timeoutMs;
    let last: TorrentInfo | undefined;
    for (;;) {
      last = await this.torrent(hash);
      if (last && done(last)) return last;
      if (Date.now() > deadline) {
        throw new Error(
          `torrent ${hash} not done in ${timeoutMs} ms: ${last ? `${last.state} ${last.progress}` : "absent"}`,
        );
      }
      await sleep(200);
    }
  }

  override async stop(): Promise<void> {
    this.cookie = undefined;
    await super.stop();
  }
}
