import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packCharm } from "@charmarr/build/pack";
import { imageCatalog, StandInNotRegisteredError } from "@charmarr/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findInFiles, qbittorrentLogin, secretContent, secretValues, until } from "../../testing";
import { EmbeddedHost } from "./embedded-host";

// The embedded controller's host with the real qBittorrent (qbittorrent-nox under the engine's
// Pebble) on the shared media storage: deployed from stored charm archives, then the controller
// process goes away and a new host on the same home dir brings the same model back.

const ROOT = resolve(import.meta.dirname, "../../../..");
const MINUTE = 60_000;
// Outside the test models' blocks (1-248): this model's pods and addresses keep apart.
const ADDRESS_BLOCK = 251;

let work: string;
let home: string;
let qbittorrentCharm: Buffer;
let storageCharm: Buffer;
const hosts: EmbeddedHost[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "embedded-host-"));
  home = join(work, "home");
  const packed = join(work, "packed");
  qbittorrentCharm = readFileSync((await packCharm(join(ROOT, "charms/qbittorrent"), packed)).path);
  storageCharm = readFileSync((await packCharm(join(ROOT, "charms/media-storage"), packed)).path);
}, 300_000);

afterAll(async () => {
  for (const host of hosts) await host.close();
  rmSync(work, { recursive: true, force: true });
});

async function open(): Promise<EmbeddedHost> {
  const host = await EmbeddedHost.open({ home, addressBlock: ADDRESS_BLOCK, loopIntervalMs: 200 });
  hosts.push(host);
  return host;
}

const qbUrl = (host: EmbeddedHost) => `http://${host.model.unit("qbittorrent/0").address}:8080`;

async function activeAndAccepting(host: EmbeddedHost, credentials: Record<string, string>): Promise<void> {
  await until(
    "qbittorrent/0 and storage/0 active",
    async () => {
      await host.settle();
      return ["qbittorrent/0", "storage/0"].every((u) => host.agents.unitStatus(u).status === "active");
    },
    4 * MINUTE,
  );
  await until(
    "the app to answer",
    () =>
      qbittorrentLogin(qbUrl(host), credentials.username ?? "", credentials.password ?? "").then(
        () => true,
        () => false,
      ),
    MINUTE,
  );
}

