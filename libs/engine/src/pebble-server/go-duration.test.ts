import { describe, expect, it } from "vitest";
import { formatGoDuration, HOUR, MILLISECOND, MINUTE, parseGoDuration, SECOND } from "./go-duration";
import { parseServiceCommand, splitShellWords } from "./shell-words";

describe("Go durations", () => {
  it.each([
    ["0", 0],
    ["1s", SECOND],
    ["1.5s", 1.5 * SECOND],
    ["300ms", 300 * MILLISECOND],
    ["1h30m", HOUR + 30 * MINUTE],
    ["-2m", -2 * MINUTE],
    ["10us", 10_000],
    ["10µs", 10_000],
  ])("parses %s", (text, ns) => {
    expect(parseGoDuration(text)).toBe(ns);
  });

  it.each([
    ["", 'time: invalid duration ""'],
    ["5", 'time: missing unit in duration "5"'],
    ["5x", 'time: unknown unit "x" in duration "5x"'],
    ["abc", 'time: invalid duration "abc"'],
  ])("rejects %j with Go's message", (text, message) => {
    expect(() => parseGoDuration(text)).toThrow(message);
  });

  it.each([
    [0, "0s"],
    [60 * SECOND, "1m0s"],
    [HOUR, "1h0m0s"],
    [90 * SECOND, "1m30s"],
    [1.5 * SECOND, "1.5s"],
    [500 * MILLISECOND, "500ms"],
    [1500, "1.5µs"],
    [42, "42ns"],
    [HOUR + 2 * MINUTE + 3.25 * SECOND, "1h2m3.25s"],
  ])("formats %d ns as %s", (ns, text) => {
    expect(formatGoDuration(ns)).toBe(text);
  });
});

describe("shell words", () => {
  it("splits with quotes and escapes, without expansion", () => {
    expect(splitShellWords(`sh -c 'echo "$HOME" a\\ b' "x y" z\\"q`)).toEqual([
      "sh",
      "-c",
      'echo "$HOME" a\\ b',
      "x y",
      'z"q',
    ]);
  });

  it("reports an unterminated quote", () => {
    expect(() => splitShellWords("echo 'oops")).toThrow("EOF found when expecting closing quote");
  });

  it("separates default arguments in a trailing [ ... ] group", () => {
    expect(parseServiceCommand("server --port 80 [ --verbose -x ]")).toEqual({
      base: ["server", "--port", "80"],
      extra: ["--verbose", "-x"],
    });
    expect(() => parseServiceCommand("[ x ]")).toThrow("cannot start command with [ ... ] group");
    expect(() => parseServiceCommand("a [ b ] c")).toThrow("cannot have any arguments after [ ... ] group");
    expect(() => parseServiceCommand("a ] b")).toThrow("cannot have ] outside of [ ... ] group");
  });
});
