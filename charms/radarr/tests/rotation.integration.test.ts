// Rotation of Radarr's own key, the charms packed and run as processes on the stand-ins: Radarr
// takes the new key live and updates its registration in Prowlarr in the same hook, whatever
// started the rotation (the clock, the action, a key reset in Radarr's web UI, a killed hook).

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
} from "@charmarr/prowlarr-charm/testing";
import type { TestModel } from "@charmarr/testing";
import { beforeEach, describe, expect, it } from "vitest";

const file = servarrTestFile(["prowlarr", "radarr"]);
let m: TestModel;
let prowlarrUrl: string;
let radarrUrl: string;

beforeEach(async () => {
  m = file.m;
  const relations = await deployWithProwlarr(m, file.packed, [{ charm: "radarr" }], {
    config: { "rotation-interval": "never" },
  });
  prowlarrUrl = publishedUrl(m, relations.radarr?.id ?? -1, "prowlarr");
  const registration = (await registrations(prowlarrUrl, secretKey(m, "prowlarr")))[0];
  radarrUrl = String(registration?.baseUrl);
});

/** Radarr runs with its secret's latest key, refuses `old`, and Prowlarr reaches it with the new one. */
async function converged(old: string): Promise<void> {
  const key = secretKey(m, "radarr");
  expect(key).not.toBe(old);
  expect(await configKey(m, "radarr/0", "radarr")).toBe(key);
  expect(await accepts("radarr", radarrUrl, key)).toBe(true);
  expect(await accepts("radarr", radarrUrl, old)).toBe(false);
  const prowlarrKey = secretKey(m, "prowlarr");
  expect((await registrations(prowlarrUrl, prowlarrKey)).map((a) => [a.name, a.works])).toEqual([
    ["radarr", true],
  ]);
  expect(await syncHealth(prowlarrUrl, prowlarrKey)).toEqual([]);
  expect(m.unitStatus("radarr/0")).toMatchObject({ status: "active" });
}

describe("Radarr's key", () => {
  it("rotates when the interval passes and the registration follows, in one round, nothing failed", async () => {
    const first = secretKey(m, "radarr");
    const before = m.hookLog.length;
    m.advance(31 * DAY);
    const ran = await m.settle();
    expect(failedHooks(ran)).toEqual([]);
    const radarrHooks = m.hookLog.slice(before).filter((h) => h.unit === "radarr/0");
    expect(radarrHooks.map((h) => h.hook).filter((h) => h.startsWith("secret-"))).toEqual([
      "secret-rotate",
      "secret-remove",
    ]);
    // The registration was updated with the new key in the rotate hook itself.
    expect(revisions(m, "radarr")).toEqual([2]);
    await converged(first);
  });

  it("rotate-credentials rotates now; on a non-leader it fails and says where to run it", async () => {
    const first = secretKey(m, "radarr");
    const result = await m.runAction("radarr/0", "rotate-credentials");
    expect(result).toMatchObject({ status: "completed" });
    await m.settle();
    expect(revisions(m, "radarr")).toEqual([2]);
    await converged(first);

    m.addUnit("radarr");
    m.declareCredentialFile("radarr/1", "radarr", "/config/config.xml");
    m.declareCredentialFile("radarr/1", "radarr", "/config/radarr.db");
    await m.settle();
    const refused = await m.runAction("radarr/1", "rotate-credentials");
    expect(refused).toMatchObject({ status: "failed" });
    expect(refused.message).toContain("juju run radarr/leader rotate-credentials");
  });

  for (const at of ["before", "after"] as const) {
    it(`a rotation killed just ${at} its secret-set converges with no lock-out`, async () => {
      await killedRotationConverges(m, "radarr", at, converged);
    });
  }

  it("a key reset in Radarr's web UI is adopted and the registration updated", async () => {
    const first = secretKey(m, "radarr");
    const reset = await resetKeyInWebUi(m, "radarr", radarrUrl, first);
    // Until Radarr's next hook, Prowlarr holds the old key: its sync fails, as with the real apps.
    expect(await syncHealth(prowlarrUrl, secretKey(m, "prowlarr"))).toEqual([
      "All applications are unavailable due to failures",
    ]);
    m.advance(6 * MINUTE);
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(secretKey(m, "radarr")).toBe(reset);
    expect(revisions(m, "radarr")).toEqual([2]);
    await converged(first);
  });
});
