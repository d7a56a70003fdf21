import { describe, expect, it } from "vitest";
import { testRelation } from "../../testing/test-relation";
import {
  publishMediaStorageProvider,
  publishMediaStorageRequirer,
  readMediaStorageProvider,
  readMediaStorageRequirer,
} from "./media-storage-data";

const BAG = {
  "pvc-name": "storage-data",
  "mount-path": "/data",
  puid: "1000",
  pgid: "1000",
  umask: "002",
  "access-mode": "ReadWriteMany",
};
const DATA = {
  pvcName: "storage-data",
  mountPath: "/data",
  puid: 1000,
  pgid: 1000,
  umask: "002",
  accessMode: "ReadWriteMany",
} as const;

describe("media-storage provider data", () => {
  it("parses the claim, ids and umask, ignoring unknown keys", async () => {
    const { relation } = testRelation({ remote: { ...BAG, layout: "trash" } });
    await expect(readMediaStorageProvider(relation)).resolves.toEqual({ ok: true, data: DATA });
  });

  it("takes the largest id and a 253-character claim name", async () => {
    const name = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`;
    expect(name).toHaveLength(253);
    const { relation } = testRelation({ remote: { ...BAG, "pvc-name": name, puid: "2147483647" } });
    const parsed = await readMediaStorageProvider(relation);
    expect(parsed.ok && [parsed.data.pvcName, parsed.data.puid]).toEqual([name, 2 ** 31 - 1]);
  });

  it.each([
    ["a mount path other than /data", { "mount-path": "/media" }, "mount-path"],
    ["a mount path with a trailing slash", { "mount-path": "/data/" }, "mount-path"],
    ["a claim name with capitals", { "pvc-name": "Storage-Data" }, "pvc-name"],
    ["a claim name with a slash", { "pvc-name": "../secrets" }, "pvc-name"],
    ["a claim name over 253 characters", { "pvc-name": "a".repeat(254) }, "pvc-name"],
    ["puid 0 (root)", { puid: "0" }, "puid"],
    ["a negative pgid", { pgid: "-1" }, "pgid"],
    ["a puid over 2^31-1", { puid: "2147483648" }, "puid"],
    ["a puid with a leading zero", { puid: "01000" }, "puid"],
    ["a hex puid", { puid: "0x3e8" }, "puid"],
    ["a umask with an 8", { umask: "008" }, "umask"],
    ["a four-digit umask", { umask: "0002" }, "umask"],
    ["an unknown access mode", { "access-mode": "ReadOnlyMany" }, "access-mode"],
    ["a missing key", { umask: undefined }, "umask"],
  ])("ignores %s with a warning naming the key, not the value", async (_, change, key) => {
    const bag = Object.fromEntries(
      Object.entries({ ...BAG, ...change }).filter(([, v]) => v !== undefined),
    ) as Record<string, string>;
    const { relation, logLines } = testRelation({ remote: bag, endpoint: "media-storage" });
    await expect(readMediaStorageProvider(relation)).resolves.toEqual({
      ok: false,
      reason: `invalid data from remote on media-storage:3: ${key}`,
    });
    expect(logLines).toHaveLength(1);
    const value = bag[key];
    if (value !== undefined && value.length > 3) expect(logLines[0]).not.toContain(value);
  });

  it("publishes only what changed, and withdraws everything when the claim is not usable", async () => {
    const t = testRelation();
    await publishMediaStorageProvider(t.relation, { ...DATA });
    expect(t.sets).toEqual([BAG]);
    await publishMediaStorageProvider(t.nextHook(), { ...DATA, umask: "022" });
    expect(t.sets[1]).toEqual({ umask: "022" });
    await publishMediaStorageProvider(t.nextHook(), { ...DATA, umask: "022" });
    expect(t.sets).toHaveLength(2);
    await publishMediaStorageProvider(t.nextHook(), undefined);
    expect(t.localBag()).toEqual({});
  });

  it("refuses to publish data the other side would ignore", async () => {
    const t = testRelation();
    await expect(publishMediaStorageProvider(t.relation, { ...DATA, puid: 0 })).rejects.toThrow(/puid/);
    expect(t.sets).toEqual([]);
  });
});

describe("media-storage requirer data", () => {
  it("round-trips the instance name", async () => {
    const t = testRelation();
    await publishMediaStorageRequirer(t.relation, { instanceName: "radarr-4k" });
    expect(t.localBag()).toEqual({ "instance-name": "radarr-4k" });
    const back = testRelation({ remote: t.localBag() });
    await expect(readMediaStorageRequirer(back.relation)).resolves.toEqual({
      ok: true,
      data: { instanceName: "radarr-4k" },
    });
  });
});
