import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tunDeviceProblem } from "./tun-device-check";

describe("tunDeviceProblem (Gluetun needs /dev/net/tun and NET_ADMIN)", () => {
  let dir: string;
  const status = (capEff: string) => {
    const path = join(dir, "status");
    writeFileSync(
      path,
      `Name:\tnode\nCapInh:\t0000000000000000\nCapEff:\t${capEff}\nCapBnd:\t000001ffffffffff\n`,
    );
    return path;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "tun-check-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reports a missing device like Gluetun", () => {
    expect(tunDeviceProblem({ tunDevice: join(dir, "tun"), procStatus: status("000001ffffffffff") })).toBe(
      `creating tun device: open ${join(dir, "tun")}: no such file or directory`,
    );
  });

  it("refuses a path that is not a character device", () => {
    writeFileSync(join(dir, "tun"), "");
    expect(tunDeviceProblem({ tunDevice: join(dir, "tun"), procStatus: status("000001ffffffffff") })).toMatch(
      /no such device$/,
    );
  });

  it("needs CAP_NET_ADMIN (bit 12) in the effective set", () => {
    // The container runtime's defaults (0x00000000a80425fb) lack NET_ADMIN; adding it sets 0x1000.
    expect(tunDeviceProblem({ tunDevice: "/dev/null", procStatus: status("00000000a80425fb") })).toBe(
      "creating tun device: open /dev/null: operation not permitted",
    );
    expect(
      tunDeviceProblem({ tunDevice: "/dev/null", procStatus: status("00000000a80435fb") }),
    ).toBeUndefined();
  });
});
