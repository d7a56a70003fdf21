// Property: Prowlarr, in-process, related to a media manager that publishes hostile
// media-indexer data: no failed hook, a bounded status, no leak.
import { assertCharmSurvivesHostileRelations, INTERFACE_FIELDS } from "@charmarr/interfaces/testing";
import { describe, it } from "vitest";
import charm from "../src/charm";

describe("prowlarr with a hostile manager on media-indexer", () => {
  it("never fails a hook, keeps its status bounded, leaks nothing", async () => {
    await assertCharmSurvivesHostileRelations({
      charm,
      app: "prowlarr",
      relations: [
        { endpoint: "media-indexer", role: "requires", fields: INTERFACE_FIELDS.mediaIndexerRequirer },
      ],
    });
  }, 60_000);
});
