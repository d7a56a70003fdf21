// Property: every option of the radarr charm, with generated values (good, bad, and of a type Juju
// refuses), alone and all at once: never a failed hook; a bad value Blocked, naming the option,
// in a bounded message; a good one not Blocked on it.
import {
  assertConfigProperty,
  booleanValues,
  rootFolderValues,
  rotationIntervalValues,
  timezoneValues,
  urlBaseValues,
} from "@charmarr/app-charm/testing";
import { describe, it } from "vitest";
import charm from "../src/charm";

describe("radarr config", () => {
  it("takes good values, blocks on bad ones naming them, never fails a hook", async () => {
    await assertConfigProperty({
      charm,
      app: "radarr",
      options: {
        "rotation-interval": rotationIntervalValues,
        timezone: timezoneValues,
        "url-base": urlBaseValues,
        "external-auth": booleanValues,
        "root-folder": rootFolderValues,
      },
    });
  }, 120_000);
});
