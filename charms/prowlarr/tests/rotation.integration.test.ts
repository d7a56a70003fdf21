// Rotation of Prowlarr's key with Radarr and Sonarr following, the charms packed and run as
// processes on the stand-ins: by the clock, by the action, off, refused, killed mid-way, reset in
// the app's UI. Radarr and Sonarr keep their own keys fixed here (rotation-interval=never).
import type { TestModel } from "@charmarr/testing";
import { beforeEach, describe, expect, it } from "vitest";
import {
  accepts,
  configKey,
  DAY,
  deployWithProwlarr,
  failedHooks,
  killedRotationConverges,
  MINUTE,
  publishedUrl,
  registrations,
  resetKeyInWebUi,
  revisions,
  secretKey,
  servarrTestFile,
  syncHealth,
} from "../testing/stack";

const file = servarrTestFile(["prowlarr", "radarr", "sonarr"]);
let m: TestModel;
let prowlarrUrl: string;

beforeEach(async () => {
  m = file.m;
  const config = { "rotation-interval": "never" };
  const relations = await deployWithProwlarr(m, file.packed, [
    { charm: "radarr", config },
    { charm: "sonarr", config },
  ]);
  prowlarrUrl = publishedUrl(m, relations.radarr?.id ?? -1, "prowlarr");
});

/** Prowlarr runs with its secret's latest key, refuses `old`, and both managers still sync. */
async function converged(old: string | undefined): Promise<void> {
  const key = secretKey(m, "prowlarr");
  expect(await configKey(m, "prowlarr/0", "prowlarr")).toBe(key);
  expect(await accepts("prowlarr", prowlarrUrl, key)).toBe(true);
  if (old) expect(await accepts("prowlarr", prowlarrUrl, old)).toBe(false);
  const secret = m.secret("api-key", { owner: "prowlarr" })!;
  expect(secret.tracking.get("radarr/0")).toBe(secret.latestRevision);
  expect(secret.tracking.get("sonarr/0")).toBe(secret.latestRevision);
  expect((await registrations(prowlarrUrl, key)).map((a) => [a.name, a.works])).toEqual([
    ["radarr", true],
    ["sonarr", true],
  ]);
  expect(await syncHealth(prowlarrUrl, key)).toEqual([]);
  for (const unit of ["prowlarr/0", "radarr/0", "sonarr/0"]) {
    expect(m.unitStatus(unit)).toMatchObject({ status: "active" });
  }
}

describe("Prowlarr's key", () => {
  it("rotates when the interval passes, in one round of hooks, old revision pruned, nothing failed", async () => {
    const first = secretKey(m, "prowlarr");
    const before = m.hookLog.length;
    m.advance(31 * DAY);
    const ran = await m.settle();
    expect(failedHooks(ran)).toEqual([]);
    expect(secretKey(m, "prowlarr")).not.toBe(first);
    expect(revisions(m, "prowlarr")).toEqual([2]);
    const round = m.hookLog.slice(before).map((h) => `${h.unit} ${h.hook}`);
    expect(round.filter((h) => h.startsWith("prowlarr/0 secret-"))).toEqual([
      "prowlarr/0 secret-rotate",
      "prowlarr/0 secret-remove",
    ]);
    expect(round.filter((h) => h.endsWith("secret-changed")).sort()).toEqual([
      "radarr/0 secret-changed",
      "sonarr/0 secret-changed",
    ]);
    await converged(first);
  });

  it("rotate-credentials rotates now; the managers follow", async () => {
    const first = secretKey(m, "prowlarr");
    const result = await m.runAction("prowlarr/0", "rotate-credentials");
    expect(result).toMatchObject({ status: "completed" });
    expect(result.results).toMatchObject({
      secret: "api-key",
      "secret-id": m.secret("api-key", { owner: "prowlarr" })!.id,
    });
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(revisions(m, "prowlarr")).toEqual([2]);
    await converged(first);
  });

  it("rotation-interval=never stops rotation; a bad value is Blocked and changes nothing", async () => {
    const first = secretKey(m, "prowlarr");
    m.config("prowlarr", { "rotation-interval": "never" });
    await m.settle();
    expect(m.secret("api-key", { owner: "prowlarr" })!.rotatePolicy ?? "never").toBe("never");
    m.advance(400 * DAY);
    await m.settle();
    expect(secretKey(m, "prowlarr")).toBe(first);
    expect(revisions(m, "prowlarr")).toEqual([1]);

    m.config("prowlarr", { "rotation-interval": "fortnightly" });
    await m.settle();
    expect(m.unitStatus("prowlarr/0")).toMatchObject({ status: "blocked" });
    expect(m.unitStatus("prowlarr/0").message).toContain('rotation-interval="fortnightly"');
    expect(m.secret("api-key", { owner: "prowlarr" })!.rotatePolicy ?? "never").toBe("never");
    m.advance(40 * DAY);
    await m.settle();
    expect(secretKey(m, "prowlarr")).toBe(first);
    expect(await accepts("prowlarr", prowlarrUrl, first)).toBe(true);
    expect(failedHooks(m.hookLog)).toEqual([]);

    m.config("prowlarr", { "rotation-interval": "weekly" });
    await m.settle();
    expect(m.secret("api-key", { owner: "prowlarr" })!.rotatePolicy).toBe("weekly");
    m.advance(8 * DAY);
    await m.settle();
    expect(revisions(m, "prowlarr")).toEqual([2]);
    await converged(first);
  });

  for (const at of ["before", "after"] as const) {
    it(`a rotation killed just ${at} its secret-set converges with no lock-out`, async () => {
      await killedRotationConverges(m, "prowlarr", at, converged);
    });
  }

  it("a key reset in Prowlarr's web UI is adopted as a new revision; the managers follow", async () => {
    const first = secretKey(m, "prowlarr");
    const reset = await resetKeyInWebUi(m, "prowlarr", prowlarrUrl, first);
    m.advance(6 * MINUTE); // update-status: drift found, adopted
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(secretKey(m, "prowlarr")).toBe(reset);
    expect(revisions(m, "prowlarr")).toEqual([2]);
    await converged(first);
  });
});
