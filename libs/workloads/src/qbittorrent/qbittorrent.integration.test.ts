import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QbittorrentTestInstance } from "../../testing/qbittorrent-test-instance";
import { verifyPasswordHash } from "./password-hash";
import { QbittorrentClient } from "./qbittorrent-client";
import { QBITTORRENT_PROTECTIONS, QbittorrentConf, type QbittorrentCredentials } from "./qbittorrent-conf";
import {
  applyQbittorrentCredentials,
  QbittorrentCredentialsMismatchError,
  qbittorrentAccepts,
} from "./qbittorrent-credentials";
import { QbittorrentAuthError, QbittorrentHttpError } from "./qbittorrent-errors";

// The real qbittorrent-nox (Debian 4.5.2), started directly as a child process on loopback with a
// profile seeded by QbittorrentConf and the production protections ON (ban after 5 failed logins).
// Every client call, the rotation with no restart, and the claim that the charm never trips the
// ban, proved from the app's own log ("WebAPI login failure ... attempt count: N").

const FIRST: QbittorrentCredentials = { username: "charmarr", password: "first-Pa55word-for-the-webui" };
const SECOND: QbittorrentCredentials = { username: "charmarr", password: "second pass & word = ünïcode" };
const THIRD: QbittorrentCredentials = { username: "charmarr-2", password: "third-password-via-the-file" };

let qbt: QbittorrentTestInstance;
let current = FIRST;

const options = () => ({ url: qbt.url, readConfig: async () => qbt.readConfig() });
const client = (credentials = current) => new QbittorrentClient({ url: qbt.url, ...credentials });

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Login outcomes in the app's log: failures (with the app's own attempt count) and successes. */
function logins(): { failures: number[]; successes: number } {
  const log = qbt.log();
  const failures = [...log.matchAll(/WebAPI login failure\. .*attempt count: (\d+)/g)].map((m) =>
    Number(m[1]),
  );
  return { failures, successes: (log.match(/WebAPI login success/g) ?? []).length };
}

/**
 * A successful login, then the log once it shows it: everything logged before is flushed by then,
 * so failure counts read afterwards are final.
 */
async function checkpoint(): Promise<{ failures: number[]; successes: number }> {
  const before = logins().successes;
  const probe = client();
  await probe.login();
  await probe.close();
  for (let i = 0; i < 200; i++) {
    const now = logins();
    if (now.successes > before) return now;
    await sleep(25);
  }
  throw new Error("the login never reached qbittorrent.log");
}

beforeAll(async () => {
  qbt = await QbittorrentTestInstance.create(FIRST);
  await qbt.start();
});

afterAll(async () => {
  await qbt?.destroy();
  console.info(
    `qbittorrent-nox start -> first HTTP answer (ms): ${qbt?.startTimes.map(Math.round).join(", ")}`,
  );
});

