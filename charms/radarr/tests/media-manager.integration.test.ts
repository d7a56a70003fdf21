// Radarr's media-manager side and its settings, the charm packed and run as a process on the
// stand-in: root folders, the URL base, authentication, with a media server stand-in charm
// (in-process) on the other side of media-manager.
import { defineCharm } from "@charmarr/charm";
import { readMediaManagerProvider } from "@charmarr/interfaces";
import {
  deployServarr,
  failedHooks,
  managerAt,
  type PackedCharms,
  publishedUrl,
  registrations,
  secretKey,
  servarrTestFile,
} from "@charmarr/prowlarr-charm/testing";
import type { TestModel } from "@charmarr/testing";
import { ServarrConfigXml } from "@charmarr/workloads";
import { beforeEach, describe, expect, it } from "vitest";

const MEDIA_SERVER_YAML = `
name: media-server
type: charm
summary: reads media-manager data
description: test charm
requires:
  media-manager:
    interface: media-manager
`;

/** What the media server read from Radarr in its latest hook. */
let seen: unknown;
const mediaServer = defineCharm({
  metadata: { name: "media-server" },
  async reconcile(ctx) {
    const [relation] = await ctx.relations("media-manager");
    if (!relation) return;
    const data = await readMediaManagerProvider(relation);
    seen = data.ok ? data.data : data.reason;
    ctx.status.active();
  },
});

const file = servarrTestFile(["prowlarr", "radarr"]);
let m: TestModel;
let packed: PackedCharms;

beforeEach(() => {
  seen = undefined;
  ({ m, packed } = file);
});

async function configXml(unit: string): Promise<ServarrConfigXml> {
  const file = (await m.agents.pods().get(unit)?.inspect())?.files.find(
    (f) => f.path === "/config/config.xml",
  );
  if (!file) throw new Error("no config.xml");
  expect(file.mode & 0o777).toBe(0o600);
  return ServarrConfigXml.parse(file.content);
}

describe("radarr", () => {
  it("publishes its URL, kind, name and root folders; follows root-folder changes", async () => {
    deployServarr(m, packed, "radarr");
    m.deploy("plex", { charm: mediaServer, metadata: MEDIA_SERVER_YAML });
    const rel = m.integrate("plex:media-manager", "radarr:media-manager");
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    const url = publishedUrl(m, rel.id, "radarr");
    expect(url).toMatch(/^http:\/\/127\.\d+\.\d+\.\d+:7878$/);
    expect(seen).toEqual({
      apiUrl: url,
      manager: "radarr",
      instanceName: "radarr",
      rootFolders: ["/data/media/movies"],
    });
    const radarr = managerAt("radarr", url, secretKey(m, "radarr"));
    expect((await radarr.rootFolders.list()).map((f) => [f.path, f.accessible])).toEqual([
      ["/data/media/movies", true],
    ]);

    // One added in the web UI is published too, and kept when the option moves.
    await radarr.rootFolders.add("/tmp");
    m.config("radarr", { "root-folder": "/data/media/films" });
    await m.settle();
    expect((await radarr.rootFolders.list()).map((f) => f.path).sort()).toEqual([
      "/data/media/films",
      "/tmp",
    ]);
    expect(seen).toMatchObject({ rootFolders: ["/tmp", "/data/media/films"] });

    m.config("radarr", { "root-folder": "relative/path" });
    await m.settle();
    expect(m.unitStatus("radarr/0")).toMatchObject({ status: "blocked" });
    expect(m.unitStatus("radarr/0").message).toContain('root-folder="relative/path"');
    expect((await radarr.rootFolders.list()).map((f) => f.path).sort()).toEqual([
      "/data/media/films",
      "/tmp",
    ]);
  });

  it("serves under url-base, and tells Prowlarr and the media server the URL with it", async () => {
    deployServarr(m, packed, "prowlarr");
    deployServarr(m, packed, "radarr");
    m.deploy("plex", { charm: mediaServer, metadata: MEDIA_SERVER_YAML });
    const indexer = m.integrate("radarr:media-indexer", "prowlarr:media-indexer");
    const manager = m.integrate("plex:media-manager", "radarr:media-manager");
    await m.settle();
    m.config("radarr", { "url-base": "/radarr/" });
    m.config("prowlarr", { "url-base": "indexers" });
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    const radarrUrl = publishedUrl(m, manager.id, "radarr");
    const prowlarrUrl = publishedUrl(m, indexer.id, "prowlarr");
    expect(radarrUrl).toMatch(/:7878\/radarr$/);
    expect(prowlarrUrl).toMatch(/:9696\/indexers$/);
    expect((await configXml("radarr/0")).settings.urlBase).toBe("/radarr");
    expect(seen).toMatchObject({ apiUrl: radarrUrl });
    const apps = await registrations(prowlarrUrl, secretKey(m, "prowlarr"));
    expect(apps.map((a) => [a.name, a.baseUrl, a.works])).toEqual([["radarr", radarrUrl, true]]);
    expect(m.unitStatus("radarr/0")).toMatchObject({ status: "active" });

    m.config("radarr", { "url-base": "http://example.com/radarr" });
    await m.settle();
    expect(m.unitStatus("radarr/0").status).toBe("blocked");
    expect(m.unitStatus("radarr/0").message).toContain("url-base");
    expect((await configXml("radarr/0")).settings.urlBase).toBe("/radarr");
  });

  it("external-auth switches the app's own login off and back on; other settings are kept", async () => {
    deployServarr(m, packed, "radarr");
    await m.settle();
    const before = await configXml("radarr/0");
    expect(before.settings).toMatchObject({ port: 7878, urlBase: "" });
    expect(before.settings.bindAddress).toBe("*");
    expect(before.value("InstanceName")).toBe("Radarr"); // written by the app, kept by the charm
    m.config("radarr", { "external-auth": true });
    await m.settle();
    expect((await configXml("radarr/0")).settings.authenticationMethod).toBe("External");
    m.config("radarr", { "external-auth": false });
    await m.settle();
    const after = await configXml("radarr/0");
    expect(after.settings.authenticationMethod).toBe("None");
    expect(after.value("InstanceName")).toBe("Radarr");
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(m.unitStatus("radarr/0")).toMatchObject({ status: "active" });
  });
});
