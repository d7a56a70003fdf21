import { describe, expect, it } from "vitest";
import { readsStdin } from "./reads-stdin";

describe("which tool calls read stdin", () => {
  it.each([
    [["--file", "-"], true],
    [["-r", "db:1", "--app", "--file", "-"], true],
    [["--file=-"], true],
    [["--file", "settings.yaml"], false],
    [["-"], false], // relation-get's "all keys", not stdin
    [["key=-"], false],
    [["--", "--file", "-"], false],
    [[], false],
  ])("%j → %s", (args, expected) => {
    expect(readsStdin(args)).toBe(expected);
  });
});
