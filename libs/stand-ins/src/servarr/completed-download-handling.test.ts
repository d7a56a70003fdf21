import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ServarrStandIn } from "./servarr-server";
import { call, cleanUp, standIn, tempDir } from "./test-support";

// Completed download handling in the Radarr and Sonarr stand-ins against a scripted qBittorrent
// WebUI API v2 (login, torrents/info?category=, torrents/setCategory): what is imported, where,
// how (hardlink: the same inode; a copy across filesystems), with which permissions, and only once.

afterEach(cleanUp);

interface FakeTorrent {
  hash: string;
  name: string;
  state: string;
  progress: number;
  save_path: string;
  content_path?: string;
  category: string;
}

/** qBittorrent's API as the import uses it; `torrents` is live, edit it between polls. */
async function fakeQbittorrent(credentials = { username: "qbit", password: "pass-word" }) {
  const torrents: FakeTorrent[] = [];
  const calls: string[] = [];
  const readForm = async (req: IncomingMessage) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    return new URLSearchParams(text);
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://qbt");
    calls.push(`${req.method} ${url.pathname}${url.search}`);
    if (url.pathname === "/api/v2/auth/login") {
      const form = await readForm(req);
      const ok =
        form.get("username") === credentials.username && form.get("password") === credentials.password;
      res
        .writeHead(200, ok ? { "set-cookie": "SID=session1; HttpOnly; path=/" } : {})
        .end(ok ? "Ok." : "Fails.");
      return;
    }
    if (!/SID=session1/.test(req.headers.cookie ?? "")) return res.writeHead(403).end("Forbidden");
    if (url.pathname === "/api/v2/torrents/info") {
      const category = url.searchParams.get("category");
      const list = torrents.filter((t) => category === null || t.category === category);
      return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(list));
    }
    if (url.pathname === "/api/v2/torrents/setCategory") {
      const form = await readForm(req);
      for (const t of torrents) if (t.hash === form.get("hashes")) t.category = form.get("category") ?? "";
      return res.writeHead(200).end();
    }
    if (url.pathname === "/api/v2/auth/logout") return res.writeHead(200).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    torrents,
    calls,
    credentials,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Fake = Awaited<ReturnType<typeof fakeQbittorrent>>;