describe("EmbeddedHost", () => {
  it(
    "runs packed charms to active; after close, a new host on the same home has the same model, secrets and a working app; nothing secret in clear under controller/",
    async () => {
      const first = await open();
      expect(first.restored).toBe(false);
      // The stand-ins serve the apps that cannot run here, while the host is open.
      expect(imageCatalog.resolve("lscr.io/linuxserver/radarr:6").launchers[0]?.standIn).toBe(true);
      const hostDir = first.cluster.hostPathDir("/srv/media");
      mkdirSync(hostDir, { recursive: true, mode: 0o775 });
      chownSync(hostDir, 1000, 1000);
      const storage = await first.addCharm(storageCharm);
      const qbittorrent = await first.addCharm(qbittorrentCharm);
      expect(await first.addCharm(qbittorrentCharm)).toEqual(qbittorrent);
      expect([storage.url, qbittorrent.url]).toEqual(["local:media-storage-1", "local:qbittorrent-1"]);
      const changes: string[] = [];
      first.onChange((change, hook) => changes.push(hook ? `${change}:${hook.unit}:${hook.hook}` : change));
      first.deploy("storage", storage.url, {
        trust: true,
        config: { backend: "hostpath", hostpath: "/srv/media", puid: 1000, pgid: 1000 },
      });
      first.deploy("qbittorrent", qbittorrent.url, {
        trust: true,
        config: { "peer-discovery": false, "kill-switch": false },
      });
      first.model.integrate("storage:media-storage", "qbittorrent:media-storage");
      first.kick();
      expect(first.workloadKind("qbittorrent")).toBe("real");
      expect(first.workloadKind("storage")).toBe("none");
      await until(
        "the credentials secret",
        async () => {
          await first.settle();
          return [...first.model.state.secrets.values()].some((s) => s.label === "credentials");
        },
        4 * MINUTE,
      );
      const credentials = secretContent(first.model, "qbittorrent", "credentials");
      await activeAndAccepting(first, credentials);
      expect(await qbittorrentLogin(qbUrl(first), credentials.username ?? "", "not-the-password")).toBe(
        false,
      );
      expect(changes).toContain("application");
      expect(changes).toContain("unit:qbittorrent/0:install");

      const secretsBefore = [...first.model.state.secrets.values()].map((s) => ({
        xid: s.xid,
        owner: s.owner,
        label: s.label,
        latestRevision: s.latestRevision,
        revisions: [...s.revisions.values()].map((r) => r.content),
        grants: s.grants,
      }));
      const relationsBefore = [...first.model.state.relations.values()].map((r) => r.key).sort();
      const configBefore = first.model.config("qbittorrent");
      const leaders = [...first.model.state.apps.values()].map((a) => [a.name, a.leader]);
      const values = secretValues(first.model);
      expect(values).toContain(credentials.password);
      // The app's own profile (/config, the unit's storage) is on the cluster side and stays.
      const storageDir = join(home, "cluster/pods/qbittorrent-0/storage/config");
      expect(readFileSync(join(storageDir, "qBittorrent/config/qBittorrent.conf"), "utf8")).toContain(
        `WebUI\\Username=${credentials.username}`,
      );
      const marker = `kept-${Date.now()}`;
      writeFileSync(join(storageDir, "marker"), marker);
      const { controllerUuid } = first;
      const modelUuid = first.model.uuid;
      await first.close();
      expect(findInFiles(join(home, "controller"), values)).toEqual([]);

      const second = await open();
      expect(second.restored).toBe(true);
      expect(second.controllerUuid).toBe(controllerUuid);
      expect(second.model.uuid).toBe(modelUuid);
      expect(second.charms().map((c) => c.url)).toEqual(["local:media-storage-1", "local:qbittorrent-1"]);
      expect([...second.model.state.apps.keys()].sort()).toEqual(["qbittorrent", "storage"]);
      expect([...second.model.state.relations.values()].map((r) => r.key).sort()).toEqual(relationsBefore);
      expect(second.model.config("qbittorrent")).toEqual(configBefore);
      expect([...second.model.state.apps.values()].map((a) => [a.name, a.leader])).toEqual(leaders);
      await activeAndAccepting(second, credentials);
      expect(readFileSync(join(storageDir, "marker"), "utf8")).toBe(marker);
      const secretsAfter = [...second.model.state.secrets.values()].map((s) => ({
        xid: s.xid,
        owner: s.owner,
        label: s.label,
        latestRevision: s.latestRevision,
        revisions: [...s.revisions.values()].map((r) => r.content),
        grants: s.grants,
      }));
      expect(secretsAfter).toEqual(secretsBefore);
      expect(secretContent(second.model, "qbittorrent", "credentials")).toEqual(credentials);
      expect(
        await qbittorrentLogin(qbUrl(second), credentials.username ?? "", credentials.password ?? ""),
      ).toBe(true);
      const hooks = second.agents.hookLog.filter((r) => r.unit === "qbittorrent/0").map((r) => r.hook);
      expect(hooks).not.toContain("install");
      expect(hooks.slice(0, 3)).toEqual(["upgrade-charm", "config-changed", "start"]);
      expect(hooks).toContain("qbittorrent-pebble-ready");
      expect(hooks.indexOf("qbittorrent-pebble-ready")).toBeGreaterThan(hooks.indexOf("start"));
      await second.close();
      expect(findInFiles(join(home, "controller"), secretValues(second.model))).toEqual([]);
      expect(() => imageCatalog.resolve("lscr.io/linuxserver/radarr:6")).toThrow(StandInNotRegisteredError);
      for (const file of ["state.enc", "state.key", "charms/qbittorrent-1.charm", "logs/model.log"])
        expect(statSync(join(home, "controller", file)).mode & 0o777).toBe(0o600);
      for (const dir of ["controller", "cluster"]) expect(statSync(join(home, dir)).mode & 0o777).toBe(0o700);
      // The model's log is kept (and was scanned with the rest of controller/ above).
      expect(readFileSync(join(home, "controller/logs/model.log"), "utf8")).toContain("qbittorrent/0: ");
    },
    12 * MINUTE,
  );
});
