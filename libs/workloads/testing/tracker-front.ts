import { createServer, request, type Server } from "node:http";

// qBittorrent's embedded tracker cannot say who announced. This HTTP front sits at the tracker URL
// a .torrent names, records each announce's source address, and passes the request to the
// embedded tracker on loopback. The tracker would then take every peer for 127.0.0.1, so the front
// adds the source as BEP 3's `ip` parameter when the client sent none (qBittorrent's tracker takes
// a claimed `ip` over the connection's address): peers still learn each other's real addresses.

export interface TrackerAnnounce {
  /** The address the announce came from (IPv4-mapped IPv6 as IPv4). */
  from: string;
  /** Lower-case hex of the announced info hash ("" when absent). */
  infoHash: string;
  /** The BitTorrent port the client announced. */
  port: number;
  /** `started`, `completed`, `stopped`, or "" for a regular announce. */
  event: string;
  /** The `ip` the client claimed itself, if any. */
  claimedIp?: string;
}

export interface TrackerFrontOptions {
  /** Where the front listens (the address the tracker URL names, or 0.0.0.0). */
  listenAddress: string;
  /** Its port; 0 for a free one. */
  port: number;
  /** The embedded tracker's port on 127.0.0.1. */
  trackerPort: number;
}

export interface TrackerFront {
  readonly port: number;
  /** Every announce so far, oldest first. */
  announces(): TrackerAnnounce[];
  close(): Promise<void>;
}

/** Query parameters as raw bytes (info_hash and peer_id are binary, percent-encoded). */
function rawQuery(search: string): Map<string, Buffer> {
  const params = new Map<string, Buffer>();
  for (const pair of search.replace(/^\?/, "").split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const key = equals < 0 ? pair : pair.slice(0, equals);
    const value = equals < 0 ? "" : pair.slice(equals + 1);
    const bytes: number[] = [];
    for (let i = 0; i < value.length; i++) {
      const char = value[i] as string;
      if (char === "%" && /^[0-9a-fA-F]{2}$/.test(value.slice(i + 1, i + 3))) {
        bytes.push(Number.parseInt(value.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(char === "+" ? 0x20 : char.charCodeAt(0));
    }
    params.set(key, Buffer.from(bytes));
  }
  return params;
}

export async function startTrackerFront(options: TrackerFrontOptions): Promise<TrackerFront> {
  const recorded: TrackerAnnounce[] = [];
  const server: Server = createServer((req, res) => {
    const from = (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
    let path = req.url ?? "/";
    const queryAt = path.indexOf("?");
    const params = rawQuery(queryAt < 0 ? "" : path.slice(queryAt));
    if (path.startsWith("/announce")) {
      const claimedIp = params.get("ip")?.toString("latin1");
      recorded.push({
        from,
        infoHash: params.get("info_hash")?.toString("hex") ?? "",
        port: Number(params.get("port")?.toString("latin1") ?? 0),
        event: params.get("event")?.toString("latin1") ?? "",
        ...(claimedIp ? { claimedIp } : {}),
      });
      if (!claimedIp) path += `${queryAt < 0 ? "?" : "&"}ip=${encodeURIComponent(from)}`;
    }
    const upstream = request(
      { host: "127.0.0.1", port: options.trackerPort, method: req.method, path, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (error) => {
      if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" });
      res.end(`tracker unreachable: ${error.message}\n`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.listenAddress, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : options.port,
    announces: () => recorded.map((announce) => ({ ...announce })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