describe("qbittorrent-nox: the client", () => {
  it("refuses calls without a session (403) and serves them with one", async () => {
    expect((await fetch(`${qbt.url}/api/v2/app/version`)).status).toBe(403);
    const api = client();
    try {
      expect(await api.version()).toMatch(/^v4\.\d+\.\d+/);
      expect(await api.webApiVersion()).toMatch(/^2\.\d+\.\d+$/);
    } finally {
      await api.close();
    }
  });

  it("reads the seeded settings back through app/preferences (protections on, loopback only)", async () => {
    const api = client();
    try {
      const prefs = await api.preferences();
      expect(prefs).toMatchObject({
        web_ui_username: FIRST.username,
        web_ui_port: qbt.port,
        web_ui_address: "127.0.0.1",
        bypass_local_auth: false,
        bypass_auth_subnet_whitelist_enabled: false,
        web_ui_csrf_protection_enabled: true,
        web_ui_clickjacking_protection_enabled: true,
        web_ui_host_header_validation_enabled: true,
        web_ui_max_auth_fail_count: QBITTORRENT_PROTECTIONS.maxAuthFailCount,
        web_ui_ban_duration: QBITTORRENT_PROTECTIONS.banDuration,
        dht: false,
        lsd: false,
        pex: false,
        upnp: false,
      });
      expect(prefs.current_network_interface).toBe("lo");
      expect(prefs).not.toHaveProperty("web_ui_password");
    } finally {
      await api.close();
    }
  });

  it("sets preferences (form-encoded json=) and reads them back", async () => {
    const api = client();
    try {
      await api.setPreferences({ save_path: `${qbt.profile}/downloads/`, auto_tmm_enabled: true });
      expect(await api.preferences()).toMatchObject({ auto_tmm_enabled: true });
      await api.setPreferences({ auto_tmm_enabled: false });
      expect((await api.preferences()).auto_tmm_enabled).toBe(false);
    } finally {
      await api.close();
    }
  });

  it("creates, edits, lists and removes categories", async () => {
    const api = client();
    try {
      const tv = `${qbt.profile}/downloads/tv`;
      expect(await api.ensureCategory("tv-sonarr", tv)).toBe("created");
      expect(await api.ensureCategory("tv-sonarr", tv)).toBe("unchanged");
      expect(await api.ensureCategory("tv-sonarr", `${tv}-2`)).toBe("updated");
      await api.createCategory("movies-radarr");
      const duplicate = await api.createCategory("movies-radarr").catch((e: unknown) => e);
      expect(duplicate).toBeInstanceOf(QbittorrentHttpError);
      expect((duplicate as QbittorrentHttpError).status).toBe(409);
      const invalid = await api.createCategory("/leading-slash").catch((e: unknown) => e);
      expect((invalid as QbittorrentHttpError).status).toBe(409);
      await api.editCategory("movies-radarr", `${qbt.profile}/downloads/movies`);
      expect(await api.categories()).toEqual({
        "tv-sonarr": { name: "tv-sonarr", savePath: `${tv}-2` },
        "movies-radarr": { name: "movies-radarr", savePath: `${qbt.profile}/downloads/movies` },
      });
      await api.removeCategories(["tv-sonarr", "movies-radarr"]);
      expect(await api.categories()).toEqual({});
    } finally {
      await api.close();
    }
  });

  it("sets the proxy in the server's own format and reads it back", async () => {
    const api = client();
    try {
      const proxy = {
        type: "http" as const,
        host: "127.0.0.1",
        port: 8888,
        username: "proxy-user",
        password: "proxy-pass",
        peerConnections: true,
        hostnameLookup: true,
        allTraffic: false,
      };
      await api.setProxy(proxy);
      expect((await api.preferences()).proxy_type).toBe(3); // 4.5: HTTP with authentication
      expect(await api.proxy()).toEqual(proxy);
      await api.setProxy({ ...proxy, type: "none", username: undefined, password: undefined });
      expect((await api.proxy()).type).toBe("none");
    } finally {
      await api.close();
    }
  });
});

