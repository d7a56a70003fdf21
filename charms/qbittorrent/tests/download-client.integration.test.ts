// qBittorrent on the real app with media managers related: the credentials secret granted and
// used, a category per manager in the app, the protections on, relation removal, bad config.
import { type TestModel, testModel } from "@charmarr/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  consumerRefusals,
  consumerViews,
  DOWNLOAD_CONSUMER_YAML,
  downloadConsumerCharm,
} from "../../../libs/app-charm/src/downloader/test-charms/download-consumer-charm";
import {
  failedHooks,
  freeUnitAddress,
} from "../../../libs/app-charm/src/downloader/test-charms/downloader-model";
import {
  CONF,
  CONF_BEING_SAVED,
  conf,
  confHolds,
  MINUTE,
  type Packed,
  packQbittorrent,
  qbittorrentStack,
  secretCredentials,
  session,
  starts,
  UNIT,
} from "./qbittorrent-stack";

let packed: Packed;
let m: TestModel | undefined;

beforeAll(async () => {
  packed = await packQbittorrent();
}, 180_000);
afterAll(() => packed?.close());
afterEach(async () => {
  await m?.close();
  m = undefined;
  consumerViews.clear();
  consumerRefusals.clear();
});

describe("qBittorrent download-client", () => {
  it("publishes its URL and credentials secret, grants it to each manager, makes their categories", async () => {
    const stack = await qbittorrentStack(packed);
    m = stack.m;
    expect(failedHooks(m.hookLog)).toEqual([]);
    for (const unit of [UNIT, "radarr/0", "sonarr/0"]) expect(m.unitStatus(unit).status).toBe("active");

    const secret = m.secret("credentials", { owner: "qbittorrent" })!;
    expect(secret.description).toBe("qBittorrent WebUI credentials");
    expect(secret.rotatePolicy).toBe("monthly");
    expect(secret.grants.map((g) => g.app).sort()).toEqual(["radarr", "sonarr"]);
    const creds = secretCredentials(m);
    expect(creds.username).toBe("charm");
    expect(creds.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(Object.keys(stack.relations)).toHaveLength(2);
    for (const id of Object.values(stack.relations)) {
      expect(m.databag(id, "qbittorrent")).toEqual({
        "api-url": stack.url,
        client: "qbittorrent",
        "instance-name": "qbittorrent",
        "credentials-secret-id": secret.id,
      });
    }
    // Each manager read the secret and the real app took it.
    for (const unit of ["radarr/0", "sonarr/0"]) {
      expect(consumerViews.get(unit)).toMatchObject({ accepted: true, credential: creds, apiUrl: stack.url });
    }
    expect([...consumerRefusals.values()]).toEqual([]);

    const app = await session(stack.url, creds);
    expect(await app.categories()).toEqual({
      radarr: { name: "radarr", savePath: "/downloads/movies" },
      sonarr: { name: "sonarr", savePath: "/downloads/tv" },
    });
    const prefs = await app.preferences();
    expect(prefs).toMatchObject({
      web_ui_address: stack.address,
      web_ui_port: 8080,
      bypass_local_auth: false,
      bypass_auth_subnet_whitelist_enabled: false,
      web_ui_csrf_protection_enabled: true,
      web_ui_host_header_validation_enabled: true,
      web_ui_max_auth_fail_count: 5,
      web_ui_ban_duration: 3600,
      dht: false,
      lsd: false,
      pex: false,
      upnp: false,
      save_path: "/downloads",
      listen_port: 6881,
      current_interface_address: stack.address,
    });
    // The password reaches the app only as a hash in a 0600 file.
    const file = await conf(m);
    expect(file.mode).toBe(0o600);
    expect(await confHolds(m, creds)).toBe(true);

    // A steady-state hook changes nothing: no restart (a session lives in the app's memory only).
    const confBefore = file.conf.settings;
    m.advance(6 * MINUTE);
    const ran = await m.settle();
    expect(ran.map((h) => `${h.unit} ${h.hook}`)).toContain(`${UNIT} update-status`);
    expect(failedHooks(ran)).toEqual([]);
    expect((await conf(m)).conf.settings).toEqual(confBefore);
    expect(await app.version()).toMatch(/^v\d/);
    expect(ran.find((h) => h.unit === UNIT)?.toolCalls.map((c) => c.tool)).not.toContain("relation-set");
    await app.close();
  });

  it("a manager whose relation is removed loses its grant and its data; its category stays", async () => {
    const stack = await qbittorrentStack(packed);
    m = stack.m;
    const secret = () => m!.secret("credentials", { owner: "qbittorrent" })!;
    m.removeRelation(stack.relations.radarr!);
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(secret().grants.map((g) => g.app)).toEqual(["sonarr"]);
    const probe = await m.readSecretAs("radarr/0", secret().id);
    expect(probe.exitCode).toBe(1);
    expect(probe.stderr).toContain("permission denied");
    expect(consumerViews.has("radarr/0")).toBe(false);
    expect(m.unitStatus("radarr/0")).toMatchObject({ status: "blocked" });
    expect(m.unitStatus(UNIT).status).toBe("active");
    const app = await session(stack.url, secretCredentials(m));
    expect(Object.keys(await app.categories()).sort()).toEqual(["radarr", "sonarr"]);
    await app.close();

    // Related again: granted again, the same secret.
    m.integrate("radarr:download-client", "qbittorrent:download-client");
    await m.settle();
    expect(
      secret()
        .grants.map((g) => g.app)
        .sort(),
    ).toEqual(["radarr", "sonarr"]);
    expect(consumerViews.get("radarr/0")).toMatchObject({ accepted: true });
    expect(failedHooks(m.hookLog)).toEqual([]);
  });

  it("blocks bad config values, naming them, and changes nothing", async () => {
    const stack = await qbittorrentStack(packed, { radarr: "radarr" });
    m = stack.m;
    // The app rewrites its file in its own order: compare what it says, and the hash.
    const settingsOf = async () => {
      const { conf: file } = await conf(m!);
      return { ...file.settings, hash: file.value("Preferences", "WebUI\\Password_PBKDF2") };
    };
    const before = await settingsOf();
    const started = await starts(m);
    const cases: [Record<string, unknown>, string][] = [
      [{ "torrent-port": 8080 }, "torrent-port=8080"],
      [{ "torrent-port": 80 }, "torrent-port=80"],
      [{ "download-dir": "downloads" }, 'download-dir="downloads"'],
      [{ "download-dir": "/data/../etc" }, 'download-dir="/data/../etc"'],
      [{ timezone: "Mars/Olympus" }, 'timezone="Mars/Olympus"'],
      [{ "rotation-interval": "fortnightly" }, 'rotation-interval="fortnightly"'],
    ];
    for (const [values, named] of cases) {
      m.config("qbittorrent", values);
      await m.settle();
      const status = m.unitStatus(UNIT);
      expect(status.status).toBe("blocked");
      expect(status.message).toContain(named);
      expect(await settingsOf()).toEqual(before);
      expect(m.secret("credentials", { owner: "qbittorrent" })!.rotatePolicy).toBe("monthly");
      m.config("qbittorrent", Object.fromEntries(Object.keys(values).map((k) => [k, null])));
    }
    await m.settle();
    expect(m.unitStatus(UNIT).status).toBe("active");
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(await starts(m)).toBe(started);
    const app = await session(stack.url, secretCredentials(m));
    expect(await app.version()).toMatch(/^v\d/);
    await app.close();
  });

  it("applies download-dir, torrent-port and peer-discovery to the app, categories included", async () => {
    const stack = await qbittorrentStack(packed, { radarr: "radarr", sonarr: "sonarr" });
    m = stack.m;
    m.config("qbittorrent", {
      "download-dir": "/data/torrents/",
      "torrent-port": 51413,
      "peer-discovery": true,
    });
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(m.unitStatus(UNIT).status).toBe("active");
    const app = await session(stack.url, secretCredentials(m));
    expect(await app.preferences()).toMatchObject({
      save_path: "/data/torrents",
      listen_port: 51413,
      dht: true,
      lsd: true,
      pex: true,
    });
    expect(await app.categories()).toEqual({
      radarr: { name: "radarr", savePath: "/data/torrents/movies" },
      sonarr: { name: "sonarr", savePath: "/data/torrents/tv" },
    });
    await app.close();
    // What qBittorrent saved reads back as what the charm wants: no restart in the next hooks.
    const started = await starts(m);
    m.advance(6 * MINUTE);
    await m.settle();
    expect(await starts(m)).toBe(started);
    // Off again before the model closes: nothing but loopback.
    m.config("qbittorrent", { "peer-discovery": false });
    await m.settle();
    const again = await session(stack.url, secretCredentials(m));
    expect(await again.preferences()).toMatchObject({ dht: false, lsd: false, pex: false });
    await again.close();
  });

  it("runs on the leader only; a new leader takes over with the same credentials", async () => {
    m = await testModel();
    m.deploy("qbittorrent", { charmFile: packed.charmFile, units: 0, config: { "peer-discovery": false } });
    const addresses = [await freeUnitAddress(), await freeUnitAddress()];
    for (const [i, address] of addresses.entries()) {
      m.model.addUnit("qbittorrent", { address });
      m.declareCredentialFile(`qbittorrent/${i}`, "qbittorrent", CONF);
      m.declareCredentialFile(`qbittorrent/${i}`, "qbittorrent", CONF_BEING_SAVED);
    }
    m.deploy("radarr", { charm: downloadConsumerCharm, metadata: DOWNLOAD_CONSUMER_YAML });
    const relation = m.integrate("radarr:download-client", "qbittorrent:download-client");
    await m.settle();
    const standby =
      "qbittorrent runs on the leader only: scale to 1 unit (juju scale-application qbittorrent 1)";
    expect(m.unitStatus("qbittorrent/0").status).toBe("active");
    expect(m.unitStatus("qbittorrent/1")).toMatchObject({ status: "blocked", message: standby });
    expect(
      await fetch(`http://${addresses[1]}:8080/`).then(
        () => "up",
        () => "down",
      ),
    ).toBe("down");
    const creds = secretCredentials(m);

    m.setLeader("qbittorrent/1");
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(m.unitStatus("qbittorrent/1").status).toBe("active");
    expect(m.unitStatus("qbittorrent/0")).toMatchObject({ status: "blocked", message: standby });
    expect(secretCredentials(m)).toEqual(creds);
    expect(m.databag(relation.id, "qbittorrent")["api-url"]).toBe(`http://${addresses[1]}:8080`);
    expect(consumerViews.get("radarr/0")).toMatchObject({
      accepted: true,
      apiUrl: `http://${addresses[1]}:8080`,
      credential: creds,
    });
    expect(
      await fetch(`http://${addresses[0]}:8080/`).then(
        () => "up",
        () => "down",
      ),
    ).toBe("down");
    const app = await session(`http://${addresses[1]}:8080`, creds);
    expect(Object.keys(await app.categories())).toEqual(["radarr"]);
    await app.close();
  });
});
