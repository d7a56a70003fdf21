import { describe, expect, it } from "vitest";
import { testRelation } from "../../testing/test-relation";
import { publishMediaManagerProvider, readMediaManagerProvider } from "./media-manager-data";

const BAG = {
  "api-url": "http://127.0.1.3:7878",
  manager: "radarr",
  "instance-name": "radarr",
  "root-folders": '["/data/media/movies"]',
};

describe("media-manager provider data", () => {
  it("parses the manager's data, root folders from JSON, ignoring unknown keys", async () => {
    const { relation } = testRelation({ remote: { ...BAG, "quality-profiles": "[]" } });
    await expect(readMediaManagerProvider(relation)).resolves.toEqual({
      ok: true,
      data: {
        apiUrl: "http://127.0.1.3:7878",
        manager: "radarr",
        instanceName: "radarr",
        rootFolders: ["/data/media/movies"],
      },
    });
  });

  it.each([
    ["missing key", { ...BAG, "root-folders": undefined }, "root-folders"],
    ["bad JSON in root-folders", { ...BAG, "root-folders": "[/data/media/movies" }, "root-folders"],
    ["relative root folder", { ...BAG, "root-folders": '["media/movies"]' }, "root-folders"],
    ["bad kind", { ...BAG, manager: "jellyfin" }, "manager"],
    ["bad url", { ...BAG, "api-url": "ftp://127.0.1.3" }, "api-url"],
  ])("ignores garbage (%s) with a warning", async (_, remote, key) => {
    const bag = Object.fromEntries(Object.entries(remote).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
    const { relation, logLines } = testRelation({ remote: bag, endpoint: "media-manager" });
    await expect(readMediaManagerProvider(relation)).resolves.toEqual({
      ok: false,
      reason: `invalid data from remote on media-manager:3: ${key}`,
    });
    expect(logLines).toHaveLength(1);
    expect(logLines[0]).not.toContain(bag[key] ?? "\u0000");
  });
});

describe("publishing media-manager", () => {
  it("writes root folders as JSON, and only what changed", async () => {
    const t = testRelation();
    const data = {
      apiUrl: "http://127.0.1.3:7878",
      manager: "radarr",
      instanceName: "radarr",
      rootFolders: ["/data/media/movies"],
    } as const;
    await publishMediaManagerProvider(t.relation, { ...data, rootFolders: [...data.rootFolders] });
    expect(t.sets).toEqual([BAG]);

    await publishMediaManagerProvider(t.nextHook(), {
      ...data,
      rootFolders: ["/data/media/movies", "/data/media/4k"],
    });
    expect(t.sets[1]).toEqual({ "root-folders": '["/data/media/movies","/data/media/4k"]' });

    const back = testRelation({ remote: t.localBag() });
    const parsed = await readMediaManagerProvider(back.relation);
    expect(parsed.ok && parsed.data.rootFolders).toEqual(["/data/media/movies", "/data/media/4k"]);
  });
});
