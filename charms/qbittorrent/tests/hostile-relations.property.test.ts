// Property: qBittorrent, in-process, related to a media manager that publishes hostile
// download-client data: no failed hook, a bounded status, no leak.
import { assertCharmSurvivesHostileRelations, INTERFACE_FIELDS } from "@charmarr/interfaces/testing";
import { describe, it } from "vitest";
import charm from "../src/charm";

describe("qbittorrent with a hostile manager on download-client", () => {
  it("never fails a hook, keeps its status bounded, leaks nothing", async () => {
    await assertCharmSurvivesHostileRelations({
      charm,
      app: "qbittorrent",
      relations: [
        { endpoint: "download-client", role: "requires", fields: INTERFACE_FIELDS.downloadClientRequirer },
      ],
    });
  }, 60_000);
});
