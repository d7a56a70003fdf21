import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startServarrStandIn } from "./servarr-server";
import { call, cleanUp, tempDir } from "./test-support";

// What the apps keep in their database survives a restart, as with radarr.db and prowlarr.db.

afterEach(cleanUp);

async function restartable(kind: "radarr" | "prowlarr") {
  const dataDir = tempDir(`${kind}-db-`);
  const start = () => startServarrStandIn({ kind, dataDir, port: 0 });
  return { dataDir, start };
}

describe("the stand-in's database", () => {
  it("Prowlarr keeps its applications (and their keys) across a restart, in a file the umask decides the mode of", async () => {
    const { dataDir, start } = await restartable("prowlarr");
    let app = await start();
    const key = app.apiKey();
    const added = await call(app.url, "POST", "/api/v1/applications?forceSave=true", {
      key,
      body: {
        name: "radarr",
        implementation: "Radarr",
        configContract: "RadarrSettings",
        syncLevel: "fullSync",
        fields: [
          { name: "prowlarrUrl", value: "http://127.0.0.1:9696" },
          { name: "baseUrl", value: "http://127.0.0.1:1" },
          { name: "apiKey", value: "0123456789abcdef0123456789abcdef" },
        ],
      },
    });
    expect(added.status).toBe(201);
    await app.close();
    // As the real apps' SQLite database: the process umask decides; the charm starts it with 077.
    expect(statSync(join(dataDir, "prowlarr.db")).mode & 0o777).toBe(0o666 & ~process.umask());

    app = await start();
    try {
      const listed = await call(app.url, "GET", "/api/v1/applications", { key });
      const [radarr] = listed.json as {
        id: number;
        name: string;
        fields: { name: string; value: unknown }[];
      }[];
      expect(radarr).toMatchObject({ id: (added.json as { id: number }).id, name: "radarr" });
      expect(radarr?.fields.find((f) => f.name === "apiKey")?.value).toBe("********");
      // Ids go on from where they were: never reused after a restart.
      const again = await call(app.url, "POST", "/api/v1/applications?forceSave=true", {
        key,
        body: {
          name: "sonarr",
          implementation: "Sonarr",
          configContract: "SonarrSettings",
          syncLevel: "disabled",
          fields: [],
        },
      });
      expect((again.json as { id: number }).id).toBe((added.json as { id: number }).id + 1);
    } finally {
      await app.close();
    }
  });

  it("Radarr keeps its root folders and host settings; a torn file starts afresh", async () => {
    const { dataDir, start } = await restartable("radarr");
    const folder = join(dataDir, "movies");
    mkdirSync(folder);
    let app = await start();
    const key = app.apiKey();
    expect((await call(app.url, "POST", "/api/v3/rootfolder", { key, body: { path: folder } })).status).toBe(
      201,
    );
    const host = (await call(app.url, "GET", "/api/v3/config/host", { key })).json as Record<string, unknown>;
    await call(app.url, "PUT", "/api/v3/config/host/1", {
      key,
      body: { ...host, applicationUrl: "http://x" },
    });
    await app.close();

    app = await start();
    const folders = (await call(app.url, "GET", "/api/v3/rootfolder", { key })).json as { path: string }[];
    expect(folders.map((f) => f.path)).toEqual([folder]);
    const saved = (await call(app.url, "GET", "/api/v3/config/host", { key })).json as Record<
      string,
      unknown
    >;
    expect(saved.applicationUrl).toBe("http://x");
    await app.close();

    writeFileSync(join(dataDir, "radarr.db"), "{torn");
    app = await start();
    expect((await call(app.url, "GET", "/api/v3/rootfolder", { key })).json).toEqual([]);
    await app.close();
  });
});
