import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { failure, fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

describe("config-get", () => {
  it("prints set and defaulted options, leaving out unset ones without a default (smart = yaml)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "config-changed" });
    expect(await tool(ctx, "config-get")).toEqual(
      ok("debug: false\nport: 9696\nratio: 1.5\nrotation-interval: monthly\n"),
    );
  });

  it("includes unset options as null with --all / -a", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "config-changed" });
    const expected =
      '{"api-url":null,"debug":false,"port":9696,"ratio":1.5,"rotation-interval":"monthly","vpn-credentials":null}\n';
    expect(await tool(ctx, "config-get", "--all", "--format=json")).toEqual(ok(expected));
    expect(await tool(ctx, "config-get", "-a", "--format", "json")).toEqual(ok(expected));
  });

  it("prints one value for a key and nil (not an error) for an unknown or unset key", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "config-changed" });
    expect(await tool(ctx, "config-get", "port")).toEqual(ok("9696\n"));
    expect(await tool(ctx, "config-get", "debug")).toEqual(ok("False\n"));
    expect(await tool(ctx, "config-get", "port", "--format=json")).toEqual(ok("9696\n"));
    expect(await tool(ctx, "config-get", "nope")).toEqual(ok(""));
    expect(await tool(ctx, "config-get", "nope", "--format=json")).toEqual(ok("null\n"));
    expect(await tool(ctx, "config-get", "api-url", "--format=json")).toEqual(ok("null\n"));
  });

  it("returns operator values with their types; secret options are URI strings", async () => {
    const { model } = fixture();
    const uri = model.addUserSecret("vpn", { username: "u", password: "p" });
    model.setConfig("indexer", {
      port: "8080",
      ratio: 2,
      debug: true,
      "vpn-credentials": uri,
      "api-url": "http://x",
    });
    const ctx = model.openContext("indexer/0", { hook: "config-changed" });
    expect(await tool(ctx, "config-get", "--format=json")).toEqual(
      ok(
        `{"api-url":"http://x","debug":true,"port":8080,"ratio":2,"rotation-interval":"monthly","vpn-credentials":"${uri}"}\n`,
      ),
    );
    expect(await tool(ctx, "config-get", "ratio", "--format=yaml")).toEqual(ok("2\n"));
  });

  it("reads config once per hook", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "config-changed" });
    await tool(ctx, "config-get");
    model.setConfig("indexer", { port: 1 });
    expect(await tool(ctx, "config-get", "port")).toEqual(ok("9696\n"));
  });

  it("writes to a file with -o/--output", async () => {
    const { model } = fixture();
    const dir = mkdtempSync(join(tmpdir(), "config-get-"));
    const ctx = model.openContext("indexer/0", { hook: "config-changed" }, { cwd: dir });
    expect(await tool(ctx, "config-get", "port", "-o", "out.txt")).toEqual(ok(""));
    expect(readFileSync(join(dir, "out.txt"), "utf8")).toBe("9696\n");
    await tool(ctx, "config-get", "port", "--output", join(dir, "abs.txt"), "--format=json");
    expect(readFileSync(join(dir, "abs.txt"), "utf8")).toBe("9696\n");
  });

  it("rejects a key together with --all, extra args and unknown formats (exit 2)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "config-changed" });
    expect(await tool(ctx, "config-get", "--all", "port")).toEqual(
      usage('cannot use argument --all together with key "port"'),
    );
    expect(await tool(ctx, "config-get", "port", "extra")).toEqual(usage('unrecognized args: ["extra"]'));
    expect(await tool(ctx, "config-get", "--format=xml")).toEqual(
      usage('invalid value "xml" for flag --format: unknown format "xml"'),
    );
    expect(await tool(ctx, "config-get", "--bogus")).toEqual(usage("flag provided but not defined: --bogus"));
  });

  it("prints usage for --help (exit 0)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "config-changed" });
    const out = await tool(ctx, "config-get", "--help");
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain("config-get");
    expect(failure("x").exitCode).toBe(1);
  });
});
