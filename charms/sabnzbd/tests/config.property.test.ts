// Property: every option of the sabnzbd charm, with generated values (good, bad, and of a type Juju
// refuses), alone and all at once: never a failed hook; a bad value Blocked, naming the option,
// in a bounded message; a good one not Blocked on it.
import {
  assertConfigProperty,
  downloadDirValues,
  hostWhitelistValues,
  rotationIntervalValues,
  timezoneValues,
} from "@charmarr/app-charm/testing";
import { describe, it } from "vitest";
import charm from "../src/charm";

describe("sabnzbd config", () => {
  it("takes good values, blocks on bad ones naming them, never fails a hook", async () => {
    await assertConfigProperty({
      charm,
      app: "sabnzbd",
      options: {
        "rotation-interval": rotationIntervalValues,
        timezone: timezoneValues,
        "download-dir": downloadDirValues,
        "host-whitelist": hostWhitelistValues,
      },
    });
  }, 120_000);
});
