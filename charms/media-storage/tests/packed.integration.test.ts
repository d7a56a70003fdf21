// The packed charm as Juju runs it (a process, the bundled dispatch): in a pod without a
// service-account token (what the engine gives until it serves the Kubernetes API), it is
// Blocked saying so, and no hook fails. The decisions against the API are in charm.test.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packCharm } from "@charmarr/build/pack";
import { type TestModel, testModel } from "@charmarr/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

let work: string;
let charmFile: string;
let m: TestModel | undefined;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "media-storage-charm-"));
  ({ path: charmFile } = await packCharm(resolve(import.meta.dirname, ".."), work));
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(async () => {
  await m?.close();
  m = undefined;
});

describe("media-storage, packed", () => {
  it("blocks on bad config, then on a missing service-account token, never failing a hook", async () => {
    m = await testModel();
    m.deploy("storage", {
      charmFile,
      config: { backend: "storage-class", "storage-class": "nfs-csi", puid: 0 },
    });
    await m.settle();
    expect(m.unitStatus("storage/0")).toMatchObject({
      status: "blocked",
      message: expect.stringContaining("puid=0"),
    });
    m.config("storage", { puid: 1000 });
    await m.settle();
    expect(m.unitStatus("storage/0")).toMatchObject({
      status: "blocked",
      message: expect.stringContaining("cannot reach the Kubernetes API: no service-account token"),
    });
    expect(m.hookLog.filter((h) => h.result !== "ok")).toEqual([]);
  });
});
