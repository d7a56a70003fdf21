import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LeakScanner } from "./leak-scanner";
import { CHUNK_BYTES, CharmDirWatch, FileReader, inspectHostTemp } from "./leak-surfaces";

const VALUE = "qT5-vX8!mR2#kL9@";
const source = { secret: "api-key", owner: "radarr", revision: 1, key: "api-key" };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "leak-files-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function scanner(): LeakScanner {
  const s = new LeakScanner();
  s.learn(VALUE, source);
  return s;
}

describe("files for the leak scanner", () => {
  it("reads files over 1 MiB in overlapping chunks: a value across a chunk boundary is found", () => {
    for (const offset of [CHUNK_BYTES - 5, CHUNK_BYTES * 2 - 1, CHUNK_BYTES + 100]) {
      const big = Buffer.alloc(CHUNK_BYTES * 3, "x");
      big.write(VALUE, offset);
      writeFileSync(join(dir, "big.db"), big);
      const s = scanner();
      new FileReader(s).inspect("big.db", join(dir, "big.db"));
      expect(s.findings().map((f) => f.where)).toEqual(["big.db"]);
    }
    const clean = scanner();
    writeFileSync(join(dir, "big.db"), Buffer.alloc(CHUNK_BYTES * 3, "x"));
    new FileReader(clean).inspect("big.db", join(dir, "big.db"));
    expect(clean.findings()).toEqual([]);
  });

  it("reads a big file again when values were learned since, a small one never twice", () => {
    const s = new LeakScanner();
    const reader = new FileReader(s);
    const big = Buffer.alloc(CHUNK_BYTES + 10, "y");
    big.write(VALUE, 3);
    writeFileSync(join(dir, "big"), big);
    reader.inspect("big", join(dir, "big"));
    s.learn(VALUE, source);
    reader.inspect("big", join(dir, "big"));
    expect(s.findings().map((f) => f.where)).toEqual(["big"]);
  });

  it("watches a charm dir: its own files are not read, files added or changed since the baseline are", () => {
    writeFileSync(join(dir, "dispatch"), `#!/bin/sh\n# ${VALUE}\n`); // the charm's own (odd, but its own)
    const watch = new CharmDirWatch("app", dir);
    watch.baseline();
    const s = scanner();
    const reader = new FileReader(s);
    watch.inspect(reader, s);
    expect(s.findings()).toEqual([]);
    writeFileSync(join(dir, "state.json"), JSON.stringify({ password: VALUE }));
    watch.inspect(reader, s);
    expect(s.findings().map((f) => f.where)).toEqual(["file state.json in the charm dir of app"]);
  });

  it("lets a killed hook's 0600 secret files wait in its unit's .secret-files dir for the next hook, no longer", () => {
    const watch = new CharmDirWatch("app", dir);
    watch.baseline();
    const files = join(dir, ".secret-files", "app-0", "charm-secret-x1");
    mkdirSync(files, { recursive: true, mode: 0o700 });
    writeFileSync(join(files, "password"), VALUE, { mode: 0o600 });
    writeFileSync(join(files, "username"), "admin-user", { mode: 0o644 });
    const s = scanner();
    const reader = new FileReader(s);
    watch.inspect(reader, s, new Set(["app-0"])); // app/0's last hook was killed
    expect(s.findings().map((f) => `${f.where}: ${f.problem}`)).toEqual([
      "file .secret-files/app-0/charm-secret-x1/username in the charm dir of app: a killed hook's secret file with mode 0644, not 0600",
    ]);
    watch.inspect(reader, s, new Set(["app-1"])); // app/0 ran a hook since: the leftover should be gone
    expect(s.findings().map((f) => f.where)).toContain(
      "file .secret-files/app-0/charm-secret-x1/password in the charm dir of app",
    );
  });

  it("reads what was created in the temp dir since a time, not what was there before", () => {
    const temp = join(dir, "tmp");
    const old = join(temp, "old-dir");
    const s = scanner();
    const reader = new FileReader(s);
    // Made before `since`: an old file and an old dir with an old file.
    mkdirSync(old, { recursive: true });
    writeFileSync(join(temp, "old.txt"), VALUE);
    writeFileSync(join(old, "old.txt"), VALUE);
    const since = Date.now() + 1000; // everything so far is older than the window (slack is 100 ms)
    inspectHostTemp(reader, [temp], since);
    expect(s.findings()).toEqual([]);
    mkdirSync(join(temp, "tm-other-model"));
    writeFileSync(join(temp, "tm-other-model", "x"), VALUE); // another test model's: its own scan
    inspectHostTemp(reader, [temp], since - 2000);
    expect(
      s
        .findings()
        .map((f) => f.where)
        .sort(),
    ).toEqual(
      [
        `file ${join(temp, "old-dir", "old.txt")} in the host's temp dir`,
        `file ${join(temp, "old.txt")} in the host's temp dir`,
      ].sort(),
    );
  });
});
