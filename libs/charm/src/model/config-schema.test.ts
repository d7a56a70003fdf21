import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ConfigOption } from "./charm-metadata";
import { configSchema, describeConfigProblems, parseConfig } from "./config-schema";

const options: Record<string, ConfigOption> = {
  name: { type: "string", default: "x" },
  port: { type: "int", default: 8080 },
  ratio: { type: "float", default: 0.5 },
  debug: { type: "boolean", default: false },
  vpn: { type: "secret" },
  "rotation-interval": { type: "string", default: "monthly" },
};
const rotation = z.enum(["never", "hourly", "daily", "weekly", "monthly", "quarterly", "yearly"]);
const schema = configSchema(options, { "rotation-interval": rotation });

describe("config schema from charmcraft.yaml", () => {
  it("parses every option type; unset options without default are absent", () => {
    const raw = { name: "a", port: 1, ratio: 2.5, debug: true, "rotation-interval": "weekly" };
    expect(parseConfig(schema, options, raw)).toEqual({ ok: true, config: raw });
  });

  it("accepts secret URIs in all three spellings", () => {
    for (const vpn of [
      "secret:9m4e2mr0ui3e8a215n4g",
      "secret://5a7c1c8e-0000-4000-8000-000000000001/9m4e2mr0ui3e8a215n4g",
      "9m4e2mr0ui3e8a215n4g",
    ]) {
      const raw = { name: "a", port: 1, ratio: 1, debug: false, vpn, "rotation-interval": "never" };
      expect(parseConfig(schema, options, raw).ok).toBe(true);
    }
  });

  it("names the option, the value and what is allowed", () => {
    const raw = {
      name: "a",
      port: 1.5,
      ratio: 1,
      debug: false,
      vpn: "nope",
      "rotation-interval": "fortnightly",
    };
    const result = parseConfig(schema, options, raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { option: "port", value: 1.5, allowed: "a whole number" },
      { option: "vpn", value: "nope", allowed: "a secret URI such as secret:<id> (from `juju add-secret`)" },
      {
        option: "rotation-interval",
        value: "fortnightly",
        allowed: "one of never, hourly, daily, weekly, monthly, quarterly, yearly",
      },
    ]);
    expect(describeConfigProblems(result.problems)).toBe(
      'invalid config: port=1.5 (allowed: a whole number); vpn="nope" (allowed: a secret URI such as secret:<id> (from `juju add-secret`)); rotation-interval="fortnightly" (allowed: one of never, hourly, daily, weekly, monthly, quarterly, yearly)',
    );
  });

  it("uses a refinement's description as what is allowed", () => {
    const s = configSchema(
      { repeat: { type: "int", default: 1 } },
      { repeat: z.number().int().min(1).max(5).describe("1 to 5") },
    );
    const result = parseConfig(s, { repeat: { type: "int", default: 1 } }, { repeat: 9 });
    expect(result).toEqual({ ok: false, problems: [{ option: "repeat", value: 9, allowed: "1 to 5" }] });
  });
});

describe("a huge bad value", () => {
  it("is named in the Blocked message, cut short", () => {
    const options = { "url-base": { type: "string" as const, default: "" } };
    const schema = configSchema(options, { "url-base": z.string().max(10) });
    const result = parseConfig(schema, options, { "url-base": "/".repeat(300_000) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const message = describeConfigProblems(result.problems);
    expect(message.length).toBeLessThan(400);
    expect(message).toMatch(/^invalid config: url-base="\/{10,}…" \(allowed: /);
  });
});
