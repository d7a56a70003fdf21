import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bencode } from "../../testing/bencode";
import { createTorrentMetainfo } from "../../testing/torrent-metainfo";

// The seeding fixture's .torrent writer (libs/workloads/testing): bencoding per BEP 3 and an
// info hash that is the SHA-1 of exactly the info dictionary's bytes inside the file.

describe("bencode", () => {
  it("encodes integers, byte strings, lists and dictionaries with sorted keys", () => {
    expect(bencode(42).toString()).toBe("i42e");
    expect(bencode(-3).toString()).toBe("i-3e");
    expect(bencode("spam").toString()).toBe("4:spam");
    expect(bencode("ü").toString("latin1")).toBe("2:\xc3\xbc");
    expect(bencode(["spam", 1]).toString()).toBe("l4:spami1ee");
    expect(bencode({ zed: 1, b: "x", a: [] }).toString()).toBe("d1:ale1:b1:x3:zedi1ee");
  });

  it("refuses non-integers", () => {
    expect(() => bencode(1.5)).toThrow(TypeError);
  });
});

describe("createTorrentMetainfo", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("hashes every piece and takes the info hash over the info dictionary as written", () => {
    dir = mkdtempSync(join(tmpdir(), "torrent-meta-"));
    const file = join(dir, "Some.Movie.2020.mkv");
    const content = Buffer.alloc(40_000, 7);
    writeFileSync(file, content);
    const meta = createTorrentMetainfo({ file, announce: "http://127.0.0.1:9000/announce" });
    const text = meta.torrent.toString("latin1");
    expect(text.startsWith("d8:announce30:http://127.0.0.1:9000/announce")).toBe(true);
    const start = text.indexOf("4:infod") + "4:info".length;
    // The info dictionary is the last value of the outer one: it ends one byte before the end.
    const info = meta.torrent.subarray(start, meta.torrent.length - 1);
    expect(meta.infoHash).toBe(createHash("sha1").update(info).digest("hex"));
    const pieces = [0, 16384, 32768].map((at) =>
      createHash("sha1")
        .update(content.subarray(at, at + 16384))
        .digest(),
    );
    expect(info.includes(Buffer.concat([Buffer.from("6:pieces60:"), ...pieces]))).toBe(true);
    expect(info.toString("latin1")).toContain("7:privatei1e");
    expect(meta.name).toBe("Some.Movie.2020.mkv");
    expect(meta.length).toBe(40_000);
    expect(meta.magnet).toBe(
      `magnet:?xt=urn:btih:${meta.infoHash}&dn=Some.Movie.2020.mkv&tr=http%3A%2F%2F127.0.0.1%3A9000%2Fannounce`,
    );
  });

  it("refuses a piece length libtorrent would refuse", () => {
    expect(() =>
      createTorrentMetainfo({ file: "/nonexistent", announce: "http://x/announce", pieceLength: 1000 }),
    ).toThrow(RangeError);
  });
});