let fakes: Fake[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

async function qbit(credentials?: { username: string; password: string }) {
  const fake = await fakeQbittorrent(credentials);
  fakes.push(fake);
  return fake;
}

const HASH = "0123456789abcdef0123456789abcdef01234567";

/** A stand-in with the fake as its (force-saved) qBittorrent client and `root` as root folder. */
async function manager(
  kind: "radarr" | "sonarr",
  fake: Fake,
  root: string,
  extraFields: { name: string; value: unknown }[] = [],
  options: { password?: string; interval?: number } = {},
) {
  const app = await standIn(kind, { downloadCheckIntervalMs: options.interval ?? 0 });
  const key = app.apiKey();
  const category = kind === "radarr" ? "movieCategory" : "tvCategory";
  const created = await call(app.url, "POST", "/api/v3/downloadclient?forceSave=true", {
    key,
    body: {
      name: "qBittorrent",
      implementation: "QBittorrent",
      configContract: "QBittorrentSettings",
      enable: true,
      priority: 1,
      fields: [
        { name: "host", value: "127.0.0.1" },
        { name: "port", value: fake.port },
        { name: "username", value: fake.credentials.username },
        { name: "password", value: options.password ?? fake.credentials.password },
        { name: category, value: kind },
        ...extraFields,
      ],
    },
  });
  expect(created.status).toBe(201);
  expect((await call(app.url, "POST", "/api/v3/rootfolder", { key, body: { path: root } })).status).toBe(201);
  return { app, key };
}

/** Runs the command and waits for it (and the check it started) to finish. */
async function refresh(app: ServarrStandIn, name = "RefreshMonitoredDownloads") {
  const started = await call(app.url, "POST", "/api/v3/command", { key: app.apiKey(), body: { name } });
  expect(started.status).toBe(201);
  await app.settled();
  const done = await call(app.url, "GET", `/api/v3/command/${(started.json as { id: number }).id}`, {
    key: app.apiKey(),
  });
  expect(done.json).toMatchObject({ status: "completed", result: "successful" });
}

async function history(app: ServarrStandIn) {
  const answer = await call(app.url, "GET", "/api/v3/history?pageSize=50&eventType=3", { key: app.apiKey() });
  return answer.json as { totalRecords: number; records: Record<string, unknown>[] };
}

/** A download dir and a root folder on one filesystem, as under one /data mount. */
function dataTree(base = tempDir("data-")) {
  const downloads = join(base, "torrents", "movies");
  const root = join(base, "media", "movies");
  mkdirSync(downloads, { recursive: true });
  mkdirSync(root, { recursive: true });
  return { downloads, root };
}

describe("completed download handling (Radarr)", () => {
  it("hardlinks each file of a completed torrent into <root>/<Title (Year)>/, the same inode", async () => {
    const fake = await qbit();
    const { downloads, root } = dataTree();
    const name = "Charmarr.Test.Movie.2024.1080p.WEB-DL.mkv";
    writeFileSync(join(downloads, name), "movie bytes");
    fake.torrents.push({
      hash: HASH,
      name,
      state: "stalledUP",
      progress: 1,
      save_path: downloads,
      content_path: join(downloads, name),
      category: "radarr",
    });
    const { app } = await manager("radarr", fake, root);
    await refresh(app);
    const target = join(root, "Charmarr Test Movie (2024)", name);
    expect(statSync(target).ino).toBe(statSync(join(downloads, name)).ino);
    expect(statSync(target).nlink).toBe(2);
    expect(readFileSync(target, "utf8")).toBe("movie bytes");
    expect(fake.calls).toContain("GET /api/v2/torrents/info?category=radarr");
    const records = await history(app);
    expect(records.totalRecords).toBe(1);
    expect(records.records[0]).toMatchObject({
      eventType: "downloadFolderImported",
      downloadId: HASH.toUpperCase(),
      sourceTitle: name,
      movieId: 0,
      data: { droppedPath: join(downloads, name), importedPath: target, downloadClientName: "qBittorrent" },
    });
  });

  it("imports once: a second check neither re-imports nor recreates a deleted import", async () => {
    const fake = await qbit();
    const { downloads, root } = dataTree();
    mkdirSync(join(downloads, "Other.Movie.1999.720p"));
    writeFileSync(join(downloads, "Other.Movie.1999.720p", "other.movie.mkv"), "x");
    writeFileSync(join(downloads, "Other.Movie.1999.720p", "other.movie.srt"), "subs");
    fake.torrents.push({
      hash: HASH,
      name: "Other.Movie.1999.720p",
      state: "uploading",
      progress: 1,
      save_path: downloads,
      content_path: join(downloads, "Other.Movie.1999.720p"),
      category: "radarr",
    });
    const { app } = await manager("radarr", fake, root);
    await refresh(app, "DownloadedMoviesScan");
    const folder = join(root, "Other Movie (1999)");
    expect(statSync(join(folder, "other.movie.mkv")).nlink).toBe(2);
    expect(statSync(join(folder, "other.movie.srt")).nlink).toBe(2);
    rmSync(join(folder, "other.movie.mkv"));
    await refresh(app);
    await refresh(app);
    expect(() => statSync(join(folder, "other.movie.mkv"))).toThrow();
    expect((await history(app)).totalRecords).toBe(2);
  });

  it("remembers its imports across a restart (history in the app database)", async () => {
    const fake = await qbit();
    const { downloads, root } = dataTree();
    const name = "Restart.Movie.2012.mkv";
    writeFileSync(join(downloads, name), "r");
    fake.torrents.push({
      hash: HASH,
      name,
      state: "stalledUP",
      progress: 1,
      save_path: downloads,
      category: "radarr",
    });
    const dataDir = tempDir("radarr-");
    const first = await standIn("radarr", { dataDir, downloadCheckIntervalMs: 0 });
    const key = first.apiKey();
    const body = {
      name: "qBittorrent",
      implementation: "QBittorrent",
      configContract: "QBittorrentSettings",
      enable: true,
      priority: 1,
      fields: [
        { name: "host", value: "127.0.0.1" },
        { name: "port", value: fake.port },
        { name: "username", value: fake.credentials.username },
        { name: "password", value: fake.credentials.password },
        { name: "movieCategory", value: "radarr" },
      ],
    };
    await call(first.url, "POST", "/api/v3/downloadclient?forceSave=true", { key, body });
    await call(first.url, "POST", "/api/v3/rootfolder", { key, body: { path: root } });
    await refresh(first);
    await first.close();
    const target = join(root, "Restart Movie (2012)", name);
    rmSync(target);
    const second = await standIn("radarr", { dataDir, downloadCheckIntervalMs: 0 });
    await refresh(second);
    expect(statSync(target, { throwIfNoEntry: false })).toBeUndefined();
    expect((await history(second)).totalRecords).toBe(1);
  });

  it("leaves downloads that are not complete alone, and other categories", async () => {
    const fake = await qbit();
    const { downloads, root } = dataTree();
    const torrent = (n: number, state: string, progress: number, category = "radarr") => {
      writeFileSync(join(downloads, `Movie.${n}.2001.mkv`), "x");
      fake.torrents.push({
        hash: `${n}`.repeat(40).slice(0, 40),
        name: `Movie.${n}.2001.mkv`,
        state,
        progress,
        save_path: downloads,
        content_path: join(downloads, `Movie.${n}.2001.mkv`),
        category,
      });
    };
    torrent(1, "downloading", 0.5);
    torrent(2, "checkingUP", 1);
    torrent(3, "queuedUP", 1);
    torrent(4, "stalledDL", 0.9);
    torrent(5, "pausedUP", 1, "tv-sonarr");
    torrent(6, "pausedUP", 1);
    const { app } = await manager("radarr", fake, root);
    await refresh(app);
    const records = await history(app);
    expect(records.records.map((r) => r.sourceTitle)).toEqual(["Movie.6.2001.mkv"]);
  });

  it("copies when link(2) fails across filesystems (EXDEV): download on tmpfs, library on disk", async () => {
    const shm = mkdtempSync("/dev/shm/torrents-");
    try {
      const fake = await qbit();
      const { root } = dataTree();
      const name = "Cross.Device.2010.mkv";
      writeFileSync(join(shm, name), "bytes on another filesystem");
      expect(statSync(shm).dev).not.toBe(statSync(root).dev);
      fake.torrents.push({
        hash: HASH,
        name,
        state: "stalledUP",
        progress: 1,
        save_path: shm,
        content_path: join(shm, name),
        category: "radarr",
      });
      const { app } = await manager("radarr", fake, root);
      await refresh(app);
      const target = join(root, "Cross Device (2010)", name);
      expect(readFileSync(target, "utf8")).toBe("bytes on another filesystem");
      expect(statSync(target).nlink).toBe(1);
      // Never a move: the torrent keeps its file to seed from.
      expect(statSync(join(shm, name)).nlink).toBe(1);
    } finally {
      rmSync(shm, { recursive: true, force: true });
    }
  });

  it("copies when 'Use hardlinks instead of copy' is off", async () => {
    const fake = await qbit();
    const { downloads, root } = dataTree();
    const name = "No.Links.2015.mkv";
    writeFileSync(join(downloads, name), "copy me");
    fake.torrents.push({
      hash: HASH,
      name,
      state: "pausedUP",
      progress: 1,
      save_path: downloads,
      category: "radarr",
    });
    const { app, key } = await manager("radarr", fake, root);
    const config = await call(app.url, "GET", "/api/v3/config/mediamanagement", { key });
    const put = await call(app.url, "PUT", "/api/v3/config/mediamanagement/1", {
      key,
      body: { ...(config.json as object), copyUsingHardlinks: false },
    });
    expect(put.status).toBe(202);
    await refresh(app);
    const target = join(root, "No Links (2015)", name);
    expect(statSync(target).ino).not.toBe(statSync(join(downloads, name)).ino);
    expect(readFileSync(target, "utf8")).toBe("copy me");
  });

  it("gives the folders it creates chmodFolder, and the file the mask without x, when setPermissionsLinux is on", async () => {
    const fake = await qbit();
    const { downloads, root } = dataTree();
    const name = "Perm.Movie.2020.mkv";
    writeFileSync(join(downloads, name), "p", { mode: 0o600 });
    fake.torrents.push({
      hash: HASH,
      name,
      state: "stalledUP",
      progress: 1,
      save_path: downloads,
      content_path: join(downloads, name),
      category: "radarr",
    });
    const { app, key } = await manager("radarr", fake, root);
    const put = await call(app.url, "PUT", "/api/v3/config/mediamanagement/1", {
      key,
      body: { setPermissionsLinux: true, chmodFolder: "2775", chownGroup: "" },
    });
    expect(put.status).toBe(400);
    expect(put.json).toEqual([expect.objectContaining({ propertyName: "ChmodFolder" })]);
    const ok = await call(app.url, "PUT", "/api/v3/config/mediamanagement/1", {
      key,
      body: { setPermissionsLinux: true, chmodFolder: "775", chownGroup: "0" },
    });
    expect(ok.json).toMatchObject({
      id: 1,
      setPermissionsLinux: true,
      chmodFolder: "775",
      copyUsingHardlinks: true,
    });
    await refresh(app);
    const folder = join(root, "Perm Movie (2020)");
    expect(statSync(folder).mode & 0o7777).toBe(0o775);
    expect(statSync(folder).gid).toBe(0);
    expect(statSync(join(folder, name)).mode & 0o7777).toBe(0o664);
    // The root folder itself is the user's: left as it was.
    expect(statSync(root).mode & 0o7777).toBe(0o755);
  });

  it("shows a client whose login is refused as failing, keeps running, recovers when fixed", async () => {
    const fake = await qbit();
    const { root } = dataTree();
    const { app, key } = await manager("radarr", fake, root, [], { password: "wrong" });
    await refresh(app);
    const health = await call(app.url, "GET", "/api/v3/health", { key });
    expect(health.json).toEqual([
      expect.objectContaining({
        source: "DownloadClientCheck",
        type: "error",
        message: "Unable to communicate with qBittorrent. Failed to authenticate with qBittorrent.",
      }),
    ]);
    const [client] = (await call(app.url, "GET", "/api/v3/downloadclient", { key })).json as {
      id: number;
      fields: { name: string; value: unknown }[];
    }[];
    const fields = client!.fields.map((f) =>
      f.name === "password" ? { ...f, value: fake.credentials.password } : f,
    );
    const put = await call(app.url, "PUT", `/api/v3/downloadclient/${client!.id}?forceSave=true`, {
      key,
      body: { ...client, fields },
    });
    expect(put.status).toBe(202);
    await refresh(app);
    expect((await call(app.url, "GET", "/api/v3/health", { key })).json).toEqual([]);
  });

  it("shows a client without credentials, refused by qBittorrent (403), as failing", async () => {
    const fake = await qbit();
    const { root } = dataTree();
    const { app, key } = await manager("radarr", fake, root, [{ name: "username", value: "" }], {
      password: "",
    });
    await refresh(app);
    expect(fake.calls.some((c) => c.includes("auth/login"))).toBe(false);
    const health = (await call(app.url, "GET", "/api/v3/health", { key })).json as { message: string }[];
    expect(health.map((h) => h.message)).toEqual([
      "Unable to communicate with qBittorrent. Failed to authenticate with qBittorrent.",
    ]);
  });

  it("shows an unreachable client as failing", async () => {
    const fake = await qbit();
    const { root } = dataTree();
    const { app, key } = await manager("radarr", fake, root);
    await fake.close();
    fakes = fakes.filter((f) => f !== fake);
    await refresh(app);
    const health = (await call(app.url, "GET", "/api/v3/health", { key })).json as { message: string }[];
    expect(health[0]?.message).toMatch(
      /^Unable to communicate with qBittorrent\. Unable to connect to qBittorrent/,
    );
  });

  it("checks on its own every downloadCheckIntervalMs", async () => {
    const fake = await qbit();
    const { downloads, root } = dataTree();
    await manager("radarr", fake, root, [], { interval: 50 });
    const name = "Polled.Movie.2021.mkv";
    writeFileSync(join(downloads, name), "p");
    fake.torrents.push({
      hash: HASH,
      name,
      state: "stalledUP",
      progress: 1,
      save_path: downloads,
      category: "radarr",
    });
    const target = join(root, "Polled Movie (2021)", name);
    for (let i = 0; i < 100 && !statSync(target, { throwIfNoEntry: false }); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(statSync(target).nlink).toBe(2);
  });

  it("moves an imported torrent to the post-import category when one is set", async () => {
    const fake = await qbit();
    const { downloads, root } = dataTree();
    const name = "Post.Import.2019.mkv";
    writeFileSync(join(downloads, name), "p");
    fake.torrents.push({
      hash: HASH,
      name,
      state: "stalledUP",
      progress: 1,
      save_path: downloads,
      category: "radarr",
    });
    const { app } = await manager("radarr", fake, root, [
      { name: "movieImportedCategory", value: "radarr-imported" },
    ]);
    await refresh(app);
    expect(fake.torrents[0]?.category).toBe("radarr-imported");
  });
});

describe("completed download handling (Sonarr)", () => {
  it("imports an episode from the tvCategory into <root>/<Series>/Season N/", async () => {
    const fake = await qbit();
    const base = tempDir("data-");
    const downloads = join(base, "torrents", "tv");
    const root = join(base, "media", "tv");
    mkdirSync(downloads, { recursive: true });
    mkdirSync(root, { recursive: true });
    const name = "Some.Show.S01E02.720p.HDTV.mkv";
    writeFileSync(join(downloads, name), "episode");
    fake.torrents.push({
      hash: HASH,
      name,
      state: "stalledUP",
      progress: 1,
      save_path: downloads,
      category: "sonarr",
    });
    const { app } = await manager("sonarr", fake, root);
    await refresh(app, "DownloadedEpisodesScan");
    const target = join(root, "Some Show", "Season 1", name);
    expect(statSync(target).ino).toBe(statSync(join(downloads, name)).ino);
    expect(fake.calls).toContain("GET /api/v2/torrents/info?category=sonarr");
    expect((await history(app)).records[0]).toMatchObject({
      episodeId: 0,
      seriesId: 0,
      eventType: "downloadFolderImported",
    });
  });

  it("serves the media-management settings with the app's defaults", async () => {
    const app = await standIn("sonarr");
    const config = await call(app.url, "GET", "/api/v3/config/mediamanagement", { key: app.apiKey() });
    expect(config.json).toMatchObject({
      id: 1,
      copyUsingHardlinks: true,
      setPermissionsLinux: false,
      chmodFolder: "755",
      chownGroup: "",
      episodeTitleRequired: "always",
    });
  });
});
