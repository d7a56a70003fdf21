// Property: every option of the gluetun charm but vpn-provider (whose absence is the baseline's
// Blocked reason) and the secret, with generated values (good, bad, and of a type Juju refuses),
// alone and all at once: never a failed hook; a bad value Blocked, naming the option, in a
// bounded message; a good one not Blocked on it.
import {
  assertConfigProperty,
  type OptionValues,
  rotationIntervalValues,
  timezoneValues,
} from "@charmarr/app-charm/testing";
import { hostileString } from "@charmarr/interfaces/testing";
import fc from "fast-check";
import { describe, it } from "vitest";
import charm from "../src/charm";
import { isCidr } from "../src/gluetun-config";

const notAString = fc.oneof(fc.integer(), fc.boolean());

const cidr = fc.oneof(
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([ip, bits]) => `${ip}/${bits}`),
);

const subnetValues: OptionValues = {
  good: fc.oneof(
    fc.constant(""),
    fc.array(cidr, { minLength: 1, maxLength: 4 }).map((l) => l.join(",")),
  ),
  bad: fc
    .oneof(
      fc.constantFrom(
        "10.1.0.0",
        "10.1.0.0/33",
        "fd00::/129",
        "10.1.0.0/16;10.2.0.0/16",
        "cluster",
        "10.1.0.0/-1",
      ),
      fc.ipV4(),
      hostileString,
    )
    .filter((v) => !v.split(",").every((e) => e.trim() === "" || isCidr(e.trim()))),
  refused: notAString,
};

const vpnTypeValues: OptionValues = {
  good: fc.constantFrom("wireguard", "openvpn"),
  bad: fc
    .oneof(fc.constantFrom("WireGuard", "ikev2", "openvpn ", "amneziawg"), hostileString)
    .filter((v) => v !== "wireguard" && v !== "openvpn"),
  refused: notAString,
};

const NAMES = ["Sweden", "Switzerland", "New York", "São Paulo", "Zurich"];
const namesValues: OptionValues = {
  good: fc.oneof(
    fc.constant(""),
    fc.subarray(NAMES, { minLength: 1 }).map((l) => l.join(",")),
  ),
  bad: fc.constantFrom('Sweden"', "Sweden\nNorway", "a=b", "Swe'den", "x".repeat(1025)),
  refused: notAString,
};

describe("gluetun config", () => {
  it("takes good values, blocks on bad ones naming them, never fails a hook", async () => {
    await assertConfigProperty({
      charm,
      app: "gluetun",
      options: {
        "vpn-type": vpnTypeValues,
        "server-countries": namesValues,
        "server-cities": namesValues,
        "cluster-subnets": subnetValues,
        "wireguard-addresses": subnetValues,
        "rotation-interval": rotationIntervalValues,
        timezone: timezoneValues,
      },
      numRuns: 60,
    });
  }, 180_000);
});
