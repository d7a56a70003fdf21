import { describe, expect, it } from "vitest";
import {
  ApiError,
  CliError,
  exitCodeOf,
  formatError,
  isAlreadyExists,
  isNotFound,
  TimeoutError,
} from "./errors";

describe("formatError", () => {
  it("is one line without a stack trace", () => {
    const err = new Error("first\n  second\n    at Object.<anonymous> (x.js:1:1)");
    const line = formatError(err);
    expect(line).toBe("ERROR first second at Object.<anonymous> (x.js:1:1)");
    expect(line).not.toContain("\n");
    expect(formatError("plain")).toBe("ERROR plain");
    expect(formatError(new Error(""))).toBe("ERROR Error");
  });

  it("says what to do for an unknown app, a timeout and other API errors", () => {
    expect(formatError(new ApiError("Application.Get", 'application "nope" not found', "not found"))).toBe(
      'ERROR Application.Get: application "nope" not found (charmarr status lists the apps and units)',
    );
    expect(formatError(new TimeoutError("Client.FullStatus", 30_000))).toBe(
      "ERROR Client.FullStatus got no answer within 30 s: is the controller overloaded or stuck? Retry, or raise --timeout",
    );
  });

  it("classifies API errors and gives non-zero exit codes", () => {
    expect(isNotFound(new ApiError("x", 'application "a" not found'))).toBe(true);
    expect(isAlreadyExists(new ApiError("x", "boom", "already exists"))).toBe(true);
    expect(isAlreadyExists(new Error("already exists"))).toBe(false);
    expect(exitCodeOf(new CliError("x", 2))).toBe(2);
    expect(exitCodeOf(new Error("x"))).toBe(1);
  });
});
