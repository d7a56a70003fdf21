// Property: Radarr, in-process, related at once to an indexer, a downloader and a media server that
// publish hostile data on media-indexer, download-client and media-manager: no failed hook, a
// bounded status, no leak.
import { assertCharmSurvivesHostileRelations, INTERFACE_FIELDS } from "@charmarr/interfaces/testing";
import { describe, it } from "vitest";
import charm from "../src/charm";

describe("radarr with hostile apps on every relation", () => {
  it("never fails a hook, keeps its status bounded, leaks nothing", async () => {
    await assertCharmSurvivesHostileRelations({
      charm,
      app: "radarr",
      relations: [
        { endpoint: "media-indexer", role: "provides", fields: INTERFACE_FIELDS.mediaIndexerProvider },
        { endpoint: "download-client", role: "provides", fields: INTERFACE_FIELDS.downloadClientProvider },
        // The media server's side publishes nothing by design; a hostile one publishes anyway.
        { endpoint: "media-manager", role: "requires", fields: INTERFACE_FIELDS.mediaManagerProvider },
      ],
      numRuns: 12, // three hostile apps a run
    });
  }, 60_000);
});
