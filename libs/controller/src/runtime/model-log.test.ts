import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelLogFile } from "./model-log";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "log-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the model's log file", () => {
  it("appends each record once, one line each, at 0600", () => {
    const file = join(dir, "model.log");
    const log = new ModelLogFile(file);
    const record = (message: string) => ({
      time: new Date(0),
      unit: "web/0",
      module: "unit.web/0.juju-log",
      level: "INFO" as const,
      message,
    });
    const records = [record("one")];
    log.flush(records);
    records.push(record("two\nlines"));
    log.flush(records);
    log.flush(records);
    expect(readFileSync(file, "utf8")).toBe(
      "web/0: 1970-01-01T00:00:00.000Z INFO unit.web/0.juju-log one\n" +
        "web/0: 1970-01-01T00:00:00.000Z INFO unit.web/0.juju-log two\\nlines\n",
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // A new writer (a restart) appends after what is there.
    new ModelLogFile(file).flush([record("three")]);
    expect(readFileSync(file, "utf8").split("\n").filter(Boolean)).toHaveLength(3);
  });
});
