// Prowlarr, Radarr and Sonarr packed and run as processes, the apps' stand-ins under the engine's
// Pebble: the media-indexer flow end to end (registration, removal, leader changes).
import { describe, expect, it } from "vitest";
import {
  accepts,
  deployWithProwlarr,
  failedHooks,
  MINUTE,
  managerAt,
  prowlarrAt,
  publishedUrl,
  registrations,
  revisions,
  secretKey,
  servarrTestFile,
  syncHealth,
} from "../testing/stack";

const file = servarrTestFile(["prowlarr", "radarr", "sonarr"]);

/** The three deployed and related; returns this test's model and the relations. */
async function stack(options: { prowlarrUnits?: number; radarrUnits?: number } = {}) {
  const { m, packed } = file;
  const { radarr, sonarr } = await deployWithProwlarr(
    m,
    packed,
    [{ charm: "radarr", units: options.radarrUnits }, { charm: "sonarr" }],
    { units: options.prowlarrUnits },
  );
  return { m, radarr: radarr!, sonarr: sonarr! };
}

describe("media-indexer", () => {
  it("deploys the three, and Radarr and Sonarr register themselves with working keys", async () => {
    const { m, radarr, sonarr } = await stack();
    expect(failedHooks(m.hookLog)).toEqual([]);
    for (const unit of ["prowlarr/0", "radarr/0", "sonarr/0"]) {
      expect(m.unitStatus(unit)).toMatchObject({ status: "active" });
    }
    // Prowlarr publishes its URL and the secret's ID (never the key), and grants it on both relations.
    const prowlarrUrl = publishedUrl(m, radarr.id, "prowlarr");
    const secret = m.secret("api-key", { owner: "prowlarr" })!;
    expect(m.databag(radarr.id, "prowlarr")).toEqual({
      "api-url": prowlarrUrl,
      "api-key-secret-id": secret.id,
      indexer: "prowlarr",
    });
    expect(m.databag(radarr.id, "radarr")).toEqual({ manager: "radarr", "instance-name": "radarr" });
    expect(m.databag(sonarr.id, "sonarr")).toEqual({ manager: "sonarr", "instance-name": "sonarr" });
    expect(secret.grants.map((g) => g.app).sort()).toEqual(["radarr", "sonarr"]);
    // Radarr and Sonarr read it (they track it, with a label per relation).
    expect(secret.tracking.get("radarr/0")).toBe(1);
    expect(secret.tracking.get("sonarr/0")).toBe(1);

    const prowlarrKey = secretKey(m, "prowlarr");
    const apps = await registrations(prowlarrUrl, prowlarrKey);
    expect(apps.map((a) => [a.name, a.works])).toEqual([
      ["radarr", true],
      ["sonarr", true],
    ]);
    for (const app of apps) expect(app.baseUrl).toMatch(/^http:\/\/10\.244\.\d+\.\d+:(7878|8989)$/);
    expect(await syncHealth(prowlarrUrl, prowlarrKey)).toEqual([]);
    // Each app runs with the key of its own secret.
    expect(await accepts("radarr", String(apps[0]?.baseUrl), secretKey(m, "radarr"))).toBe(true);
  });

  it("a steady-state hook writes nothing to Juju and leaves the registrations as they are", async () => {
    const { m, radarr, sonarr } = await stack();
    const prowlarrUrl = publishedUrl(m, radarr.id, "prowlarr");
    const prowlarr = prowlarrAt(prowlarrUrl, secretKey(m, "prowlarr"));
    const before = await prowlarr.applications.list();
    const count = m.hookLog.length;
    m.advance(6 * MINUTE); // update-status on every unit (the shared storage's too)
    await m.settle();
    const ran = m.hookLog.slice(count);
    expect(ran.map((h) => `${h.unit} ${h.hook}`).sort()).toEqual(
      ["prowlarr/0", "radarr/0", "sonarr/0", "storage/0"].map((unit) => `${unit} update-status`),
    );
    expect(failedHooks(ran)).toEqual([]);
    const writes = ran.flatMap((h) =>
      h.toolCalls.filter((c) =>
        ["relation-set", "secret-set", "secret-add", "secret-grant"].includes(c.tool),
      ),
    );
    expect(writes).toEqual([]);
    expect(await prowlarr.applications.list()).toEqual(before);
    // Active managers read no relation data but the shared storage's (their app needs it):
    // the rest changes only with events of its own. No status-set: the status stays.
    for (const unit of ["radarr/0", "sonarr/0"]) {
      const calls =
        ran.find((h) => h.unit === unit)?.toolCalls.map((c) => [c.tool, ...c.args].join(" ")) ?? [];
      expect(calls.filter((c) => /media-indexer|media-manager|download-client|status-set/.test(c))).toEqual(
        [],
      );
      const indexerReads = calls.filter(
        (c) => / -r (\d+) /.exec(c)?.[1] === String(unit.startsWith("radarr") ? radarr.id : sonarr.id),
      );
      expect(indexerReads).toEqual([]);
    }
  });

  it("removing a relation removes the registration, also the last one, and the grant goes with it", async () => {
    const { m, radarr, sonarr } = await stack();
    const prowlarrUrl = publishedUrl(m, radarr.id, "prowlarr");
    const prowlarrKey = secretKey(m, "prowlarr");
    const secretId = m.secret("api-key", { owner: "prowlarr" })!.id;
    // An application added by hand in Prowlarr's UI stays whatever happens to the relations.
    const manual = await prowlarrAt(prowlarrUrl, prowlarrKey).applications.add(
      {
        name: "radarr-4k",
        implementation: "Radarr",
        configContract: "RadarrSettings",
        syncLevel: "disabled",
        fields: [
          { name: "prowlarrUrl", value: prowlarrUrl },
          { name: "baseUrl", value: "http://192.0.2.1:7878" },
          { name: "apiKey", value: "0123456789abcdef0123456789abcdef" },
        ],
      },
      { forceSave: true },
    );

    m.removeRelation(radarr);
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect((await registrations(prowlarrUrl, prowlarrKey)).map((a) => a.name)).toEqual([
      "radarr-4k",
      "sonarr",
    ]);
    // Radarr can no longer read Prowlarr's key.
    const denied = await m.readSecretAs("radarr/0", secretId);
    expect(denied.exitCode).not.toBe(0);
    expect(denied.stderr).toMatch(/permission denied|not found/);
    expect(m.secret("api-key", { owner: "prowlarr" })!.grants.map((g) => g.app)).toEqual(["sonarr"]);
    expect(m.unitStatus("radarr/0")).toMatchObject({ status: "active" });

    m.removeRelation(sonarr); // the last one
    await m.settle();
    const left = await registrations(prowlarrUrl, prowlarrKey);
    expect(left.map((a) => a.name)).toEqual(["radarr-4k"]);
    expect(left[0]?.baseUrl).toBe("http://192.0.2.1:7878");
    expect(manual.id).toBeGreaterThan(0);
    expect(m.secret("api-key", { owner: "prowlarr" })!.grants).toEqual([]);

    // Related again: registered again.
    m.integrate("radarr:media-indexer", "prowlarr:media-indexer");
    await m.settle();
    expect((await registrations(prowlarrUrl, prowlarrKey)).map((a) => [a.name, a.works])).toEqual([
      ["radarr", true],
      ["radarr-4k", false],
    ]);
  });

  it("a new Radarr leader runs its own app and moves the registration to its URL", async () => {
    const { m, radarr } = await stack({ radarrUnits: 2 });
    expect(m.unitStatus("radarr/1")).toMatchObject({
      status: "blocked",
      message: "radarr runs on the leader only: scale to 1 unit (juju scale-application radarr 1)",
    });
    const prowlarrUrl = publishedUrl(m, radarr.id, "prowlarr");
    const before = (await registrations(prowlarrUrl, secretKey(m, "prowlarr"))).find(
      (a) => a.name === "radarr",
    );
    m.setLeader("radarr/1");
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(m.unitStatus("radarr/1")).toMatchObject({ status: "active" });
    expect(m.unitStatus("radarr/0")).toMatchObject({ status: "blocked" });
    const after = (await registrations(prowlarrUrl, secretKey(m, "prowlarr"))).find(
      (a) => a.name === "radarr",
    );
    expect(after?.baseUrl).not.toBe(before?.baseUrl);
    expect(after?.works).toBe(true);
    // The old leader's app is stopped: the registration points at the new one only.
    expect(await accepts("radarr", String(before?.baseUrl), secretKey(m, "radarr")).catch(() => "down")).toBe(
      "down",
    );
  });

  // Every pod of four apps recreated, each Servarr app restarted: the slowest of the file (196 s
  // once on a loaded machine, against the files' 180 s default).
  it(
    "pods recreated (same storage): keys, registrations and root folders are all still there",
    { timeout: 300_000 },
    async () => {
      const { m, radarr } = await stack();
      const oldUrl = publishedUrl(m, radarr.id, "prowlarr");
      const keys = { prowlarr: secretKey(m, "prowlarr"), radarr: secretKey(m, "radarr") };
      // Prowlarr's pod alone: a new pod IP, so a new URL; its database keeps the registrations,
      // and the managers only update theirs (Prowlarr's URL in them), nobody registers again.
      const before = m.hookLog.length;
      m.restartPod("prowlarr/0");
      await m.settle();
      expect(failedHooks(m.hookLog)).toEqual([]);
      const prowlarrUrl = publishedUrl(m, radarr.id, "prowlarr");
      expect(prowlarrUrl).not.toBe(oldUrl);
      const managers = m.hookLog.slice(before).filter((h) => !h.unit.startsWith("prowlarr/"));
      expect(new Set(managers.map((h) => h.hook))).toEqual(new Set(["media-indexer-relation-changed"]));
      expect((await registrations(prowlarrUrl, keys.prowlarr)).map((a) => [a.name, a.works])).toEqual([
        ["radarr", true],
        ["sonarr", true],
      ]);
      m.restartPod("radarr/0");
      await m.settle();
      expect(failedHooks(m.hookLog)).toEqual([]);
      expect(publishedUrl(m, radarr.id, "prowlarr")).toBe(prowlarrUrl);
      expect({ prowlarr: secretKey(m, "prowlarr"), radarr: secretKey(m, "radarr") }).toEqual(keys);
      expect(revisions(m, "prowlarr")).toEqual([1]);
      const apps = await registrations(prowlarrUrl, keys.prowlarr);
      expect(apps.map((a) => [a.name, a.works])).toEqual([
        ["radarr", true],
        ["sonarr", true],
      ]);
      const radarrUrl = String(apps[0]?.baseUrl);
      const folders = await managerAt("radarr", radarrUrl, keys.radarr).rootFolders.list();
      expect(folders.map((f) => f.path)).toEqual(["/data/media/movies"]);
      for (const unit of ["prowlarr/0", "radarr/0", "sonarr/0"])
        expect(m.unitStatus(unit).status).toBe("active");
    },
  );

  it("a new Prowlarr leader starts a fresh Prowlarr with the same key; the managers register there", async () => {
    const { m, radarr } = await stack({ prowlarrUnits: 2 });
    const oldUrl = publishedUrl(m, radarr.id, "prowlarr");
    m.setLeader("prowlarr/1");
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    const newUrl = publishedUrl(m, radarr.id, "prowlarr");
    expect(newUrl).not.toBe(oldUrl);
    expect(m.unitStatus("prowlarr/1")).toMatchObject({ status: "active" });
    expect(m.unitStatus("prowlarr/0")).toMatchObject({ status: "blocked" });
    const apps = await registrations(newUrl, secretKey(m, "prowlarr"));
    expect(apps.map((a) => [a.name, a.works])).toEqual([
      ["radarr", true],
      ["sonarr", true],
    ]);
  });
});
