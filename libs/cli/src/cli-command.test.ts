import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cliCommand } from "./cli-command";

let bin: string;
beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), "cli-command-"));
});
afterEach(() => rmSync(bin, { recursive: true, force: true }));

describe("cliCommand", () => {
  it("is charmarr when an executable charmarr is on PATH", () => {
    writeFileSync(join(bin, "charmarr"), "#!/bin/sh\n");
    chmodSync(join(bin, "charmarr"), 0o755);
    expect(cliCommand({ PATH: `/nonexistent:${bin}` })).toBe("charmarr");
  });

  it("is npx charmarr from a checkout: none on PATH, or not executable", () => {
    expect(cliCommand({ PATH: bin })).toBe("npx charmarr");
    writeFileSync(join(bin, "charmarr"), "");
    chmodSync(join(bin, "charmarr"), 0o644);
    expect(cliCommand({ PATH: bin })).toBe("npx charmarr");
    expect(cliCommand({})).toBe("npx charmarr");
  });
});
