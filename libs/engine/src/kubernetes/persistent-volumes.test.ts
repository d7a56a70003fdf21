import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ResourceVersions } from "./object-meta";
import { PersistentStorage } from "./persistent-volumes";

describe("hostPath volume sources", () => {
  let dir: string;
  let storage: PersistentStorage;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "hostpath-"));
    storage = new PersistentStorage({
      versions: new ResourceVersions(),
      now: () => new Date(0),
      stateDir: dir,
      hostPathRoot: join(dir, "host"),
      classes: [],
      claimInUse: () => false,
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("makes a DirectoryOrCreate directory under the hostPath root and refuses a missing Directory", () => {
    expect(storage.hostPathSource("media", { path: "/srv/media", type: "DirectoryOrCreate" })).toEqual({
      ok: true,
      hostDir: join(dir, "host/srv/media"),
    });
    expect(existsSync(join(dir, "host/srv/media"))).toBe(true);
    expect(storage.hostPathSource("other", { path: "/srv/other", type: "Directory" })).toEqual({
      ok: false,
      message:
        'MountVolume.SetUp failed for volume "other" : hostPath type check failed: /srv/other is not a directory',
    });
  });

  it("a CharDevice is the host's own allowed device node, made nowhere", () => {
    // The machine has a TUN device (setup installs nothing for it: the kernel provides it).
    expect(statSync("/dev/net/tun").isCharacterDevice()).toBe(true);
    expect(storage.hostPathSource("tun", { path: "/dev/net/tun", type: "CharDevice" })).toEqual({
      ok: true,
      hostDir: "/dev/net/tun",
      device: true,
    });
    expect(existsSync(join(dir, "host/dev"))).toBe(false);
  });

  it("refuses a CharDevice that is not an allowed character device, and every BlockDevice", () => {
    const failed = (volume: string, path: string, kind: string) => ({
      ok: false,
      message: `MountVolume.SetUp failed for volume "${volume}" : hostPath type check failed: ${path} is not a ${kind} device`,
    });
    // /dev/null is a character device, but not one a pod may have here.
    expect(storage.hostPathSource("null", { path: "/dev/null", type: "CharDevice" })).toEqual(
      failed("null", "/dev/null", "character"),
    );
    expect(storage.hostPathSource("etc", { path: "/etc/hostname", type: "CharDevice" })).toEqual(
      failed("etc", "/etc/hostname", "character"),
    );
    expect(storage.hostPathSource("sda", { path: "/dev/sda", type: "BlockDevice" })).toEqual(
      failed("sda", "/dev/sda", "block"),
    );
    expect(storage.hostPathSource("tun", { path: "/dev/net/tun", type: "BlockDevice" })).toEqual(
      failed("tun", "/dev/net/tun", "block"),
    );
    expect(existsSync(join(dir, "host/dev"))).toBe(false);
  });
});
