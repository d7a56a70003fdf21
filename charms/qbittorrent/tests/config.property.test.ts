// Property: every option of the qbittorrent charm, with generated values (good, bad, and of a type Juju
// refuses), alone and all at once: never a failed hook; a bad value Blocked, naming the option,
// in a bounded message; a good one not Blocked on it.
import {
  assertConfigProperty,
  booleanValues,
  downloadDirValues,
  portValues,
  rotationIntervalValues,
  timezoneValues,
} from "@charmarr/app-charm/testing";
import { describe, it } from "vitest";
import charm from "../src/charm";

describe("qbittorrent config", () => {
  it("takes good values, blocks on bad ones naming them, never fails a hook", async () => {
    await assertConfigProperty({
      charm,
      app: "qbittorrent",
      options: {
        "rotation-interval": rotationIntervalValues,
        timezone: timezoneValues,
        "download-dir": downloadDirValues,
        "torrent-port": portValues(1024, 65535, [8080]),
        "peer-discovery": booleanValues,
      },
    });
  }, 120_000);
});
