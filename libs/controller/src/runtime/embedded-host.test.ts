import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openHome, UnsafePermissionsError } from "../state/home";
import { EmbeddedHost } from "./embedded-host";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "host-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("EmbeddedHost.open", () => {
  it("refuses a home whose controller dir others can read, before starting anything", async () => {
    const home = openHome(join(dir, "c"));
    chmodSync(home.controllerDir, 0o755);
    await expect(EmbeddedHost.open({ home: join(dir, "c"), autoSettle: false })).rejects.toThrow(
      UnsafePermissionsError,
    );
    expect(existsSync(home.keyFile)).toBe(false);
    expect(existsSync(home.stateFile)).toBe(false);
  });
});
