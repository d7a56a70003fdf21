import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jsonOutput, RecordingToolRunner } from "../../testing/recording-tool-runner";
import { defineCharm } from "../define-charm";
import { runCharm } from "../dispatch/run-charm";
import type { CharmMetadata } from "./charm-metadata";
import { steadyConfig } from "./steady-config";

const metadata: CharmMetadata = {
  name: "demo",
  config: { options: { mode: { type: "string", default: "a" } } },
};

let charmDir: string;
beforeEach(() => {
  charmDir = mkdtempSync(join(tmpdir(), "steady-config-"));
});
afterEach(() => rmSync(charmDir, { recursive: true, force: true }));

// A charm whose full path ends active (and remembers its config) and whose steady path keeps the status.
const charm = defineCharm({
  metadata,
  async reconcile(ctx) {
    const steady = steadyConfig(ctx, "demo");
    const kept = await steady.status();
    if (kept) return ctx.status.active(kept.message);
    steady.remember();
    ctx.status.active("full");
  },
});

async function hook(name: string, config: Record<string, unknown>, status = "active"): Promise<string[]> {
  const runner = new RecordingToolRunner({
    "config-get": jsonOutput(config),
    "is-leader": jsonOutput(true),
    "status-get": jsonOutput({ status, message: "full", "status-data": {} }),
  });
  const env = {
    JUJU_UNIT_NAME: "demo/0",
    JUJU_MODEL_NAME: "m",
    JUJU_MODEL_UUID: "5a7c1c8e-0000-4000-8000-000000000001",
    JUJU_CHARM_DIR: charmDir,
    JUJU_DISPATCH_PATH: `hooks/${name}`,
    JUJU_HOOK_NAME: name,
  };
  expect(await runCharm(charm, { runner, write: () => undefined, env })).toBe(0);
  return runner.calls.map((c) => c.tool);
}

describe("steadyConfig", () => {
  it("a config-changed with the config of the last hook that ended active is steady; a new value is not", async () => {
    // Nothing remembered yet: the full path, which remembers.
    expect(await hook("config-changed", { mode: "a" })).toEqual(["is-leader", "config-get", "status-set"]);
    // The same config again (an agent restart): the status kept, nothing set.
    expect(await hook("config-changed", { mode: "a" })).toEqual(["is-leader", "config-get", "status-get"]);
    // A new value: the full path.
    expect(await hook("config-changed", { mode: "b" })).toContain("status-set");
    // A unit that is not active: the full path even with the remembered config.
    expect(await hook("config-changed", { mode: "b" }, "blocked")).toContain("status-set");
  });

  it("update-status is steady when active, as ctx.steadyStatus(); other hooks never are", async () => {
    expect(await hook("update-status", { mode: "a" })).toEqual(["is-leader", "config-get", "status-get"]);
    await hook("config-changed", { mode: "a" });
    expect(await hook("upgrade-charm", { mode: "a" })).toContain("status-set");
  });
});
