// Sonarr's decisions in-process (no pod: the flows with the app are in *.integration.test.ts).
import { type TestModel, testModel } from "@charmarr/testing";
import { afterEach, beforeEach, expect, it } from "vitest";
import sonarr from "../src/charm";

let m: TestModel;
beforeEach(async () => {
  m = await testModel();
});
afterEach(async () => {
  await m.close();
});

it("owns a Sonarr API key, is Blocked without media storage, and refuses a relative root folder", async () => {
  m.deploy("sonarr", { charm: sonarr });
  await m.settle();
  expect(m.secret("api-key", { owner: "sonarr" })).toMatchObject({ description: "Sonarr API key" });
  expect(m.unitStatus("sonarr/0")).toMatchObject({
    status: "blocked",
    message: "needs shared media storage: juju integrate sonarr media-storage",
  });
  m.config("sonarr", { "root-folder": "tv" });
  await m.settle();
  expect(m.unitStatus("sonarr/0")).toMatchObject({ status: "blocked" });
});

it("defaults its root folder to /data/media/tv, and says so when refusing one", async () => {
  m.deploy("sonarr", { charm: sonarr });
  await m.settle();
  expect((await m.runTool("sonarr/0", "config-get", ["root-folder"])).stdout.trim()).toBe("/data/media/tv");
  m.config("sonarr", { "root-folder": "tv" });
  await m.settle();
  expect(m.unitStatus("sonarr/0").message).toBe(
    'invalid config: root-folder="tv" (allowed: a folder under /data such as /data/media/tv (no . or .. parts), or empty)',
  );
});
