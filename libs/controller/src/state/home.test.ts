import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultHomeDir, openHome, UnsafePermissionsError } from "./home";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "home-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the controller's home", () => {
  it("defaults to CHARMARR_HOME, else XDG_STATE_HOME/charmarr, else ~/.local/state/charmarr", () => {
    expect(defaultHomeDir({ CHARMARR_HOME: "/x", XDG_STATE_HOME: "/y", HOME: "/h" })).toBe("/x");
    expect(defaultHomeDir({ XDG_STATE_HOME: "/y", HOME: "/h" })).toBe("/y/charmarr");
    expect(defaultHomeDir({ HOME: "/h" })).toBe("/h/.local/state/charmarr");
  });

  it("makes controller/ and cluster/ at 0700", () => {
    const home = openHome(join(dir, "c"));
    for (const d of [home.controllerDir, home.clusterDir, home.charmsDir, home.logsDir])
      expect(statSync(d).mode & 0o777).toBe(0o700);
  });

  it("refuses a controller dir, or any file in it, that group or others can read", () => {
    const home = openHome(join(dir, "c"));
    writeFileSync(home.keyFile, "k", { mode: 0o644 });
    expect(() => openHome(join(dir, "c"))).toThrow(UnsafePermissionsError);
    expect(() => openHome(join(dir, "c"))).toThrow(
      /state\.key is accessible by group or others \(mode 0644\): chmod 600 it$/,
    );
    chmodSync(home.keyFile, 0o600);
    expect(() => openHome(join(dir, "c"))).not.toThrow();
    chmodSync(home.controllerDir, 0o750);
    expect(() => openHome(join(dir, "c"))).toThrow(
      /controller is accessible by group or others \(mode 0750\)/,
    );
    chmodSync(home.controllerDir, 0o700);
    mkdirSync(join(home.charmsDir, "sub"), { mode: 0o755 });
    chmodSync(join(home.charmsDir, "sub"), 0o755);
    expect(() => openHome(join(dir, "c"))).toThrow(/sub is accessible/);
  });

  it("refuses a cluster dir others can read", () => {
    const home = openHome(join(dir, "c"));
    chmodSync(home.clusterDir, 0o755);
    expect(() => openHome(join(dir, "c"))).toThrow(/cluster is accessible by others/);
  });
});
