// Sonarr packed and run as a process on its stand-in, with Prowlarr: it registers as a Sonarr
// application with Sonarr's categories, rotates its key live with the registration following,
// and publishes its TV root folder on media-manager.

import {
  accepts,
  configKey,
  DAY,
  deployWithProwlarr,
  failedHooks,
  managerAt,
  prowlarrAt,
  publishedUrl,
  registrations,
  revisions,
  secretKey,
  servarrTestFile,
  syncHealth,
} from "@charmarr/prowlarr-charm/testing";
import { expect, it } from "vitest";

const file = servarrTestFile(["prowlarr", "sonarr"]);

it("registers as a Sonarr application, rotates with the registration following", async () => {
  const { m } = file;
  const { tv: rel } = await deployWithProwlarr(m, file.packed, [{ charm: "sonarr", name: "tv" }]);
  expect(failedHooks(m.hookLog)).toEqual([]);
  expect(m.databag(rel!.id, "tv")).toEqual({ manager: "sonarr", "instance-name": "tv" });
  const prowlarrUrl = publishedUrl(m, rel!.id, "prowlarr");
  const [app] = await prowlarrAt(prowlarrUrl, secretKey(m, "prowlarr")).applications.list();
  expect(app).toMatchObject({
    name: "tv",
    implementation: "Sonarr",
    configContract: "SonarrSettings",
    syncLevel: "fullSync",
  });
  expect(app?.fields.find((f) => f.name === "syncCategories")?.value).toEqual([
    5000, 5010, 5020, 5030, 5040, 5045, 5050, 5090,
  ]);
  const sonarrUrl = String(app?.fields.find((f) => f.name === "baseUrl")?.value);
  expect(sonarrUrl).toMatch(/:8989$/);

  const first = secretKey(m, "tv");
  expect(await configKey(m, "tv/0", "sonarr")).toBe(first);
  const result = await m.runAction("tv/0", "rotate-credentials");
  expect(result).toMatchObject({ status: "completed" });
  await m.settle();
  const key = secretKey(m, "tv");
  expect(revisions(m, "tv")).toEqual([2]);
  expect(await configKey(m, "tv/0", "sonarr")).toBe(key);
  expect(await accepts("sonarr", sonarrUrl, key)).toBe(true);
  expect(await accepts("sonarr", sonarrUrl, first)).toBe(false);
  expect((await registrations(prowlarrUrl, secretKey(m, "prowlarr"))).map((a) => [a.name, a.works])).toEqual([
    ["tv", true],
  ]);
  expect(await syncHealth(prowlarrUrl, secretKey(m, "prowlarr"))).toEqual([]);
  expect(m.unitStatus("tv/0")).toMatchObject({ status: "active" });

  // The clock past the interval: rotated again, in one round, the registration following.
  m.advance(31 * DAY);
  expect(failedHooks(await m.settle())).toEqual([]);
  const third = secretKey(m, "tv");
  expect(third).not.toBe(key);
  expect(revisions(m, "tv")).toEqual([3]);
  expect(await accepts("sonarr", sonarrUrl, third)).toBe(true);
  expect((await registrations(prowlarrUrl, secretKey(m, "prowlarr"))).map((a) => a.works)).toEqual([true]);

  // Its root folder is the TV one, in the app.
  const folders = await managerAt("sonarr", sonarrUrl, third).rootFolders.list();
  expect(folders.map((f) => f.path)).toEqual(["/data/media/tv"]);
});
