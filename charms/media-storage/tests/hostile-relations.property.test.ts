// Property: the storage charm, in-process, related to a consumer that publishes hostile
// media-storage data: no failed hook, a bounded status, no leak.
import { assertCharmSurvivesHostileRelations, INTERFACE_FIELDS } from "@charmarr/interfaces/testing";
import { type FakeKubeApi, fakeKubeApi } from "@charmarr/kubernetes/testing";
import { afterAll, beforeAll, describe, it } from "vitest";
import { mediaStorageCharm } from "../src/media-storage-charm";

let k: FakeKubeApi;
beforeAll(async () => {
  k = await fakeKubeApi({ namespace: "test-model" });
});
afterAll(() => k.close());

describe("media-storage with a hostile consumer", () => {
  it("never fails a hook, keeps its status bounded, leaks nothing", async () => {
    await assertCharmSurvivesHostileRelations({
      charm: mediaStorageCharm(k.connect),
      app: "storage",
      config: { backend: "storage-class", "storage-class": "nfs-csi" },
      relations: [
        { endpoint: "media-storage", role: "requires", fields: INTERFACE_FIELDS.mediaStorageRequirer },
      ],
    });
  }, 60_000);
});
