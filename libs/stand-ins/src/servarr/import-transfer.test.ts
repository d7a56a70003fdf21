import { linkSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { hardlinkOrCopy, type ImportPermissions } from "./import-transfer";
import { cleanUp, tempDir } from "./test-support";

afterEach(cleanUp);

const SETTINGS: ImportPermissions = {
  copyUsingHardlinks: true,
  setPermissionsLinux: false,
  chmodFolder: "755",
  chownGroup: "",
};
const quiet = () => {};

describe("hardlinkOrCopy", () => {
  it("falls back to a copy when link(2) is refused (EPERM: fs.protected_hardlinks)", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a"), "data");
    const refuse = () => {
      throw Object.assign(new Error("operation not permitted"), { code: "EPERM" });
    };
    expect(hardlinkOrCopy(join(dir, "a"), join(dir, "b"), SETTINGS, quiet, refuse)).toBe("copy");
    expect(readFileSync(join(dir, "b"), "utf8")).toBe("data");
    expect(statSync(join(dir, "a")).nlink).toBe(1);
  });

  it("is a no-op for a target that already is the same file, and replaces a different one", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a"), "new");
    linkSync(join(dir, "a"), join(dir, "b"));
    expect(hardlinkOrCopy(join(dir, "a"), join(dir, "b"), SETTINGS, quiet)).toBe("hardlink");
    writeFileSync(join(dir, "c"), "old");
    expect(hardlinkOrCopy(join(dir, "a"), join(dir, "c"), SETTINGS, quiet)).toBe("hardlink");
    expect(statSync(join(dir, "c")).ino).toBe(statSync(join(dir, "a")).ino);
  });
});
