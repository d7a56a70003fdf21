import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { bencode } from "./bencode";

// A single-file BitTorrent v1 metainfo (.torrent, BEP 3) for a file on disk: SHA-1 of each piece,
// the info dictionary's SHA-1 as the info hash, one announce URL. Private by default (BEP 27): a
// client then uses only the tracker, never DHT, PeX or LSD, for this torrent.

export interface TorrentMetainfoOptions {
  /** The file to share; its base name becomes the torrent's name unless `name` is given. */
  file: string;
  /** `http://<address>:<port>/announce`. */
  announce: string;
  name?: string;
  /** A power of two, at least 16 KiB (libtorrent refuses smaller). Default 16 KiB. */
  pieceLength?: number;
  /** BEP 27 private flag; default true. */
  private?: boolean;
}

export interface TorrentMetainfo {
  /** The .torrent file's bytes. */
  torrent: Buffer;
  /** Lower-case hex SHA-1 of the bencoded info dictionary (what qBittorrent calls the hash). */
  infoHash: string;
  name: string;
  length: number;
  /** A magnet link carrying the tracker, so a client without DHT finds peers. */
  magnet: string;
}

export function createTorrentMetainfo(options: TorrentMetainfoOptions): TorrentMetainfo {
  const pieceLength = options.pieceLength ?? 16 * 1024;
  if (pieceLength < 16 * 1024 || (pieceLength & (pieceLength - 1)) !== 0) {
    throw new RangeError(`piece length ${pieceLength} is not a power of two of at least 16 KiB`);
  }
  const data = readFileSync(options.file);
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += pieceLength) {
    pieces.push(
      createHash("sha1")
        .update(data.subarray(offset, offset + pieceLength))
        .digest(),
    );
  }
  const name = options.name ?? basename(options.file);
  const info = {
    length: data.length,
    name,
    "piece length": pieceLength,
    pieces: Buffer.concat(pieces),
    ...((options.private ?? true) ? { private: 1 } : {}),
  };
  const infoHash = createHash("sha1").update(bencode(info)).digest("hex");
  const torrent = bencode({
    announce: options.announce,
    "created by": "charmarr-ts test fixture",
    "creation date": Math.floor(Date.now() / 1000),
    info,
  });
  const magnet = `magnet:?xt=urn:btih:${infoHash}&dn=${encodeURIComponent(name)}&tr=${encodeURIComponent(options.announce)}`;
  return { torrent, infoHash, name, length: data.length, magnet };
}
