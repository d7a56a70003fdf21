// Property: Gluetun, in-process, related to an app that publishes hostile data on vpn-gateway
// (the requirer publishes nothing Gluetun reads): no failed hook, a bounded status, no leak.
import { assertCharmSurvivesHostileRelations, INTERFACE_FIELDS } from "@charmarr/interfaces/testing";
import { describe, it } from "vitest";
import charm from "../src/charm";

describe("gluetun with a hostile app on vpn-gateway", () => {
  it("never fails a hook, keeps its status bounded, leaks nothing", async () => {
    await assertCharmSurvivesHostileRelations({
      charm,
      app: "gluetun",
      relations: [
        { endpoint: "vpn-gateway", role: "requires", fields: INTERFACE_FIELDS.mediaStorageRequirer },
      ],
    });
  }, 60_000);
});
