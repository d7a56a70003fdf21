// qBittorrent on the real app with media managers related: the credentials secret granted and
// used, a category per manager in the app, the protections on, relation removal, bad config.

import {
  badConfigChangesNothing,
  consumerViews,
  DOWNLOAD_CONSUMER_YAML,
  downloadConsumerCharm,
  downloaderTestFile,
  expectNoRestartInNextHooks,
  expectServingBothManagers,
  failedHooks,
  MINUTE,
  relationRemovedAndRestored,
  steadyStateRound,
} from "@charmarr/app-charm/testing";
import { relateToSharedStorage } from "@charmarr/media-storage-charm/testing";
import { toolsAfterAgentRestart } from "@charmarr/testing";
import { describe, expect, it } from "vitest";
import {
  CONF,
  CONF_BEING_SAVED,
  conf,
  confHolds,
  QBITTORRENT,
  QBITTORRENT_CHARM,
  secretCredentials,
  session,
  starts,
  UNIT,
} from "../testing/qbittorrent-stack";

const file = downloaderTestFile(QBITTORRENT_CHARM);

describe("qBittorrent download-client", () => {
  it("publishes its URL and credentials secret, grants it to each manager, makes their categories", async () => {
    const stack = await file.stack();
    const { m } = stack;
    const creds = secretCredentials(m);
    expect(creds.username).toBe("charm");
    expect(creds.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Each manager read the secret and the real app took it.
    expectServingBothManagers(stack, QBITTORRENT, "qBittorrent WebUI credentials", creds);

    const app = await session(stack.url, creds);
    expect(await app.categories()).toEqual({
      radarr: { name: "radarr", savePath: "/data/torrents/movies" },
      sonarr: { name: "sonarr", savePath: "/data/torrents/tv" },
    });
    const prefs = await app.preferences();
    expect(prefs).toMatchObject({
      // Every address of the pod; the test reaches it at the pod IP.
      web_ui_address: "*",
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
      save_path: "/data/torrents",
      auto_tmm_enabled: true,
      autorun_enabled: true,
      autorun_program: 'chmod -R g+rwX,o+rX "%F"',
      listen_port: 6881,
      current_interface_address: "",
    });
    // The password reaches the app only as a hash in a 0600 file.
    const saved = await conf(m);
    expect(saved.mode).toBe(0o600);
    expect(await confHolds(m, creds)).toBe(true);

    // A steady-state hook changes nothing: no restart (a session lives in the app's memory only).
    const confBefore = saved.conf.settings;
    const ran = await steadyStateRound(m, QBITTORRENT);
    expect((await conf(m)).conf.settings).toEqual(confBefore);
    expect(await app.version()).toMatch(/^v\d/);
    // It asks the app whether it answers and reads its file, nothing more: no secret is read and
    // nothing logs in (the app's own PBKDF2 runs in full hooks only).
    const update = ran.find((h) => h.unit === UNIT && h.hook === "update-status");
    expect(update?.toolCalls.map((c) => c.tool).sort()).toEqual([
      "config-get",
      "is-leader",
      "network-get",
      "status-get",
    ]);
    // A setting changed in the WebUI is saved in the file: the next update-status puts it back.
    await app.setPreferences({ dht: true, web_ui_max_auth_fail_count: 1000 });
    expect(await app.preferences()).toMatchObject({ dht: true, web_ui_max_auth_fail_count: 1000 });
    m.advance(6 * MINUTE);
    expect(failedHooks(await m.settle())).toEqual([]);
    expect(await app.preferences()).toMatchObject({ dht: false, web_ui_max_auth_fail_count: 5 });
    expect(m.unitStatus(UNIT).status).toBe("active");
    // A config-changed that changes nothing (an agent restart) is as steady; a new value is applied.
    expect(await toolsAfterAgentRestart(m, UNIT)).toEqual({
      [UNIT]: ["config-get", "is-leader", "network-get", "status-get"],
    });
    m.config("qbittorrent", { "peer-discovery": true });
    expect(failedHooks(await m.settle())).toEqual([]);
    expect(await app.preferences()).toMatchObject({ dht: true, lsd: true, pex: true });
    await app.close();
  });

  it("a manager whose relation is removed loses its grant and its data; its category stays", async () => {
    const stack = await file.stack();
    await relationRemovedAndRestored(stack, QBITTORRENT, async () => {
      const app = await session(stack.url, secretCredentials(stack.m));
      expect(Object.keys(await app.categories()).sort()).toEqual(["radarr", "sonarr"]);
      await app.close();
    });
  });

  it("blocks bad config values, naming them, and changes nothing", async () => {
    const stack = await file.stack({ radarr: "radarr" });
    const { m } = stack;
    await badConfigChangesNothing(
      m,
      QBITTORRENT,
      [
        [{ "torrent-port": 8080 }, "torrent-port=8080"],
        [{ "torrent-port": 80 }, "torrent-port=80"],
        [{ "download-dir": "downloads" }, 'download-dir="downloads"'],
        [{ "download-dir": "/data/../etc" }, 'download-dir="/data/../etc"'],
        [{ timezone: "Mars/Olympus" }, 'timezone="Mars/Olympus"'],
        [{ "rotation-interval": "fortnightly" }, 'rotation-interval="fortnightly"'],
      ],
      {
        // The app rewrites its file in its own order: compare what it says, and the hash.
        async snapshot() {
          const { conf: current } = await conf(m);
          return { ...current.settings, hash: current.value("Preferences", "WebUI\\Password_PBKDF2") };
        },
        starts: () => starts(m),
        async stillServes() {
          const app = await session(stack.url, secretCredentials(m));
          expect(await app.version()).toMatch(/^v\d/);
          await app.close();
        },
      },
    );
  });

  it("applies download-dir, torrent-port and peer-discovery to the app, categories included", async () => {
    const stack = await file.stack({ radarr: "radarr", sonarr: "sonarr" });
    const { m } = stack;
    const openedPorts = async () =>
      (await m.runTool(UNIT, "opened-ports", [])).stdout.split("\n").filter(Boolean);
    // The WebUI, and the peer port on TCP and UDP (qBittorrent listens for peers on both).
    expect((await openedPorts()).sort()).toEqual(["6881/tcp", "6881/udp", "8080/tcp"]);
    m.config("qbittorrent", {
      "download-dir": "/data/downloads/",
      "torrent-port": 51413,
      "peer-discovery": true,
    });
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(m.unitStatus(UNIT).status).toBe("active");
    const app = await session(stack.url, secretCredentials(m));
    expect(await app.preferences()).toMatchObject({
      save_path: "/data/downloads",
      listen_port: 51413,
      dht: true,
      lsd: true,
      pex: true,
    });
    // The new peer port is open on both protocols, the old one closed, the WebUI's kept.
    expect((await openedPorts()).sort()).toEqual(["51413/tcp", "51413/udp", "8080/tcp"]);
    expect(await app.categories()).toEqual({
      radarr: { name: "radarr", savePath: "/data/downloads/movies" },
      sonarr: { name: "sonarr", savePath: "/data/downloads/tv" },
    });
    await app.close();
    await expectNoRestartInNextHooks(m, () => starts(m));
    // Off again before the model closes: nothing but loopback.
    m.config("qbittorrent", { "peer-discovery": false });
    await m.settle();
    const again = await session(stack.url, secretCredentials(m));
    expect(await again.preferences()).toMatchObject({ dht: false, lsd: false, pex: false });
    await again.close();
  });

  it("runs on the leader only; a new leader takes over with the same credentials", async () => {
    const m = await file.model();
    m.deploy("qbittorrent", {
      charmFile: file.packed.charmFile,
      units: 2,
      config: { "peer-discovery": false, "kill-switch": false },
    });
    for (const i of [0, 1]) {
      m.declareCredentialFile(`qbittorrent/${i}`, "qbittorrent", CONF);
      m.declareCredentialFile(`qbittorrent/${i}`, "qbittorrent", CONF_BEING_SAVED);
    }
    relateToSharedStorage(m, "qbittorrent");
    m.deploy("radarr", { charm: downloadConsumerCharm, metadata: DOWNLOAD_CONSUMER_YAML });
    const relation = m.integrate("radarr:download-client", "qbittorrent:download-client");
    await m.settle();
    // Each unit's pod IP, once the pods run.
    const addresses = [0, 1].map((i) => m.model.unit(`qbittorrent/${i}`).address);
    expect(addresses[0]).not.toBe(addresses[1]);
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
