import { describe, expect, it } from "vitest";
import { cliErrorOf } from "../testing/cli-error-of";
import { DEFAULT_TIMEOUT_MS, parseArgs, parseDuration, parseKeyValues } from "./args";

describe("parseArgs", () => {
  it("takes the command, positionals and options anywhere", () => {
    const a = parseArgs([
      "deploy",
      "./r.charm",
      "--resource",
      "radarr-image=img:1",
      "movies",
      "--config=a=b",
      "--config",
      "c=d",
      "--trust",
      "--home",
      "/h",
      "--timeout",
      "5s",
    ]);
    expect(a.command).toBe("deploy");
    expect(a.positionals).toEqual(["./r.charm", "movies"]);
    expect(a.lists).toEqual({ resource: ["radarr-image=img:1"], config: ["a=b", "c=d"] });
    expect(a.flags.has("trust")).toBe(true);
    expect(a.globals).toEqual({ home: "/h", timeoutMs: 5000 });
  });

  it("defaults to help, and a 30 s timeout", () => {
    expect(parseArgs([]).command).toBe("help");
    expect(parseArgs(["status"]).globals.timeoutMs).toBe(DEFAULT_TIMEOUT_MS);
    expect(parseArgs(["status", "-h"]).flags.has("help")).toBe(true);
  });

  it("takes a real controller's options together", () => {
    const a = parseArgs([
      "status",
      "--controller",
      "wss://10.0.0.2:17070",
      "--model",
      "media",
      "--user",
      "bob",
      "--password-file",
      "/p",
      "--ca-cert",
      "/ca.pem",
      "--format",
      "json",
    ]);
    expect(a.globals).toMatchObject({
      controller: "wss://10.0.0.2:17070",
      model: "media",
      user: "bob",
      passwordFile: "/p",
      caCert: "/ca.pem",
    });
    expect(a.values).toEqual({ format: "json" });
  });

  it("stops options at --", () => {
    expect(parseArgs(["add-secret", "k", "--", "--odd=1"]).positionals).toEqual(["k", "--odd=1"]);
  });

  it("refuses mistakes in one line", () => {
    expect(cliErrorOf(() => parseArgs(["launch"]))).toBe('ERROR unknown command "launch": see charmarr help');
    expect(cliErrorOf(() => parseArgs(["status", "--colour"]))).toBe(
      "ERROR unknown option --colour: see charmarr help",
    );
    expect(cliErrorOf(() => parseArgs(["status", "--home"]))).toBe("ERROR --home needs a value");
    expect(cliErrorOf(() => parseArgs(["status", "--format", "xml"]))).toMatch(/use table or json/);
    expect(cliErrorOf(() => parseArgs(["status", "--controller", "host:17070"]))).toMatch(/not a URL/);
    expect(cliErrorOf(() => parseArgs(["status", "--model", "m"]))).toMatch(/go with --controller/);
    expect(cliErrorOf(() => parseArgs(["status", "--trust=yes"]))).toBe("ERROR --trust takes no value");
    expect(cliErrorOf(() => parseArgs(["status", "--home", "a", "--home", "b"]))).toBe(
      "ERROR --home given twice",
    );
  });
});

describe("parseDuration and parseKeyValues", () => {
  it("reads seconds, milliseconds and minutes", () => {
    expect(parseDuration("30")).toBe(30_000);
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("2m")).toBe(120_000);
    expect(() => parseDuration("soon")).toThrow(/not a duration/);
    expect(() => parseDuration("0")).toThrow(/more than zero/);
  });

  it("splits on the first =", () => {
    expect(parseKeyValues(["a=b=c", "d="], "config")).toEqual({ a: "b=c", d: "" });
    expect(() => parseKeyValues(["=x"], "config")).toThrow(/not key=value/);
  });
});
