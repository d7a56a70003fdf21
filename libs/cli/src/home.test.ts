import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { processAlive, readControllerInfo, resolveHome } from "./home";

describe("resolveHome", () => {
  it("prefers --home, then CHARMARR_HOME, then XDG_STATE_HOME, then ~/.local/state", () => {
    expect(resolveHome("/opt/h", { CHARMARR_HOME: "/c" })).toBe("/opt/h");
    expect(resolveHome(undefined, { CHARMARR_HOME: "/c", XDG_STATE_HOME: "/x" })).toBe("/c");
    expect(resolveHome(undefined, { XDG_STATE_HOME: "/x", HOME: "/home/u" })).toBe("/x/charmarr");
    expect(resolveHome(undefined, { HOME: "/home/u" })).toBe("/home/u/.local/state/charmarr");
  });
});

describe("readControllerInfo", () => {
  it("reads controller.json, none when absent, one line when broken", () => {
    const home = mkdtempSync(join(tmpdir(), "charmarr-home-test-"));
    expect(readControllerInfo(home)).toBeUndefined();
    mkdirSync(join(home, "controller"));
    writeFileSync(join(home, "controller/controller.json"), "{");
    expect(() => readControllerInfo(home)).toThrow(
      /is not JSON: stop the controller \(charmarr down\) and run charmarr up/,
    );
    writeFileSync(
      join(home, "controller/controller.json"),
      JSON.stringify({
        endpoint: "ws://127.0.0.1:1",
        "model-uuid": "u",
        user: "admin",
        password: "p",
        pid: 5,
      }),
    );
    expect(readControllerInfo(home)).toMatchObject({ endpoint: "ws://127.0.0.1:1", pid: 5 });
  });
});

describe("processAlive", () => {
  it("never takes pid 0 or a negative pid (a stopped controller's record) for a live process", () => {
    // kill(0, sig) would reach this very process group: a `down` would then stop the caller.
    expect(processAlive(0)).toBe(false);
    expect(processAlive(-1)).toBe(false);
    expect(processAlive(process.pid)).toBe(true);
  });
});