describe("qbittorrent-nox: credentials without tripping the ban", () => {
  it("reads the conf the app rewrote: same username, a hash our verifier accepts", async () => {
    const conf = QbittorrentConf.parse(qbt.readConfig() as string);
    expect(conf.settings.username).toBe(FIRST.username);
    expect(await conf.passwordMatches(FIRST.password)).toBe(true);
    expect(conf.value("Meta", "MigrationVersion")).toBeDefined(); // rewritten by the app
  });

  it("checks a wrong password with NO login at all, however often", async () => {
    const before = await checkpoint();
    for (let i = 0; i < 10; i++) {
      expect(await qbittorrentAccepts({ ...FIRST, password: `wrong-${i}` }, options())).toBe(false);
      expect(await qbittorrentAccepts({ ...FIRST, username: "admin" }, options())).toBe(false);
    }
    expect(await qbittorrentAccepts(FIRST, options())).toBe(true);
    const after = await checkpoint();
    expect(after.failures).toEqual(before.failures);
  });

  it("a refused login is typed, counted once per client, and reset by the next success", async () => {
    const before = (await checkpoint()).failures.length;
    const wrong = client({ ...FIRST, password: "definitely-wrong" });
    for (let i = 0; i < 3; i++) {
      const error = await wrong.version().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QbittorrentAuthError);
      expect((error as QbittorrentAuthError).reason).toBe("login");
    }
    expect(wrong.failedLogins).toBe(1);
    const after = await checkpoint();
    expect(after.failures.slice(before)).toEqual([1]);
  });

  it("the failure count resets on success (4 refused + 1 accepted, twice: never banned)", async () => {
    const before = (await checkpoint()).failures.length;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) {
        await expect(client({ ...FIRST, password: `nope-${round}-${i}` }).login()).rejects.toBeInstanceOf(
          QbittorrentAuthError,
        );
      }
      await checkpoint(); // a correct login still works: not banned
    }
    expect((await checkpoint()).failures.slice(before)).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
  });

  it("rotates the password live: new accepted, old refused, no restart, no failed login", async () => {
    const pid = qbt.child?.pid;
    const before = await checkpoint();
    await applyQbittorrentCredentials(SECOND, FIRST, options());
    current = SECOND;
    const [takesNew, takesOld] = await Promise.all([
      qbittorrentAccepts(SECOND, options()),
      qbittorrentAccepts(FIRST, options()),
    ]);
    expect([takesNew, takesOld]).toEqual([true, false]);
    expect(qbt.child?.pid).toBe(pid);
    const after = await checkpoint();
    expect(after.failures).toEqual(before.failures);
    // The hash qBittorrent itself wrote verifies with our code.
    const stored = QbittorrentConf.parse(qbt.readConfig() as string).settings.passwordHash;
    expect(await verifyPasswordHash(SECOND.password, stored)).toBe(true);
    expect(await verifyPasswordHash(FIRST.password, stored)).toBe(false);
  });

  it("the app itself refuses the old password (one deliberate failed login)", async () => {
    const before = (await checkpoint()).failures.length;
    await expect(client(FIRST).login()).rejects.toBeInstanceOf(QbittorrentAuthError);
    expect((await checkpoint()).failures.length).toBe(before + 1);
  });

  it("is idempotent after a crash, and refuses stale current credentials without a login", async () => {
    const before = await checkpoint();
    // Run again with the same (already applied) pair: nothing to do, nothing refused.
    await applyQbittorrentCredentials(SECOND, FIRST, options());
    // The charm's idea of the current password is wrong: no login is made with it.
    const stale = await applyQbittorrentCredentials(
      { ...SECOND, password: "x-next" },
      { ...FIRST, password: "stale" },
      options(),
    ).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(QbittorrentCredentialsMismatchError);
    expect(await qbittorrentAccepts(SECOND, options())).toBe(true);
    expect((await checkpoint()).failures).toEqual(before.failures);
  });

  it("keeps the rotated password across a restart; the file is rewritten only when it must be", async () => {
    await qbt.stop();
    const conf = QbittorrentConf.parse(qbt.readConfig() as string);
    // Re-asserting the live credentials leaves the file as it is (no re-salting).
    expect((await conf.withCredentials(SECOND)).toString()).toBe(conf.toString());
    await qbt.start();
    expect(await qbittorrentAccepts(SECOND, options())).toBe(true);
  });

  it("applies credentials through the file while stopped (the path for unknown live credentials)", async () => {
    await qbt.stop();
    const conf = await QbittorrentConf.parse(qbt.readConfig() as string).withCredentials(THIRD);
    qbt.writeConfig(conf.toString());
    await qbt.start();
    current = THIRD;
    const before = await checkpoint();
    expect(await qbittorrentAccepts(THIRD, options())).toBe(true);
    expect(await qbittorrentAccepts(SECOND, options())).toBe(false);
    const api = client();
    try {
      expect((await api.preferences()).web_ui_username).toBe(THIRD.username);
    } finally {
      await api.close();
    }
    expect((await checkpoint()).failures).toEqual(before.failures);
  });
});
